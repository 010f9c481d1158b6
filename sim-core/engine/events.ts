// Events of the Docker engine model: the REST calls that reach dockerd, registry traffic, and
// the changes to the image and layer stores.
import type { ContainerLifecycleEvent, ContainerState } from '../lifecycle/container-machine.ts';
import type { Container, HostConfig } from './containers/container.ts';
import type { ContainerShell } from './containers/shell-process.ts';
import type { UpperEntry } from './storage/file-tree.ts';
import type { Mount, Volume } from './volumes/volume.ts';
import type { Endpoint, Network } from './networks/network.ts';
import type { Daemon } from './daemon.ts';
import type { ListeningSocket } from './networks/sockets.ts';
import type { Image, Layer } from './images/image.ts';

interface Base<K extends string> {
  kind: K;
  atNs: number;
}

export type EngineInstallEvent = Base<'engine.install'> & { daemon: Daemon };
/** One REST call from the docker client to dockerd: method, path and the status it got. */
export type ApiRequestEvent = Base<'api.request'> & {
  daemonId: string;
  method: string;
  path: string;
  status: number;
};
export type RegistryManifestEvent = Base<'registry.manifest'> & {
  daemonId: string;
  registry: string;
  repository: string;
  tag: string;
  digest: string;
};
export type RegistryLayerEvent = Base<'registry.layer'> & {
  daemonId: string;
  blobDigest: string;
  compressedBytes: number;
  /** 'exists': already on disk (shared with another image), nothing downloaded. */
  outcome: 'downloaded' | 'exists';
  durationNs: number;
};
export type LayerRegisterEvent = Base<'layer.register'> & { daemonId: string; layer: Layer };
export type ImageRegisterEvent = Base<'image.register'> & {
  daemonId: string;
  image: Image;
  tags: string[];
};
export type ImageTagEvent = Base<'image.tag'> & { daemonId: string; ref: string; imageId: string };
export type ImageUntagEvent = Base<'image.untag'> & { daemonId: string; ref: string };
export type ImageDeleteEvent = Base<'image.delete'> & { daemonId: string; imageId: string };
/** A push or pull records the repository's digest of the image (RepoDigests). */
export type ImageRepoDigestEvent = Base<'image.repoDigest'> & {
  daemonId: string;
  imageId: string;
  repoDigest: string;
};
/** One layer blob sent to a registry by `docker push` ('exists': the registry had it). */
export type RegistryPushLayerEvent = Base<'registry.push.layer'> & {
  daemonId: string;
  registry: string;
  repository: string;
  blobDigest: string;
  compressedBytes: number;
  outcome: 'pushed' | 'exists';
  durationNs: number;
};

