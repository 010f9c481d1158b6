// Powering a VM on and off. On: the host reserves its RAM and starts its VMM process with one
// thread per vCPU; then the guest boots phase by phase, each phase taking calibrated time, and
// its own kernel starts its own processes. Off: the guest kernel halts and the VMM exits.
import { calibratedValue } from '../calibration/index.ts';
import { OS_CATALOGUE } from '../kernel/os-catalogue.ts';
import { osKernelSpec } from '../kernel/os-kernel-spec.ts';
import { requestMemory } from '../kernel/request-memory.ts';
import { advance } from '../lifecycle/advance.ts';
import { vmMachine, type VmLifecycleEvent, type VmState } from '../lifecycle/vm-machine.ts';
import type { StepContext } from '../world/context.ts';
import { vmByName } from '../world/names.ts';
import { formatBytes } from '../world/units.ts';
import { UserError } from '../world/user-error.ts';
import { peekId } from '../world/world.ts';
import { bootSequence } from './boot-sequence.ts';
import { HYPERVISOR_PRODUCTS, vcpuThreadName } from './hypervisor-products.ts';
import {
  reservableOnHostBytes,
  reservedOnHostBytes,
  vmReservationBytes,
} from './memory-reservation.ts';

const VERB: Partial<Record<VmLifecycleEvent, string>> = {
  START: 'start',
  STOP: 'stop',
  REMOVE: 'remove',
};

/** Move the VM's lifecycle, refusing (before any change) what its state machine refuses. */
function transitionVm(ctx: StepContext, vmId: string, event: VmLifecycleEvent): void {
  const vm = ctx.world.vms[vmId]!;
  const next = advance<VmState>(vmMachine, vm.state, event);
  if (!next.ok) {
    throw new UserError(
      `cannot ${VERB[event] ?? event.toLowerCase()} VM ${vm.name}: it is ${vm.state}`,
    );
  }
  ctx.emit({ kind: 'vm.state', vmId, event, from: vm.state, to: next.state });
}

export function startVm(ctx: StepContext, name: string): void {
  const vm = vmByName(ctx.world, name);
  const host = ctx.world.hosts[vm.hostId]!;
  if (vm.state !== 'stopped') throw new UserError(`cannot start VM ${vm.name}: it is ${vm.state}`);
  const need = vmReservationBytes(vm);
  const free = reservableOnHostBytes(ctx.world, host.id) - reservedOnHostBytes(ctx.world, host.id);
  if (need > free) {
    throw new UserError(
      `cannot start VM ${vm.name}: it reserves ${formatBytes(need)} and host ${host.name} has ${formatBytes(free)} left to reserve`,
    );
  }
  transitionVm(ctx, vm.id, 'START');
  const product = HYPERVISOR_PRODUCTS[ctx.world.hypervisors[vm.hypervisorId]!.product];
  const hostKernelId = host.kernelId;
  ctx.emit({
    kind: 'process.spawn',
    kernelId: hostKernelId,
    spec: {
      comm: product.vmmComm,
      argv: [product.vmmComm, '-name', vm.name],
      role: 'vmm',
      ppid: 1,
      vmId: vm.id,
    },
  });
  const vmmPid = ctx.world.kernels[hostKernelId]!.lastPid;
  ctx.emit({ kind: 'vm.power.on', vmId: vm.id, vmmPid });
  for (let index = 0; index < vm.vcpus; index++) {
    ctx.emit({
      kind: 'process.spawn',
      kernelId: hostKernelId,
      spec: {
        comm: vcpuThreadName(product, index),
        argv: [],
        role: 'vcpu',
        ppid: 1,
        threadOf: vmmPid,
        vmId: vm.id,
      },
    });
  }
  const memory = requestMemory(ctx, hostKernelId, vmmPid, need);
  if (!memory.granted || ctx.world.vms[vm.id]!.state !== 'booting') {
    ctx.err(`VM ${vm.name} could not get its memory: the host's OOM killer ended its VMM process`);
    return;
  }
  bootGuest(ctx, vm.id);
}

function bootGuest(ctx: StepContext, vmId: string): void {
  const vm = ctx.world.vms[vmId]!;
  const os = OS_CATALOGUE[vm.os];
  for (const step of bootSequence(vm.os)) {
    ctx.emit({ kind: 'vm.boot.phase', vmId, phase: step.phase, durationNs: step.durationNs });
    if (step.phase === 'kernel') {
      ctx.emit({
        kind: 'guest.kernel.boot',
        vmId,
        kernel: osKernelSpec(os, {
          id: peekId(ctx.world, 'kernel'),
          owner: { kind: 'vm', id: vmId },
          hostname: vm.name,
          cpuCount: vm.vcpus,
          memoryBytes: vm.memoryBytes,
          // The guest OS holds its own footprint inside the VM's RAM.
          baseMemoryBytes: Math.min(vm.memoryBytes, calibratedValue(os.memoryCalibration)),
        }),
      });
    }
  }
  transitionVm(ctx, vmId, 'BOOTED');
}

/** Guest shutdown (`stop`): the guest halts, then the VMM exits and the reservation is freed. */
export function stopVm(ctx: StepContext, name: string): void {
  const vm = vmByName(ctx.world, name);
  if (vm.state === 'paused' || vm.state === 'booting') {
    // A paused or half-booted guest cannot run its shutdown: the hypervisor powers it off.
    transitionVm(ctx, vm.id, 'POWER_OFF');
  } else {
    transitionVm(ctx, vm.id, 'STOP');
  }
  const current = ctx.world.vms[vm.id]!;
  if (current.guestKernelId)
    ctx.emit({ kind: 'guest.kernel.halt', vmId: vm.id, kernelId: current.guestKernelId });
  if (current.vmmPid !== null) {
    ctx.emit({
      kind: 'process.exit',
      kernelId: ctx.world.hosts[vm.hostId]!.kernelId,
      pid: current.vmmPid,
      exitCode: 0,
      signal: null,
    });
  }
  if (ctx.world.vms[vm.id]!.state === 'stopping') transitionVm(ctx, vm.id, 'HALTED');
}

export function removeVm(ctx: StepContext, name: string): void {
  const vm = vmByName(ctx.world, name);
  const next = advance<VmState>(vmMachine, vm.state, 'REMOVE');
  if (!next.ok)
    throw new UserError(`cannot remove VM ${vm.name}: it is ${vm.state}; stop it first`);
  ctx.emit({ kind: 'vm.state', vmId: vm.id, event: 'REMOVE', from: vm.state, to: next.state });
  ctx.emit({ kind: 'vm.remove', vmId: vm.id });
}
