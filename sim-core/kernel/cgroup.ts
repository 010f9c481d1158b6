// Control groups (v2, the unified hierarchy): what a group of processes may use. Limits are the
// files runc writes (cpu.weight, cpu.max, memory.max, pids.max, io.weight); usage is charged to
// the group and every ancestor, as the kernel's hierarchical accounting does.

import type { DeepReadonly } from '../world/world.ts';

export const CGROUP_ROOT = '/';

/** cgroup v2 defaults (Documentation/admin-guide/cgroup-v2.rst). */
export const DEFAULT_CPU_WEIGHT = 100;
export const DEFAULT_CPU_PERIOD_US = 100_000;
export const DEFAULT_IO_WEIGHT = 100;

export interface Cgroup {
  path: string;
  parentPath: string | null;
  cpu: { weight: number; quotaUs: number | null; periodUs: number };
  memory: {
    maxBytes: number | null;
    currentBytes: number;
    peakBytes: number;
    /** memory.events: times the limit was hit, and OOM kills inside the group. */
    oomEvents: number;
    oomKillEvents: number;
  };
  pids: { max: number | null; current: number };
  io: { weight: number };
  /** cpu.stat, accumulated by the scheduler as simulated time passes. */
  cpuStat: { usageNs: number; nrPeriods: number; nrThrottled: number; throttledNs: number };
  /** Root-namespace PIDs of the member processes, in the order they joined. */
  procs: number[];
}

export function newCgroup(path: string, parentPath: string | null): Cgroup {
  return {
    path,
    parentPath,
    cpu: { weight: DEFAULT_CPU_WEIGHT, quotaUs: null, periodUs: DEFAULT_CPU_PERIOD_US },
    memory: { maxBytes: null, currentBytes: 0, peakBytes: 0, oomEvents: 0, oomKillEvents: 0 },
    pids: { max: null, current: 0 },
    io: { weight: DEFAULT_IO_WEIGHT },
    cpuStat: { usageNs: 0, nrPeriods: 0, nrThrottled: 0, throttledNs: 0 },
    procs: [],
  };
}

/** The parent path of a cgroup path: "/docker/abc" -> "/docker", "/docker" -> "/". */
export function parentCgroupPath(path: string): string | null {
  if (path === CGROUP_ROOT) return null;
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? CGROUP_ROOT : path.slice(0, cut);
}

/** The group and its ancestors, innermost first. */
export function cgroupChain<G extends DeepReadonly<Cgroup>>(
  cgroups: Readonly<Record<string, G>>,
  path: string,
): G[] {
  const chain: G[] = [];
  for (let at: string | null = path; at !== null; at = cgroups[at]?.parentPath ?? null) {
    const group = cgroups[at];
    if (!group) break;
    chain.push(group);
  }
  return chain;
}

/** The innermost group in the chain whose memory.max would be exceeded by `extraBytes`. */
export function memoryLimitHit(
  cgroups: Readonly<Record<string, DeepReadonly<Cgroup>>>,
  path: string,
  extraBytes: number,
): DeepReadonly<Cgroup> | null {
  for (const group of cgroupChain(cgroups, path)) {
    const max = group.memory.maxBytes;
    if (max !== null && group.memory.currentBytes + extraBytes > max) return group;
  }
  return null;
}

/** The innermost group whose pids.max forbids one more task. */
export function pidsLimitHit(
  cgroups: Readonly<Record<string, DeepReadonly<Cgroup>>>,
  path: string,
): DeepReadonly<Cgroup> | null {
  for (const group of cgroupChain(cgroups, path)) {
    if (group.pids.max !== null && group.pids.current + 1 > group.pids.max) return group;
  }
  return null;
}

/** cgroup v2 files, as `cat` inside /sys/fs/cgroup would print them. */
export function cgroupFiles(group: DeepReadonly<Cgroup>): Record<string, string> {
  const max = (value: number | null) => (value === null ? 'max' : String(value));
  return {
    'cpu.weight': String(group.cpu.weight),
    'cpu.max': `${max(group.cpu.quotaUs)} ${group.cpu.periodUs}`,
    'memory.max': max(group.memory.maxBytes),
    'memory.current': String(group.memory.currentBytes),
    'memory.peak': String(group.memory.peakBytes),
    'memory.events': `oom ${group.memory.oomEvents}\noom_kill ${group.memory.oomKillEvents}`,
    'pids.max': max(group.pids.max),
    'pids.current': String(group.pids.current),
    'io.weight': `default ${group.io.weight}`,
    'cpu.stat': [
      `usage_usec ${Math.floor(group.cpuStat.usageNs / 1000)}`,
      `user_usec ${Math.floor(group.cpuStat.usageNs / 1000)}`,
      'system_usec 0',
      `nr_periods ${group.cpuStat.nrPeriods}`,
      `nr_throttled ${group.cpuStat.nrThrottled}`,
      `throttled_usec ${Math.floor(group.cpuStat.throttledNs / 1000)}`,
    ].join('\n'),
    'cgroup.procs': group.procs.join('\n'),
  };
}

/** The writable limit files and how each is parsed; anything else is read-only. */
export const WRITABLE_CGROUP_FILES = [
  'cpu.weight',
  'cpu.max',
  'memory.max',
  'pids.max',
  'io.weight',
] as const;
export type WritableCgroupFile = (typeof WRITABLE_CGROUP_FILES)[number];
