// The one scheduler interface the world, the views and the tests use. Two backends
// implement it and agree bit for bit: the Rust crate built to WebAssembly (wasm/) and its
// TypeScript twin (cfs.ts). Times are integer nanoseconds; ids are small integers.

export type SchedulerBackendName = 'wasm' | 'ts';
export type GroupId = number;
export type TaskId = number;

/** The root cgroup: always present, holds tasks that belong to no container. */
export const ROOT_GROUP: GroupId = 0;

/** What a task does with the CPU. */
export type TaskBehaviour =
  | { kind: 'busy' }
  /** Runs `runNs` of CPU time, then sleeps `sleepNs` of wall time, forever. */
  | { kind: 'periodic'; runNs: number; sleepNs: number }
  /** Short bursts around `burstNs` and waits around `waitNs` (uniform, 0.5x..1.5x). */
  | { kind: 'io'; burstNs: number; waitNs: number }
  /** Runs `runNs` of CPU time, then exits. */
  | { kind: 'exiting'; runNs: number };

export interface TaskOptions {
  nice?: number;
  behaviour?: TaskBehaviour;
}

export interface BandwidthOptions {
  /** CPU time per period; null = unlimited ("max"). */
  quotaNs: number | null;
  periodNs?: number;
  burstNs?: number;
}

export type TaskState = 'runnable' | 'sleeping' | 'exited' | 'gone';

/** The cgroup's cpu.stat, in the kernel's own counters. */
export interface CpuStat {
  usageNs: number;
  usageUsec: number;
  nrPeriods: number;
  nrThrottled: number;
  throttledNs: number;
  throttledUsec: number;
  nrBursts: number;
  burstNs: number;
}

/** One context switch on one CPU: from `timeNs` on, `task` runs there (null: idle). */
export interface TimelineSwitch {
  timeNs: number;
  cpu: number;
  task: TaskId | null;
}

export interface SchedulerOptions {
  cpus: number;
  /** Scheduler tick (1 / CONFIG_HZ). Default 4 ms, HZ=250 as Debian and Ubuntu build it. */
  tickNs?: number;
  /** Seeds the I/O-bound tasks' burst lengths. */
  seed?: number;
}

export interface CpuScheduler {
  readonly backend: SchedulerBackendName;
  readonly cpuCount: number;
  readonly tickNs: number;
  /** sched_latency and min_granularity after scaling by 1 + log2(min(cpus, 8)). */
  readonly latencyNs: number;
  readonly minGranularityNs: number;

  /** Adds a cgroup under `parent` with kernel shares (v1 cpu.shares; see cgroup-weight.ts for v2). */
  addGroup(parent: GroupId, shares: number): GroupId;
  /** Removes an empty cgroup; false if it still has tasks or children. */
  removeGroup(group: GroupId): boolean;
  setGroupShares(group: GroupId, shares: number): void;
  setGroupBandwidth(group: GroupId, bandwidth: BandwidthOptions): void;
  /** cpuset.cpus: the CPUs the group's tasks may run on. */
  setGroupCpus(group: GroupId, cpus: readonly number[]): void;

  addTask(group: GroupId, options?: TaskOptions): TaskId;
  /** Makes room for this many more tasks and groups at once (a hint; saves memory). */
  reserve(tasks: number, groups: number): void;
  removeTask(task: TaskId): boolean;
  /** Takes a task off the CPUs until unparked (a halted vCPU thread); false if it cannot. */
  parkTask(task: TaskId): boolean;
  unparkTask(task: TaskId): boolean;
  /**
   * Guest schedulers only: during the next advance() CPU `cpu` runs for at most `ns` (the
   * time the host ran its vCPU); for the rest it is stopped, and time it had work counts as
   * steal. Budgets reset after each advance().
   */
  setCpuBudget(cpu: number, ns: number): void;
  /** Time this (guest) CPU had work but its vCPU was not running: steal time. */
  cpuStealNs(cpu: number): number;

  advance(ns: number): void;
  nowNs(): number;

  taskRuntimeNs(task: TaskId): number;
  taskVruntime(task: TaskId): number;
  taskCpu(task: TaskId): number;
  taskState(task: TaskId): TaskState;
  groupCpuStat(group: GroupId): CpuStat;
  /** The task running on `cpu` now, or null when it is idle. */
  cpuCurrent(cpu: number): TaskId | null;
  cpuBusyNs(cpu: number): number;

  /** Starts recording context switches, keeping at most `capacity` until drained. */
  enableTimeline(capacity: number): void;
  /** Returns the switches recorded since the last drain and forgets them. */
  drainTimeline(): TimelineSwitch[];

  /** Events so far: ticks, reschedules, wake-ups, sleeps, throttles, refills, switches, migrations. */
  eventCount(): number;
  /** FNV-1a over every event: equal in both backends for the same calls. */
  traceHash(): number;

  dispose(): void;
}

export const DEFAULT_TICK_NS = 4_000_000;
export const DEFAULT_PERIOD_NS = 100_000_000;

const KINDS = { busy: 0, periodic: 1, io: 2, exiting: 3 } as const;

/** The behaviour as the backends' (kind, runNs, sleepNs) triple. */
export function behaviourCode(b: TaskBehaviour): [number, number, number] {
  switch (b.kind) {
    case 'busy':
      return [KINDS.busy, 0, 0];
    case 'periodic':
      return [KINDS.periodic, b.runNs, b.sleepNs];
    case 'io':
      return [KINDS.io, b.burstNs, b.waitNs];
    case 'exiting':
      return [KINDS.exiting, b.runNs, 0];
  }
}

export const TASK_STATES: readonly TaskState[] = ['runnable', 'sleeping', 'exited', 'gone'];

export function cpusToMask(cpus: readonly number[], cpuCount: number): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const c of cpus) {
    if (!Number.isInteger(c) || c < 0 || c >= cpuCount) throw new RangeError(`no CPU ${c}`);
    if (c < 32) lo = (lo | (1 << c)) >>> 0;
    else hi = (hi | (1 << (c - 32))) >>> 0;
  }
  if (lo === 0 && hi === 0) throw new RangeError('a cpuset needs at least one CPU');
  return [lo, hi];
}

export function cpuStatFrom(usageNs: number, counters: readonly number[]): CpuStat {
  const [nrPeriods = 0, nrThrottled = 0, throttledNs = 0, nrBursts = 0, burstNs = 0] = counters;
  return {
    usageNs,
    usageUsec: Math.floor(usageNs / 1000),
    nrPeriods,
    nrThrottled,
    throttledNs,
    throttledUsec: Math.floor(throttledNs / 1000),
    nrBursts,
    burstNs,
  };
}

export function checkTime(name: string, ns: number): void {
  if (!Number.isSafeInteger(ns) || ns < 0)
    throw new RangeError(`${name} must be a whole number of ns`);
}
