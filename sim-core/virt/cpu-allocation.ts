// CPU as the whole world shares it, two levels deep: each host kernel shares its cores among
// its processes, where a VM is its vCPU threads (each wanting as much as the guest keeps busy,
// at most one core); each guest kernel then shares only what the host gave its vCPUs. That is
// why a VM on a busy host runs slower than its vCPU count suggests (steal time).
import { cpuAllocation } from '../kernel/cpu-share.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { DeepReadonly, World } from '../world/world.ts';

export type WorldCpuAllocation = Map<string, Map<number, number>>;

/** Per VM: what its vCPU threads wanted from the host and what they got; the gap is steal. */
export interface VmCpu {
  wantedMilli: number;
  grantedMilli: number;
  /** Percent of the wanted vCPU time the guest waited for (steal time, as `top` shows in a guest). */
  stealPercent: number;
}

function guestDemandMilli(kernel: DeepReadonly<Kernel>): number {
  return Object.values(kernel.processes).reduce((sum, process) => sum + process.cpuDemandMilli, 0);
}

export function worldCpuAllocation(world: DeepReadonly<World>): WorldCpuAllocation {
  return worldCpu(world).perKernel;
}

export function worldCpu(world: DeepReadonly<World>): {
  perKernel: WorldCpuAllocation;
  perVm: Map<string, VmCpu>;
} {
  const result: WorldCpuAllocation = new Map();
  const perVm = new Map<string, VmCpu>();
  for (const host of Object.values(world.hosts)) {
    const hostKernel = world.kernels[host.kernelId]!;
    const vms = Object.values(world.vms).filter(
      (vm) => vm.hostId === host.id && vm.guestKernelId !== null,
    );
    // What each vCPU thread wants: the guest's busy work spread over its vCPUs.
    const vcpuDemand = new Map<number, number>();
    for (const vm of vms) {
      const guest = world.kernels[vm.guestKernelId!]!;
      const perVcpu =
        vm.state === 'running' ? Math.min(1000, Math.ceil(guestDemandMilli(guest) / vm.vcpus)) : 0;
      for (const process of Object.values(hostKernel.processes)) {
        if (process.role === 'vcpu' && process.vmId === vm.id) vcpuDemand.set(process.pid, perVcpu);
      }
    }
    const hostShares = cpuAllocation(hostKernel, { demandOverride: vcpuDemand });
    result.set(hostKernel.id, hostShares);
    for (const vm of vms) {
      const guest = world.kernels[vm.guestKernelId!]!;
      const capacityMilli = Object.values(hostKernel.processes)
        .filter((process) => process.role === 'vcpu' && process.vmId === vm.id)
        .reduce((sum, process) => sum + (hostShares.get(process.pid) ?? 0), 0);
      const wantedMilli = Object.values(hostKernel.processes)
        .filter((process) => process.role === 'vcpu' && process.vmId === vm.id)
        .reduce((sum, process) => sum + (vcpuDemand.get(process.pid) ?? 0), 0);
      const stealPercent =
        wantedMilli > 0
          ? Math.max(0, Math.round(((wantedMilli - capacityMilli) * 100) / wantedMilli))
          : 0;
      perVm.set(vm.id, { wantedMilli, grantedMilli: capacityMilli, stealPercent });
      // A guest whose vCPUs got less than it wants can use only that: the rest is stolen.
      const guestCapacity = Math.min(capacityMilli, guest.cpuCount * 1000);
      result.set(guest.id, cpuAllocation(guest, { capacityMilli: Math.max(guestCapacity, 0) }));
    }
  }
  return { perKernel: result, perVm };
}
