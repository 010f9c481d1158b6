// The container engine's events in plain words: the REST call, dockerd, containerd and runc at
// work, registry traffic, layers and copy-on-write. A learner stepping through `docker run`
// reads each hop of the path instead of an event kind. Kinds not listed here fall back to their
// name (see event-words.ts).
import type { SimEvent } from '../../sim-core/world/events.ts';
import { formatBytes, formatSeconds } from '../../sim-core/world/units.ts';
import type { DeepReadonly, World } from '../../sim-core/world/world.ts';

type EngineKind =
  | 'api.request'
  | 'registry.manifest'
  | 'registry.layer'
  | 'registry.push.layer'
  | 'layer.register'
  | 'image.register'
  | 'image.tag'
  | 'image.untag'
  | 'image.delete'
  | 'container.create'
  | 'container.state'
  | 'container.remove'
  | 'container.rename'
  | 'container.update'
  | 'container.restartPlan'
  | 'containerd.task'
  | 'runc.create'
  | 'runc.exec'
  | 'overlay.mount'
  | 'overlay.change'
  | 'cow.copyUp'
  | 'build.cache'
  | 'volume.create'
  | 'volume.remove'
  | 'network.create'
  | 'container.sandbox';

export type EngineEvent = Extract<SimEvent, { kind: EngineKind }>;

export const ENGINE_EVENT_KINDS: readonly EngineKind[] = [
  'api.request',
  'registry.manifest',
  'registry.layer',
  'registry.push.layer',
  'layer.register',
  'image.register',
  'image.tag',
  'image.untag',
  'image.delete',
  'container.create',
  'container.state',
  'container.remove',
  'container.rename',
  'container.update',
  'container.restartPlan',
  'containerd.task',
  'runc.create',
  'runc.exec',
  'overlay.mount',
  'overlay.change',
  'cow.copyUp',
  'build.cache',
  'volume.create',
  'volume.remove',
  'network.create',
  'container.sandbox',
];

export function isEngineEvent(event: SimEvent): event is EngineEvent {
  return (ENGINE_EVENT_KINDS as readonly string[]).includes(event.kind);
}

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);
/** Sub-microsecond times (a small file's copy-up) in nanoseconds rather than "0 µs". */
const duration = (ns: number) => (ns < 1000 ? `${ns} ns` : formatSeconds(ns));

export function describeEngineEvent(event: EngineEvent, world: DeepReadonly<World>): string {
  const daemon = world.daemons[event.daemonId];
  const host = daemon ? (world.hosts[daemon.hostId]?.name ?? '?') : '?';
  const container = (id: string) => daemon?.containers[id]?.name ?? id.slice(0, 12);
  switch (event.kind) {
    case 'api.request':
      return `docker client -> dockerd on ${host}: ${event.method} ${event.path} (HTTP ${event.status})`;
    case 'registry.manifest':
      return `dockerd asks ${event.registry} for ${event.repository}:${event.tag}: manifest ${short(event.digest)}`;
    case 'registry.layer':
      return event.outcome === 'exists'
        ? `Layer ${short(event.blobDigest)} is already on ${host}: nothing to download`
        : `Layer ${short(event.blobDigest)} downloaded: ${formatBytes(event.compressedBytes)} in ${formatSeconds(event.durationNs)}`;
    case 'registry.push.layer':
      return event.outcome === 'exists'
        ? `${event.registry} already has layer ${short(event.blobDigest)}`
        : `Layer ${short(event.blobDigest)} pushed to ${event.registry}: ${formatBytes(event.compressedBytes)}`;
    case 'layer.register':
      return `Layer ${short(event.layer.diffId)} stored under /var/lib/docker/overlay2: ${formatBytes(event.layer.sizeBytes)}, ${event.layer.paths.length} paths`;
    case 'image.register':
      return `Image ${short(event.image.id)} registered: ${event.image.layerDiffIds.length} layer(s)${event.tags.length > 0 ? `, tagged ${event.tags.join(', ')}` : ''}`;
    case 'image.tag':
      return `${event.ref} now names image ${short(event.imageId)}`;
    case 'image.untag':
      return `The tag ${event.ref} is removed`;
    case 'image.delete':
      return `Image ${short(event.imageId)} deleted; layers no other image uses are freed`;
    case 'container.create':
      return `dockerd creates container ${event.container.name} from ${event.container.imageName}: its own writable layer, no process yet`;
    case 'container.state':
      return `Container ${container(event.containerId)}: ${event.from} -> ${event.to}${event.exitCode !== undefined && event.to !== 'running' ? ` (exit code ${event.exitCode}${event.oomKilled ? ', killed for memory' : ''})` : ''}`;
    case 'container.remove':
      return `Container ${container(event.containerId)} removed, and its writable layer with it`;
    case 'container.rename':
      return `Container renamed to ${event.name}`;
    case 'container.update':
      return `New limits for ${container(event.containerId)}: ${Object.keys(event.hostConfig).join(', ')}`;
    case 'container.restartPlan':
      return event.restartAtNs === null
        ? `dockerd will not restart ${container(event.containerId)}`
        : `dockerd's restart policy for ${container(event.containerId)}${event.restartDelayNs !== undefined ? `: back-off ${formatSeconds(event.restartDelayNs)}` : ''}`;
    case 'containerd.task':
      return `containerd: ${event.action} the task of ${container(event.containerId)}${event.signal ? ` (${event.signal})` : ''}${event.action === 'create' ? ', through a containerd-shim' : ''}`;
    case 'runc.create':
      return `runc clones the first process of ${container(event.containerId)} with ${event.cloneFlags.length > 0 ? event.cloneFlags.join(' | ') : 'no new namespaces'}${event.joined.length > 0 ? `, joining ${event.joined.join(', ')} of another` : ''}`;
    case 'runc.exec':
      return `runc execs ${[event.path, ...event.args].join(' ')} in ${container(event.containerId)}`;
    case 'overlay.mount':
      return `overlay mount for ${container(event.containerId)}: ${event.lowerDirs.length} read-only lower layer(s), one writable upper layer, seen merged as its /`;
    case 'overlay.change':
      return event.entry === null
        ? `${container(event.containerId)}: ${event.path} gone from its writable layer`
        : event.entry.kind === 'whiteout'
          ? `${container(event.containerId)} deletes ${event.path}: a whiteout hides the image's file`
          : `${container(event.containerId)} writes ${event.path} in its writable layer`;
    case 'cow.copyUp':
      return `Copy-on-write: ${event.path} (${formatBytes(event.sizeBytes)}) is copied up from the image before ${container(event.containerId)} changes it, ${duration(event.durationNs)}`;
    case 'build.cache':
      return `The build cache remembers image ${short(event.imageId)} for this step`;
    case 'volume.create':
      return `Volume ${event.volume.name} created`;
    case 'volume.remove':
      return `Volume ${event.name} removed, with its data`;
    case 'network.create':
      return event.network.driver === 'bridge'
        ? `Network ${event.network.name}: a ${event.network.bridgeName} bridge for ${event.network.subnet}, gateway ${event.network.gateway}`
        : `Network ${event.network.name} (${event.network.driver}): no bridge, no addresses of its own`;
    case 'container.sandbox':
      return `dockerd prepares the network sandbox of ${container(event.containerId)}: its network namespace`;
  }
}
