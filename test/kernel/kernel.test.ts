// The host kernel model that containers will stand on: PIDs per namespace, the seven namespace
// kinds and their inode ids, cgroup accounting and limits, and the OOM killer inside a cgroup.
import { describe, expect, it } from 'vitest';
import { parseCgroupValue } from '../../sim-core/kernel/cgroup-write.ts';
import { cgroupFiles, pidsLimitHit } from '../../sim-core/kernel/cgroup.ts';
import { nextNamespaceInodes, visibleProcesses } from '../../sim-core/kernel/kernel.ts';
import { NAMESPACE_KINDS, ROOT_NAMESPACE_INODE } from '../../sim-core/kernel/namespace.ts';
import { requestMemory } from '../../sim-core/kernel/request-memory.ts';
import { StepContext } from '../../sim-core/world/context.ts';
import { initialWorld } from '../../sim-core/world/initial-world.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';
import { MIB } from '../../sim-core/world/units.ts';

function hostContext() {
  const world = initialWorld(1);
  const ctx = new StepContext(world);
  const kernelId = world.hosts['host-1']!.kernelId;
  const kernel = () => world.kernels[kernelId]!;
  return { world, ctx, kernelId, kernel };
}

/** What runc does for a container: new namespaces, a cgroup with limits, then the process. */
function containerLike(
  ctx: StepContext,
  kernelId: string,
  kernel: () => ReturnType<ReturnType<typeof hostContext>['kernel']>,
  memoryMax: string,
) {
  const inodes: Record<string, number> = {};
  for (const nsKind of NAMESPACE_KINDS.filter((kind) => kind !== 'user')) {
    const before = nextNamespaceInodes(kernel(), 1)[0]!;
    ctx.emit({
      kind: 'namespace.create',
      kernelId,
      nsKind,
      parentInode: kernel().rootNs[nsKind]!,
      hostname: 'c0ffee',
    });
    inodes[nsKind] = before;
  }
  ctx.emit({ kind: 'cgroup.create', kernelId, path: '/docker' });
  ctx.emit({ kind: 'cgroup.create', kernelId, path: '/docker/c0ffee' });
  ctx.emit({
    kind: 'cgroup.write',
    kernelId,
    path: '/docker/c0ffee',
    file: 'memory.max',
    value: memoryMax,
  });
  ctx.emit({
    kind: 'cgroup.write',
    kernelId,
    path: '/docker/c0ffee',
    file: 'pids.max',
    value: '3',
  });
  ctx.emit({
    kind: 'cgroup.write',
    kernelId,
    path: '/docker/c0ffee',
    file: 'cpu.max',
    value: '50000 100000',
  });
  ctx.emit({
    kind: 'process.spawn',
    kernelId,
    spec: {
      comm: 'sh',
      argv: ['sh'],
      role: 'app',
      ppid: 1,
      ns: inodes,
      cgroupPath: '/docker/c0ffee',
    },
  });
  return { inodes, pid: kernel().lastPid };
}

describe('a booted host kernel', () => {
  it('has the seven initial namespaces with the kernel fixed inode numbers, shared by every process', () => {
    const { kernel } = hostContext();
    expect(Object.keys(kernel().rootNs).sort()).toEqual([...NAMESPACE_KINDS].sort());
    expect(kernel().rootNs.pid).toBe(ROOT_NAMESPACE_INODE.pid);
    for (const process of Object.values(kernel().processes))
      expect(process.ns).toEqual(kernel().rootNs);
    expect(kernel().processes[1]!.comm).toBe('systemd');
  });
});

describe('namespaces', () => {
  it('give a container its own PID 1 while the host sees it under another PID', () => {
    const { ctx, kernelId, kernel } = hostContext();
    const { inodes, pid } = containerLike(ctx, kernelId, kernel, 'max');
    const process = kernel().processes[pid]!;
    expect(process.pidChain).toEqual([
      { nsInode: ROOT_NAMESPACE_INODE.pid, pid },
      { nsInode: inodes.pid, pid: 1 },
    ]);
    expect(pid).toBeGreaterThan(1);
    // From inside, only itself; from the host, everything.
    expect(visibleProcesses(kernel(), inodes.pid!).map((entry) => entry.pid)).toEqual([1]);
    expect(visibleProcesses(kernel(), ROOT_NAMESPACE_INODE.pid).length).toBe(
      Object.keys(kernel().processes).length,
    );
    expect(kernel().namespaces[inodes.uts!]!.hostname).toBe('c0ffee');
    expect(process.ns.user).toBe(ROOT_NAMESPACE_INODE.user);
    expect(new Set(Object.values(inodes)).size).toBe(6);
  });

  it('are freed with their last process', () => {
    const { ctx, kernelId, kernel, world } = hostContext();
    const { inodes, pid } = containerLike(ctx, kernelId, kernel, 'max');
    ctx.emit({ kind: 'process.exit', kernelId, pid, exitCode: 0, signal: null });
    for (const inode of Object.values(inodes)) expect(kernel().namespaces[inode]).toBeUndefined();
    expect(checkInvariants(world)).toEqual([]);
  });
});

