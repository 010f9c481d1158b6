// One event in plain words for the timeline ("vm1 boot: the kernel phase, 1.3 s"), so a learner
// stepping through history reads what happened instead of an event kind. The world passed in
// is the one the event has just been applied to, for turning ids into names.
import { describeEngineEvent, isEngineEvent } from './engine-words.ts';
import { describeNetworkEvent } from './network-words.ts';
import { HYPERVISOR_PRODUCTS } from '../../sim-core/virt/hypervisor-products.ts';
import type { SimEvent } from '../../sim-core/world/events.ts';
import { formatBytes, formatSeconds } from '../../sim-core/world/units.ts';
import type { DeepReadonly, World } from '../../sim-core/world/world.ts';

type ReadonlyWorld = DeepReadonly<World>;

function vmName(world: ReadonlyWorld, vmId: string): string {
  return world.vms[vmId]?.name ?? vmId;
}

function kernelOwner(world: ReadonlyWorld, kernelId: string): string {
  const kernel = world.kernels[kernelId];
  if (!kernel) return kernelId;
  if (kernel.owner.kind === 'host') return `${world.hosts[kernel.owner.id]?.name ?? '?'}'s kernel`;
  return `${vmName(world, kernel.owner.id)}'s guest kernel`;
}

export function describeEvent(event: SimEvent, world: ReadonlyWorld): string {
  switch (event.kind) {
    case 'command':
      return `You typed: ${event.line.split('\n')[0]}`;
    case 'command.exit':
      return event.exitCode === 0
        ? 'The command finished'
        : `The command failed (exit code ${event.exitCode})`;
    case 'clock.advance':
      return `${formatSeconds(event.durationNs)} pass (${event.reason})`;
    case 'file.write':
      return `File ${event.path} written`;
    case 'host.add':
      return `Host ${event.host.name} added: ${event.host.cpuCount} cores, ${formatBytes(event.host.memoryBytes)}`;
    case 'process.spawn':
      return `${kernelOwner(world, event.kernelId)} starts process ${event.spec.comm}`;
    case 'process.exit':
      return `${kernelOwner(world, event.kernelId)}: process ${event.pid} exits`;
    case 'memory.charge':
      return `${kernelOwner(world, event.kernelId)} gives process ${event.pid} ${formatBytes(event.bytes)} of memory`;
    case 'oom.kill':
      return `Out of memory: ${kernelOwner(world, event.kernelId)} kills ${event.comm}`;
    case 'namespace.create':
      return `${kernelOwner(world, event.kernelId)} creates a new ${event.nsKind} namespace`;
    case 'cgroup.create':
      return `${kernelOwner(world, event.kernelId)} creates cgroup ${event.path}`;
    case 'cgroup.write':
      return `${kernelOwner(world, event.kernelId)} sets ${event.file} = ${event.value} on ${event.path}`;
    case 'cgroup.remove':
      return `${kernelOwner(world, event.kernelId)} removes cgroup ${event.path}`;
    case 'hypervisor.install': {
      const product = HYPERVISOR_PRODUCTS[event.hypervisor.product];
      return `${product.name} (type ${product.type}) installed on ${world.hosts[event.hypervisor.hostId]?.name ?? '?'}`;
    }
    case 'vm.create':
      return `VM ${event.vm.name} created: ${event.vm.vcpus} vCPUs, ${formatBytes(event.vm.memoryBytes)}`;
    case 'vm.state':
      return `VM ${vmName(world, event.vmId)}: ${event.from} → ${event.to}`;
    case 'vm.power.on':
      return `VM ${vmName(world, event.vmId)} powers on (its VMM is process ${event.vmmPid} on the host)`;
    case 'vm.boot.phase':
      return `VM ${vmName(world, event.vmId)} boots: ${event.phase} phase, ${formatSeconds(event.durationNs)}`;
    case 'guest.kernel.boot':
      return `VM ${vmName(world, event.vmId)}: its own ${event.kernel.name} kernel is up`;
    case 'guest.kernel.halt':
      return `VM ${vmName(world, event.vmId)}: the guest kernel halts`;
    case 'vm.remove':
      return `VM ${event.vmId} removed`;
    case 'app.run':
      return `App ${event.app.name} starts`;
    case 'app.stop':
      return `App ${world.apps[event.appId]?.name ?? event.appId} stops`;
    case 'network.connect':
    case 'network.disconnect':
    case 'iptables.rule':
    case 'socket.listen':
    case 'network.traffic':
      return describeNetworkEvent(event, world);
    case 'client.attach': {
      const { daemonId, containerId, main, cwd } = event.attachment;
      const name = world.daemons[daemonId]?.containers[containerId]?.name ?? containerId;
      return `Your terminal types into ${main ? 'the main shell' : 'a shell'} of container ${name}, in ${cwd}`;
    }
    case 'client.detach':
      return 'Your terminal is back on your own shell';
    default:
      if (isEngineEvent(event)) return describeEngineEvent(event, world);
      // Kinds not described yet read as they are.
      return (event as { kind: string }).kind.replace(/[._]/g, ' ');
  }
}
