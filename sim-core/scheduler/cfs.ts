// Linux CFS over a cgroup tree with bandwidth control: the TypeScript twin of
// wasm/src/sched.rs. It must agree with the Rust build bit for bit (the differential test
// in test/scheduler/ checks it), so it follows sched.rs statement by statement: change
// one, change the other. See README.md in this folder for the model and its limits.
import {
  MAX_SHARES,
  MIN_SHARES,
  NICE_0_LOAD,
  PRIO_TO_WEIGHT,
  PRIO_TO_WMULT,
  calcDelta,
  invWeight,
  niceIndex,
} from './weights.ts';

export const NONE = 0xffff_ffff;
const INF_NS = Infinity;

export const EV_TICK = 1;
export const EV_RESCHED = 2;
export const EV_WAKE = 3;
export const EV_SLEEP = 4;
export const EV_THROTTLE = 5;
export const EV_UNTHROTTLE = 6;
export const EV_REFILL = 7;
export const EV_SWITCH = 8;
export const EV_MIGRATE = 9;
export const EV_EXIT = 10;
export const EV_NEW = 11;

export const KIND_BUSY = 0;
export const KIND_PERIODIC = 1;
export const KIND_IO = 2;
export const KIND_EXITING = 3;

export const STATE_RUNNABLE = 0;
export const STATE_SLEEPING = 1;
export const STATE_EXITED = 2;
export const STATE_FREE = 3;

const ENQUEUE_WAKEUP = 1;
const DEQUEUE_SLEEP = 1;

const BASE_LATENCY_NS = 6_000_000;
const BASE_MIN_GRANULARITY_NS = 750_000;
const BASE_WAKEUP_GRANULARITY_NS = 1_000_000;
const NR_LATENCY = 8;
const BANDWIDTH_SLICE_NS = 5_000_000;
const BALANCE_TICKS = 4;
const BALANCE_SCAN = 32;
const TWO_POW_32 = 4_294_967_296;

/** A scheduling entity: a task, or a group's representative on one CPU. */
export class Entity {
  vruntime = 0;
  sumExec = 0;
  prevSumExec = 0;
  execStart = 0;
  weight = NICE_0_LOAD;
  inv = invWeight(NICE_0_LOAD);
  onRq = false;
  parentRq = NONE;
  myRq = NONE;
  heapPos = NONE;
  depth = 0;
  group = NONE;
  cpu = NONE;
  kind = KIND_BUSY;
  state = STATE_FREE;
  runNs = 0;
  sleepNs = 0;
  burstLeft = 0;
  wakeAt = 0;
  timerPos = NONE;
  rng = 0;
  next = NONE;
  prev = NONE;
}

export class Rq {
  load = 0;
  nrRunning = 0;
  hNrRunning = 0;
  minVruntime = 0;
  curr = NONE;
  heap: number[] = [];
  runtimeEnabled = false;
  runtimeRemaining = 0;
  throttled = false;
  throttledClock = 0;
  constructor(
    public group: number,
    public cpu: number,
    public se: number,
  ) {}
}

export class Group {
  alive = true;
  loadSum = 0;
  nrTasks = 0;
  nrChildren = 0;
  quota = -1;
  period = 100_000_000;
  burst = 0;
  runtime = 0;
  runtimeSnap = 0;
  timerActive = false;
  timerExpiry = 0;
  idle = false;
  nrPeriods = 0;
  nrThrottled = 0;
  throttledTime = 0;
  nrBursts = 0;
  burstTime = 0;
  throttledRqs = 0;
  constructor(
    public parent: number,
    public depth: number,
    public shares: number,
    /** CPUs allowed, as the low and high 32 bits of a 64-bit mask. */
    public maskLo: number,
    public maskHi: number,
  ) {}
}

export class Cpu {
  curr = NONE;
  needResched = false;
  head = NONE;
  tail = NONE;
  timers: number[] = [];
  busyNs = 0;
  /** Guest CPUs only: how long this CPU may run during the current advance(). */
  budgetNs = INF_NS;
  /** Until when the CPU was stopped (its vCPU descheduled): events due earlier wait. */
  stalledUntil = 0;
  /** Time the CPU had work but could not run it: the guest's steal time. */
  stealNs = 0;
}

function fnv(h: number, w: number): number {
  return Math.imul(h ^ w, 16_777_619) >>> 0;
}

function maskHas(lo: number, hi: number, cpu: number): boolean {
  return cpu < 32 ? ((lo >>> cpu) & 1) === 1 : ((hi >>> (cpu - 32)) & 1) === 1;
}

export class CfsScheduler {
  readonly latencyNs: number;
  readonly minGranularityNs: number;
  readonly wakeupGranularityNs: number;
  now = 0;
  clock = 0;
  nextTick: number;
  ticks = 0;
  ents: Entity[] = [];
  freeEnts: number[] = [];
  rqs: Rq[] = [];
  groups: Group[] = [];
  freeGroups: number[] = [];
  cpus: Cpu[] = [];
  bandwidthGroups: number[] = [];
  events = 0;
  hash = 2_166_136_261;
  timeline: number[] = [];
  timelineCap = 0;
  timelineDropped = 0;

  constructor(
    readonly ncpus: number,
    readonly tickNs: number,
    readonly seed: number,
  ) {
    if (!Number.isInteger(ncpus) || ncpus < 1 || ncpus > 64) throw new RangeError('1..64 CPUs');
    if (!(tickNs > 0)) throw new RangeError('tick must be positive');
    const factor = 1 + (31 - Math.clz32(Math.min(ncpus, 8)));
    this.latencyNs = BASE_LATENCY_NS * factor;
    this.minGranularityNs = BASE_MIN_GRANULARITY_NS * factor;
    this.wakeupGranularityNs = BASE_WAKEUP_GRANULARITY_NS * factor;
    this.nextTick = tickNs;
    const [lo, hi] = this.allMask();
    this.groups.push(new Group(NONE, 0, NICE_0_LOAD, lo, hi));
    for (let c = 0; c < ncpus; c++) {
      this.rqs.push(new Rq(0, c, NONE));
      this.cpus.push(new Cpu());
    }
  }

