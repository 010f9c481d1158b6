// `hv ps`: every host, hypervisor, VM and app, with its state and what it uses. CPU for apps is
// what the kernel grants against what the app wants, so contention shows up as a number.
import { kernelMemoryUsedBytes } from '../../kernel/kernel.ts';
import { OS_CATALOGUE } from '../../kernel/os-catalogue.ts';
import { worldCpu } from '../../virt/cpu-allocation.ts';
import { HYPERVISOR_PRODUCTS } from '../../virt/hypervisor-products.ts';
import { reservedOnHostBytes, vmReservationBytes } from '../../virt/memory-reservation.ts';
import type { Process } from '../../kernel/process.ts';
import type { StepContext } from '../../world/context.ts';
import { recordValues } from '../../world/record-values.ts';
import { formatBytes, formatSeconds } from '../../world/units.ts';
import type { DeepReadonly, World } from '../../world/world.ts';
import { formatTable } from '../table.ts';
import type { HvCommand } from './commands.ts';

function cores(milli: number): string {
  return (milli / 1000).toFixed(2);
}

export function psRows(world: DeepReadonly<World>): string[][] {
  const rows: string[][] = [];
  const { perKernel: cpu, perVm } = worldCpu(world);
  const nameOf = (placed: { kind: 'host' | 'vm'; id: string }) =>
    placed.kind === 'host'
      ? world.hosts[placed.id]!.name
      : (world.vms[placed.id]?.name ?? placed.id);
  for (const host of Object.values(world.hosts)) {
    const kernel = world.kernels[host.kernelId]!;
    const os = host.os ? OS_CATALOGUE[host.os].prettyName : `${kernel.name} ${kernel.release}`;
    const reserved = reservedOnHostBytes(world, host.id);
    rows.push([
      host.name,
      'host',
      '-',
      host.state,
      `${host.cpuCount} cores`,
      `${formatBytes(kernelMemoryUsedBytes(kernel))} / ${formatBytes(host.memoryBytes)}`,
      `${os}${reserved > 0 ? `; ${formatBytes(reserved)} reserved by VMs` : ''}`,
    ]);
    if (host.hypervisorId) {
      const hypervisor = world.hypervisors[host.hypervisorId]!;
      const product = HYPERVISOR_PRODUCTS[hypervisor.product];
      rows.push([
        product.id,
        'hypervisor',
        host.name,
        'installed',
        '-',
        '-',
        `${product.name}, type ${product.type}`,
      ]);
    }
  }
  for (const vm of Object.values(world.vms)) {
    const host = world.hosts[vm.hostId]!;
    const booted =
      vm.readyAtNs !== null && vm.lastStartedAtNs !== null
        ? `, booted in ${formatSeconds(vm.readyAtNs - vm.lastStartedAtNs)}`
        : '';
    const memory = vm.guestKernelId
      ? `${formatBytes(vmReservationBytes(vm))} reserved`
      : formatBytes(vm.memoryBytes);
    const steal = perVm.get(vm.id)?.stealPercent ?? 0;
    rows.push([
      vm.name,
      'vm',
      host.name,
      vm.state,
      `${vm.vcpus} vCPU`,
      memory,
      `${OS_CATALOGUE[vm.os].prettyName} guest${booted}${steal > 0 ? `; steal ${steal}%: its vCPUs wait for the host's CPUs` : ''}`,
    ]);
  }
  for (const app of Object.values(world.apps)) {
    const granted = app.pid !== null ? (cpu.get(app.kernelId)?.get(app.pid) ?? 0) : 0;
    const running = app.state === 'running';
    const starved = running && granted < app.cpuDemandMilli;
    const detail = !running
      ? app.state === 'oom-killed'
        ? 'killed by the OOM killer'
        : 'stopped'
      : starved
        ? `gets ${Math.round((granted * 100) / app.cpuDemandMilli)}% of the CPU it wants`
        : 'gets all the CPU it wants';
    rows.push([
      app.name,
      'app',
      nameOf(app.placedOn),
      app.state,
      running ? `${cores(granted)}/${cores(app.cpuDemandMilli)} cores` : '-',
      running ? formatBytes(app.memoryBytes) : '-',
      detail,
    ]);
  }
  for (const daemon of Object.values(world.daemons)) {
    const host = world.hosts[daemon.hostId]!;
    const shares = cpu.get(daemon.kernelId);
    const kernel = world.kernels[daemon.kernelId]!;
    // Each container's processes, found in one pass over the process table: looking them up
    // anew for every container made hv ps take seconds with thousands of containers.
    const membersOf = new Map<string, DeepReadonly<Process>[]>();
    for (const process of recordValues(kernel.processes)) {
      if (process.containerId === undefined) continue;
      const members = membersOf.get(process.containerId);
      if (members) members.push(process);
      else membersOf.set(process.containerId, [process]);
    }
    for (const container of recordValues(daemon.containers)) {
      const members = membersOf.get(container.id) ?? [];
      const granted = members.reduce((sum, process) => sum + (shares?.get(process.pid) ?? 0), 0);
      const wanted = members.reduce((sum, process) => sum + process.cpuDemandMilli, 0);
      const memory = members.reduce((sum, process) => sum + process.memoryBytes, 0);
      const running = container.state === 'running';
      const limit =
        container.hostConfig.memoryBytes > 0
          ? ` / ${formatBytes(container.hostConfig.memoryBytes)}`
          : '';
      rows.push([
        container.name,
        'container',
        host.name,
        container.state === 'exited' ? `exited (${container.exitCode})` : container.state,
        running ? `${cores(granted)}/${cores(wanted)} cores` : '-',
        running ? `${formatBytes(memory)}${limit}` : '-',
        `${container.imageName}: ${[container.config.path, ...container.config.args].join(' ')}${container.oomKilled ? ' (OOM killed)' : ''}`,
      ]);
    }
  }
  return rows;
}

export function psText(world: DeepReadonly<World>): string {
  return formatTable(['NAME', 'KIND', 'ON', 'STATE', 'CPU', 'MEMORY', 'DETAILS'], psRows(world));
}

export const psCommand: HvCommand = {
  spec: {
    path: 'hv ps',
    usage: 'hv ps',
    summary: 'List every host, hypervisor, VM, app and container, with state and resources',
    flags: [],
    args: { min: 0, max: 0 },
  },
  run: (ctx: StepContext) => {
    ctx.out(psText(ctx.world));
    return 0;
  },
};
