// Programs inside containers and the kernel files they read, through the docker CLI as a learner
// types it: what exec fails with, the cgroup files, /proc/self/status, users, capabilities.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  return s;
}

function runAll(lines: string[]) {
  const s = session();
  const records = lines.map((line) => s.run(line));
  expect(checkInvariants(s.headWorld)).toEqual([]);
  return records;
}

describe('running something that is not a program', () => {
  it('a plain file or a directory is refused by runc with permission denied and 126', () => {
    const [file, dir, shell] = runAll([
      'docker run --rm busybox /etc/passwd',
      'docker run --rm busybox /tmp',
      'docker run --rm busybox sh -c /etc/passwd',
    ]);
    expect(file).toMatchObject({ exitCode: 126 });
    expect(file!.stderr).toContain('exec: "/etc/passwd": permission denied');
    expect(dir).toMatchObject({ exitCode: 126 });
    expect(shell).toMatchObject({ exitCode: 126, stderr: 'sh: /etc/passwd: Permission denied\n' });
  });

  it('a path that is not there is still not found (127)', () => {
    const [missing] = runAll(['docker run --rm busybox /nope']);
    expect(missing).toMatchObject({ exitCode: 127 });
    expect(missing!.stderr).toContain('stat /nope: no such file or directory');
  });

  it('exec reports the same refusal as 126', () => {
    const records = runAll([
      'docker run -d --name ex1 busybox sleep 300',
      'docker exec ex1 /etc/passwd',
    ]);
    expect(records[1]).toMatchObject({ exitCode: 126 });
    expect(records[1]!.stdout + records[1]!.stderr).toContain('"/etc/passwd": permission denied');
  });
});

describe('cgroup files: v2 by default, v1 on a host booted that way', () => {
  const v1 = () => {
    const s = new Session({ seed: 1, host: { cgroupVersion: 1, cpuCount: 2 } });
    s.run('docker pull busybox');
    return s;
  };

  it('a v1 host shows each controller in its own directory, in v1 units', () => {
    const s = v1();
    const limited = s.run(
      'docker run --rm -m 64m --cpus 0.5 --cpu-shares 512 --pids-limit 100 busybox sh -c "cd /sys/fs/cgroup && cat memory/memory.limit_in_bytes memory/memory.memsw.limit_in_bytes cpu/cpu.cfs_quota_us cpu/cpu.cfs_period_us cpu/cpu.shares pids/pids.max"',
    );
    expect(limited.stdout).toBe('67108864\n134217728\n50000\n100000\n512\n100\n');
    const plain = s.run(
      'docker run --rm busybox cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.shares /sys/fs/cgroup/cpuset/cpuset.cpus',
    );
    expect(plain.stdout).toBe('9223372036854771712\n-1\n1024\n0-1\n');
  });

  it('on v1 the container stays in the host cgroup namespace and sees /docker/ID per hierarchy', () => {
    const s = v1();
    const id = s.run('docker run -d --name c1 busybox sleep 300').stdout.trim();
    const lines = s.run('docker exec c1 cat /proc/self/cgroup').stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`9:name=systemd:/docker/${id}`);
    expect(lines).toContain(`4:memory:/docker/${id}`);
    expect(lines.at(-1)).toBe(`0::/docker/${id}`);
    const world = s.headWorld;
    const kernel = Object.values(world.kernels)[0]!;
    const container = Object.values(world.daemons)[0]!.containers[id]!;
    expect(container.namespaces.cgroup).toBe(kernel.rootNs.cgroup);
  });

  it('a v2 host keeps one unified file set and a private cgroup namespace', () => {
    const s = session();
    expect(s.run('docker run --rm -m 64m busybox cat /sys/fs/cgroup/memory.max').stdout).toBe(
      '67108864\n',
    );
    expect(s.run('docker run --rm busybox cat /proc/self/cgroup').stdout).toBe('0::/\n');
    expect(
      s.run('docker run --rm busybox cat /sys/fs/cgroup/memory/memory.limit_in_bytes').exitCode,
    ).toBe(1);
  });

  it('hv host add --cgroup v1 boots a host with the v1 interface', () => {
    const s = session();
    expect(s.run('hv host add --name old --cpus 2 --memory 8g --cgroup v1').exitCode).toBe(0);
    const kernels = Object.values(s.headWorld.kernels).map((kernel) => kernel.cgroupVersion);
    expect(kernels).toEqual([2, 1]);
    expect(s.run('hv host add --name bad --cpus 2 --memory 8g --cgroup v3').exitCode).not.toBe(0);
  });

  it("docker update: the kernel refuses memsw below the memory limit, with runc's wording", () => {
    const s = v1();
    const id = s.run('docker run -d --name u1 -m 32m busybox sleep 300').stdout.trim();
    const refused = s.run('docker update --memory-swap 16m u1');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(
      `write /sys/fs/cgroup/memory/docker/${id}/memory.memsw.limit_in_bytes: invalid argument`,
    );
    expect(s.run('docker update -m 48m --memory-swap 96m u1').exitCode).toBe(0);
    expect(s.run('docker exec u1 cat /sys/fs/cgroup/memory/memory.limit_in_bytes').stdout).toBe(
      '50331648\n',
    );
  });

  it('--cpuset-cpus must name CPUs the host has', () => {
    const s = v1();
    const refused = s.run('docker run --rm --cpuset-cpus 7 busybox true');
    expect(refused.exitCode).toBe(125);
    expect(refused.stderr).toContain(
      'Requested CPUs are not available - requested 7, available: 0-1',
    );
    expect(s.run('docker run --rm --cpuset-cpus 1-0 busybox true').stderr).toContain(
      'Invalid value 1-0 for cpuset cpus',
    );
    expect(
      s.run('docker run --rm --cpuset-cpus 1 busybox cat /sys/fs/cgroup/cpuset/cpuset.cpus').stdout,
    ).toBe('1\n');
  });
});

