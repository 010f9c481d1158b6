// How a kernel's CPUs are shared among the processes that want them, for `hv ps` and the views.
// Max-min fair water-filling over the cgroup tree: at each level the capacity is split by
// cpu.weight (processes in a group weigh the default 100 each), nobody gets more than it asks
// for or than its cpu.max quota, and what one leaves is shared by the rest. With no cgroups in
// the way (bare metal), a process with more busy threads simply takes more: the contention the
// course starts with. The tick-by-tick scheduler (sim-core/scheduler) refines this.
import { DEFAULT_CPU_WEIGHT, type Cgroup } from './cgroup.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import type { DeepReadonly } from '../world/world.ts';

interface Claimant {
  weight: number;
  demandMilli: number;
  capMilli: number;
  grant: (milli: number) => void;
}

/** Split `capacityMilli` among claimants by weight, capped by demand and cap (water-filling). */
export function waterFill(capacityMilli: number, claimants: Claimant[]): void {
  const wants = claimants.map((claimant) => Math.min(claimant.demandMilli, claimant.capMilli));
  const given = claimants.map(() => 0);
  let open = claimants.map((_, index) => index).filter((index) => wants[index]! > 0);
  let left = capacityMilli;
  while (open.length > 0 && left > 1e-9) {
    const totalWeight = open.reduce((sum, index) => sum + claimants[index]!.weight, 0);
    const saturated = open.filter(
      (index) => wants[index]! - given[index]! <= (left * claimants[index]!.weight) / totalWeight,
    );
    if (saturated.length === 0) {
      for (const index of open) given[index]! += (left * claimants[index]!.weight) / totalWeight;
      left = 0;
      break;
    }
    for (const index of saturated) {
      left -= wants[index]! - given[index]!;
      given[index] = wants[index]!;
    }
    open = open.filter((index) => !saturated.includes(index));
  }
  claimants.forEach((claimant, index) => claimant.grant(given[index]!));
}

function threadsOf(demandMilli: number): number {
  return Math.max(1, Math.ceil(demandMilli / 1000));
}

function quotaMilli(group: DeepReadonly<Cgroup>): number {
  return group.cpu.quotaUs === null ? Infinity : (group.cpu.quotaUs * 1000) / group.cpu.periodUs;
}

export interface AllocationOptions {
  /** CPU this kernel really has, when less than its CPU count (a guest whose vCPUs wait). */
  capacityMilli?: number;
  /** Demand to use instead of the stored one, per PID (vCPU threads follow their guest). */
  demandOverride?: ReadonlyMap<number, number>;
}

/** Granted CPU per root-namespace PID, in thousandths of a core (rounded down). */
export function cpuAllocation(
  kernel: DeepReadonly<Kernel>,
  options: AllocationOptions = {},
): Map<number, number> {
  const result = new Map<number, number>();
  const demand = (process: DeepReadonly<Process>) =>
    options.demandOverride?.get(process.pid) ?? process.cpuDemandMilli;
  const processes = Object.values(kernel.processes)
    .filter((process) => demand(process) > 0)
    .map((process) => ({
      pid: process.pid,
      cgroupPath: process.cgroupPath,
      cpuDemandMilli: demand(process),
    }));
  const capacity = options.capacityMilli ?? kernel.cpuCount * 1000;
  if (kernel.family !== 'linux') {
    waterFill(
      capacity,
      processes.map((process) => ({
        weight: DEFAULT_CPU_WEIGHT * threadsOf(process.cpuDemandMilli),
        demandMilli: process.cpuDemandMilli,
        capMilli: Infinity,
        grant: (milli) => result.set(process.pid, Math.floor(milli)),
      })),
    );
    return result;
  }
  const demandOf = new Map<string, number>();
  const groupDemand = (path: string): number => {
    const cached = demandOf.get(path);
    if (cached !== undefined) return cached;
    const group = kernel.cgroups[path]!;
    const own = processes
      .filter((process) => process.cgroupPath === path)
      .reduce((sum, process) => sum + process.cpuDemandMilli, 0);
    const children = childGroups(kernel, path).reduce(
      (sum, child) => sum + groupDemand(child.path),
      0,
    );
    const demand = Math.min(own + children, quotaMilli(group));
    demandOf.set(path, demand);
    return demand;
  };
  const share = (path: string, milli: number) => {
    const members: Claimant[] = processes
      .filter((process) => process.cgroupPath === path)
      .map((process) => ({
        // Each busy thread is one scheduling entity of default weight, so an app with more
        // threads takes more: there is no boundary around a process, only around a cgroup.
        weight: DEFAULT_CPU_WEIGHT * threadsOf(process.cpuDemandMilli),
        demandMilli: process.cpuDemandMilli,
        capMilli: 1000 * threadsOf(process.cpuDemandMilli),
        grant: (granted) => result.set(process.pid, Math.floor(granted)),
      }));
    for (const child of childGroups(kernel, path)) {
      members.push({
        weight: child.cpu.weight,
        demandMilli: groupDemand(child.path),
        capMilli: quotaMilli(child),
        grant: (granted) => share(child.path, granted),
      });
    }
    waterFill(milli, members);
  };
  share('/', Math.min(capacity, quotaMilli(kernel.cgroups['/']!)));
  return result;
}

function childGroups(kernel: DeepReadonly<Kernel>, path: string): DeepReadonly<Cgroup>[] {
  return Object.values(kernel.cgroups).filter((group) => group.parentPath === path);
}
