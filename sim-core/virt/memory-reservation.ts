// RAM a VM takes from its host while powered on: its configured memory, reserved whole, plus
// what the hypervisor needs to run it (page tables, device state, per-vCPU structures). These
// reservations may never add up to more than the host has; that is the VM's isolation.
import { calibratedValue } from '../calibration/index.ts';
import type { DeepReadonly, World } from '../world/world.ts';
import type { Vm } from './vm.ts';

export function vmOverheadBytes(vcpus: number, memoryBytes: number): number {
  return Math.round(
    calibratedValue('hypervisor.memoryOverhead.perVm.bytes') +
      vcpus * calibratedValue('hypervisor.memoryOverhead.perVcpu.bytes') +
      memoryBytes * calibratedValue('hypervisor.memoryOverhead.ofGuestMemory.ratio'),
  );
}

export function vmReservationBytes(vm: Pick<Vm, 'vcpus' | 'memoryBytes'>): number {
  return vm.memoryBytes + vmOverheadBytes(vm.vcpus, vm.memoryBytes);
}

export function isPoweredOn(vm: DeepReadonly<Vm>): boolean {
  return (
    vm.state === 'booting' ||
    vm.state === 'running' ||
    vm.state === 'paused' ||
    vm.state === 'stopping'
  );
}

/** Memory reserved on a host by its powered-on VMs. */
export function reservedOnHostBytes(world: DeepReadonly<World>, hostId: string): number {
  return Object.values(world.vms)
    .filter((vm) => vm.hostId === hostId && isPoweredOn(vm))
    .reduce((sum, vm) => sum + vmReservationBytes(vm), 0);
}

/** What VMs may reserve on a host at most: its RAM less the host OS's own share. */
export function reservableOnHostBytes(world: DeepReadonly<World>, hostId: string): number {
  const host = world.hosts[hostId]!;
  const kernel = world.kernels[host.kernelId]!;
  return host.memoryBytes - kernel.baseMemoryBytes;
}