describe('busybox text tools', () => {
  const sh = (script: string, extra = '') => {
    const s = session();
    return s.run(`docker run --rm ${extra} busybox sh -c '${script}'`);
  };

  it('grep: basic and extended expressions, counts, names, exit codes', () => {
    expect(sh('grep -c root /etc/passwd /etc/group').stdout).toBe('/etc/passwd:1\n/etc/group:2\n');
    expect(sh('grep -n root /etc/group').stdout).toBe('1:root:x:0:\n8:wheel:x:10:root\n');
    expect(sh('grep -E "^(root|nobody):" /etc/passwd | wc -l').stdout).toBe('2\n');
    expect(sh('grep "^\\(root\\|nobody\\):" /etc/passwd | wc -l').stdout).toBe('2\n');
    expect(sh('grep -q nosuch /etc/passwd; echo $?').stdout).toBe('1\n');
    expect(sh('grep x /nope; echo $?')).toMatchObject({
      stdout: '2\n',
      stderr: 'grep: /nope: No such file or directory\n',
    });
    expect(sh('echo Hello | grep -i hello').stdout).toBe('Hello\n');
  });

  it('head and tail by lines and bytes, from files and pipes', () => {
    expect(sh('head -n 2 /etc/passwd').stdout).toBe(
      'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\n',
    );
    expect(sh('cat /etc/group | tail -n 2').stdout).toBe('users:x:100:\nnogroup:x:65534:\n');
    expect(sh('tail -c 7 /etc/group').stdout).toBe('65534:\n');
    expect(sh('head -c 1m /dev/zero | wc -c').stdout).toBe('1048576\n');
    expect(sh('head -c 3x /etc/passwd')).toMatchObject({
      exitCode: 1,
      stderr: "head: invalid number '3x'\n",
    });
  });

  it('wc pads columns to 9 unless it prints one number', () => {
    expect(sh('echo hi there | wc').stdout).toBe('        1         2         9\n');
    expect(sh('wc -l /etc/passwd').stdout).toBe('9 /etc/passwd\n');
    expect(sh('wc -c /etc/passwd /etc/group').stdout).toBe(
      '      340 /etc/passwd\n      167 /etc/group\n      507 total\n',
    );
  });
});

