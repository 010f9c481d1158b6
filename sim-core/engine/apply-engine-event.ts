// The engine's part of the reducer: image and layer stores with reference counts. A layer's
// count is the number of images that list it; it leaves the disk when that reaches zero.
import { cloneData } from '../world/clone-data.ts';
import type { World } from '../world/world.ts';
import type { EngineEvent } from './events.ts';
import { releaseAddress, takeAddress } from './networks/network.ts';

export function applyEngineEvent(world: World, event: EngineEvent): void {
  switch (event.kind) {
    case 'engine.install':
      world.counters['daemon'] = (world.counters['daemon'] ?? 0) + 1;
      world.daemons[event.daemon.id] = cloneData(event.daemon);
      return;
    case 'api.request':
    case 'registry.manifest':
    case 'registry.layer':
    case 'registry.push.layer':
    case 'containerd.task':
    case 'runc.create':
    case 'overlay.mount':
    case 'runc.exec':
    case 'cow.copyUp':
    case 'iptables.rule':
      // The rules live on the endpoint that published them; the event is for the views.
      return;
    case 'socket.listen': {
      const container = world.daemons[event.daemonId]!.containers[event.containerId]!;
      container.sockets = [
        ...container.sockets.filter((socket) => socket.port !== event.socket.port),
        structuredClone(event.socket),
      ];
      return;
    }
    case 'socket.close': {
      const container = world.daemons[event.daemonId]!.containers[event.containerId]!;
      container.sockets = container.sockets.filter((socket) => socket.port !== event.port);
      return;
    }
    case 'network.traffic': {
      const networks = world.daemons[event.daemonId]!.networks;
      const from = event.from && networks[event.from.networkId]?.endpoints[event.from.containerId];
      if (from) {
        from.counters.txBytes += event.bytes;
        from.counters.txPackets += event.packets;
      }
      const to = event.to && networks[event.to.networkId]?.endpoints[event.to.containerId];
      if (to) {
        to.counters.rxBytes += event.bytes;
        to.counters.rxPackets += event.packets;
      }
      return;
    }
    case 'container.update': {
      const container = world.daemons[event.daemonId]!.containers[event.containerId]!;
      container.hostConfig = { ...container.hostConfig, ...cloneData(event.hostConfig) };
      return;
    }
    case 'container.hostname':
      world.daemons[event.daemonId]!.containers[event.containerId]!.config.hostname =
        event.hostname;
      return;
    case 'container.sandbox':
      world.daemons[event.daemonId]!.containers[event.containerId]!.sandboxId = event.sandboxId;
      return;
    case 'container.networks': {
      const container = world.daemons[event.daemonId]!.containers[event.containerId]!;
      container.networkIds = [...event.networkIds];
      container.networkNames = { ...container.networkNames, ...event.names };
      return;
    }
    case 'network.create':
      world.daemons[event.daemonId]!.networks[event.network.id] = cloneData(event.network);
      return;
    case 'network.remove':
      delete world.daemons[event.daemonId]!.networks[event.networkId];
      return;
    case 'network.connect': {
      const network = world.daemons[event.daemonId]!.networks[event.networkId]!;
      network.endpoints[event.endpoint.containerId] = cloneData(event.endpoint);
      takeAddress(network, event.endpoint.ipv4Address);
      return;
    }
    case 'network.disconnect': {
      const network = world.daemons[event.daemonId]!.networks[event.networkId]!;
      const endpoint = network.endpoints[event.containerId];
      if (endpoint) releaseAddress(network, endpoint.ipv4Address);
      delete network.endpoints[event.containerId];
      return;
    }
    case 'volume.create':
      world.daemons[event.daemonId]!.volumes[event.volume.name] = cloneData(event.volume);
      return;
    case 'volume.remove':
      delete world.daemons[event.daemonId]!.volumes[event.name];
      return;
    case 'volume.change': {
      const files = world.daemons[event.daemonId]!.volumes[event.name]!.files;
      if (event.entry) files[event.path] = cloneData(event.entry);
      else delete files[event.path];
      return;
    }
    case 'tmpfs.change': {
      const container = world.daemons[event.daemonId]!.containers[event.containerId]!;
      const files = ((container.tmpfs ??= {})[event.target] ??= {});
      if (event.entry) files[event.path] = structuredClone(event.entry);
      else delete files[event.path];
      return;
    }
    case 'container.mount':
      world.daemons[event.daemonId]!.containers[event.containerId]!.mounts.push(
        cloneData(event.mount),
      );
      return;
    case 'build.cache':
      world.daemons[event.daemonId]!.buildCache[event.key] = event.imageId;
      return;
    case 'overlay.change': {
      const upper = world.daemons[event.daemonId]!.containers[event.containerId]!.upper;
      if (event.entry) upper[event.path] = cloneData(event.entry);
      else delete upper[event.path];
      return;
    }
    case 'container.create': {
      const daemon = world.daemons[event.daemonId]!;
      world.counters['container'] = (world.counters['container'] ?? 0) + 1;
      daemon.containers[event.container.id] = cloneData(event.container);
      // A container's lower stack holds every layer of its image, like one more image does.
      for (const diffId of daemon.images[event.container.imageId]!.layerDiffIds)
        daemon.layers[diffId]!.refCount += 1;
      daemon.containerNames[event.container.name] = event.container.id;
      return;
    }
    case 'container.state': {
      const container = world.daemons[event.daemonId]!.containers[event.containerId]!;
      container.state = event.to;
      if (event.pid !== undefined) container.pid = event.pid;
      if (event.exitCode !== undefined) container.exitCode = event.exitCode;
      if (event.oomKilled !== undefined) container.oomKilled = event.oomKilled;
      if (event.error !== undefined) container.error = event.error;
      if (event.exitAtNs !== undefined) container.exitAtNs = event.exitAtNs;
      if (event.exitsOnSigterm !== undefined) container.exitsOnSigterm = event.exitsOnSigterm;
      if (event.namespaces !== undefined) container.namespaces = cloneData(event.namespaces);
      if (event.to === 'running' && event.from !== 'paused') container.startedAtNs = event.atNs;
      if (event.to === 'exited' || event.to === 'restarting') {
        // Its tmpfs mounts go with the mount namespace: their files were only in memory.
        container.tmpfs = {};
        container.finishedAtNs = event.atNs;
        container.pid = null;
        container.sockets = [];
        container.exitAtNs = null;
        container.shell = null;
      }
      if (event.to !== 'restarting') container.restartAtNs = null;
      // dockerd counts a restart when it decides on it, before the back-off delay.
      if (event.event === 'RESTART') container.restartCount += 1;
      return;
    }
    case 'container.restartPlan': {
      const container = world.daemons[event.daemonId]!.containers[event.containerId]!;
      if (event.restartAtNs !== undefined) container.restartAtNs = event.restartAtNs;
      if (event.restartDelayNs !== undefined) container.restartDelayNs = event.restartDelayNs;
      if (event.manuallyStopped !== undefined) container.manuallyStopped = event.manuallyStopped;
      if (event.restartCount !== undefined) container.restartCount = event.restartCount;
      return;
    }
    case 'container.error': {
      const container = world.daemons[event.daemonId]!.containers[event.containerId]!;
      container.exitCode = event.exitCode;
      container.error = event.error;
      return;
    }
    case 'container.shell':
      world.daemons[event.daemonId]!.containers[event.containerId]!.shell = structuredClone(
        event.shell,
      );
      return;
    case 'container.rename': {
      const daemon = world.daemons[event.daemonId]!;
      const container = daemon.containers[event.containerId]!;
      delete daemon.containerNames[container.name];
      container.name = event.name;
      daemon.containerNames[event.name] = container.id;
      return;
    }
    case 'container.log':
      world.daemons[event.daemonId]!.containers[event.containerId]!.logs.push({
        stream: event.stream,
        text: event.text,
        atNs: event.atNs,
      });
      return;
    case 'container.remove': {
      const daemon = world.daemons[event.daemonId]!;
      const container = daemon.containers[event.containerId]!;
      // The image's layers were held by the container's lower stack.
      for (const diffId of daemon.images[container.imageId]?.layerDiffIds ?? [])
        daemon.layers[diffId]!.refCount -= 1;
      delete daemon.containerNames[container.name];
      delete daemon.containers[event.containerId];
      return;
    }
    case 'layer.register':
      world.daemons[event.daemonId]!.layers[event.layer.diffId] = cloneData(event.layer);
      return;
    case 'image.register': {
      const daemon = world.daemons[event.daemonId]!;
      daemon.images[event.image.id] = cloneData(event.image);
      for (const diffId of event.image.layerDiffIds) daemon.layers[diffId]!.refCount += 1;
      for (const ref of event.tags) daemon.tags[ref] = event.image.id;
      return;
    }
    case 'image.tag':
      world.daemons[event.daemonId]!.tags[event.ref] = event.imageId;
      return;
    case 'image.repoDigest': {
      const image = world.daemons[event.daemonId]!.images[event.imageId]!;
      const repository = event.repoDigest.slice(0, event.repoDigest.indexOf('@'));
      // One digest per repository: a newer push of the repository replaces the older one.
      image.repoDigests = [
        ...image.repoDigests.filter((entry) => !entry.startsWith(`${repository}@`)),
        event.repoDigest,
      ];
      return;
    }
    case 'image.untag':
      delete world.daemons[event.daemonId]!.tags[event.ref];
      return;
    case 'image.delete': {
      const daemon = world.daemons[event.daemonId]!;
      const image = daemon.images[event.imageId]!;
      for (const diffId of image.layerDiffIds) {
        const layer = daemon.layers[diffId]!;
        layer.refCount -= 1;
        if (layer.refCount === 0) delete daemon.layers[diffId];
      }
      delete daemon.images[event.imageId];
      for (const [key, imageId] of Object.entries(daemon.buildCache))
        if (imageId === event.imageId) delete daemon.buildCache[key];
      return;
    }
  }
}
