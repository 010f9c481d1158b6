// What a learner sees the fair scheduler do, on both backends.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  effectiveShares,
  sharesToWeightLinear,
  sharesToWeightQuadratic,
  weightToShares,
} from '../../sim-core/scheduler/cgroup-weight.ts';
import { tsFactory, type SchedulerFactory } from '../../sim-core/scheduler/load.ts';
import { loadNodeSchedulerFactory } from '../../sim-core/scheduler/load-node.ts';

const MS = 1_000_000;
const S = 1_000_000_000;

describe('runc maps --cpu-shares to cgroup v2 cpu.weight', () => {
  it('the old linear formula turns the default 1024 shares into weight 39', () => {
    expect(sharesToWeightLinear(1024)).toBe(39);
    expect(sharesToWeightLinear(2)).toBe(1);
    expect(sharesToWeightLinear(262_144)).toBe(10_000);
  });

  it('the new formula keeps the default: 1024 shares -> weight 100', () => {
    expect(sharesToWeightQuadratic(1024)).toBe(100);
    expect(sharesToWeightQuadratic(2)).toBe(1);
    expect(sharesToWeightQuadratic(262_144)).toBe(10_000);
    expect(sharesToWeightQuadratic(512)).toBeLessThan(100);
  });

  it('the kernel turns weight 100 back into 1024 shares', () => {
    expect(weightToShares(100)).toBe(1024);
    expect(effectiveShares(1024, 'v2-quadratic')).toBe(1024);
    expect(effectiveShares(1024, 'v2-linear')).toBe(399);
    expect(effectiveShares(1024, 'v1')).toBe(1024);
  });
});

describe.each(['wasm', 'ts'] as const)('CFS on the %s backend', (backend) => {
  let factory: SchedulerFactory;
  beforeAll(async () => {
    factory = backend === 'ts' ? tsFactory : await loadNodeSchedulerFactory('wasm');
  });

  it('scales the latency target with log2 of the CPU count, up to 8 CPUs', () => {
    const latency = [1, 2, 4, 8, 64].map((cpus) => factory.create({ cpus }).latencyNs);
    expect(latency).toEqual([6 * MS, 12 * MS, 18 * MS, 24 * MS, 24 * MS]);
  });

  it('an old-runc container (weight 39) loses to a default v2 neighbour about 28:72', () => {
    const s = factory.create({ cpus: 1 });
    const old = s.addGroup(0, effectiveShares(1024, 'v2-linear'));
    const neighbour = s.addGroup(0, weightToShares(100));
    s.addTask(old);
    s.addTask(neighbour);
    s.advance(5 * S);
    const share = s.groupCpuStat(old).usageNs / (5 * S);
    expect(share).toBeGreaterThan(0.27);
    expect(share).toBeLessThan(0.3);
  });

  it('a periodic task keeps its duty cycle when the CPU is free', () => {
    const s = factory.create({ cpus: 1 });
    const t = s.addTask(0, { behaviour: { kind: 'periodic', runNs: 2 * MS, sleepNs: 8 * MS } });
    s.advance(S);
    expect(s.taskRuntimeNs(t)).toBe(200 * MS);
    expect(s.taskState(t)).toBe('sleeping');
  });

  it('an I/O-bound task preempts a CPU hog on wake-up and gets the CPU time it asks for', () => {
    const s = factory.create({ cpus: 1 });
    const hog = s.addTask(0);
    const io = s.addTask(0, { behaviour: { kind: 'io', burstNs: 200_000, waitNs: 2 * MS } });
    s.enableTimeline(100_000);
    s.advance(S);
    const ioShare = s.taskRuntimeNs(io) / S;
    // It sleeps ~10 times longer than it runs, so it needs ~9% and gets it.
    expect(ioShare).toBeGreaterThan(0.07);
    expect(ioShare).toBeLessThan(0.11);
    expect(s.taskRuntimeNs(hog) + s.taskRuntimeNs(io)).toBe(S);
    const switchesToIo = s.drainTimeline().filter((x) => x.task === io).length;
    expect(switchesToIo).toBeGreaterThan(300);
  });

  it('an exiting task runs exactly its work, then is gone from the CPU', () => {
    const s = factory.create({ cpus: 2 });
    const t = s.addTask(0, { behaviour: { kind: 'exiting', runNs: 30 * MS } });
    s.advance(S);
    expect(s.taskRuntimeNs(t)).toBe(30 * MS);
    expect(s.taskState(t)).toBe('exited');
    expect(s.cpuCurrent(s.taskCpu(t))).toBeNull();
  });

  it('--cpus 1.5 over 4 CPUs is enforced across CPUs, with throttling counted per period', () => {
    const s = factory.create({ cpus: 4 });
    const g = s.addGroup(0, 1024);
    s.setGroupBandwidth(g, { quotaNs: 150 * MS, periodNs: 100 * MS });
    for (let i = 0; i < 4; i++) s.addTask(g);
    s.advance(2 * S);
    const stat = s.groupCpuStat(g);
    expect(stat.usageNs / (2 * S)).toBeGreaterThan(1.45);
    expect(stat.usageNs / (2 * S)).toBeLessThan(1.6);
    expect(stat.nrThrottled).toBeGreaterThan(15);
    expect(stat.throttledNs).toBeGreaterThan(0);
  });

  it('burst lets an idle-then-busy container spend saved quota, and counts it', () => {
    const s = factory.create({ cpus: 2 });
    const g = s.addGroup(0, 1024);
    s.setGroupBandwidth(g, { quotaNs: 20 * MS, periodNs: 100 * MS, burstNs: 60 * MS });
    s.addTask(g, { behaviour: { kind: 'periodic', runNs: 70 * MS, sleepNs: 600 * MS } });
    s.advance(3 * S);
    const stat = s.groupCpuStat(g);
    expect(stat.nrBursts).toBeGreaterThan(0);
    expect(stat.burstNs).toBeGreaterThan(0);
  });

  it('cpuset pins a container; the balancer spreads the rest over every CPU', () => {
    const s = factory.create({ cpus: 4 });
    const pinned = s.addGroup(0, 1024);
    s.setGroupCpus(pinned, [3]);
    const mine = [s.addTask(pinned), s.addTask(pinned)];
    for (let i = 0; i < 6; i++) s.addTask(0);
    s.advance(2 * S);
    for (const t of mine) expect(s.taskCpu(t)).toBe(3);
    for (let c = 0; c < 4; c++) expect(s.cpuBusyNs(c)).toBeGreaterThan(1.9 * S);
  });

  it('the timeline accounts for every nanosecond a task ran', () => {
    const s = factory.create({ cpus: 2 });
    s.enableTimeline(1_000_000);
    const tasks = [0, 1, 2].map((i) =>
      s.addTask(0, { behaviour: { kind: 'periodic', runNs: (i + 1) * MS, sleepNs: 3 * MS } }),
    );
    s.advance(500 * MS);
    const switches = s.drainTimeline();
    const ran = new Map<number, number>();
    const running: ({ task: number; since: number } | null)[] = [null, null];
    for (const sw of switches) {
      const prev = running[sw.cpu];
      if (prev) ran.set(prev.task, (ran.get(prev.task) ?? 0) + sw.timeNs - prev.since);
      running[sw.cpu] = sw.task === null ? null : { task: sw.task, since: sw.timeNs };
    }
    for (const r of running) if (r) ran.set(r.task, (ran.get(r.task) ?? 0) + 500 * MS - r.since);
    for (const t of tasks) expect(ran.get(t)).toBe(s.taskRuntimeNs(t));
  });
});
