// Defining a VM: virtual hardware on a host that runs a hypervisor. Nothing runs yet; the
// checks here are the ones a hypervisor makes before it accepts the configuration.
import { calibratedValue } from '../calibration/index.ts';
import { OS_CATALOGUE, type OsId } from '../kernel/os-catalogue.ts';
import type { StepContext } from '../world/context.ts';
import { checkNewName, hostByName } from '../world/names.ts';
import { formatBytes } from '../world/units.ts';
import { UserError } from '../world/user-error.ts';
import { peekId } from '../world/world.ts';
import { HYPERVISOR_PRODUCTS } from './hypervisor-products.ts';
import { reservableOnHostBytes, vmReservationBytes } from './memory-reservation.ts';

export interface VmRequest {
  name: string;
  hostName: string;
  vcpus: number;
  memoryBytes: number;
  diskBytes: number;
  os: OsId;
}

export function createVm(ctx: StepContext, request: VmRequest): string {
  checkNewName(ctx.world, request.name);
  const host = hostByName(ctx.world, request.hostName);
  if (!host.hypervisorId) {
    throw new UserError(
      `host ${host.name} has no hypervisor: run 'hv hypervisor install --on ${host.name} --type 1' (or --type 2) first`,
    );
  }
  const hypervisor = ctx.world.hypervisors[host.hypervisorId]!;
  const os = OS_CATALOGUE[request.os];
  if (request.vcpus > host.cpuCount) {
    throw new UserError(
      `${HYPERVISOR_PRODUCTS[hypervisor.product].name} cannot give ${request.vcpus} vCPUs to one VM: host ${host.name} has ${host.cpuCount} CPUs`,
    );
  }
  const minMemory = calibratedValue(os.memoryCalibration);
  if (request.memoryBytes < minMemory) {
    throw new UserError(
      `${os.prettyName} needs at least ${formatBytes(minMemory)} of memory: give the VM more --memory`,
    );
  }
  const minDisk = calibratedValue(os.diskCalibration);
  if (request.diskBytes < minDisk) {
    throw new UserError(
      `${os.prettyName} needs at least ${formatBytes(minDisk)} of disk: give the VM more --disk`,
    );
  }
  const reservable = reservableOnHostBytes(ctx.world, host.id);
  if (vmReservationBytes(request) > reservable) {
    throw new UserError(
      `VM ${request.name} needs ${formatBytes(vmReservationBytes(request))} (memory plus hypervisor overhead) but host ${host.name} can reserve at most ${formatBytes(reservable)}`,
    );
  }
  const diskUsed = Object.values(ctx.world.vms)
    .filter((vm) => vm.hostId === host.id)
    .reduce((sum, vm) => sum + vm.diskBytes, 0);
  if (diskUsed + request.diskBytes > host.diskBytes) {
    throw new UserError(
      `not enough disk on host ${host.name}: ${formatBytes(host.diskBytes - diskUsed)} free, the VM's virtual disk needs ${formatBytes(request.diskBytes)}`,
    );
  }
  const id = peekId(ctx.world, 'vm');
  ctx.emit({
    kind: 'vm.create',
    vm: {
      id,
      name: request.name,
      hostId: host.id,
      hypervisorId: hypervisor.id,
      vcpus: request.vcpus,
      memoryBytes: request.memoryBytes,
      diskBytes: request.diskBytes,
      os: os.id,
      state: 'stopped',
      guestKernelId: null,
      vmmPid: null,
      boot: [],
      createdAtNs: ctx.nowNs,
      lastStartedAtNs: null,
      readyAtNs: null,
    },
  });
  return id;
}
