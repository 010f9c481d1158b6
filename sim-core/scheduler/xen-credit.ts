// Xen's credit scheduler (credit1, xen/common/sched/credit.c), the type-1 hypervisor's own
// scheduler for vCPUs: no host kernel, no CFS. Every 30 ms accounting period each active
// domain earns credits in proportion to its weight (capped by `cap`, a percentage of one
// pCPU); a running vCPU burns 10 credits per ms; vCPUs with credit left (UNDER) run before
// those without (OVER); a capped domain whose credit sinks below its cap is parked until it
// earns again. Integers only, decided once per 10 ms tick.
//
// Simplifications: time moves in whole ticks (a vCPU runs a tick or not at all), no BOOST
// priority for waking vCPUs, no credit_balance carry-over between periods, and placement is
// global (pCPUs take the best waiting vCPUs in order, as credit1's work stealing converges to).

export const XEN_TICK_NS = 10_000_000;
const TICKS_PER_ACCT = 3;
const CREDITS_PER_TICK = 100;
const CREDITS_PER_TSLICE = 300;
export const XEN_DEFAULT_WEIGHT = 256;

const PRI_UNDER = 1;
const PRI_OVER = 0;

export interface XenDomainOptions {
  vcpus: number;
  /** Relative share (1..65535, default 256). */
  weight?: number;
  /** Most CPU the domain may use, in percent of one pCPU; 0 = no cap. */
  capPercent?: number;
}

interface Vcpu {
  domain: number;
  credit: number;
  pri: number;
  parked: boolean;
  /** The pCPU it runs on, or -1. */
  pcpu: number;
  ticksLeftInSlice: number;
  lastRanTick: number;
}

interface Domain {
  weight: number;
  cap: number;
  vcpus: number[];
}

export class CreditScheduler {
  private readonly domains: Domain[] = [];
  private readonly vcpus: Vcpu[] = [];
  private tick = 0;

  constructor(readonly pcpus: number) {
    if (!Number.isInteger(pcpus) || pcpus < 1) throw new RangeError('at least one pCPU');
  }

  addDomain(options: XenDomainOptions): number[] {
    const weight = options.weight ?? XEN_DEFAULT_WEIGHT;
    const cap = options.capPercent ?? 0;
    if (!Number.isInteger(weight) || weight < 1 || weight > 65_535)
      throw new RangeError('weight is 1..65535');
    if (!Number.isInteger(cap) || cap < 0) throw new RangeError('cap is a whole percentage');
    const d = this.domains.length;
    const ids: number[] = [];
    for (let i = 0; i < options.vcpus; i++) {
      ids.push(this.vcpus.length);
      this.vcpus.push({
        domain: d,
        credit: 0,
        pri: PRI_UNDER,
        parked: false,
        pcpu: -1,
        ticksLeftInSlice: 0,
        lastRanTick: -1,
      });
    }
    this.domains.push({ weight, cap, vcpus: ids });
    return ids;
  }

  credit(vcpu: number): number {
    return this.vcpus[vcpu]!.credit;
  }

  /**
   * One 10 ms tick: `wants[v]` says whether vCPU v has work (its guest CPU is not idle).
   * Returns the pCPU each vCPU runs on during the tick, or -1.
   */
  step(wants: readonly boolean[]): number[] {
    if (this.tick % TICKS_PER_ACCT === 0) this.account(wants);
    this.place(wants);
    for (const v of this.vcpus) {
      if (v.pcpu < 0) continue;
      v.credit -= CREDITS_PER_TICK;
      v.ticksLeftInSlice -= 1;
      v.lastRanTick = this.tick;
      if (v.credit < 0) v.pri = PRI_OVER;
      this.parkIfCappedOut(v);
    }
    this.tick += 1;
    return this.vcpus.map((v) => v.pcpu);
  }

