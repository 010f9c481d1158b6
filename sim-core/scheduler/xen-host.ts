// A Xen host: the credit scheduler (xen-credit.ts) puts vCPUs on pCPUs tick by tick, and
// each domain's guest kernel runs its own CFS on its vCPUs; a guest CPU runs only during the
// ticks its vCPU holds a pCPU. What a guest does not get while it has work is steal time.
import type { CpuScheduler } from './cpu-scheduler.ts';
import type { SchedulerFactory } from './load.ts';
import { CreditScheduler, XEN_TICK_NS, type XenDomainOptions } from './xen-credit.ts';

export interface XenDomain {
  readonly guest: CpuScheduler;
  /** Time each vCPU held a pCPU. */
  readonly vcpuRunNs: number[];
  /** Steal time of each guest CPU. */
  stealNs(): number[];
}

export class XenHost {
  private readonly credit: CreditScheduler;
  private readonly domains: { guest: CpuScheduler; vcpus: number[]; vcpuRunNs: number[] }[] = [];

  constructor(
    readonly pcpus: number,
    private readonly guests: SchedulerFactory,
  ) {
    this.credit = new CreditScheduler(pcpus);
  }

  addDomain(options: XenDomainOptions & { guestTickNs?: number; seed?: number }): XenDomain {
    const guest = this.guests.create({
      cpus: options.vcpus,
      tickNs: options.guestTickNs ?? 4_000_000,
      seed: options.seed ?? 1,
    });
    const vcpus = this.credit.addDomain(options);
    const domain = { guest, vcpus, vcpuRunNs: vcpus.map(() => 0) };
    this.domains.push(domain);
    return {
      guest,
      vcpuRunNs: domain.vcpuRunNs,
      stealNs: () => vcpus.map((_, c) => guest.cpuStealNs(c)),
    };
  }

  /** Advances by whole 10 ms ticks of the credit scheduler. */
  advance(ns: number): void {
    if (!Number.isSafeInteger(ns) || ns % XEN_TICK_NS !== 0) {
      throw new RangeError('a Xen host advances in whole 10 ms ticks');
    }
    for (let t = 0; t < ns / XEN_TICK_NS; t++) this.tick();
  }

  private tick(): void {
    const wants: boolean[] = [];
    for (const d of this.domains) {
      d.vcpus.forEach((id, c) => (wants[id] = d.guest.cpuCurrent(c) !== null));
    }
    const placed = this.credit.step(wants);
    for (const d of this.domains) {
      d.vcpus.forEach((id, c) => {
        const ran = placed[id]! >= 0 ? XEN_TICK_NS : 0;
        d.vcpuRunNs[c]! += ran;
        d.guest.setCpuBudget(c, ran);
      });
      d.guest.advance(XEN_TICK_NS);
    }
  }
}
