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