  /** csched_acct: share the period's credits among active domains by weight. */
  private account(wants: readonly boolean[]): void {
    const active = this.domains.map((d) => d.vcpus.filter((v) => wants[v]).length);
    let weightTotal = 0;
    this.domains.forEach((d, i) => (weightTotal += d.weight * active[i]!));
    if (weightTotal === 0) return;
    let weightLeft = weightTotal;
    let creditTotal = CREDITS_PER_TSLICE * this.pcpus;
    this.domains.forEach((d, i) => {
      const n = active[i]!;
      if (n === 0) return;
      weightLeft -= d.weight * n;
      let peak = n * CREDITS_PER_TSLICE;
      let capPerVcpu = Infinity;
      if (d.cap !== 0) {
        const cap = Math.floor((d.cap * CREDITS_PER_TSLICE + 99) / 100);
        if (cap < peak) peak = cap;
        capPerVcpu = Math.floor((cap + n - 1) / n);
      }
      let fair = Math.floor((creditTotal * d.weight * n + weightTotal - 1) / weightTotal);
      if (fair >= peak) {
        // Give the other domains a chance at what this one cannot use.
        if (weightLeft !== 0) {
          creditTotal += Math.floor(((fair - peak) * weightTotal + weightLeft - 1) / weightLeft);
        }
        fair = peak;
      }
      const perVcpu = Math.floor((fair + n - 1) / n);
      for (const id of d.vcpus) {
        if (!wants[id]) continue;
        const v = this.vcpus[id]!;
        v.credit += perVcpu;
        if (v.credit < 0) {
          v.pri = PRI_OVER;
          if (d.cap !== 0 && v.credit < -capPerVcpu) v.parked = true;
          if (v.credit < -CREDITS_PER_TSLICE) v.credit = -CREDITS_PER_TSLICE;
        } else {
          v.pri = PRI_UNDER;
          v.parked = false;
          // A vCPU that hoards credit stops earning and keeps half.
          if (v.credit > CREDITS_PER_TSLICE) v.credit = Math.floor(v.credit / 2);
        }
      }
    });
  }

  private parkIfCappedOut(v: Vcpu): void {
    const d = this.domains[v.domain]!;
    if (d.cap === 0) return;
    const cap = Math.floor((d.cap * CREDITS_PER_TSLICE + 99) / 100);
    if (v.credit < -Math.floor((cap + d.vcpus.length - 1) / d.vcpus.length)) v.parked = true;
  }

  /** Keeps running vCPUs whose slice is not over unless a better one waits; fills idle pCPUs. */
  private place(wants: readonly boolean[]): void {
    const runnable = (id: number) => wants[id] === true && !this.vcpus[id]!.parked;
    const waiting = this.vcpus
      .map((_, id) => id)
      .filter((id) => runnable(id) && this.vcpus[id]!.pcpu < 0)
      .sort((a, b) => this.order(a, b));
    const bestWaitingPri = waiting.length > 0 ? this.vcpus[waiting[0]!]!.pri : -1;
    const busy = new Set<number>();
    this.vcpus.forEach((v, id) => {
      if (v.pcpu < 0) return;
      const keep = runnable(id) && v.ticksLeftInSlice > 0 && v.pri >= bestWaitingPri;
      if (keep) {
        busy.add(v.pcpu);
      } else {
        v.pcpu = -1;
        if (runnable(id)) waiting.push(id);
      }
    });
    waiting.sort((a, b) => this.order(a, b));
    let next = 0;
    for (let p = 0; p < this.pcpus && next < waiting.length; p++) {
      if (busy.has(p)) continue;
      const v = this.vcpus[waiting[next++]!]!;
      v.pcpu = p;
      v.ticksLeftInSlice = TICKS_PER_ACCT;
    }
  }

  /** UNDER before OVER, then the one that waited longest, then the lower id. */
  private order(a: number, b: number): number {
    const va = this.vcpus[a]!;
    const vb = this.vcpus[b]!;
    return vb.pri - va.pri || va.lastRanTick - vb.lastRanTick || a - b;
  }
}