describe('users and capabilities', () => {
  it('id and whoami name the --user from the image account files', () => {
    const s = session();
    expect(s.run('docker run --rm busybox id').stdout).toBe(
      'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n',
    );
    expect(s.run('docker run --rm --user nobody busybox id').stdout).toBe(
      'uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n',
    );
    expect(s.run('docker run --rm --user 1234:1234 busybox id').stdout).toBe(
      'uid=1234 gid=1234 groups=1234\n',
    );
    expect(s.run('docker run --rm --user 1234 busybox whoami')).toMatchObject({
      exitCode: 1,
      stderr: 'whoami: unknown uid 1234\n',
    });
    expect(s.run('docker run --rm --user nosuchuser busybox id')).toMatchObject({
      exitCode: 125,
      stderr:
        'docker: Error response from daemon: unable to find user nosuchuser: no matching entries in passwd file.\n',
    });
  });

  it('a non-root user may write only where the permission bits allow, and owns what it makes', () => {
    const s = session();
    expect(s.run('docker run --rm --user nobody busybox touch /etc/x')).toMatchObject({
      exitCode: 1,
      stderr: 'touch: /etc/x: Permission denied\n',
    });
    expect(
      s.run(
        `docker run --rm --user nobody busybox sh -c 'touch /tmp/x && stat -c "%U %G %a" /tmp/x'`,
      ).stdout,
    ).toBe('nobody nogroup 644\n');
  });

  it("shows Docker's default capabilities, and what --cap-add/--cap-drop/--privileged change", () => {
    const s = session();
    const capEff = (flags: string) =>
      s.run(`docker run --rm ${flags} busybox grep CapEff /proc/self/status`).stdout;
    expect(capEff('')).toBe('CapEff:\t00000000a80425fb\n');
    expect(capEff('--cap-drop ALL')).toBe('CapEff:\t0000000000000000\n');
    expect(capEff('--cap-add SYS_ADMIN')).toBe('CapEff:\t00000000a82425fb\n');
    expect(capEff('--privileged')).toBe('CapEff:\t000001ffffffffff\n');
    expect(capEff('--user nobody')).toBe('CapEff:\t0000000000000000\n');
    expect(
      s.run(
        'docker run --rm busybox sh -c "touch /tmp/f && chown nobody /tmp/f && stat -c %U /tmp/f"',
      ).stdout,
    ).toBe('nobody\n');
    expect(
      s.run('docker run --rm --cap-drop CHOWN busybox sh -c "touch /tmp/f && chown nobody /tmp/f"'),
    ).toMatchObject({ exitCode: 1, stderr: 'chown: /tmp/f: Operation not permitted\n' });
    expect(s.run('docker run --rm busybox hostname changed')).toMatchObject({
      exitCode: 1,
      stderr: 'hostname: sethostname: Operation not permitted\n',
    });
    expect(
      s.run('docker run --rm --cap-add SYS_ADMIN busybox sh -c "hostname changed && hostname"')
        .stdout,
    ).toBe('changed\n');
    expect(s.run('docker run --rm --cap-add NOSUCHCAP busybox true')).toMatchObject({
      exitCode: 125,
    });
    expect(s.run('docker run --rm --cap-add NOSUCHCAP busybox true').stderr).toContain(
      'invalid CapAdd: unknown capability: "CAP_NOSUCHCAP"',
    );
  });

  it('/proc/1/status describes PID 1 to an exec in the same container', () => {
    const s = session();
    s.run('docker run -d --name st1 busybox sleep 300');
    expect(s.run("docker exec st1 grep -E '^(Name|Pid|PPid|Uid):' /proc/1/status").stdout).toBe(
      'Name:\tsleep\nPid:\t1\nPPid:\t0\nUid:\t0\t0\t0\t0\n',
    );
  });
});

