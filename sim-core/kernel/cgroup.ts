// Control groups: what a group of processes may use. One model of the limits serves both
// interfaces the kernel offers: v2, the unified hierarchy (cpu.weight, cpu.max, memory.max,
// pids.max, io.weight), and v1, one hierarchy per controller (memory/memory.limit_in_bytes,
// cpu/cpu.shares, cpu/cpu.cfs_quota_us, ...). Which one a host mounts is its init system's
// choice (systemd.unified_cgroup_hierarchy); runc writes whichever files are there. Usage is
// charged to the group and every ancestor, as the kernel's hierarchical accounting does.

import type { DeepReadonly } from '../world/world.ts';

export const CGROUP_ROOT = '/';

/** cgroup v2 defaults (Documentation/admin-guide/cgroup-v2.rst). */
export const DEFAULT_CPU_WEIGHT = 100;
export const DEFAULT_CPU_PERIOD_US = 100_000;
export const DEFAULT_IO_WEIGHT = 100;
/** cgroup v1 defaults (Documentation/admin-guide/cgroup-v1/): cpu.shares and blkio.weight. */
export const DEFAULT_CPU_SHARES_V1 = 1024;
export const DEFAULT_BLKIO_WEIGHT_V1 = 500;
/**
 * What v1's memory.limit_in_bytes reads when unlimited: PAGE_COUNTER_MAX pages of 4 KiB,
 * LONG_MAX rounded down to a page (mm/memcontrol.c), as text since it is past 2^53.
 */
export const V1_UNLIMITED_MEMORY = '9223372036854771712';

export type CgroupVersion = 1 | 2;

export interface Cgroup {
  path: string;
  parentPath: string | null;
  /** weight is v2's cpu.weight; shares is v1's cpu.shares, null until a v1 write sets it. */
  cpu: { weight: number; shares: number | null; quotaUs: number | null; periodUs: number };
  /** cpuset.cpus as written ("0-1", "3"); empty: every CPU of the parent. */
  cpuset: { cpus: string };
  memory: {
    maxBytes: number | null;
    /** v1's memory.memsw.limit_in_bytes: memory plus swap. */
    memswMaxBytes: number | null;
    /** v2's memory.swap.max: swap alone. */
    swapMaxBytes: number | null;
    currentBytes: number;
    peakBytes: number;
    /** memory.events: times the limit was hit, and OOM kills inside the group. */
    oomEvents: number;
    oomKillEvents: number;
  };
  pids: { max: number | null; current: number };
  /** weight is v2's io.weight; blkioWeight is v1's blkio.weight, null until written. */
  io: { weight: number; blkioWeight: number | null };
  /** cpu.stat, accumulated by the scheduler as simulated time passes. */
  cpuStat: { usageNs: number; nrPeriods: number; nrThrottled: number; throttledNs: number };
  /** Root-namespace PIDs of the member processes, in the order they joined. */
  procs: number[];
}

