// What must hold in every world, after every step. Property tests check these after each
// command of random sessions; a violation names the entity and the rule it broke.
import { networkProblems } from '../engine/networks/invariants.ts';
import { cgroupChain } from '../kernel/cgroup.ts';
import { kernelMemoryUsedBytes } from '../kernel/kernel.ts';
import { reservableOnHostBytes, reservedOnHostBytes } from '../virt/memory-reservation.ts';
import type { DeepReadonly, World } from './world.ts';

export function checkInvariants(world: DeepReadonly<World>): string[] {
  const problems: string[] = [];
  for (const host of Object.values(world.hosts)) {
    const reserved = reservedOnHostBytes(world, host.id);
    const reservable = reservableOnHostBytes(world, host.id);
    if (reserved > reservable)
      problems.push(`host ${host.name}: VMs reserve ${reserved} B of ${reservable} B`);
    if (!world.kernels[host.kernelId])
      problems.push(`host ${host.name}: kernel ${host.kernelId} missing`);
  }
  for (const kernel of Object.values(world.kernels)) {
    const where = `kernel ${kernel.id}`;
    if (kernelMemoryUsedBytes(kernel) > kernel.memoryBytes)
      problems.push(`${where}: memory used exceeds RAM`);
    const pidsByNs = new Map<number, Set<number>>();
    for (const process of Object.values(kernel.processes)) {
      for (const { nsInode, pid } of process.pidChain) {
        const seen = pidsByNs.get(nsInode) ?? new Set<number>();
        if (seen.has(pid)) problems.push(`${where}: PID ${pid} twice in pid namespace ${nsInode}`);
        seen.add(pid);
        pidsByNs.set(nsInode, seen);
        if (!kernel.namespaces[nsInode])
          problems.push(`${where}: PID ${pid} in missing namespace ${nsInode}`);
      }
      for (const inode of Object.values(process.ns)) {
        if (!kernel.namespaces[inode])
          problems.push(`${where}: process ${process.pid} holds missing namespace ${inode}`);
      }
      if (
        process.cgroupPath !== null &&
        !kernel.cgroups[process.cgroupPath]?.procs.includes(process.pid)
      ) {
        problems.push(`${where}: process ${process.pid} missing from cgroup ${process.cgroupPath}`);
      }
      if (process.memoryBytes < 0)
        problems.push(`${where}: process ${process.pid} has negative memory`);
    }
    for (const group of Object.values(kernel.cgroups)) {
      const members = Object.values(kernel.processes).filter(
        (process) =>
          process.cgroupPath !== null &&
          cgroupChain(kernel.cgroups, process.cgroupPath).some((g) => g.path === group.path),
      );
      const usage = members.reduce((sum, process) => sum + process.memoryBytes, 0);
      if (usage !== group.memory.currentBytes)
        problems.push(
          `${where}: cgroup ${group.path} memory.current ${group.memory.currentBytes} != ${usage}`,
        );
      if (group.memory.maxBytes !== null && group.memory.currentBytes > group.memory.maxBytes) {
        problems.push(`${where}: cgroup ${group.path} uses more memory than memory.max`);
      }
      if (group.pids.current !== members.length)
        problems.push(`${where}: cgroup ${group.path} pids.current is wrong`);
      if (group.pids.max !== null && group.pids.current > group.pids.max)
        problems.push(`${where}: cgroup ${group.path} over pids.max`);
    }
  }
  for (const vm of Object.values(world.vms)) {
    const host = world.hosts[vm.hostId];
    if (!host) {
      problems.push(`vm ${vm.name}: host missing`);
      continue;
    }
    const hostKernel = world.kernels[host.kernelId]!;
    const poweredOn = vm.guestKernelId !== null;
    if (
      poweredOn !== (vm.state === 'running' || vm.state === 'paused' || vm.state === 'stopping')
    ) {
      if (!(vm.state === 'booting'))
        problems.push(
          `vm ${vm.name}: ${vm.state} but guest kernel ${poweredOn ? 'present' : 'absent'}`,
        );
    }
    if (vm.guestKernelId) {
      const guest = world.kernels[vm.guestKernelId]!;
      // Isolation: the host's table holds the VMM and one thread per vCPU, never a guest process.
      const vcpuThreads = Object.values(hostKernel.processes).filter(
        (process) => process.role === 'vcpu' && process.vmId === vm.id,
      );
      if (vcpuThreads.length !== vm.vcpus)
        problems.push(
          `vm ${vm.name}: host sees ${vcpuThreads.length} vCPU threads, not ${vm.vcpus}`,
        );
      for (const process of Object.values(hostKernel.processes)) {
        if (process.role === 'init' && process.vmId)
          problems.push(`vm ${vm.name}: a guest process is in the host's table`);
      }
      for (const process of Object.values(guest.processes)) {
        if (process.role === 'vmm' || process.role === 'vcpu')
          problems.push(`vm ${vm.name}: guest sees host process ${process.comm}`);
      }
    }
  }
  for (const daemon of Object.values(world.daemons)) {
    // Layer reference counts: the images that list the layer plus the containers stacked on them.
    const uses = new Map<string, number>();
    for (const container of Object.values(daemon.containers)) {
      for (const diffId of daemon.images[container.imageId]?.layerDiffIds ?? [])
        uses.set(diffId, (uses.get(diffId) ?? 0) + 1);
      if (!daemon.images[container.imageId])
        problems.push(`daemon ${daemon.id}: container ${container.name} lost its image`);
      const running = container.state === 'running' || container.state === 'paused';
      if (running !== (container.pid !== null))
        problems.push(
          `daemon ${daemon.id}: container ${container.name} is ${container.state} with pid ${container.pid}`,
        );
    }
    for (const image of Object.values(daemon.images)) {
      for (const diffId of image.layerDiffIds) uses.set(diffId, (uses.get(diffId) ?? 0) + 1);
      if (image.layerDiffIds.some((diffId) => !daemon.layers[diffId]))
        problems.push(`daemon ${daemon.id}: image ${image.id} misses a layer`);
    }
    for (const layer of Object.values(daemon.layers)) {
      if (layer.refCount !== (uses.get(layer.diffId) ?? 0))
        problems.push(
          `daemon ${daemon.id}: layer ${layer.diffId} refCount ${layer.refCount} is wrong`,
        );
      if (layer.refCount <= 0)
        problems.push(
          `daemon ${daemon.id}: layer ${layer.diffId} leaked (refCount ${layer.refCount})`,
        );
    }
    problems.push(...networkProblems(daemon));
    for (const [ref, imageId] of Object.entries(daemon.tags)) {
      if (!daemon.images[imageId])
        problems.push(`daemon ${daemon.id}: tag ${ref} points at a missing image`);
    }
  }
  for (const app of Object.values(world.apps)) {
    if (app.state === 'running') {
      const process =
        app.pid !== null ? world.kernels[app.kernelId]?.processes[app.pid] : undefined;
      if (!process || process.appId !== app.id)
        problems.push(`app ${app.name}: running without its process`);
    }
  }
  return problems;
}
