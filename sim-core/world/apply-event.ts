// The reducer: the only code that changes a world. Each event kind has one case; replaying the
// trace's events through it from the initial world rebuilds every later world exactly, which is
// what snapshots, seek and step-back rely on.
import { cloneData } from './clone-data.ts';
import { bootKernel, createNamespace } from '../kernel/boot.ts';
import { CGROUP_ROOT, newCgroup, parentCgroupPath } from '../kernel/cgroup.ts';
import { chargeMemory, exitProcess, spawnProcess } from '../kernel/spawn.ts';
import { applyCgroupWrite } from '../kernel/cgroup-write.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process.ts';
import type { SimEvent } from './events.ts';
import { applyEngineEvent } from '../engine/apply-engine-event.ts';
import { releaseAddress } from '../engine/networks/network.ts';
import type { World } from './world.ts';
import { DEFAULT_CONTEXT, noContexts } from '../client/docker-contexts.ts';

function bump(world: World, kind: string): void {
  world.counters[kind] = (world.counters[kind] ?? 0) + 1;
}

function kernelOf(world: World, kernelId: string): Kernel {
  const kernel = world.kernels[kernelId];
  if (!kernel) throw new Error(`event refers to unknown kernel ${kernelId}`);
  return kernel;
}

/** Apps whose kernel went away (a guest halted or crashed) have stopped with it. */
function stopAppsOnKernel(world: World, kernel: Kernel): void {
  for (const process of Object.values(kernel.processes)) {
    const app = process.appId !== undefined ? world.apps[process.appId] : undefined;
    if (app && app.state === 'running') {
      app.state = 'stopped';
      app.pid = null;
    }
  }
}

/**
 * The OOM killer ended a process of a container. dockerd hears of any OOM kill in the
 * container's cgroup and marks the container OOMKilled; if it was the main process, the
 * container has exited too.
 */
function containerProcessGone(world: World, process: Process, oomKilled: boolean): void {
  for (const daemon of Object.values(world.daemons)) {
    const container = daemon.containers[process.containerId!];
    if (!container || !oomKilled) continue;
    if (container.state === 'running' || container.state === 'paused') container.oomKilled = true;
    if (container.pid !== process.pid) continue;
    container.state = 'exited';
    container.exitCode = 137;
    container.oomKilled = true;
    container.pid = null;
    container.exitAtNs = null;
    container.finishedAtNs = world.clockNs;
    // Its network endpoints go with it, as when it stops any other way.
    for (const network of Object.values(daemon.networks)) {
      const endpoint = network.endpoints[container.id];
      if (endpoint) releaseAddress(network, endpoint.ipv4Address);
      delete network.endpoints[container.id];
    }
  }
}

/** Processes left their kernel: whatever they ran (an app, a VM, a container) stops with them. */
function afterProcessGone(world: World, gone: Process[], appState: 'oom-killed' | 'stopped'): void {
  for (const process of gone) {
    const app = process.appId !== undefined ? world.apps[process.appId] : undefined;
    if (app && app.pid === process.pid) {
      app.state = appState;
      app.pid = null;
    }
    if (process.containerId !== undefined) {
      containerProcessGone(world, process, appState === 'oom-killed');
    }
    const vm =
      process.role === 'vmm' && process.vmId !== undefined ? world.vms[process.vmId] : undefined;
    if (!vm || vm.vmmPid !== process.pid) continue;
    const guest = vm.guestKernelId ? world.kernels[vm.guestKernelId] : undefined;
    if (guest) {
      stopAppsOnKernel(world, guest);
      delete world.kernels[guest.id];
    }
    vm.guestKernelId = null;
    vm.vmmPid = null;
    // An orderly shutdown finishes with HALTED; anything else is the plug pulled on the guest.
    if (vm.state !== 'stopping') vm.state = 'stopped';
  }
}