export function newCgroup(path: string, parentPath: string | null): Cgroup {
  return {
    path,
    parentPath,
    cpu: {
      weight: DEFAULT_CPU_WEIGHT,
      shares: null,
      quotaUs: null,
      periodUs: DEFAULT_CPU_PERIOD_US,
    },
    cpuset: { cpus: '' },
    memory: {
      maxBytes: null,
      memswMaxBytes: null,
      swapMaxBytes: null,
      currentBytes: 0,
      peakBytes: 0,
      oomEvents: 0,
      oomKillEvents: 0,
    },
    pids: { max: null, current: 0 },
    io: { weight: DEFAULT_IO_WEIGHT, blkioWeight: null },
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

/** "0-N": every CPU of a kernel with `cpuCount` of them, in cpuset list syntax. */
export function allCpus(cpuCount: number): string {
  return cpuCount <= 1 ? '0' : `0-${cpuCount - 1}`;
}

/** cgroup v2 files, as `cat` inside /sys/fs/cgroup would print them. */
export function cgroupFiles(group: DeepReadonly<Cgroup>, cpuCount = 1): Record<string, string> {
  const max = (value: number | null) => (value === null ? 'max' : String(value));
  return {
    'cpu.weight': String(group.cpu.weight),
    'cpu.max': `${max(group.cpu.quotaUs)} ${group.cpu.periodUs}`,
    'cpuset.cpus': group.cpuset.cpus,
    'cpuset.cpus.effective': group.cpuset.cpus || allCpus(cpuCount),
    'memory.max': max(group.memory.maxBytes),
    'memory.swap.max': max(group.memory.swapMaxBytes),
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

/** The v1 controllers a host mounts, in the order of their hierarchy IDs in /proc/PID/cgroup. */
export const V1_HIERARCHIES = [
  'cpu',
  'cpuacct',
  'cpuset',
  'memory',
  'devices',
  'freezer',
  'blkio',
  'pids',
  'name=systemd',
] as const;

/**
 * cgroup v1 files, keyed "controller/file" as they sit under /sys/fs/cgroup (one directory per
 * hierarchy). Limits in v1's own units: -1 for no CFS quota, the page-rounded LONG_MAX for no
 * memory limit, shares as written.
 */
export function cgroupFilesV1(group: DeepReadonly<Cgroup>, cpuCount = 1): Record<string, string> {
  const memory = group.memory;
  const unlimited = (value: number | null) =>
    value === null ? V1_UNLIMITED_MEMORY : String(value);
  const usageNs = group.cpuStat.usageNs;
  return {
    'memory/memory.limit_in_bytes': unlimited(memory.maxBytes),
    'memory/memory.memsw.limit_in_bytes': unlimited(memory.memswMaxBytes),
    'memory/memory.usage_in_bytes': String(memory.currentBytes),
    'memory/memory.max_usage_in_bytes': String(memory.peakBytes),
    'memory/memory.failcnt': String(memory.oomEvents),
    'memory/memory.oom_control': `oom_kill_disable 0\nunder_oom 0\noom_kill ${memory.oomKillEvents}`,
    'memory/cgroup.procs': group.procs.join('\n'),
    'cpu/cpu.shares': String(group.cpu.shares ?? DEFAULT_CPU_SHARES_V1),
    'cpu/cpu.cfs_quota_us': group.cpu.quotaUs === null ? '-1' : String(group.cpu.quotaUs),
    'cpu/cpu.cfs_period_us': String(group.cpu.periodUs),
    'cpu/cpu.stat': [
      `nr_periods ${group.cpuStat.nrPeriods}`,
      `nr_throttled ${group.cpuStat.nrThrottled}`,
      `throttled_time ${group.cpuStat.throttledNs}`,
    ].join('\n'),
    'cpu/cgroup.procs': group.procs.join('\n'),
    'cpuacct/cpuacct.usage': String(usageNs),
    'cpuset/cpuset.cpus': group.cpuset.cpus || allCpus(cpuCount),
    'cpuset/cpuset.mems': '0',
    'pids/pids.max': group.pids.max === null ? 'max' : String(group.pids.max),
    'pids/pids.current': String(group.pids.current),
    'blkio/blkio.weight': String(group.io.blkioWeight ?? DEFAULT_BLKIO_WEIGHT_V1),
  };
}

/** The group's files in the interface the kernel mounts. */
export function cgroupFilesFor(
  version: CgroupVersion,
  group: DeepReadonly<Cgroup>,
  cpuCount: number,
): Record<string, string> {
  return version === 1 ? cgroupFilesV1(group, cpuCount) : cgroupFiles(group, cpuCount);
}

/** The writable limit files and how each is parsed; anything else is read-only. */
export const WRITABLE_CGROUP_FILES = [
  // v2
  'cpu.weight',
  'cpu.max',
  'memory.max',
  'memory.swap.max',
  'pids.max',
  'io.weight',
  'cpuset.cpus',
  // v1 (pids.max and cpuset.cpus have the same names there)
  'memory.limit_in_bytes',
  'memory.memsw.limit_in_bytes',
  'cpu.shares',
  'cpu.cfs_quota_us',
  'cpu.cfs_period_us',
  'blkio.weight',
] as const;
export type WritableCgroupFile = (typeof WRITABLE_CGROUP_FILES)[number];
