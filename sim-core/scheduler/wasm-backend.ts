// The WebAssembly backend: the Rust crate's C-ABI exports behind the CpuScheduler
// interface. 64-bit values cross as BigInt; every one stays below 2^53 and comes back
// as a plain number.
import type { SchedulerExports } from '../../wasm/pkg/hypervisual_scheduler.js';
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
import { niceIndex } from './weights.ts';

const NONE = 0xffff_ffff;

export type { SchedulerExports };

export class WasmCpuScheduler implements CpuScheduler {
  readonly backend = 'wasm' as const;
  readonly cpuCount: number;
  readonly tickNs: number;
  readonly latencyNs: number;
  readonly minGranularityNs: number;
  private readonly handle: number;
  private disposed = false;

  constructor(
    private readonly wasm: SchedulerExports,
    options: SchedulerOptions,
  ) {
    const tickNs = options.tickNs ?? DEFAULT_TICK_NS;
    checkTime('tickNs', tickNs);
    if (!Number.isInteger(options.cpus) || options.cpus < 1 || options.cpus > 64) {
      throw new RangeError('1..64 CPUs');
    }
    if (tickNs <= 0) throw new RangeError('tick must be positive');
    this.cpuCount = options.cpus;
    this.tickNs = tickNs;
    this.handle = wasm.sched_new(options.cpus, BigInt(tickNs), (options.seed ?? 1) >>> 0);
    this.latencyNs = Number(wasm.sched_latency_ns(this.handle));
    this.minGranularityNs = Number(wasm.sched_min_granularity_ns(this.handle));
  }

  addGroup(parent: GroupId, shares: number): GroupId {
    return this.wasm.group_add(this.handle, parent, BigInt(shares));
  }

  removeGroup(group: GroupId): boolean {
    return this.wasm.group_remove(this.handle, group) === 1;
  }

  setGroupShares(group: GroupId, shares: number): void {
    this.wasm.group_set_shares(this.handle, group, BigInt(shares));
  }

  setGroupBandwidth(group: GroupId, b: BandwidthOptions): void {
    const period = b.periodNs ?? DEFAULT_PERIOD_NS;
    const burst = b.burstNs ?? 0;
    checkTime('periodNs', period);
    checkTime('burstNs', burst);
    if (b.quotaNs !== null) checkTime('quotaNs', b.quotaNs);
    if (period < 1_000_000) throw new RangeError('period below 1 ms');
    if (b.quotaNs !== null && b.quotaNs < 1_000_000) throw new RangeError('quota below 1 ms');
    const quota = b.quotaNs === null ? -1n : BigInt(b.quotaNs);
    this.wasm.group_set_bandwidth(this.handle, group, quota, BigInt(period), BigInt(burst));
  }

  setGroupCpus(group: GroupId, cpus: readonly number[]): void {
    const [lo, hi] = cpusToMask(cpus, this.cpuCount);
    this.wasm.group_set_cpumask(this.handle, group, (BigInt(hi) << 32n) | BigInt(lo));
  }

  addTask(group: GroupId, options: TaskOptions = {}): TaskId {
    const [kind, run, sleep] = behaviourCode(options.behaviour ?? { kind: 'busy' });
    checkTime('runNs', run);
    checkTime('sleepNs', sleep);
    const nice = options.nice ?? 0;
    niceIndex(nice);
    if (kind !== 0 && run <= 0) throw new RangeError('a burst needs a length');
    return this.wasm.task_add(this.handle, group, nice, kind, BigInt(run), BigInt(sleep));
  }

  reserve(tasks: number, groups: number): void {
    this.wasm.sched_reserve(this.handle, tasks, groups);
  }

  parkTask(task: TaskId): boolean {
    return this.wasm.task_park(this.handle, task) === 1;
  }

  unparkTask(task: TaskId): boolean {
    return this.wasm.task_unpark(this.handle, task) === 1;
  }

  setCpuBudget(cpu: number, ns: number): void {
    checkTime('budget', ns);
    this.wasm.cpu_set_budget(this.handle, cpu, BigInt(ns));
  }

  cpuStealNs(cpu: number): number {
    return Number(this.wasm.cpu_steal_ns(this.handle, cpu));
  }

  removeTask(task: TaskId): boolean {
    return this.wasm.task_remove(this.handle, task) === 1;
  }

  advance(ns: number): void {
    checkTime('advance', ns);
    this.wasm.sched_advance(this.handle, BigInt(ns));
  }

  nowNs(): number {
    return Number(this.wasm.sched_now(this.handle));
  }

  taskRuntimeNs(task: TaskId): number {
    return Number(this.wasm.task_runtime(this.handle, task));
  }

  taskVruntime(task: TaskId): number {
    return Number(this.wasm.task_vruntime(this.handle, task));
  }

  taskCpu(task: TaskId): number {
    return this.wasm.task_cpu(this.handle, task);
  }

  taskState(task: TaskId): TaskState {
    return TASK_STATES[this.wasm.task_state(this.handle, task)] ?? 'gone';
  }

  groupCpuStat(group: GroupId): CpuStat {
    const counters = [0, 1, 2, 3, 4].map((which) =>
      Number(this.wasm.group_stat(this.handle, group, which)),
    );
    return cpuStatFrom(Number(this.wasm.group_usage(this.handle, group)), counters);
  }

  cpuCurrent(cpu: number): TaskId | null {
    const t = this.wasm.cpu_current(this.handle, cpu) >>> 0;
    return t === NONE ? null : t;
  }

  cpuBusyNs(cpu: number): number {
    return Number(this.wasm.cpu_busy_ns(this.handle, cpu));
  }

  enableTimeline(capacity: number): void {
    this.wasm.timeline_enable(this.handle, capacity);
  }

  drainTimeline(): TimelineSwitch[] {
    const n = this.wasm.timeline_len(this.handle);
    const out: TimelineSwitch[] = [];
    if (n > 0) {
      const words = new BigUint64Array(
        this.wasm.memory.buffer,
        this.wasm.timeline_ptr(this.handle),
        2 * n,
      );
      for (let i = 0; i < n; i++) {
        const packed = words[2 * i + 1]!;
        const task = Number(packed & 0xffff_ffffn);
        out.push({
          timeNs: Number(words[2 * i]!),
          cpu: Number(packed >> 32n),
          task: task === 0 ? null : task - 1,
        });
      }
    }
    this.wasm.timeline_clear(this.handle);
    return out;
  }

  eventCount(): number {
    return Number(this.wasm.sched_events(this.handle));
  }

  traceHash(): number {
    return this.wasm.sched_hash(this.handle) >>> 0;
  }

  /** Bytes of WebAssembly memory in use by every scheduler in this module instance. */
  memoryBytes(): number {
    return this.wasm.memory.buffer.byteLength;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.wasm.sched_free(this.handle);
  }
}
