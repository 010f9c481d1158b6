// Hypervisors as the kernel sees them (KVM): each vCPU of a VM is a thread of the host,
// scheduled by the host's CFS inside the VM's cgroup like any other task, and the guest
// kernel runs its own CFS on those vCPUs. A guest CPU only runs while the host runs its
// vCPU thread: when the host is busy the guest loses time it wanted (steal time), and
// every guest task is scheduled twice (double scheduling).
//
// The two schedulers advance in lockstep quanta (one host tick by default): first the
// host, with each vCPU thread runnable if its guest CPU has work and parked (halted, HLT)
// otherwise; then each guest, whose CPU c may run for as long as the host ran vCPU c.
// Within a quantum the guest runs first and is stopped after; a guest wake-up that falls
// in a quantum when its vCPU was halted is delivered at the quantum's end.
import type { CpuScheduler, GroupId, TaskId } from './cpu-scheduler.ts';
import type { SchedulerFactory } from './load.ts';

export interface VmOptions {
  /** vCPUs of the VM: CPUs of its guest scheduler, threads of the host. */
  vcpus: number;
  /** The host cgroup the vCPU threads live in (e.g. the VM's machine.slice scope). */
  hostGroup: GroupId;
  /** nice of the vCPU threads on the host. */
  nice?: number;
  guestTickNs?: number;
  seed?: number;
}

export class GuestMachine {
  readonly vcpuTasks: readonly TaskId[];

  constructor(
    readonly guest: CpuScheduler,
    vcpuTasks: TaskId[],
  ) {
    this.vcpuTasks = vcpuTasks;
  }

  /** Steal time of each guest CPU so far (what `top` shows as %st inside the VM). */
  stealNs(): number[] {
    return this.vcpuTasks.map((_, c) => this.guest.cpuStealNs(c));
  }
}

export class HostWithGuests {
  private readonly vms: GuestMachine[] = [];

  constructor(
    readonly host: CpuScheduler,
    private readonly guests: SchedulerFactory,
    /** Lockstep quantum: how finely host and guests interleave. */
    readonly quantumNs: number = host.tickNs,
  ) {
    if (!Number.isSafeInteger(quantumNs) || quantumNs <= 0) throw new RangeError('bad quantum');
  }

  addVm(options: VmOptions): GuestMachine {
    const guest = this.guests.create({
      cpus: options.vcpus,
      tickNs: options.guestTickNs ?? this.host.tickNs,
      seed: options.seed ?? 1,
    });
    const vcpuTasks: TaskId[] = [];
    for (let c = 0; c < options.vcpus; c++) {
      const t = this.host.addTask(options.hostGroup, { nice: options.nice ?? 0 });
      // A new VM has nothing to run yet: its vCPUs start halted.
      this.host.parkTask(t);
      vcpuTasks.push(t);
    }
    const vm = new GuestMachine(guest, vcpuTasks);
    this.vms.push(vm);
    return vm;
  }

  advance(ns: number): void {
    let left = ns;
    while (left > 0) {
      const q = Math.min(this.quantumNs, left);
      this.step(q);
      left -= q;
    }
  }

  private step(q: number): void {
    const before = this.vms.map((vm) => this.prepareVcpus(vm));
    this.host.advance(q);
    this.vms.forEach((vm, i) => {
      vm.vcpuTasks.forEach((t, c) => {
        vm.guest.setCpuBudget(c, this.host.taskRuntimeNs(t) - before[i]![c]!);
      });
      vm.guest.advance(q);
    });
  }

  /** Runs each vCPU thread whose guest CPU has work, halts the others; returns their runtimes. */
  private prepareVcpus(vm: GuestMachine): number[] {
    return vm.vcpuTasks.map((t, c) => {
      if (vm.guest.cpuCurrent(c) === null) this.host.parkTask(t);
      else this.host.unparkTask(t);
      return this.host.taskRuntimeNs(t);
    });
  }
}