describe('cgroups', () => {
  it('charge memory to the group and its ancestors, and show it in the v2 files', () => {
    const { ctx, kernelId, kernel, world } = hostContext();
    const { pid } = containerLike(ctx, kernelId, kernel, String(64 * MIB));
    expect(requestMemory(ctx, kernelId, pid, 40 * MIB).granted).toBe(true);
    const files = cgroupFiles(kernel().cgroups['/docker/c0ffee']!);
    expect(files['memory.current']).toBe(String(40 * MIB));
    expect(files['memory.max']).toBe(String(64 * MIB));
    expect(files['cpu.max']).toBe('50000 100000');
    expect(files['pids.current']).toBe('1');
    expect(kernel().cgroups['/docker']!.memory.currentBytes).toBe(40 * MIB);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('kill the process that goes past memory.max (exit 137 territory), counting it in memory.events', () => {
    const { ctx, kernelId, kernel, world } = hostContext();
    const { pid } = containerLike(ctx, kernelId, kernel, String(64 * MIB));
    const outcome = requestMemory(ctx, kernelId, pid, 100 * MIB);
    expect(outcome).toEqual({ granted: false, killed: [{ pid, comm: 'sh', scope: 'cgroup' }] });
    expect(kernel().processes[pid]).toBeUndefined();
    expect(cgroupFiles(kernel().cgroups['/docker/c0ffee']!)['memory.events']).toBe(
      'oom 1\noom_kill 1',
    );
    expect(kernel().oomKillCount).toBe(1);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('choose the biggest process inside the group, and never one outside it', () => {
    const { ctx, kernelId, kernel } = hostContext();
    const { pid } = containerLike(ctx, kernelId, kernel, String(100 * MIB));
    ctx.emit({
      kind: 'process.spawn',
      kernelId,
      spec: { comm: 'worker', argv: ['worker'], role: 'app', ppid: pid },
    });
    const worker = kernel().lastPid;
    requestMemory(ctx, kernelId, worker, 70 * MIB);
    const outcome = requestMemory(ctx, kernelId, pid, 50 * MIB);
    expect(outcome.killed.map((kill) => kill.comm)).toEqual(['worker']);
    expect(outcome.granted).toBe(true);
    expect(kernel().processes[1]).toBeDefined();
  });

  it('enforce pids.max: a fork past the limit is refused', () => {
    const { ctx, kernelId, kernel } = hostContext();
    const { pid } = containerLike(ctx, kernelId, kernel, 'max');
    for (let i = 0; i < 2; i++) {
      expect(pidsLimitHit(kernel().cgroups, '/docker/c0ffee')).toBeNull();
      ctx.emit({
        kind: 'process.spawn',
        kernelId,
        spec: { comm: 'sh', argv: ['sh'], role: 'app', ppid: pid },
      });
    }
    expect(pidsLimitHit(kernel().cgroups, '/docker/c0ffee')?.path).toBe('/docker/c0ffee');
  });

  it('validate what is written to limit files', () => {
    expect(parseCgroupValue('cpu.weight', '100')).toBeNull();
    expect(parseCgroupValue('cpu.weight', '0')).toMatch(/1\.\.10000/);
    expect(parseCgroupValue('cpu.max', 'max 100000')).toBeNull();
    expect(parseCgroupValue('cpu.max', '500 100000')).toMatch(/>= 1000/);
    expect(parseCgroupValue('memory.max', '-5')).toMatch(/"max" or a number/);
    expect(parseCgroupValue('io.weight', '20000')).toMatch(/1\.\.10000/);
  });
});

describe('CPU sharing (a window of the CFS scheduler)', () => {
  function oneCpuHost() {
    const world = initialWorld(1);
    const ctx = new StepContext(world);
    ctx.emit({ kind: 'command', line: 'setup' });
    const kernelId = world.hosts['host-1']!.kernelId;
    world.kernels[kernelId]!.cpuCount = 1;
    return { world, ctx, kernelId };
  }
  function busyIn(
    ctx: StepContext,
    kernelId: string,
    path: string,
    weight: string,
    quota?: string,
  ) {
    ctx.emit({ kind: 'cgroup.create', kernelId, path });
    ctx.emit({ kind: 'cgroup.write', kernelId, path, file: 'cpu.weight', value: weight });
    if (quota) ctx.emit({ kind: 'cgroup.write', kernelId, path, file: 'cpu.max', value: quota });
    ctx.emit({
      kind: 'process.spawn',
      kernelId,
      spec: {
        comm: 'loop',
        argv: ['loop'],
        role: 'app',
        ppid: 1,
        cgroupPath: path,
        cpuDemandMilli: 1000,
      },
    });
    return ctx.world.kernels[kernelId]!.lastPid;
  }

  it('splits one CPU by cpu.weight between busy groups', async () => {
    const { cpuAllocation } = await import('../../sim-core/kernel/cpu-share.ts');
    const { world, ctx, kernelId } = oneCpuHost();
    const heavy = busyIn(ctx, kernelId, '/a', '200');
    const light = busyIn(ctx, kernelId, '/b', '100');
    const shares = cpuAllocation(world.kernels[kernelId]!);
    // CFS splits by weight: 2:1, to within a scheduler tick's rounding.
    expect(Math.abs(shares.get(heavy)! - 667)).toBeLessThanOrEqual(5);
    expect(Math.abs(shares.get(light)! - 333)).toBeLessThanOrEqual(5);
  });

  it('caps a group at its cpu.max quota and gives the rest to the others', async () => {
    const { cpuAllocation } = await import('../../sim-core/kernel/cpu-share.ts');
    const { world, ctx, kernelId } = oneCpuHost();
    const capped = busyIn(ctx, kernelId, '/a', '1000', '20000 100000');
    const other = busyIn(ctx, kernelId, '/b', '100');
    const shares = cpuAllocation(world.kernels[kernelId]!);
    expect(Math.abs(shares.get(capped)! - 200)).toBeLessThanOrEqual(5);
    expect(Math.abs(shares.get(other)! - 800)).toBeLessThanOrEqual(5);
  });
});
