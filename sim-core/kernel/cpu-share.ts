// How a kernel's CPUs are shared among the processes that want them, for `hv ps`, `docker
// stats` and the views: a window of Linux's fair scheduler (sim-core/scheduler, CFS with group
// scheduling and bandwidth control) run over this kernel's processes and cgroups. Each busy
// thread is one task, so with no cgroups in the way (bare metal) a process with more busy
// threads simply takes more: the contention the course starts with.
import { ROOT_GROUP, weightToShares, type CpuStat } from '../scheduler/index.ts';
import type { DeepReadonly } from '../world/world.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import { schedulerFactory } from './scheduler-backend.ts';

export interface AllocationOptions {
  /** CPU this kernel really has, when less than its CPU count (a guest whose vCPUs wait). */
  capacityMilli?: number;
  /** Demand to use instead of the stored one, per PID (vCPU threads follow their guest). */
  demandOverride?: ReadonlyMap<number, number>;
  /** How long a window of scheduling to measure over. */
  windowNs?: number;
}

export interface CpuMeasurement {
  /** Thousandths of a core each process got over the window. */
  perPid: Map<number, number>;
  /** cpu.stat of each cgroup over the window. */
  perGroup: Map<string, CpuStat>;
  windowNs: number;
}

/** One second of scheduling: long enough for every quota period and slice to average out. */
export const MEASURE_WINDOW_NS = 1_000_000_000;
/** A fractional demand (0.5 of a core) runs as a task busy for that share of each 10 ms. */
const DUTY_PERIOD_NS = 10_000_000;

export function measureCpu(
  kernel: DeepReadonly<Kernel>,
  options: AllocationOptions = {},
): CpuMeasurement {
  const windowNs = options.windowNs ?? MEASURE_WINDOW_NS;
  const demand = (process: DeepReadonly<Process>) =>
    options.demandOverride?.get(process.pid) ?? process.cpuDemandMilli;
  const wanting = Object.values(kernel.processes).filter((process) => demand(process) > 0);
  const perPid = new Map<number, number>();
  const perGroup = new Map<string, CpuStat>();
  if (wanting.length === 0) return { perPid, perGroup, windowNs };
  const scheduler = schedulerFactory().create({ cpus: kernel.cpuCount, seed: 1 });
  try {
    const groupIds = new Map<string, number>([['/', ROOT_GROUP]]);
    const paths = Object.keys(kernel.cgroups)
      .filter((path) => path !== '/')
      .sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
    for (const path of paths) {
      const group = kernel.cgroups[path]!;
      const id = scheduler.addGroup(
        groupIds.get(group.parentPath ?? '/') ?? ROOT_GROUP,
        group.cpu.shares ?? weightToShares(group.cpu.weight),
      );
      if (group.cpu.quotaUs !== null)
        scheduler.setGroupBandwidth(id, {
          quotaNs: group.cpu.quotaUs * 1000,
          periodNs: group.cpu.periodUs * 1000,
        });
      groupIds.set(path, id);
    }
    const tasks: { pid: number; task: number }[] = [];
    for (const process of wanting) {
      const group = groupIds.get(process.cgroupPath ?? '/') ?? ROOT_GROUP;
      const milli = demand(process);
      for (let thread = 0; thread < Math.floor(milli / 1000); thread++) {
        tasks.push({
          pid: process.pid,
          task: scheduler.addTask(group, { behaviour: { kind: 'busy' } }),
        });
      }
      const rest = milli % 1000;
      if (rest > 0) {
        const runNs = (DUTY_PERIOD_NS * rest) / 1000;
        tasks.push({
          pid: process.pid,
          task: scheduler.addTask(group, {
            behaviour: { kind: 'periodic', runNs, sleepNs: DUTY_PERIOD_NS - runNs },
          }),
        });
      }
    }
    scheduler.advance(windowNs);
    for (const { pid, task } of tasks) {
      perPid.set(pid, (perPid.get(pid) ?? 0) + scheduler.taskRuntimeNs(task));
    }
    for (const [pid, runtimeNs] of perPid) perPid.set(pid, (runtimeNs / windowNs) * 1000);
    // A guest can use only the CPU the host gave its vCPUs: if that is less than what its own
    // scheduler handed out, everything in it runs that much slower (the rest is steal time).
    const used = [...perPid.values()].reduce((sum, milli) => sum + milli, 0);
    const scale =
      options.capacityMilli !== undefined && options.capacityMilli < used
        ? options.capacityMilli / used
        : 1;
    for (const [pid, milli] of perPid) perPid.set(pid, Math.floor(milli * scale));
    for (const [path, id] of groupIds) perGroup.set(path, scheduler.groupCpuStat(id));
  } finally {
    scheduler.dispose();
  }
  return { perPid, perGroup, windowNs };
}

/** Granted CPU per root-namespace PID, in thousandths of a core. */
export function cpuAllocation(
  kernel: DeepReadonly<Kernel>,
  options: AllocationOptions = {},
): Map<number, number> {
  return measureCpu(kernel, options).perPid;
}