  private allMask(): [number, number] {
    const n = this.ncpus;
    const lo = n >= 32 ? 0xffff_ffff : 2 ** n - 1;
    const hi = n >= 64 ? 0xffff_ffff : n > 32 ? 2 ** (n - 32) - 1 : 0;
    return [lo, hi];
  }

  // ---- events and trace ----

  private event(kind: number, cpu: number, id: number): void {
    this.events += 1;
    let h = fnv(this.hash, kind);
    h = fnv(h, cpu);
    h = fnv(h, id);
    h = fnv(h, this.clock >>> 0);
    h = fnv(h, Math.floor(this.clock / TWO_POW_32));
    this.hash = h;
  }

  private recordSwitch(cpu: number, task: number): void {
    if (this.timelineCap === 0) return;
    if (this.timeline.length >= 3 * this.timelineCap) {
      this.timelineDropped += 1;
      return;
    }
    this.timeline.push(this.clock, cpu, task);
  }

  // ---- allocation ----

  private allocEntity(): number {
    const id = this.freeEnts.pop();
    if (id !== undefined) {
      this.ents[id] = new Entity();
      return id;
    }
    this.ents.push(new Entity());
    return this.ents.length - 1;
  }

  private rqIndex(group: number, cpu: number): number {
    return group * this.ncpus + cpu;
  }

  private parentEntity(e: number): number {
    return this.rqs[this.ents[e]!.parentRq]!.se;
  }

  // ---- per-runqueue vruntime heap, ordered by (vruntime, id) ----

  private before(a: number, b: number): boolean {
    const va = this.ents[a]!.vruntime;
    const vb = this.ents[b]!.vruntime;
    return va < vb || (va === vb && a < b);
  }