export type ContainerCreateEvent = Base<'container.create'> & {
  daemonId: string;
  container: Container;
};
export type ContainerStateEvent = Base<'container.state'> & {
  daemonId: string;
  containerId: string;
  event: ContainerLifecycleEvent;
  from: ContainerState;
  to: ContainerState;
  pid?: number | null;
  exitCode?: number;
  oomKilled?: boolean;
  error?: string;
  exitAtNs?: number | null;
  exitsOnSigterm?: boolean;
  namespaces?: Container['namespaces'];
};
/** The start failed before the process ran (runc could not exec it): state stays created. */
export type ContainerErrorEvent = Base<'container.error'> & {
  daemonId: string;
  containerId: string;
  exitCode: number;
  error: string;
};
export type ContainerLogEvent = Base<'container.log'> & {
  daemonId: string;
  containerId: string;
  stream: 'stdout' | 'stderr';
  text: string;
};
/** A change in a container's writable layer (null: the upper entry is gone again). */
export type OverlayChangeEvent = Base<'overlay.change'> & {
  daemonId: string;
  containerId: string;
  path: string;
  entry: UpperEntry | null;
};
/** Copy-on-write: the first write to a lower-layer file copies the whole file up first. */
export type CopyUpEvent = Base<'cow.copyUp'> & {
  daemonId: string;
  containerId: string;
  path: string;
  sizeBytes: number;
  /** How long reading the whole file takes: the write waits for it, so big files cost more. */
  durationNs: number;
};
/** The build cache remembers which image a step made. */
export type BuildCacheEvent = Base<'build.cache'> & {
  daemonId: string;
  key: string;
  imageId: string;
};
export type VolumeCreateEvent = Base<'volume.create'> & { daemonId: string; volume: Volume };
export type VolumeRemoveEvent = Base<'volume.remove'> & { daemonId: string; name: string };
export type VolumeChangeEvent = Base<'volume.change'> & {
  daemonId: string;
  name: string;
  path: string;
  entry: UpperEntry | null;
};
/** A write to one of a running container's tmpfs mounts (/dev/shm, --tmpfs): memory, not disk. */
export type TmpfsChangeEvent = Base<'tmpfs.change'> & {
  daemonId: string;
  containerId: string;
  target: string;
  path: string;
  entry: UpperEntry | null;
};
export type ContainerMountEvent = Base<'container.mount'> & {
  daemonId: string;
  containerId: string;
  mount: Mount;
};
export type NetworkCreateEvent = Base<'network.create'> & { daemonId: string; network: Network };
export type NetworkRemoveEvent = Base<'network.remove'> & { daemonId: string; networkId: string };
/** A container joins a network: a veth pair, one end its eth0 with an address, one on the bridge. */
export type EndpointAddEvent = Base<'network.connect'> & {
  daemonId: string;
  networkId: string;
  endpoint: Endpoint;
};
export type EndpointRemoveEvent = Base<'network.disconnect'> & {
  daemonId: string;
  networkId: string;
  containerId: string;
};
/** dockerd changes the host's iptables: a DNAT rule for a published port, or its ACCEPT. */
export type IptablesRuleEvent = Base<'iptables.rule'> & {
  daemonId: string;
  action: 'append' | 'delete';
  /** In iptables-save form, with its table: -t nat -A DOCKER ... -j DNAT --to-destination ... */
  rule: string;
};
/** Traffic between two endpoints (or an endpoint and the host): what /proc/net/dev counts. */
export type NetworkTrafficEvent = Base<'network.traffic'> & {
  daemonId: string;
  /** Sender and receiver as network id + container id; null for the host or outside world. */
  from: { networkId: string; containerId: string } | null;
  to: { networkId: string; containerId: string } | null;
  bytes: number;
  packets: number;
};
/** A process in the container listens on a TCP port of its network namespace. */
export type SocketListenEvent = Base<'socket.listen'> & {
  daemonId: string;
  containerId: string;
  socket: ListeningSocket;
};
export type SocketCloseEvent = Base<'socket.close'> & {
  daemonId: string;
  containerId: string;
  port: number;
};
export type ContainerNetworksEvent = Base<'container.networks'> & {
  daemonId: string;
  containerId: string;
  networkIds: string[];
  /** The names of networks it joins, as the container config keeps them (id -> name). */
  names?: Record<string, string>;
};
/** docker update: new resource limits recorded in the container's host config. */
export type ContainerUpdateEvent = Base<'container.update'> & {
  daemonId: string;
  containerId: string;
  hostConfig: Partial<HostConfig>;
};
/** dockerd gives a container in another's network namespace that container's host name. */
export type ContainerHostnameEvent = Base<'container.hostname'> & {
  daemonId: string;
  containerId: string;
  hostname: string;
};
/** libnetwork creates the sandbox (network namespace and its interfaces) for a start. */
export type ContainerSandboxEvent = Base<'container.sandbox'> & {
  daemonId: string;
  containerId: string;
  sandboxId: string;
};
/** A container's shell stopped to wait or went on: what it has left to run (null: it ended). */
export type ContainerShellEvent = Base<'container.shell'> & {
  daemonId: string;
  containerId: string;
  shell: ContainerShell | null;
};
/** dockerd's restart manager: a restart scheduled or cancelled, the back-off it reached. */
export type ContainerRestartPlanEvent = Base<'container.restartPlan'> & {
  daemonId: string;
  containerId: string;
  restartAtNs?: number | null;
  restartDelayNs?: number;
  manuallyStopped?: boolean;
  restartCount?: number;
};
export type ContainerRenameEvent = Base<'container.rename'> & {
  daemonId: string;
  containerId: string;
  name: string;
};
export type ContainerRemoveEvent = Base<'container.remove'> & {
  daemonId: string;
  containerId: string;
};
/** dockerd hands the container to containerd, which starts a shim for it. */
export type ContainerdTaskEvent = Base<'containerd.task'> & {
  daemonId: string;
  containerId: string;
  action: 'create' | 'start' | 'kill' | 'delete' | 'exec' | 'pause' | 'resume';
  signal?: string;
};
/** runc creates the container: clone(2) with these namespace flags, then exec. */
export type RuncEvent = Base<'runc.create'> & {
  daemonId: string;
  containerId: string;
  cloneFlags: string[];
  joined: string[];
};
/** The overlay mount that gives the container its root filesystem. */
export type OverlayMountEvent = Base<'overlay.mount'> & {
  daemonId: string;
  containerId: string;
  lowerDirs: string[];
  upperDir: string;
  workDir: string;
  mergedDir: string;
};
export type RuncExecEvent = Base<'runc.exec'> & {
  daemonId: string;
  containerId: string;
  path: string;
  args: string[];
  pid: number;
};

export type EngineEvent =
  | ContainerCreateEvent
  | ContainerStateEvent
  | ContainerLogEvent
  | ContainerErrorEvent
  | ContainerRemoveEvent
  | ContainerRenameEvent
  | ContainerHostnameEvent
  | ContainerSandboxEvent
  | ContainerShellEvent
  | ContainerRestartPlanEvent
  | OverlayChangeEvent
  | BuildCacheEvent
  | VolumeCreateEvent
  | NetworkCreateEvent
  | ContainerNetworksEvent
  | IptablesRuleEvent
  | SocketListenEvent
  | SocketCloseEvent
  | NetworkTrafficEvent
  | ContainerUpdateEvent
  | NetworkRemoveEvent
  | EndpointAddEvent
  | EndpointRemoveEvent
  | VolumeRemoveEvent
  | VolumeChangeEvent
  | TmpfsChangeEvent
  | ContainerMountEvent
  | CopyUpEvent
  | ContainerdTaskEvent
  | RuncEvent
  | OverlayMountEvent
  | RuncExecEvent
  | EngineInstallEvent
  | ApiRequestEvent
  | RegistryManifestEvent
  | RegistryLayerEvent
  | LayerRegisterEvent
  | ImageRegisterEvent
  | ImageTagEvent
  | ImageUntagEvent
  | ImageDeleteEvent
  | ImageRepoDigestEvent
  | RegistryPushLayerEvent;
