// The TypeScript backend: CfsScheduler behind the CpuScheduler interface.
import { CfsScheduler, NONE } from './cfs.ts';
import {
  DEFAULT_PERIOD_NS,
  DEFAULT_TICK_NS,
  TASK_STATES,
  behaviourCode,
  checkTime,
  cpuStatFrom,
  cpusToMask,
  type BandwidthOptions,
  type CpuScheduler,
  type CpuStat,
  type GroupId,
  type SchedulerOptions,
  type TaskId,
  type TaskOptions,
  type TaskState,
  type TimelineSwitch,
} from './cpu-scheduler.ts';

export class TsCpuScheduler implements CpuScheduler {
  readonly backend = 'ts' as const;
  readonly cpuCount: number;
  readonly tickNs: number;
  readonly latencyNs: number;
  readonly minGranularityNs: number;
  private readonly core: CfsScheduler;

  constructor(options: SchedulerOptions) {
    const tickNs = options.tickNs ?? DEFAULT_TICK_NS;
    checkTime('tickNs', tickNs);
    this.core = new CfsScheduler(options.cpus, tickNs, (options.seed ?? 1) >>> 0);
    this.cpuCount = options.cpus;
    this.tickNs = tickNs;
    this.latencyNs = this.core.latencyNs;
    this.minGranularityNs = this.core.minGranularityNs;
  }

  /** The model itself, for tests that look inside. */
  get model(): CfsScheduler {
    return this.core;
  }

  addGroup(parent: GroupId, shares: number): GroupId {
    return this.core.groupAdd(parent, shares);
  }

  removeGroup(group: GroupId): boolean {
    return this.core.groupRemove(group);
  }

  setGroupShares(group: GroupId, shares: number): void {
    this.core.groupSetShares(group, shares);
  }

  setGroupBandwidth(group: GroupId, b: BandwidthOptions): void {
    const period = b.periodNs ?? DEFAULT_PERIOD_NS;
    const burst = b.burstNs ?? 0;
    checkTime('periodNs', period);
    checkTime('burstNs', burst);
    if (b.quotaNs !== null) checkTime('quotaNs', b.quotaNs);
    this.core.groupSetBandwidth(group, b.quotaNs ?? -1, period, burst);
  }

  setGroupCpus(group: GroupId, cpus: readonly number[]): void {
    const [lo, hi] = cpusToMask(cpus, this.cpuCount);
    this.core.groupSetCpumask(group, lo, hi);
  }

  addTask(group: GroupId, options: TaskOptions = {}): TaskId {
    const [kind, run, sleep] = behaviourCode(options.behaviour ?? { kind: 'busy' });
    checkTime('runNs', run);
    checkTime('sleepNs', sleep);
    return this.core.taskAdd(group, options.nice ?? 0, kind, run, sleep);
  }

  reserve(_tasks: number, _groups: number): void {}

  parkTask(task: TaskId): boolean {
    return this.core.taskPark(task);
  }

  unparkTask(task: TaskId): boolean {
    return this.core.taskUnpark(task);
  }

  setCpuBudget(cpu: number, ns: number): void {
    checkTime('budget', ns);
    this.core.setCpuBudget(cpu, ns);
  }

  cpuStealNs(cpu: number): number {
    return this.core.cpus[cpu]!.stealNs;
  }

  removeTask(task: TaskId): boolean {
    return this.core.taskRemove(task);
  }

  advance(ns: number): void {
    checkTime('advance', ns);
    this.core.advance(ns);
  }

  nowNs(): number {
    return this.core.now;
  }

  taskRuntimeNs(task: TaskId): number {
    return this.core.taskRuntime(task);
  }

  taskVruntime(task: TaskId): number {
    return this.core.taskVruntime(task);
  }

  taskCpu(task: TaskId): number {
    return this.core.ents[task]!.cpu;
  }

  taskState(task: TaskId): TaskState {
    return TASK_STATES[this.core.ents[task]?.state ?? 3]!;
  }

  groupCpuStat(group: GroupId): CpuStat {
    const g = this.core.groups[group]!;
    return cpuStatFrom(this.core.groupUsage(group), [
      g.nrPeriods,
      g.nrThrottled,
      g.throttledTime,
      g.nrBursts,
      g.burstTime,
    ]);
  }

  cpuCurrent(cpu: number): TaskId | null {
    const t = this.core.cpus[cpu]!.curr;
    return t === NONE ? null : t;
  }

  cpuBusyNs(cpu: number): number {
    return this.core.cpus[cpu]!.busyNs;
  }

  enableTimeline(capacity: number): void {
    this.core.timelineEnable(capacity);
  }

  drainTimeline(): TimelineSwitch[] {
    const raw = this.core.timeline;
    const out: TimelineSwitch[] = [];
    for (let i = 0; i < raw.length; i += 3) {
      const task = raw[i + 2]!;
      out.push({ timeNs: raw[i]!, cpu: raw[i + 1]!, task: task === NONE ? null : task });
    }
    raw.length = 0;
    return out;
  }

  eventCount(): number {
    return this.core.events;
  }

  traceHash(): number {
    return this.core.hash;
  }

  dispose(): void {}
}