  private heapUp(heap: number[], pos: number): void {
    const e = heap[pos]!;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = heap[parent]!;
      if (!this.before(e, p)) break;
      heap[pos] = p;
      this.ents[p]!.heapPos = pos;
      pos = parent;
    }
    heap[pos] = e;
    this.ents[e]!.heapPos = pos;
  }

  private heapDown(heap: number[], pos: number): void {
    const len = heap.length;
    const e = heap[pos]!;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= len) break;
      const r = l + 1;
      let c = l;
      const hl = heap[l]!;
      let hc = hl;
      if (r < len) {
        const hr = heap[r]!;
        if (this.before(hr, hl)) {
          c = r;
          hc = hr;
        }
      }
      if (!this.before(hc, e)) break;
      heap[pos] = hc;
      this.ents[hc]!.heapPos = pos;
      pos = c;
    }
    heap[pos] = e;
    this.ents[e]!.heapPos = pos;
  }

  private heapInsert(q: number, e: number): void {
    const heap = this.rqs[q]!.heap;
    heap.push(e);
    this.heapUp(heap, heap.length - 1);
  }

  private heapRemove(q: number, e: number): void {
    const heap = this.rqs[q]!.heap;
    const pos = this.ents[e]!.heapPos;
    if (pos === NONE) throw new Error('entity not queued');
    const last = heap.pop()!;
    this.ents[e]!.heapPos = NONE;
    if (last !== e) {
      heap[pos] = last;
      this.ents[last]!.heapPos = pos;
      this.heapDown(heap, pos);
      this.heapUp(heap, this.ents[last]!.heapPos);
    }
  }

  private leftmost(q: number): number {
    const heap = this.rqs[q]!.heap;
    return heap.length === 0 ? NONE : heap[0]!;
  }

  // ---- per-CPU sleep timers, ordered by (wake time, id) ----

  private timerBefore(a: number, b: number): boolean {
    const wa = this.ents[a]!.wakeAt;
    const wb = this.ents[b]!.wakeAt;
    return wa < wb || (wa === wb && a < b);
  }

  private timerUp(heap: number[], pos: number): void {
    const t = heap[pos]!;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = heap[parent]!;
      if (!this.timerBefore(t, p)) break;
      heap[pos] = p;
      this.ents[p]!.timerPos = pos;
      pos = parent;
    }
    heap[pos] = t;
    this.ents[t]!.timerPos = pos;
  }

  private timerDown(heap: number[], pos: number): void {
    const len = heap.length;
    const t = heap[pos]!;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= len) break;
      const r = l + 1;
      let ci = l;
      const tl = heap[l]!;
      let tc = tl;
      if (r < len) {
        const tr = heap[r]!;
        if (this.timerBefore(tr, tl)) {
          ci = r;
          tc = tr;
        }
      }
      if (!this.timerBefore(tc, t)) break;
      heap[pos] = tc;
      this.ents[tc]!.timerPos = pos;
      pos = ci;
    }
    heap[pos] = t;
    this.ents[t]!.timerPos = pos;
  }

  private timerInsert(c: number, t: number): void {
    const heap = this.cpus[c]!.timers;
    heap.push(t);
    this.timerUp(heap, heap.length - 1);
  }

  private timerRemove(c: number, t: number): void {
    const heap = this.cpus[c]!.timers;
    const pos = this.ents[t]!.timerPos;
    const last = heap.pop()!;
    this.ents[t]!.timerPos = NONE;
    if (last !== t) {
      heap[pos] = last;
      this.ents[last]!.timerPos = pos;
      this.timerDown(heap, pos);
      this.timerUp(heap, this.ents[last]!.timerPos);
    }
  }

  // ---- per-CPU list of runnable tasks ----

  private listPush(c: number, t: number): void {
    const cpu = this.cpus[c]!;
    const ent = this.ents[t]!;
    ent.prev = cpu.tail;
    ent.next = NONE;
    if (cpu.tail === NONE) cpu.head = t;
    else this.ents[cpu.tail]!.next = t;
    cpu.tail = t;
  }

  private listRemove(c: number, t: number): void {
    const cpu = this.cpus[c]!;
    const ent = this.ents[t]!;
    if (ent.prev === NONE) cpu.head = ent.next;
    else this.ents[ent.prev]!.next = ent.next;
    if (ent.next === NONE) cpu.tail = ent.prev;
    else this.ents[ent.next]!.prev = ent.prev;
    ent.next = NONE;
    ent.prev = NONE;
  }

  // ---- load and weights ----

  private loadAdd(q: number, w: number): void {
    const rq = this.rqs[q]!;
    rq.load += w;
    this.groups[rq.group]!.loadSum += w;
  }

  private loadSub(q: number, w: number): void {
    const rq = this.rqs[q]!;
    rq.load -= w;
    this.groups[rq.group]!.loadSum -= w;
  }

  private calcDeltaFair(delta: number, e: number): number {
    const ent = this.ents[e]!;
    return ent.weight !== NICE_0_LOAD ? calcDelta(delta, NICE_0_LOAD, ent.inv) : delta;
  }

  private schedPeriod(nr: number): number {
    return nr > NR_LATENCY ? nr * this.minGranularityNs : this.latencyNs;
  }

  private schedSlice(e: number): number {
    const cpu = this.rqs[this.ents[e]!.parentRq]!.cpu;
    const nr = this.rqs[cpu]!.hNrRunning;
    let slice = this.schedPeriod(nr + (this.ents[e]!.onRq ? 0 : 1));
    let s = e;
    while (s !== NONE) {
      const ent = this.ents[s]!;
      const q = this.rqs[ent.parentRq]!;
      let load = q.load;
      if (!ent.onRq) load += ent.weight;
      slice = calcDelta(slice, ent.weight, invWeight(load));
      s = q.se;
    }
    return Math.max(slice, this.minGranularityNs);
  }

  private placeEntity(q: number, e: number, initial: boolean): void {
    let v = this.rqs[q]!.minVruntime;
    if (initial) v += this.calcDeltaFair(this.schedSlice(e), e);
    else v -= Math.floor(this.latencyNs / 2);
    const ent = this.ents[e]!;
    if (v > ent.vruntime) ent.vruntime = v;
  }

  private updateMinVruntime(q: number): void {
    const rq = this.rqs[q]!;
    let curr = rq.curr;
    let v = rq.minVruntime;
    if (curr !== NONE) {
      if (this.ents[curr]!.onRq) v = this.ents[curr]!.vruntime;
      else curr = NONE;
    }
    const left = this.leftmost(q);
    if (left !== NONE) {
      const lv = this.ents[left]!.vruntime;
      if (curr === NONE || lv < v) v = lv;
    }
    if (v > rq.minVruntime) rq.minVruntime = v;
  }

  private updateCurr(q: number): void {
    const curr = this.rqs[q]!.curr;
    if (curr === NONE) return;
    const now = this.clock;
    const ent = this.ents[curr]!;
    if (now <= ent.execStart) return;
    const delta = now - ent.execStart;
    const dv = this.calcDeltaFair(delta, curr);
    ent.execStart = now;
    ent.sumExec += delta;
    ent.vruntime += dv;
    if (ent.myRq === NONE) {
      if (ent.kind !== KIND_BUSY) ent.burstLeft = Math.max(0, ent.burstLeft - delta);
      this.cpus[ent.cpu]!.busyNs += delta;
    }
    this.updateMinVruntime(q);
    this.accountCfsRqRuntime(q, delta);
  }

  private throttledHierarchy(q: number): boolean {
    for (;;) {
      const rq = this.rqs[q]!;
      if (rq.throttled) return true;
      if (rq.se === NONE) return false;
      q = this.ents[rq.se]!.parentRq;
    }
  }

  private calcGroupShares(grq: number): number {
    const rq = this.rqs[grq]!;
    const g = this.groups[rq.group]!;
    let shares = g.shares * rq.load;
    if (g.loadSum !== 0) shares = Math.floor(shares / g.loadSum);
    return Math.min(Math.max(shares, MIN_SHARES), g.shares);
  }

  private updateCfsGroup(e: number): void {
    const grq = this.ents[e]!.myRq;
    if (grq === NONE || this.throttledHierarchy(grq)) return;
    const shares = this.calcGroupShares(grq);
    if (this.ents[e]!.weight !== shares) this.reweightEntity(this.ents[e]!.parentRq, e, shares);
  }

  private reweightEntity(q: number, e: number, w: number): void {
    const ent = this.ents[e]!;
    if (ent.onRq) {
      if (this.rqs[q]!.curr === e) this.updateCurr(q);
      this.loadSub(q, ent.weight);
    }
    ent.weight = w;
    ent.inv = invWeight(w);
    if (ent.onRq) this.loadAdd(q, w);
  }

  // ---- bandwidth control ----

  private startBandwidth(g: number): void {
    const b = this.groups[g]!;
    if (b.timerActive) return;
    b.timerActive = true;
    const last = b.timerExpiry;
    const now = this.clock;
    const periods = now >= last ? Math.floor((now - last) / b.period) + 1 : 1;
    b.timerExpiry = last + periods * b.period;
  }

  private assignCfsRqRuntime(q: number, target: number): boolean {
    const rq = this.rqs[q]!;
    const g = rq.group;
    const minAmount = target - rq.runtimeRemaining;
    let amount = 0;
    if (this.groups[g]!.quota < 0) {
      amount = minAmount;
    } else {
      this.startBandwidth(g);
      const b = this.groups[g]!;
      if (b.runtime > 0) {
        amount = Math.min(b.runtime, minAmount);
        b.runtime -= amount;
        b.idle = false;
      }
    }
    rq.runtimeRemaining += amount;
    return rq.runtimeRemaining > 0;
  }

  private accountCfsRqRuntime(q: number, delta: number): void {
    const rq = this.rqs[q]!;
    if (!rq.runtimeEnabled) return;
    rq.runtimeRemaining -= delta;
    if (rq.runtimeRemaining > 0 || rq.throttled) return;
    if (!this.assignCfsRqRuntime(q, BANDWIDTH_SLICE_NS) && rq.curr !== NONE) {
      this.cpus[rq.cpu]!.needResched = true;
    }
  }

  private checkCfsRqRuntime(q: number): boolean {
    const rq = this.rqs[q]!;
    if (!rq.runtimeEnabled || rq.runtimeRemaining > 0) return false;
    if (rq.throttled) return true;
    return this.throttleCfsRq(q);
  }

  private checkEnqueueThrottle(q: number): void {
    const rq = this.rqs[q]!;
    if (!rq.runtimeEnabled || rq.curr !== NONE || rq.throttled) return;
    this.accountCfsRqRuntime(q, 0);
    if (rq.runtimeRemaining <= 0) this.throttleCfsRq(q);
  }

  private throttleCfsRq(q: number): boolean {
    if (this.assignCfsRqRuntime(q, 1)) return false;
    const rq = this.rqs[q]!;
    const g = rq.group;
    this.groups[g]!.throttledRqs += 1;
    const delta = rq.hNrRunning;
    let e = rq.se;
    let done = false;
    while (e !== NONE) {
      const pq = this.ents[e]!.parentRq;
      if (!this.ents[e]!.onRq) {
        done = true;
        break;
      }
      this.dequeueEntity(pq, e, DEQUEUE_SLEEP);
      const prq = this.rqs[pq]!;
      prq.hNrRunning -= delta;
      e = prq.se;
      if (prq.load !== 0) break;
    }
    if (!done) {
      while (e !== NONE) {
        const pq = this.ents[e]!.parentRq;
        if (!this.ents[e]!.onRq) break;
        this.rqs[pq]!.hNrRunning -= delta;
        e = this.rqs[pq]!.se;
      }
    }
    rq.throttled = true;
    rq.throttledClock = this.clock;
    this.event(EV_THROTTLE, rq.cpu, g);
    return true;
  }

  private unthrottleCfsRq(q: number): void {
    const rq = this.rqs[q]!;
    const g = rq.group;
    const cpu = rq.cpu;
    rq.throttled = false;
    this.groups[g]!.throttledTime += this.clock - rq.throttledClock;
    this.groups[g]!.throttledRqs -= 1;
    this.event(EV_UNTHROTTLE, cpu, g);
    if (rq.load !== 0) {
      const delta = rq.hNrRunning;
      let e = rq.se;
      let stopped = false;
      while (e !== NONE) {
        if (this.ents[e]!.onRq) break;
        const pq = this.ents[e]!.parentRq;
        this.enqueueEntity(pq, e, ENQUEUE_WAKEUP);
        this.rqs[pq]!.hNrRunning += delta;
        if (this.rqs[pq]!.throttled) {
          stopped = true;
          break;
        }
        e = this.rqs[pq]!.se;
      }
      if (!stopped) {
        while (e !== NONE) {
          const pq = this.ents[e]!.parentRq;
          this.rqs[pq]!.hNrRunning += delta;
          if (this.rqs[pq]!.throttled) break;
          e = this.rqs[pq]!.se;
        }
      }
    }
    if (this.cpus[cpu]!.curr === NONE && this.rqs[cpu]!.nrRunning > 0) {
      this.cpus[cpu]!.needResched = true;
    }
  }

  private refillRuntime(g: number): void {
    const b = this.groups[g]!;
    if (b.quota < 0) return;
    b.runtime += b.quota;
    const usedBurst = b.runtimeSnap - b.runtime;
    if (usedBurst > 0) {
      b.burstTime += usedBurst;
      b.nrBursts += 1;
    }
    const cap = b.quota + b.burst;
    if (b.runtime > cap) b.runtime = cap;
    b.runtimeSnap = b.runtime;
  }

  private distributeRuntime(g: number): void {
    for (let c = 0; c < this.ncpus; c++) {
      const q = this.rqIndex(g, c);
      const rq = this.rqs[q]!;
      if (!rq.throttled) continue;
      let give = -rq.runtimeRemaining + 1;
      const b = this.groups[g]!;
      if (give > b.runtime) give = b.runtime;
      b.runtime -= give;
      const remaining = b.runtime;
      rq.runtimeRemaining += give;
      if (rq.runtimeRemaining > 0) this.unthrottleCfsRq(q);
      if (remaining === 0) break;
    }
  }

  private periodTimer(g: number): void {
    const b = this.groups[g]!;
    if (b.quota < 0) {
      b.timerActive = false;
      return;
    }
    const throttled = b.throttledRqs > 0;
    b.nrPeriods += 1;
    this.refillRuntime(g);
    this.event(EV_REFILL, NONE, g);
    if (b.idle && !throttled) {
      b.timerActive = false;
      return;
    }
    b.timerExpiry += b.period;
    if (!throttled) {
      b.idle = true;
      return;
    }
    b.nrThrottled += 1;
    this.distributeRuntime(g);
    b.idle = false;
  }

  // ---- enqueue / dequeue ----

  private enqueueEntity(q: number, e: number, flags: number): void {
    const renorm = (flags & ENQUEUE_WAKEUP) === 0;
    const rq = this.rqs[q]!;
    const ent = this.ents[e]!;
    const isCurr = rq.curr === e;
    if (renorm && isCurr) ent.vruntime += rq.minVruntime;
    this.updateCurr(q);
    if (renorm && !isCurr) ent.vruntime += rq.minVruntime;
    this.updateCfsGroup(e);
    this.loadAdd(q, ent.weight);
    rq.nrRunning += 1;
    if ((flags & ENQUEUE_WAKEUP) !== 0) this.placeEntity(q, e, false);
    if (!isCurr) this.heapInsert(q, e);
    ent.onRq = true;
    if (rq.nrRunning === 1) this.checkEnqueueThrottle(q);
  }

  private dequeueEntity(q: number, e: number, flags: number): void {
    this.updateCurr(q);
    const rq = this.rqs[q]!;
    const ent = this.ents[e]!;
    if (rq.curr !== e) this.heapRemove(q, e);
    ent.onRq = false;
    this.loadSub(q, ent.weight);
    rq.nrRunning -= 1;
    if ((flags & DEQUEUE_SLEEP) === 0) ent.vruntime -= rq.minVruntime;
    this.updateCfsGroup(e);
    this.updateMinVruntime(q);
  }

  private enqueueTask(t: number, flags: number): void {
    let e = t;
    let fl = flags;
    while (e !== NONE) {
      if (this.ents[e]!.onRq) break;
      const q = this.ents[e]!.parentRq;
      this.enqueueEntity(q, e, fl);
      const rq = this.rqs[q]!;
      rq.hNrRunning += 1;
      if (rq.throttled) return;
      fl = ENQUEUE_WAKEUP;
      e = rq.se;
    }
    while (e !== NONE) {
      const q = this.ents[e]!.parentRq;
      this.updateCfsGroup(e);
      const rq = this.rqs[q]!;
      rq.hNrRunning += 1;
      if (rq.throttled) return;
      e = rq.se;
    }
  }

  private dequeueTask(t: number, flags: number): void {
    let e = t;
    let fl = flags;
    while (e !== NONE) {
      const q = this.ents[e]!.parentRq;
      this.dequeueEntity(q, e, fl);
      const rq = this.rqs[q]!;
      rq.hNrRunning -= 1;
      if (rq.throttled) return;
      e = rq.se;
      if (rq.load !== 0) break;
      fl |= DEQUEUE_SLEEP;
    }
    while (e !== NONE) {
      const q = this.ents[e]!.parentRq;
      this.updateCfsGroup(e);
      const rq = this.rqs[q]!;
      rq.hNrRunning -= 1;
      if (rq.throttled) return;
      e = rq.se;
    }
  }

  // ---- picking and preemption ----

  private setNextEntity(q: number, e: number): void {
    const ent = this.ents[e]!;
    if (ent.onRq) this.heapRemove(q, e);
    ent.execStart = this.clock;
    ent.prevSumExec = ent.sumExec;
    this.rqs[q]!.curr = e;
  }

  private putPrevEntity(q: number, e: number): void {
    if (this.ents[e]!.onRq) this.updateCurr(q);
    this.checkCfsRqRuntime(q);
    if (this.ents[e]!.onRq) this.heapInsert(q, e);
    this.rqs[q]!.curr = NONE;
  }

  private schedule(cpu: number): void {
    const prev = this.cpus[cpu]!.curr;
    let e = prev;
    while (e !== NONE) {
      const q = this.ents[e]!.parentRq;
      this.putPrevEntity(q, e);
      e = this.rqs[q]!.se;
    }
    let next = NONE;
    let q = cpu;
    if (this.rqs[q]!.nrRunning > 0) {
      for (;;) {
        const se = this.leftmost(q);
        if (se === NONE) throw new Error('a queued group has nothing to run');
        this.setNextEntity(q, se);
        const my = this.ents[se]!.myRq;
        if (my === NONE) {
          next = se;
          break;
        }
        q = my;
      }
    }
    const c = this.cpus[cpu]!;
    c.curr = next;
    c.needResched = false;
    if (next !== prev) {
      this.event(EV_SWITCH, cpu, next);
      this.recordSwitch(cpu, next);
    }
  }

  private checkPreemptTick(q: number, curr: number): void {
    const ideal = this.schedSlice(curr);
    const ent = this.ents[curr]!;
    const ran = ent.sumExec - ent.prevSumExec;
    const cpu = this.rqs[q]!.cpu;
    if (ran > ideal) {
      this.cpus[cpu]!.needResched = true;
      return;
    }
    if (ran < this.minGranularityNs) return;
    const left = this.leftmost(q);
    if (left === NONE) return;
    const delta = ent.vruntime - this.ents[left]!.vruntime;
    if (delta > 0 && delta > ideal) this.cpus[cpu]!.needResched = true;
  }

  private findMatchingSe(se: number, pse: number): [number, number] {
    let sd = this.ents[se]!.depth;
    let pd = this.ents[pse]!.depth;
    while (sd > pd) {
      sd -= 1;
      se = this.parentEntity(se);
    }
    while (pd > sd) {
      pd -= 1;
      pse = this.parentEntity(pse);
    }
    while (this.ents[se]!.parentRq !== this.ents[pse]!.parentRq) {
      se = this.parentEntity(se);
      pse = this.parentEntity(pse);
    }
    return [se, pse];
  }

  private checkPreemptWakeup(cpu: number, p: number): void {
    const c = this.cpus[cpu]!;
    const curr = c.curr;
    if (curr === NONE) {
      c.needResched = true;
      return;
    }
    if (curr === p || c.needResched) return;
    const [se, pse] = this.findMatchingSe(curr, p);
    this.updateCurr(this.ents[se]!.parentRq);
    const vdiff = this.ents[se]!.vruntime - this.ents[pse]!.vruntime;
    if (vdiff <= 0) return;
    const gran = this.calcDeltaFair(this.wakeupGranularityNs, pse);
    if (vdiff > gran) c.needResched = true;
  }

  // ---- task behaviour ----

  private nextRandom(t: number): number {
    const ent = this.ents[t]!;
    let x = ent.rng;
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    ent.rng = x;
    return x;
  }

  private jitter(t: number, base: number): number {
    const half = Math.floor(base / 2);
    const r = this.nextRandom(t);
    const span = base === 0 ? 1 : base;
    const v = half + (r % span);
    return v === 0 ? 1 : v;
  }

  private nextBurst(t: number): number {
    const ent = this.ents[t]!;
    if (ent.kind === KIND_IO) return this.jitter(t, ent.runNs);
    if (ent.kind === KIND_BUSY) return INF_NS;
    return ent.runNs;
  }

  private nextSleep(t: number): number {
    const ent = this.ents[t]!;
    return ent.kind === KIND_IO ? this.jitter(t, ent.sleepNs) : ent.sleepNs;
  }

  private blockCurrent(cpu: number): void {
    const t = this.cpus[cpu]!.curr;
    const ent = this.ents[t]!;
    this.dequeueTask(t, DEQUEUE_SLEEP);
    this.listRemove(cpu, t);
    if (ent.kind === KIND_EXITING) {
      ent.state = STATE_EXITED;
      this.groups[ent.group]!.nrTasks -= 1;
      this.event(EV_EXIT, cpu, t);
    } else {
      const sleep = this.nextSleep(t);
      ent.state = STATE_SLEEPING;
      ent.wakeAt = this.clock + sleep;
      this.timerInsert(cpu, t);
      this.event(EV_SLEEP, cpu, t);
    }
    this.schedule(cpu);
  }

  private wakeTask(cpu: number, t: number): void {
    this.timerRemove(cpu, t);
    const burst = this.nextBurst(t);
    const ent = this.ents[t]!;
    ent.state = STATE_RUNNABLE;
    ent.burstLeft = burst;
    this.listPush(cpu, t);
    this.enqueueTask(t, ENQUEUE_WAKEUP);
    this.event(EV_WAKE, cpu, t);
    this.checkPreemptWakeup(cpu, t);
    if (this.cpus[cpu]!.needResched) this.schedule(cpu);
  }

  private runCpuUntil(cpu: number, until: number): void {
    const c = this.cpus[cpu]!;
    for (;;) {
      const wake = c.timers.length === 0 ? INF_NS : this.ents[c.timers[0]!]!.wakeAt;
      let block = INF_NS;
      if (c.curr !== NONE) {
        const ent = this.ents[c.curr]!;
        if (ent.kind !== KIND_BUSY) block = ent.execStart + ent.burstLeft;
      }
      if (block <= until && block <= wake) {
        this.clock = block;
        this.blockCurrent(cpu);
      } else if (wake < until) {
        this.clock = Math.max(wake, c.stalledUntil);
        this.wakeTask(cpu, c.timers[0]!);
      } else {
        return;
      }
    }
  }

  private tickCpu(cpu: number): void {
    const curr = this.cpus[cpu]!.curr;
    if (curr === NONE) return;
    this.event(EV_TICK, cpu, curr);
    let e = curr;
    while (e !== NONE) {
      const q = this.ents[e]!.parentRq;
      this.updateCurr(q);
      this.updateCfsGroup(e);
      if (this.rqs[q]!.nrRunning > 1) this.checkPreemptTick(q, e);
      e = this.rqs[q]!.se;
    }
    if (this.cpus[cpu]!.needResched) {
      this.event(EV_RESCHED, cpu, curr);
      this.schedule(cpu);
    }
  }

  // ---- load balancing ----

  private cpuAllowed(t: number, cpu: number): boolean {
    const g = this.groups[this.ents[t]!.group]!;
    return maskHas(g.maskLo, g.maskHi, cpu);
  }

  private runnableOn(cpu: number): number {
    return this.rqs[cpu]!.hNrRunning;
  }

  private busiestCpu(except: number): number {
    let best = NONE;
    let most = 0;
    for (let c = 0; c < this.ncpus; c++) {
      if (c === except) continue;
      const n = this.runnableOn(c);
      if (best === NONE || n > most) {
        best = c;
        most = n;
      }
    }
    return best;
  }

  private moveTask(t: number, dst: number): void {
    const ent = this.ents[t]!;
    const src = ent.cpu;
    const wasCurr = this.cpus[src]!.curr === t;
    this.dequeueTask(t, 0);
    this.listRemove(src, t);
    if (wasCurr) this.schedule(src);
    ent.cpu = dst;
    ent.parentRq = this.rqIndex(ent.group, dst);
    this.listPush(dst, t);
    this.enqueueTask(t, 0);
    this.event(EV_MIGRATE, dst, t);
    this.checkPreemptWakeup(dst, t);
    if (this.cpus[dst]!.needResched) this.schedule(dst);
  }

  private balance(): void {
    if (this.ncpus === 1) return;
    const periodic = this.ticks % BALANCE_TICKS === 0;
    for (let dst = 0; dst < this.ncpus; dst++) {
      const mine = this.runnableOn(dst);
      if (mine !== 0 && !periodic) continue;
      const src = this.busiestCpu(dst);
      if (this.runnableOn(src) < mine + 2) continue;
      const srcCurr = this.cpus[src]!.curr;
      let t = this.cpus[src]!.head;
      let scanned = 0;
      while (t !== NONE && scanned < BALANCE_SCAN) {
        const next = this.ents[t]!.next;
        if (
          t !== srcCurr &&
          this.cpuAllowed(t, dst) &&
          !this.throttledHierarchy(this.ents[t]!.parentRq)
        ) {
          this.moveTask(t, dst);
          break;
        }
        scanned += 1;
        t = next;
      }
    }
  }

  // ---- the clock ----

  private nextPeriodExpiry(): number {
    let next = INF_NS;
    for (const g of this.bandwidthGroups) {
      const b = this.groups[g]!;
      if (b.timerActive && b.timerExpiry < next) next = b.timerExpiry;
    }
    return next;
  }

  private runCpuWithBudget(c: number, stepEnd: number): void {
    const cpu = this.cpus[c]!;
    const budget = cpu.budgetNs;
    if (budget === INF_NS) {
      this.runCpuUntil(c, stepEnd);
      return;
    }
    const limit = Math.min(stepEnd, this.now + budget);
    this.runCpuUntil(c, limit);
    cpu.budgetNs = budget - (limit - this.now);
    if (limit < stepEnd) this.stallCpu(c, limit, stepEnd);
  }

  private stallCpu(c: number, from: number, to: number): void {
    const cpu = this.cpus[c]!;
    const curr = cpu.curr;
    if (curr === NONE) {
      cpu.stalledUntil = to;
      return;
    }
    this.clock = from;
    let e = curr;
    while (e !== NONE) {
      const q = this.ents[e]!.parentRq;
      this.updateCurr(q);
      e = this.rqs[q]!.se;
    }
    e = curr;
    while (e !== NONE) {
      this.ents[e]!.execStart = to;
      e = this.parentEntity(e);
    }
    cpu.stealNs += to - from;
    cpu.stalledUntil = to;
  }

  setCpuBudget(c: number, ns: number): void {
    this.cpus[c]!.budgetNs = ns;
  }

  advance(ns: number): void {
    this.advanceSteps(ns);
    for (const cpu of this.cpus) cpu.budgetNs = INF_NS;
  }

  private advanceSteps(ns: number): void {
    const end = this.now + ns;
    while (this.now < end) {
      const timer = this.nextPeriodExpiry();
      const stepEnd = Math.min(end, this.nextTick, timer);
      for (let c = 0; c < this.ncpus; c++) this.runCpuWithBudget(c, stepEnd);
      this.now = stepEnd;
      this.clock = stepEnd;
      let resched = false;
      if (stepEnd === this.nextTick) {
        this.ticks += 1;
        for (let c = 0; c < this.ncpus; c++) this.tickCpu(c);
        this.nextTick += this.tickNs;
        resched = true;
      }
      if (stepEnd === timer) {
        for (let i = 0; i < this.bandwidthGroups.length; i++) {
          const g = this.bandwidthGroups[i]!;
          const b = this.groups[g]!;
          if (b.timerActive && b.timerExpiry === stepEnd) this.periodTimer(g);
        }
        for (let c = 0; c < this.ncpus; c++) {
          if (this.cpus[c]!.needResched) this.schedule(c);
        }
      }
      if (resched) this.balance();
    }
  }

  // ---- cgroups ----

  groupAlive(g: number): boolean {
    return g >= 0 && g < this.groups.length && this.groups[g]!.alive;
  }

  groupAdd(parent: number, shares: number): number {
    if (!this.groupAlive(parent)) throw new RangeError('parent group does not exist');
    shares = Math.min(Math.max(shares, MIN_SHARES), MAX_SHARES);
    const p = this.groups[parent]!;
    const depth = p.depth + 1;
    let g = this.freeGroups.pop();
    if (g !== undefined) {
      this.groups[g] = new Group(parent, depth, shares, p.maskLo, p.maskHi);
    } else {
      this.groups.push(new Group(parent, depth, shares, p.maskLo, p.maskHi));
      for (let c = 0; c < this.ncpus; c++) this.rqs.push(new Rq(NONE, c, NONE));
      g = this.groups.length - 1;
    }
    p.nrChildren += 1;
    for (let c = 0; c < this.ncpus; c++) {
      const se = this.allocEntity();
      const q = this.rqIndex(g, c);
      this.rqs[q] = new Rq(g, c, se);
      const ent = this.ents[se]!;
      ent.myRq = q;
      ent.parentRq = parent * this.ncpus + c;
      ent.depth = depth - 1;
      ent.cpu = c;
      ent.state = STATE_RUNNABLE;
    }
    return g;
  }

  groupRemove(g: number): boolean {
    if (g === 0 || !this.groupAlive(g)) return false;
    const b = this.groups[g]!;
    if (b.nrTasks !== 0 || b.nrChildren !== 0) return false;
    for (let c = 0; c < this.ncpus; c++) {
      if (this.rqs[this.rqIndex(g, c)]!.nrRunning !== 0) return false;
    }
    for (let c = 0; c < this.ncpus; c++) {
      const se = this.rqs[this.rqIndex(g, c)]!.se;
      this.ents[se]!.state = STATE_FREE;
      this.freeEnts.push(se);
    }
    this.groups[b.parent]!.nrChildren -= 1;
    b.alive = false;
    this.bandwidthGroups = this.bandwidthGroups.filter((x) => x !== g);
    this.freeGroups.push(g);
    return true;
  }

  groupSetShares(g: number, shares: number): void {
    if (g === 0 || !this.groupAlive(g)) throw new RangeError('no such group');
    this.clock = this.now;
    this.groups[g]!.shares = Math.min(Math.max(shares, MIN_SHARES), MAX_SHARES);
    for (let c = 0; c < this.ncpus; c++) {
      let e = this.rqs[this.rqIndex(g, c)]!.se;
      while (e !== NONE) {
        this.updateCfsGroup(e);
        e = this.parentEntity(e);
      }
    }
  }

  groupSetBandwidth(g: number, quota: number, period: number, burst: number): void {
    if (g === 0 || !this.groupAlive(g)) throw new RangeError('no such group');
    if (period < 1_000_000) throw new RangeError('period below 1 ms');
    if (!(quota < 0 || quota >= 1_000_000)) throw new RangeError('quota below 1 ms');
    this.clock = this.now;
    const enabled = quota >= 0;
    const b = this.groups[g]!;
    b.period = period;
    b.quota = quota;
    b.burst = enabled ? burst : 0;
    this.refillRuntime(g);
    if (enabled) {
      this.startBandwidth(g);
      if (!this.bandwidthGroups.includes(g)) {
        this.bandwidthGroups.push(g);
        this.bandwidthGroups.sort((x, y) => x - y);
      }
    }
    for (let c = 0; c < this.ncpus; c++) {
      const q = this.rqIndex(g, c);
      const rq = this.rqs[q]!;
      rq.runtimeEnabled = enabled;
      rq.runtimeRemaining = 0;
      if (rq.throttled) this.unthrottleCfsRq(q);
    }
    for (let c = 0; c < this.ncpus; c++) {
      if (this.cpus[c]!.needResched) this.schedule(c);
    }
  }

  groupSetCpumask(g: number, lo: number, hi: number): void {
    if (!this.groupAlive(g)) throw new RangeError('no such group');
    const [allLo, allHi] = this.allMask();
    lo = (lo & allLo) >>> 0;
    hi = (hi & allHi) >>> 0;
    if (lo === 0 && hi === 0) throw new RangeError('a cpuset needs at least one CPU');
    this.clock = this.now;
    const grp = this.groups[g]!;
    grp.maskLo = lo;
    grp.maskHi = hi;
    for (let t = 0; t < this.ents.length; t++) {
      const ent = this.ents[t]!;
      if (ent.myRq !== NONE || ent.group !== g || maskHas(lo, hi, ent.cpu)) continue;
      if (ent.state === STATE_RUNNABLE) {
        this.moveTask(t, this.selectCpu(g));
      } else if (ent.state === STATE_SLEEPING) {
        const src = ent.cpu;
        const parked = ent.wakeAt === INF_NS;
        const dst = this.selectCpu(g);
        if (!parked) this.timerRemove(src, t);
        ent.cpu = dst;
        ent.parentRq = g * this.ncpus + dst;
        if (!parked) this.timerInsert(dst, t);
      }
    }
  }

  // ---- tasks ----

  private selectCpu(g: number): number {
    const grp = this.groups[g]!;
    let best = NONE;
    let least = 0;
    for (let c = 0; c < this.ncpus; c++) {
      if (!maskHas(grp.maskLo, grp.maskHi, c)) continue;
      const n = this.runnableOn(c);
      if (best === NONE || n < least) {
        best = c;
        least = n;
      }
    }
    return best;
  }

  taskAdd(g: number, nice: number, kind: number, runNs: number, sleepNs: number): number {
    if (!this.groupAlive(g)) throw new RangeError('no such group');
    if (!(kind >= KIND_BUSY && kind <= KIND_EXITING)) throw new RangeError('unknown behaviour');
    if (kind !== KIND_BUSY && !(runNs > 0)) throw new RangeError('a burst needs a length');
    this.clock = this.now;
    const t = this.allocEntity();
    const cpu = this.selectCpu(g);
    const q = this.rqIndex(g, cpu);
    const idx = niceIndex(nice);
    const ent = this.ents[t]!;
    ent.weight = PRIO_TO_WEIGHT[idx]!;
    ent.inv = PRIO_TO_WMULT[idx]!;
    ent.parentRq = q;
    ent.depth = this.groups[g]!.depth;
    ent.group = g;
    ent.cpu = cpu;
    ent.kind = kind;
    ent.state = STATE_RUNNABLE;
    ent.runNs = runNs;
    ent.sleepNs = sleepNs;
    ent.rng = ((this.seed ^ Math.imul(t + 1, 0x9e37_79b9)) | 1) >>> 0;
    ent.burstLeft = this.nextBurst(t);
    this.groups[g]!.nrTasks += 1;
    this.updateCurr(q);
    this.placeEntity(q, t, true);
    ent.vruntime -= this.rqs[q]!.minVruntime;
    this.listPush(cpu, t);
    this.enqueueTask(t, 0);
    this.event(EV_NEW, cpu, t);
    this.checkPreemptWakeup(cpu, t);
    if (this.cpus[cpu]!.needResched) this.schedule(cpu);
    return t;
  }

  /** Takes a task off the CPU until unpark (a halted vCPU thread waiting for work). */
  taskPark(t: number): boolean {
    if (!this.taskAlive(t)) return false;
    this.clock = this.now;
    const ent = this.ents[t]!;
    const cpu = ent.cpu;
    if (ent.state === STATE_RUNNABLE) {
      const wasCurr = this.cpus[cpu]!.curr === t;
      this.dequeueTask(t, DEQUEUE_SLEEP);
      this.listRemove(cpu, t);
      this.event(EV_SLEEP, cpu, t);
      if (wasCurr) this.schedule(cpu);
    } else if (ent.state === STATE_SLEEPING) {
      if (ent.wakeAt === INF_NS) return true;
      this.timerRemove(cpu, t);
    } else {
      return false;
    }
    ent.state = STATE_SLEEPING;
    ent.wakeAt = INF_NS;
    return true;
  }

  /** Wakes a parked task. */
  taskUnpark(t: number): boolean {
    if (!this.taskAlive(t)) return false;
    const ent = this.ents[t]!;
    if (ent.state !== STATE_SLEEPING || ent.wakeAt !== INF_NS) return false;
    this.clock = this.now;
    const cpu = ent.cpu;
    const burst = this.nextBurst(t);
    ent.state = STATE_RUNNABLE;
    ent.burstLeft = burst;
    this.listPush(cpu, t);
    this.enqueueTask(t, ENQUEUE_WAKEUP);
    this.event(EV_WAKE, cpu, t);
    this.checkPreemptWakeup(cpu, t);
    if (this.cpus[cpu]!.needResched) this.schedule(cpu);
    return true;
  }

  taskAlive(t: number): boolean {
    const ent = this.ents[t];
    return ent !== undefined && ent.myRq === NONE && ent.state !== STATE_FREE;
  }

  taskRemove(t: number): boolean {
    if (!this.taskAlive(t)) return false;
    this.clock = this.now;
    const ent = this.ents[t]!;
    const cpu = ent.cpu;
    const grp = this.groups[ent.group]!;
    if (ent.state === STATE_RUNNABLE) {
      const wasCurr = this.cpus[cpu]!.curr === t;
      this.dequeueTask(t, DEQUEUE_SLEEP);
      this.listRemove(cpu, t);
      grp.nrTasks -= 1;
      this.event(EV_EXIT, cpu, t);
      if (wasCurr) this.schedule(cpu);
    } else if (ent.state === STATE_SLEEPING) {
      if (ent.wakeAt !== INF_NS) this.timerRemove(cpu, t);
      grp.nrTasks -= 1;
      this.event(EV_EXIT, cpu, t);
    }
    ent.state = STATE_FREE;
    this.freeEnts.push(t);
    return true;
  }

  // ---- readings ----

  private inFlight(e: number): number {
    const ent = this.ents[e]!;
    if (ent.parentRq !== NONE && this.rqs[ent.parentRq]!.curr === e && this.now > ent.execStart) {
      return this.now - ent.execStart;
    }
    return 0;
  }

  taskRuntime(t: number): number {
    return this.ents[t]!.sumExec + this.inFlight(t);
  }

  taskVruntime(t: number): number {
    return this.ents[t]!.vruntime;
  }

  groupUsage(g: number): number {
    let sum = 0;
    if (g === 0) {
      for (let c = 0; c < this.ncpus; c++) {
        const cpu = this.cpus[c]!;
        sum += cpu.busyNs;
        if (cpu.curr !== NONE) sum += this.inFlight(cpu.curr);
      }
      return sum;
    }
    for (let c = 0; c < this.ncpus; c++) {
      const se = this.rqs[this.rqIndex(g, c)]!.se;
      sum += this.ents[se]!.sumExec + this.inFlight(se);
    }
    return sum;
  }

  timelineEnable(capacity: number): void {
    this.timelineCap = capacity;
    this.timeline = [];
  }
}
