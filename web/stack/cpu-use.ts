// CPU figures the diagram draws, read from the simulator's own allocation (worldCpuAllocation)
// so the picture and `hv ps` always agree. Values are thousandths of a core, as in the core.
import type { WorldCpuAllocation } from '../../sim-core/virt/cpu-allocation.ts';
import type { DeepReadonly, World } from '../../sim-core/world/world.ts';

export interface HostCpuUse {
  capacityMilli: number;
  /** What the host kernel hands out: to apps on the host OS and to VMs' vCPU threads. */
  grantedToAppsMilli: number;
  grantedToVmsMilli: number;
  /** What they would take if the host had cores enough. */
  demandMilli: number;
}

function guestDemandMilli(world: DeepReadonly<World>, kernelId: string): number {
  const kernel = world.kernels[kernelId];
  if (!kernel) return 0;
  return Object.values(kernel.processes).reduce((sum, process) => sum + process.cpuDemandMilli, 0);
}

export function hostCpuUse(
  world: DeepReadonly<World>,
  allocation: WorldCpuAllocation,
  hostId: string,
): HostCpuUse {
  const host = world.hosts[hostId]!;
  const kernel = world.kernels[host.kernelId]!;
  const shares = allocation.get(kernel.id) ?? new Map<number, number>();
  let grantedToAppsMilli = 0;
  let grantedToVmsMilli = 0;
  let demandMilli = 0;
  for (const process of Object.values(kernel.processes)) {
    const granted = shares.get(process.pid) ?? 0;
    if (process.role === 'vcpu') grantedToVmsMilli += granted;
    else {
      grantedToAppsMilli += granted;
      demandMilli += process.cpuDemandMilli;
    }
  }
  // A running VM wants what its guest keeps busy, at most one core per vCPU.
  for (const vm of Object.values(world.vms)) {
    if (vm.hostId !== hostId || vm.state !== 'running' || vm.guestKernelId === null) continue;
    demandMilli += Math.min(vm.vcpus * 1000, guestDemandMilli(world, vm.guestKernelId));
  }
  return {
    capacityMilli: host.cpuCount * 1000,
    grantedToAppsMilli,
    grantedToVmsMilli,
    demandMilli,
  };
}

/** CPU an app gets against what it wants; null when it is not running. */
export function appCpu(
  world: DeepReadonly<World>,
  allocation: WorldCpuAllocation,
  appId: string,
): { grantedMilli: number; demandMilli: number } | null {
  const app = world.apps[appId]!;
  if (app.state !== 'running' || app.pid === null) return null;
  return {
    grantedMilli: allocation.get(app.kernelId)?.get(app.pid) ?? 0,
    demandMilli: app.cpuDemandMilli,
  };
}

/** Cores as the diagram prints them: "4.00". */
export function formatCores(milli: number): string {
  return (milli / 1000).toFixed(2);
}
