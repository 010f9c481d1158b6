// Containers through the docker CLI, as a learner sees them: the run path down to runc and the
// kernel, exit codes, stop's grace period, namespaces and cgroup limits, and Docker's wording.
import { describe, expect, it } from 'vitest';
import { ROOT_NAMESPACE_INODE } from '../../sim-core/kernel/namespace.ts';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function run(lines: string[]) {
  const session = new Session({ seed: 1 });
  session.run('docker pull busybox');
  const records = lines.map((line) => session.run(line));
  expect(checkInvariants(session.headWorld)).toEqual([]);
  const world = session.headWorld;
  const daemon = Object.values(world.daemons)[0]!;
  const byName = (name: string) => daemon.containers[daemon.containerNames[name]!]!;
  return { session, records, world, daemon, byName, last: records.at(-1)! };
}

describe('docker run', () => {
  it('prints the output of a one-shot command and leaves an exited container', () => {
    const { records, byName } = run([
      'docker run --name once busybox echo hello',
      "docker ps -a --format '{{.Names}} {{.Status}} {{.Command}}'",
    ]);
    expect(records[0]).toMatchObject({ stdout: 'hello\n', exitCode: 0 });
    expect(records[1]!.stdout).toBe('once Exited (0) Less than a second ago "echo hello"\n');
    expect(byName('once').state).toBe('exited');
  });

  it('goes client -> REST API -> dockerd -> containerd -> runc -> kernel, in that order', () => {
    const { session } = run(['docker run -d --name web busybox sleep 300']);
    const record = session.commands.at(-1)!;
    const kinds: string[] = session.events
      .slice(record.firstEvent, record.endEvent)
      .map((event) => event.kind);
    const order = [
      'api.request',
      'container.create',
      'containerd.task',
      'runc.create',
      'namespace.create',
      'cgroup.create',
      'overlay.mount',
      'process.spawn',
      'runc.exec',
      'container.state',
    ];
    const positions = order.map((kind) => kinds.indexOf(kind));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('gives the container its own namespaces and its command PID 1, seen from the host under another PID', () => {
    const { byName, world, daemon } = run(['docker run -d --name web busybox sleep 300']);
    const web = byName('web');
    const kernel = world.kernels[daemon.kernelId]!;
    const process = kernel.processes[web.pid!]!;
    expect(process.pidChain.at(-1)!.pid).toBe(1);
    expect(process.pid).toBeGreaterThan(1);
    for (const kind of ['pid', 'mnt', 'net', 'uts', 'ipc', 'cgroup'] as const)
      expect(process.ns[kind]).not.toBe(ROOT_NAMESPACE_INODE[kind]);
    expect(process.ns.user).toBe(ROOT_NAMESPACE_INODE.user);
    expect(kernel.namespaces[process.ns.uts!]!.hostname).toBe(web.id.slice(0, 12));
  });

  it('shares namespaces with --pid container:NAME and --pid host', () => {
    const { byName } = run([
      'docker run -d --name aa busybox sleep 300',
      'docker run -d --name bb --pid container:aa busybox sleep 300',
      'docker run -d --name cc --pid host busybox sleep 300',
    ]);
    expect(byName('bb').namespaces.pid).toBe(byName('aa').namespaces.pid);
    expect(byName('bb').namespaces.net).not.toBe(byName('aa').namespaces.net);
    expect(byName('cc').namespaces.pid).toBe(ROOT_NAMESPACE_INODE.pid);
  });

  it('writes the cgroup limits runc sets for -m, --cpus, --cpu-shares and --pids-limit', () => {
    const { byName, world, daemon } = run([
      'docker run -d --name lim -m 64m --cpus 0.5 --cpu-shares 512 --pids-limit 20 busybox sleep 300',
    ]);
    const group = world.kernels[daemon.kernelId]!.cgroups[byName('lim').cgroupPath]!;
    expect(group.memory.maxBytes).toBe(64 * 2 ** 20);
    expect(group.cpu.quotaUs).toBe(50_000);
    expect(group.cpu.weight).toBe(20);
    expect(group.pids.max).toBe(20);
  });

  it('waits for a command that ends by itself, and lets background ones end while time passes', () => {
    const { records, byName, session } = run([
      'docker run -d --name bg busybox sleep 5',
      'docker run --rm busybox sleep 2',
      'sleep 10',
    ]);
    expect(records[1]!.exitCode).toBe(0);
    expect(session.headWorld.clockNs).toBeGreaterThanOrEqual(12e9);
    expect(byName('bg').state).toBe('exited');
    expect(byName('bg').finishedAtNs! - byName('bg').startedAtNs!).toBe(5e9);
  });

  it('runs sh -c scripts with their output, stderr and exit code', () => {
    const { last } = run(["docker run --rm busybox sh -c 'echo one; echo oops >&2; exit 3'"]);
    expect(last).toMatchObject({ stdout: 'one\n', stderr: 'oops\n', exitCode: 3 });
  });

  it('fails as runc fails for a program the image does not have (127), leaving it created', () => {
    const { last, byName } = run(['docker run --name bad busybox nosuchcmd']);
    expect(last.exitCode).toBe(127);
    expect(last.stderr).toBe(
      'docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH: unknown.\n',
    );
    expect(byName('bad').state).toBe('created');
    expect(byName('bad').exitCode).toBe(127);
  });

  it('refuses one-letter names, as Docker does', () => {
    expect(run(['docker run --name x busybox true']).last.stderr).toMatch(
      /^docker: Error response from daemon: Invalid container name \(x\)/,
    );
  });

  it("refuses a name in use with Docker's conflict message (125)", () => {
    const { last, byName } = run([
      'docker run -d --name web busybox sleep 300',
      'docker run -d --name web busybox sleep 300',
    ]);
    expect(last.exitCode).toBe(125);
    expect(last.stderr).toBe(
      `docker: Error response from daemon: Conflict. The container name "/web" is already in use by container "${byName('web').id}". You have to remove (or rename) that container to be able to reuse that name.\nSee 'docker run --help'.\n`,
    );
  });
});

describe('stopping and removing', () => {
  it('docker stop waits the grace period, then kills: 137 when PID 1 ignores SIGTERM', () => {
    const { byName, session } = run(['docker run -d --name s1 busybox sleep 300']);
    const before = session.headWorld.clockNs;
    session.run('docker stop -t 3 s1');
    expect(session.headWorld.clockNs - before).toBe(3e9);
    expect(byName('s1')).toMatchObject({ state: 'exited', exitCode: 137 });
  });

  it('a server with a SIGTERM handler stops at once with 0', () => {
    const s = new Session({ seed: 1 });
    s.run('docker run -d --name web nginx');
    const before = s.headWorld.clockNs;
    s.run('docker stop web');
    const daemon = Object.values(s.headWorld.daemons)[0]!;
    expect(daemon.containers[daemon.containerNames['web']!]).toMatchObject({
      state: 'exited',
      exitCode: 0,
    });
    expect(s.headWorld.clockNs).toBe(before);
  });

  it('docker kill is SIGKILL (137); a second kill says it is not running', () => {
    const { records, byName } = run([
      'docker run -d --name k1 busybox sleep 300',
      'docker kill -s TERM k1',
      'docker kill k1',
      'docker kill k1',
    ]);
    expect(records[1]!.exitCode).toBe(0);
    expect(byName('k1').exitCode).toBe(137);
    expect(records[3]!.stderr).toBe(
      `Error response from daemon: Cannot kill container: k1: Container ${byName('k1').id} is not running\n`,
    );
  });

  it('refuses to remove a running container without -f, and frees its processes, namespaces and cgroup with -f', () => {
    const { records, world, daemon, session } = run(['docker run -d --name r1 busybox sleep 300']);
    const id = daemon.containerNames['r1']!;
    const inodes = Object.values(daemon.containers[id]!.namespaces);
    expect(session.run('docker rm r1').stderr).toMatch(
      /^Error response from daemon: You cannot remove a running container [0-9a-f]{64}\. Stop the container/,
    );
    expect(session.run('docker rm -f r1').stdout).toBe('r1\n');
    const kernel = world.kernels[daemon.kernelId]!;
    expect(Object.values(kernel.processes).some((process) => process.containerId === id)).toBe(
      false,
    );
    for (const inode of inodes) expect(kernel.namespaces[inode]).toBeUndefined();
    expect(kernel.cgroups[`/docker/${id}`]).toBeUndefined();
    expect(records).toHaveLength(1);
  });

  it("keeps the image while a container uses it, with dockerd's conflict wording", () => {
    const { last, byName } = run(['docker run --name user busybox true', 'docker rmi busybox']);
    expect(last.stderr).toMatch(
      new RegExp(
        `^Error response from daemon: conflict: unable to remove repository reference "busybox" \\(must force\\) - container ${byName('user').id.slice(0, 12)} is using its referenced image [0-9a-f]{12}\\n$`,
      ),
    );
  });
});

describe('looking at containers', () => {
  it('ps lists running containers newest first; -a adds the stopped ones', () => {
    const { session } = run([
      'docker run -d --name one busybox sleep 300',
      'docker run -d --name two busybox sleep 300',
      'docker run --name three busybox true',
    ]);
    const ps = session.run('docker ps').stdout.trimEnd().split('\n');
    expect(ps[0]).toMatch(/^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES$/);
    expect(ps.slice(1).map((row) => row.split(/\s+/).at(-1))).toEqual(['two', 'one']);
    expect(session.run("docker ps -a --filter status=exited --format '{{.Names}}'").stdout).toBe(
      'three\n',
    );
    expect(session.run('docker ps --filter status=bogus').stderr).toBe(
      "Error response from daemon: Invalid filter 'status=bogus'\n",
    );
  });

  it('logs replays what the container printed, with --tail', () => {
    const { session } = run([
      "docker run --name lg busybox sh -c 'echo one; echo two; echo three'",
    ]);
    expect(session.run('docker logs lg').stdout).toBe('one\ntwo\nthree\n');
    expect(session.run('docker logs --tail 2 lg').stdout).toBe('two\nthree\n');
    expect(session.run('docker logs nosuch').stderr).toBe('Error: No such container: nosuch\n');
  });

  it('inspect answers the templates people use', () => {
    const { session } = run([
      'docker run -d --name i1 -m 64m -e GREETING=hi --hostname box busybox sleep 300',
    ]);
    expect(
      session.run(
        "docker inspect -f '{{.State.Status}} {{.State.Running}} {{.HostConfig.Memory}} {{.Config.Hostname}}' i1",
      ).stdout,
    ).toBe(`running true ${64 * 2 ** 20} box\n`);
    expect(session.run("docker inspect -f '{{json .Config.Env}}' i1").stdout).toMatch(
      /"GREETING=hi"/,
    );
    expect(session.run('docker inspect nosuch').stderr).toBe('Error: No such object: nosuch\n');
  });

  it('hv ps lists containers beside hosts, VMs and apps', () => {
    const { session } = run(["docker run -d --name spin busybox sh -c 'while :; do :; done'"]);
    expect(session.run('hv ps').stdout).toMatch(
      /spin +container +host1 +running +1\.00\/1\.00 cores/,
    );
  });
});

describe('running containers: exec, pause, rename, top', () => {
  it('exec runs a second process in the same namespaces and cgroup', () => {
    const { session, byName, daemon } = run(['docker run -d --name ex busybox sleep 300']);
    expect(session.run('docker exec ex echo inside').stdout).toBe('inside\n');
    expect(session.run("docker exec ex sh -c 'exit 5'").exitCode).toBe(5);
    const ps = session.run('docker exec ex ps').stdout.split('\n');
    expect(ps[1]).toMatch(/^ +1 root +sleep 300$/);
    const runcExec = session.events.filter((event) => event.kind === 'runc.exec');
    expect(runcExec.length).toBeGreaterThanOrEqual(3);
    expect(session.run('docker exec ex nosuchcmd')).toMatchObject({
      exitCode: 126,
      stdout:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH: unknown\r\n',
    });
    session.run('docker stop -t 0 ex');
    expect(session.run('docker exec ex echo inside').stderr).toBe(
      `Error response from daemon: Container ${byName('ex').id} is not running\n`,
    );
    expect(Object.keys(daemon.containers)).toHaveLength(1);
  });

  it('pause freezes a container until unpause; exec is refused meanwhile', () => {
    const { session, byName } = run([
      'docker run -d --name pz busybox sleep 300',
      'docker pause pz',
    ]);
    expect(
      session.run("docker inspect -f '{{.State.Status}} {{.State.Running}} {{.State.Paused}}' pz")
        .stdout,
    ).toBe('paused true true\n');
    expect(session.run('docker exec pz echo hi').stderr).toBe(
      'Error response from daemon: Container pz is paused, unpause the container before exec\n',
    );
    expect(session.run('docker pause pz').stderr).toBe(
      `Error response from daemon: Container ${byName('pz').id} is already paused\n`,
    );
    session.run('docker unpause pz');
    expect(byName('pz').state).toBe('running');
  });

  it('rename moves the name, and refuses names in use', () => {
    const { session, byName } = run([
      'docker run -d --name one1 busybox sleep 300',
      'docker run -d --name two2 busybox sleep 300',
      'docker rename one1 three3',
    ]);
    expect(byName('three3').state).toBe('running');
    expect(session.run('docker rename three3 two2').stderr).toMatch(
      /^Error response from daemon: Error when allocating new name: Conflict\. The container name "\/two2" is already in use/,
    );
  });

  it('top lists the container processes with their host PIDs', () => {
    const { session, byName } = run(['docker run -d --name tp nginx']);
    const rows = session.run('docker top tp').stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^UID +PID +PPID/);
    expect(rows[1]).toContain(String(byName('tp').pid));
    expect(rows.length - 1).toBe(1 + 8);
  });
});

describe('docker stats: CPU from the scheduler, memory from the cgroup', () => {
  function statsOn(lines: string[]) {
    const s = new Session({ seed: 3 });
    s.run('hv host add --name one --cpus 1 --memory 8g');
    for (const line of lines)
      expect(s.run(`docker -H tcp://one:2375 ${line}`).stderr).not.toMatch(/internal error/);
    const out = s.run(
      "docker -H tcp://one:2375 stats --no-stream --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}'",
    ).stdout;
    return Object.fromEntries(
      out
        .trimEnd()
        .split('\n')
        .map((line) => [line.split(' ')[0]!, line.split(' ').slice(1)]),
    );
  }

  it('--cpus 0.5 holds a busy container to half a CPU', () => {
    const stats = statsOn(["run -d --name half --cpus 0.5 busybox sh -c 'while :; do :; done'"]);
    expect(parseFloat(stats['half']![0]!)).toBeCloseTo(50, 0);
  });

  it('--cpu-shares 1024 and 512 on one CPU split it about 2:1, as the real kernel does', () => {
    const stats = statsOn([
      "run -d --name big --cpu-shares 1024 busybox sh -c 'while :; do :; done'",
      "run -d --name small --cpu-shares 512 busybox sh -c 'while :; do :; done'",
    ]);
    const big = parseFloat(stats['big']![0]!);
    const small = parseFloat(stats['small']![0]!);
    expect(big + small).toBeGreaterThan(99);
    // Docker 20.10's runc maps shares to cgroup v2 weights linearly (1024 -> 39, 512 -> 20).
    expect(big / small).toBeGreaterThan(1.8);
    expect(big / small).toBeLessThan(2.2);
  });

  it('shows the memory limit and the number of processes', () => {
    const stats = statsOn(['run -d --name web -m 64m nginx']);
    expect(stats['web']!.slice(1)).toEqual(['0B', '/', '64MiB', '2']);
  });
});

describe('cgroup files inside a container, accounted by the scheduler', () => {
  it('shows the limits runc wrote, at the root of its own cgroup namespace', () => {
    const { last } = run([
      'docker run --rm -m 64m --cpus 0.5 --pids-limit 30 busybox cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max /sys/fs/cgroup/pids.max /proc/self/cgroup',
    ]);
    expect(last.stdout).toBe(`${64 * 2 ** 20}\n50000 100000\n30\n0::/\n`);
  });

  it('--cpus 0.5 for ten seconds: five seconds used, every period throttled (cpu.stat)', () => {
    const { session } = run([
      "docker run -d --name half --cpus 0.5 busybox sh -c 'while :; do :; done'",
      'sleep 10',
    ]);
    const stat = Object.fromEntries(
      session
        .run('docker exec half cat /sys/fs/cgroup/cpu.stat')
        .stdout.trimEnd()
        .split('\n')
        .map((line) => line.split(' ')),
    );
    expect(Number(stat['usage_usec'])).toBeGreaterThan(4_900_000);
    expect(Number(stat['usage_usec'])).toBeLessThanOrEqual(5_000_000);
    expect(Number(stat['nr_periods'])).toBe(100);
    expect(Number(stat['nr_throttled'])).toBeGreaterThanOrEqual(99);
  });

  it('an unlimited busy container is never throttled', () => {
    const { session } = run([
      "docker run -d --name free busybox sh -c 'while :; do :; done'",
      'sleep 5',
    ]);
    const stat = session.run('docker exec free cat /sys/fs/cgroup/cpu.stat').stdout;
    expect(stat).toMatch(/^usage_usec 5000000$/m);
    expect(stat).toMatch(/^nr_throttled 0$/m);
  });
});

describe('overlay2: the writable layer and copy-on-write', () => {
  it('docker diff shows what a container added (A), changed (C) and deleted (D)', () => {
    const { session } = run([
      "docker run --name dd busybox sh -c 'touch /tmp/new; rm /etc/shadow; echo extra >> /etc/passwd; mkdir -p /data/sub; echo x > /data/sub/f; rm -r /var/www'",
    ]);
    expect(session.run('docker diff dd').stdout.split('\n').filter(Boolean).sort()).toEqual(
      [
        'A /data',
        'A /data/sub',
        'A /data/sub/f',
        'A /tmp/new',
        'C /etc',
        'C /etc/passwd',
        'C /tmp',
        'C /var',
        'D /etc/shadow',
        'D /var/www',
      ].sort(),
    );
    expect(session.run('docker run --name clean busybox true').exitCode).toBe(0);
    expect(session.run('docker diff clean').stdout).toBe('');
  });

  it('copies a lower file up on its first write, once, and never writes to the image layer', () => {
    const { session, daemon } = run(['docker run -d --name cw busybox sleep 300']);
    const layersBefore = JSON.stringify(daemon.layers);
    session.run("docker exec cw sh -c 'echo one >> /etc/passwd'");
    session.run("docker exec cw sh -c 'echo two >> /etc/passwd'");
    const copyUps = session.events.filter((event) => event.kind === 'cow.copyUp');
    expect(copyUps).toHaveLength(1);
    expect(copyUps[0]).toMatchObject({ path: '/etc/passwd', sizeBytes: 340 });
    // Reading the 340-byte file at the SSD's calibrated 1 GB/s takes 340 ns, and the clock
    // moves by it.
    expect(copyUps[0]).toMatchObject({ durationNs: 340 });
    const copyUpAt = session.events.indexOf(copyUps[0]!);
    expect(session.events[copyUpAt + 1]).toMatchObject({ kind: 'clock.advance', durationNs: 340 });
    expect(JSON.stringify(daemon.layers)).toBe(layersBefore);
    expect(session.run('docker exec cw cat /etc/passwd').stdout).toMatch(/nobody.*\none\ntwo\n$/s);
  });

  it("keeps each container's changes to itself, and loses them with docker rm", () => {
    const { session } = run([
      "docker run --name w1 busybox sh -c 'echo mine > /note'",
      'docker run -d --name w2 busybox sleep 300',
    ]);
    expect(session.run('docker exec w2 cat /note').stderr).toBe(
      "cat: can't open '/note': No such file or directory\n",
    );
    session.run('docker rm w1');
    session.run('docker run -d --name w1 busybox sleep 300');
    expect(session.run('docker exec w1 cat /note').exitCode).toBe(1);
  });

  it('refuses writes on a read-only root filesystem with busybox wording', () => {
    expect(run(['docker run --rm --read-only busybox touch /x']).last).toMatchObject({
      exitCode: 1,
      stderr: 'touch: /x: Read-only file system\n',
    });
    expect(run(["docker run --rm --read-only busybox sh -c 'echo hi > /tmp/x'"]).last.stderr).toBe(
      "sh: can't create /tmp/x: Read-only file system\n",
    );
  });

  it('ps -s shows the thin writable layer beside the image it shares', () => {
    const { session } = run([
      "docker run --name big busybox sh -c 'echo 0123456789 > /f'",
      'docker run --name none busybox true',
    ]);
    const out = session.run("docker ps -a -s --format '{{.Names}} {{.Size}}'").stdout;
    expect(out).toMatch(/^none 0B \(virtual 4\.26MB\)$/m);
    expect(out).toMatch(/^big 11B \(virtual 4\.26MB\)$/m);
  });
});

describe('docker update', () => {
  it('changes the limits of a running container in its cgroup at once', () => {
    const { session } = run([
      "docker run -d --name upd -m 64m busybox sh -c 'while :; do :; done'",
    ]);
    expect(
      session.run('docker update -m 32m --memory-swap 64m --cpus 0.5 --pids-limit 50 upd').stdout,
    ).toBe('upd\n');
    expect(
      session.run(
        "docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}' upd",
      ).stdout,
    ).toBe(`${32 * 2 ** 20} ${64 * 2 ** 20} 500000000 50\n`);
    expect(
      session.run('docker exec upd cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max').stdout,
    ).toBe(`${32 * 2 ** 20}\n50000 100000\n`);
    expect(
      parseFloat(session.run("docker stats --no-stream --format '{{.CPUPerc}}' upd").stdout),
    ).toBeCloseTo(50, 0);
    expect(session.run('docker update -m 1m upd').stderr).toBe(
      'Error response from daemon: Minimum memory limit allowed is 6MB\n',
    );
    expect(session.run('docker update -m 32m nosuch').stderr).toBe(
      'Error response from daemon: No such container: nosuch\n',
    );
  });
});
