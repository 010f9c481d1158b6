// The simulator against the real kernel. The fixture was recorded on a real Docker engine
// by test/fixtures/scheduler/record.sh (busy-looping busybox containers; CPU time read from
// the cgroup's cpuacct.usage / cpu.stat and /proc/PID/schedstat). What a learner reads off
// `docker stats` in the simulator must match what Linux does within 2 percentage points.
import { beforeAll, describe, expect, it } from 'vitest';
import recorded from '../fixtures/scheduler/kernel-calibration.json';
import type { CpuScheduler } from '../../sim-core/scheduler/cpu-scheduler.ts';
import { tsFactory, type SchedulerFactory } from '../../sim-core/scheduler/load.ts';
import { loadNodeSchedulerFactory } from '../../sim-core/scheduler/load-node.ts';

const SECONDS = recorded.secondsPerExperiment;
const RUN_NS = SECONDS * 1_000_000_000;
const TOLERANCE_PP = 2;
// The recording machine: 2 CPUs, CONFIG_HZ=250.
const MACHINE = { cpus: 2, tickNs: 4_000_000 };

const percent = (part: number, whole: number): number => (100 * part) / whole;

/** Busy containers pinned to CPU 0 with the given --cpu-shares; each one's share of their total. */
function sharesSplit(s: CpuScheduler, shares: number[]): number[] {
  const groups = shares.map((n) => {
    const g = s.addGroup(0, n);
    s.setGroupCpus(g, [0]);
    s.addTask(g);
    return g;
  });
  s.advance(RUN_NS);
  const usage = groups.map((g) => s.groupCpuStat(g).usageNs);
  const total = usage.reduce((a, b) => a + b, 0);
  return usage.map((u) => percent(u, total));
}

function kernelSplit(usage: number[]): number[] {
  const total = usage.reduce((a, b) => a + b, 0);
  return usage.map((u) => percent(u, total));
}

describe.each(['wasm', 'ts'] as const)('the %s scheduler reproduces the kernel', (backend) => {
  let factory: SchedulerFactory;
  beforeAll(async () => {
    factory = backend === 'ts' ? tsFactory : await loadNodeSchedulerFactory('wasm');
  });

  it('--cpu-shares 1024 vs 512 on one CPU: about 2:1', () => {
    const kernel = kernelSplit(recorded.shares1024vs512OneCpu.containers.map((c) => c.usageNs));
    const sim = sharesSplit(factory.create(MACHINE), [1024, 512]);
    sim.forEach((p, i) => expect(Math.abs(p - kernel[i]!)).toBeLessThan(TOLERANCE_PP));
  });

  it('--cpu-shares 2048 vs 1024 vs 1024 on one CPU: about 50/25/25', () => {
    const run = recorded.shares2048vs1024vs1024OneCpu;
    const kernel = kernelSplit(run.containers.map((c) => c.usageNs));
    const sim = sharesSplit(factory.create(MACHINE), [2048, 1024, 1024]);
    sim.forEach((p, i) => expect(Math.abs(p - kernel[i]!)).toBeLessThan(TOLERANCE_PP));
  });

  it('--cpus 0.5 alone: about 50% of a CPU, throttled in nearly every period', () => {
    const run = recorded.cpusHalfAlone;
    const container = run.containers[0]!;
    const kernelPercent = percent(container.usageNs, run.wallNs);
    const s = factory.create(MACHINE);
    const g = s.addGroup(0, 1024);
    s.setGroupBandwidth(g, { quotaNs: 50_000_000, periodNs: 100_000_000 });
    s.addTask(g);
    s.advance(RUN_NS);
    const stat = s.groupCpuStat(g);
    expect(Math.abs(percent(stat.usageNs, RUN_NS) - kernelPercent)).toBeLessThan(TOLERANCE_PP);
    const kernelThrottledShare = percent(
      container.cpuStat.nr_throttled,
      container.cpuStat.nr_periods,
    );
    const simThrottledShare = percent(stat.nrThrottled, stat.nrPeriods);
    expect(Math.abs(simThrottledShare - kernelThrottledShare)).toBeLessThan(TOLERANCE_PP);
    expect(stat.nrPeriods).toBeGreaterThanOrEqual(SECONDS * 10 - 1);
  });

  it('nice 0 vs nice 1 in one container on one CPU: about 55.5/44.5', () => {
    const procs = recorded.nice0vsNice1OneCpu.processes;
    const s = factory.create(MACHINE);
    const g = s.addGroup(0, 1024);
    s.setGroupCpus(g, [0]);
    const tasks = procs.map((p) => s.addTask(g, { nice: p.nice }));
    s.advance(RUN_NS);
    const sim = kernelSplit(tasks.map((t) => s.taskRuntimeNs(t)));
    const kernel = kernelSplit(procs.map((p) => p.runtimeNs));
    expect(procs.map((p) => p.nice)).toEqual([0, 1]);
    sim.forEach((p, i) => expect(Math.abs(p - kernel[i]!)).toBeLessThan(TOLERANCE_PP));
  });
});