describe('memory: a tool that outgrows its cgroup', () => {
  it('tail of an endless line under -m 8m is OOM-killed; the shell goes on, the container is OOMKilled', () => {
    const s = session();
    const run = s.run(
      "docker run --name oom1 -m 8m busybox sh -c 'head -c 100m /dev/zero | tail; echo tail exited $?'",
    );
    expect(run).toMatchObject({ exitCode: 0, stdout: 'tail exited 137\n', stderr: 'Killed\n' });
    expect(
      s.run("docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}' oom1")
        .stdout,
    ).toBe('exited 0 true\n');
    const kills = s.events.filter((event) => event.kind === 'oom.kill');
    expect(kills).toHaveLength(1);
    expect(kills[0]).toMatchObject({ comm: 'tail', scope: 'cgroup' });
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('the same pipeline with room to spare prints its count and is not OOMKilled', () => {
    const s = session();
    expect(
      s.run("docker run --name oom2 -m 8m busybox sh -c 'head -c 1m /dev/zero | tail | wc -c'")
        .stdout,
    ).toBe('1048576\n');
    expect(s.run("docker inspect -f '{{.State.OOMKilled}}' oom2").stdout).toBe('false\n');
  });

  it('a copy too long to finish within the step keeps running instead of building the data', () => {
    const s = session();
    s.run("docker run -d --name big1 busybox sh -c 'head -c 1g /dev/zero | wc -c'");
    expect(s.run("docker inspect -f '{{.State.Status}}' big1").stdout).toBe('running\n');
  });
});

describe('tmpfs mounts', () => {
  it('--read-only still lets a container write to /dev/shm and to each --tmpfs', () => {
    const s = session();
    expect(s.run("docker run --rm --read-only busybox sh -c 'echo hi > /tmp/x'")).toMatchObject({
      exitCode: 1,
      stderr: "sh: can't create /tmp/x: Read-only file system\n",
    });
    expect(
      s.run(
        "docker run --rm --read-only --tmpfs /tmp busybox sh -c 'echo hi > /tmp/x && cat /tmp/x'",
      ).stdout,
    ).toBe('hi\n');
    expect(
      s.run("docker run --rm --read-only busybox sh -c 'echo hi > /dev/shm/x && cat /dev/shm/x'")
        .stdout,
    ).toBe('hi\n');
  });

  it('tmpfs files last while the container runs, stay out of docker diff, and are gone after a stop', () => {
    const s = session();
    s.run('docker run -d --name tm1 --tmpfs /scratch busybox sleep 300');
    expect(s.run("docker exec tm1 sh -c 'echo kept > /scratch/f'").exitCode).toBe(0);
    expect(s.run('docker exec tm1 cat /scratch/f').stdout).toBe('kept\n');
    // runc made the mount point in the writable layer; the files under it are not there.
    expect(s.run('docker diff tm1').stdout).toBe('A /scratch\n');
    s.run('docker stop -t 0 tm1');
    s.run('docker start tm1');
    expect(s.run('docker exec tm1 cat /scratch/f').exitCode).toBe(1);
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('refuses a relative --tmpfs path', () => {
    const s = session();
    const refused = s.run('docker run --rm --tmpfs scratch busybox true');
    expect(refused.exitCode).toBe(125);
    expect(refused.stderr).toContain("invalid mount path: 'scratch' mount path must be absolute");
  });
});

describe('namespaces seen from /proc', () => {
  it('/proc/1/ns links are PID 1 namespaces; readlink resolves paths from the working directory', () => {
    const s = session();
    s.run('docker run -d --name ns1 busybox sleep 300');
    const self = s.run(
      "docker exec ns1 sh -c 'cd /proc/self/ns && readlink pid; readlink /proc/1/ns/pid'",
    );
    const [mine, init] = self.stdout.trimEnd().split('\n');
    expect(mine).toMatch(/^pid:\[\d+\]$/);
    expect(init).toBe(mine);
    // Under --pid host PID 1 is the host's init: its links are not readable from here.
    expect(s.run('docker run --rm --pid host busybox readlink /proc/1/ns/pid').exitCode).toBe(1);
  });

  it('--cgroupns picks the cgroup namespace; the default depends on the cgroup version', () => {
    const s = session();
    const hostCgroupNs = s.run(
      'docker run --rm --cgroupns host busybox readlink /proc/self/ns/cgroup',
    );
    const privateNs = s.run(
      'docker run --rm --cgroupns private busybox readlink /proc/self/ns/cgroup',
    );
    expect(hostCgroupNs.stdout).not.toBe(privateNs.stdout);
    expect(s.run('docker run --rm busybox cat /proc/self/cgroup').stdout).toBe('0::/\n');
    expect(s.run('docker run --rm --cgroupns bogus busybox true')).toMatchObject({
      exitCode: 125,
      stderr: "docker: --cgroupns: invalid CGROUP mode.\nSee 'docker run --help'.\n",
    });
  });

  it('ash drops environment entries whose names are not shell names', () => {
    const s = session();
    expect(
      s.run("docker run --rm -e 'BAD VAR=1' -e GOOD=2 busybox sh -c 'env | grep -c -e VAR -e GOOD'")
        .stdout,
    ).toBe('1\n');
  });
});