export function applyEvent(world: World, event: SimEvent): void {
  if (event.atNs < world.clockNs) throw new Error(`event ${event.kind} goes back in time`);
  world.clockNs = event.atNs;
  switch (event.kind) {
    case 'command':
      return;
    case 'command.exit':
      world.lastExitCode = event.exitCode;
      world.rng = [...event.rng];
      return;
    case 'clock.advance':
      world.clockNs += event.durationNs;
      return;
    case 'file.write':
      world.client.files[event.path] = event.content;
      return;
    case 'file.remove':
      delete world.client.files[event.path];
      return;
    case 'context.create':
      world.client.contexts ??= noContexts();
      world.client.contexts.byName[event.context.name] = structuredClone(event.context);
      return;
    case 'context.remove':
      world.client.contexts ??= noContexts();
      delete world.client.contexts.byName[event.name];
      if (world.client.contexts.current === event.name)
        world.client.contexts.current = DEFAULT_CONTEXT;
      return;
    case 'client.attach':
      world.client.attached = structuredClone(event.attachment);
      return;
    case 'client.detach':
      delete world.client.attached;
      return;
    case 'context.use':
      world.client.contexts ??= noContexts();
      world.client.contexts.current = event.name;
      return;
    case 'host.add': {
      bump(world, 'host');
      bump(world, 'kernel');
      world.kernels[event.kernel.id] = bootKernel(event.kernel, event.atNs);
      world.hosts[event.host.id] = { ...cloneData(event.host), kernelId: event.kernel.id };
      world.names[event.host.name] = { kind: 'host', id: event.host.id };
      return;
    }
    case 'process.spawn':
      spawnProcess(kernelOf(world, event.kernelId), cloneData(event.spec), event.atNs);
      return;
    case 'process.demand': {
      const process = kernelOf(world, event.kernelId).processes[event.pid];
      if (process) {
        process.cpuDemandMilli = event.cpuDemandMilli;
        process.state = event.cpuDemandMilli > 0 ? 'running' : 'sleeping';
      }
      return;
    }
    case 'process.exit': {
      const kernel = kernelOf(world, event.kernelId);
      afterProcessGone(world, exitProcess(kernel, event.pid), 'stopped');
      return;
    }
    case 'memory.charge':
      chargeMemory(kernelOf(world, event.kernelId), event.pid, event.bytes);
      return;
    case 'oom.kill': {
      const kernel = kernelOf(world, event.kernelId);
      kernel.oomKillCount += 1;
      const group = event.cgroupPath !== null ? kernel.cgroups[event.cgroupPath] : undefined;
      if (group) {
        group.memory.oomEvents += 1;
        group.memory.oomKillEvents += 1;
      }
      afterProcessGone(world, exitProcess(kernel, event.pid), 'oom-killed');
      return;
    }
    case 'namespace.create':
      createNamespace(
        kernelOf(world, event.kernelId),
        event.nsKind,
        event.parentInode,
        event.hostname,
      );
      return;
    case 'cgroup.create': {
      const kernel = kernelOf(world, event.kernelId);
      kernel.cgroups[event.path] = newCgroup(
        event.path,
        parentCgroupPath(event.path) ?? CGROUP_ROOT,
      );
      return;
    }
    case 'cgroup.write':
      applyCgroupWrite(kernelOf(world, event.kernelId), event.path, event.file, event.value);
      return;
    case 'cpu.account': {
      const kernel = kernelOf(world, event.kernelId);
      for (const entry of event.groups) {
        const stat = kernel.cgroups[entry.path]?.cpuStat;
        if (!stat) continue;
        stat.usageNs += entry.usageNs;
        stat.nrPeriods += entry.nrPeriods;
        stat.nrThrottled += entry.nrThrottled;
        stat.throttledNs += entry.throttledNs;
      }
      for (const entry of event.processes) {
        const process = kernel.processes[entry.pid];
        if (process) process.cpuTimeNs += entry.cpuNs;
      }
      return;
    }
    case 'cgroup.remove':
      delete kernelOf(world, event.kernelId).cgroups[event.path];
      return;
    case 'hypervisor.install': {
      bump(world, 'hypervisor');
      const host = world.hosts[event.hypervisor.hostId]!;
      world.hypervisors[event.hypervisor.id] = cloneData(event.hypervisor);
      host.hypervisorId = event.hypervisor.id;
      if (event.replacementKernel) {
        bump(world, 'kernel');
        delete world.kernels[host.kernelId];
        for (const daemon of Object.values(world.daemons)) {
          if (daemon.hostId === host.id) delete world.daemons[daemon.id];
        }
        world.kernels[event.replacementKernel.id] = bootKernel(event.replacementKernel, event.atNs);
        host.kernelId = event.replacementKernel.id;
        host.os = null;
      }
      return;
    }
    case 'vm.create':
      bump(world, 'vm');
      world.vms[event.vm.id] = cloneData(event.vm);
      world.names[event.vm.name] = { kind: 'vm', id: event.vm.id };
      return;
    case 'vm.state': {
      const vm = world.vms[event.vmId]!;
      vm.state = event.to;
      if (event.event === 'START') {
        vm.boot = [];
        vm.lastStartedAtNs = event.atNs;
        vm.readyAtNs = null;
      }
      if (event.event === 'BOOTED') vm.readyAtNs = event.atNs;
      return;
    }
    case 'vm.power.on':
      world.vms[event.vmId]!.vmmPid = event.vmmPid;
      return;
    case 'vm.boot.phase': {
      world.vms[event.vmId]!.boot.push({
        phase: event.phase,
        startNs: event.atNs,
        durationNs: event.durationNs,
      });
      world.clockNs += event.durationNs;
      return;
    }
    case 'guest.kernel.boot': {
      bump(world, 'kernel');
      world.kernels[event.kernel.id] = bootKernel(event.kernel, event.atNs);
      world.vms[event.vmId]!.guestKernelId = event.kernel.id;
      return;
    }
    case 'guest.kernel.halt': {
      stopAppsOnKernel(world, kernelOf(world, event.kernelId));
      delete world.kernels[event.kernelId];
      world.vms[event.vmId]!.guestKernelId = null;
      return;
    }
    case 'vm.remove':
      // The VM's disk goes with it, and so do the apps installed in its guest.
      for (const app of Object.values(world.apps)) {
        if (app.placedOn.kind === 'vm' && app.placedOn.id === event.vmId) {
          delete world.apps[app.id];
          delete world.names[app.name];
        }
      }
      delete world.names[world.vms[event.vmId]!.name];
      delete world.vms[event.vmId];
      return;
    case 'app.run':
      bump(world, 'app');
      world.apps[event.app.id] = cloneData(event.app);
      world.names[event.app.name] = { kind: 'app', id: event.app.id };
      return;
    case 'app.stop': {
      const app = world.apps[event.appId]!;
      app.state = 'stopped';
      app.pid = null;
      return;
    }
    default:
      applyEngineEvent(world, event);
  }
}
