// A container: a runnable instance of an image. Its config comes from the image and the
// `docker run` options; its state follows the container lifecycle machine; while it runs it is
// an ordinary process on the host kernel, inside its own namespaces and cgroup.
import type { ContainerState } from '../../lifecycle/container-machine.ts';
import type { NamespaceKind } from '../../kernel/namespace.ts';
import type { UpperEntry } from '../storage/file-tree.ts';
import type { Mount } from '../volumes/volume.ts';
import type { PortBindings } from '../networks/ports.ts';
import type { ListeningSocket } from '../networks/sockets.ts';
import type { ContainerShell } from './shell-process.ts';

export interface ContainerConfig {
  /** The command line of the main process: entrypoint followed by cmd. */
  path: string;
  args: string[];
  cmd: string[];
  entrypoint: string[] | null;
  env: string[];
  workingDir: string;
  user: string;
  hostname: string;
  tty: boolean;
  openStdin: boolean;
  /** Started by docker run -d: no stream attached (Config.AttachStdout false). */
  detached?: boolean;
  labels: Record<string, string>;
  /** The image's EXPOSE ports and the ones -p publishes ("80/tcp"). */
  exposedPorts: string[];
}

export interface HostConfig {
  memoryBytes: number;
  memorySwapBytes: number;
  nanoCpus: number;
  cpuShares: number;
  cpusetCpus: string;
  pidsLimit: number | null;
  blkioWeight: number;
  autoRemove: boolean;
  readOnlyRootfs: boolean;
  privileged: boolean;
  /** --tmpfs PATH[:OPTIONS]: memory-backed mounts, by mount point. */
  tmpfs?: Record<string, string>;
  /** --cap-add / --cap-drop, as given (CHOWN, cap_sys_admin, ALL). */
  capAdd: string[];
  capDrop: string[];
  /** --init: docker-init runs as PID 1, forwards signals to the command and reaps orphans. */
  init: boolean;
  restartPolicy: {
    name: 'no' | 'always' | 'unless-stopped' | 'on-failure';
    maximumRetryCount: number;
  };
  networkMode: string;
  pidMode: string;
  ipcMode: string;
  utsMode: string;
  /** --cgroupns host|private; empty: the daemon's default (host on cgroup v1, private on v2). */
  cgroupnsMode?: string;
  /** -p: "80/tcp" -> the host addresses and ports to publish it on. */
  portBindings: PortBindings;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  atNs: number;
}

export interface Container {
  id: string;
  name: string;
  imageId: string;
  /** The image as the user named it (busybox, busybox:latest). */
  imageName: string;
  createdNs: number;
  config: ContainerConfig;
  hostConfig: HostConfig;
  state: ContainerState;
  /** Host PID of the main process while it runs. */
  pid: number | null;
  exitCode: number;
  oomKilled: boolean;
  error: string;
  startedAtNs: number | null;
  finishedAtNs: number | null;
  restartCount: number;
  /** When dockerd's restart manager brings it back (state restarting), if it will. */
  restartAtNs: number | null;
  /** The restart manager's last back-off delay: the next one doubles it (see restart-policy.ts). */
  restartDelayNs: number;
  /** docker stop or kill cancelled the restart manager: it is not restarted until started again. */
  manuallyStopped: boolean;
  /** When the main process will exit on its own (sleep N), if it will. */
  exitAtNs: number | null;
  /** Whether the main process exits on SIGTERM; as PID 1 without a handler it ignores it. */
  exitsOnSigterm: boolean;
  /** A `sh -c` main process that waits and goes on as time passes: its tasks (shell-process.ts). */
  shell: ContainerShell | null;
  /** Namespace inodes while it runs. */
  namespaces: Partial<Record<NamespaceKind, number>>;
  cgroupPath: string;
  /** overlay2 directory of its writable layer (upperdir) under /var/lib/docker/overlay2. */
  rwCacheId: string;
  /** TCP ports its processes listen on (servers, nc -l); closed when it stops. */
  sockets: ListeningSocket[];
  /** libnetwork's sandbox (its network namespace) from the last start; kept after it stops. */
  sandboxId: string;
  /** The networks it joins when it starts (--network, docker network connect). */
  networkIds: string[];
  /** Their names (id -> name): a network removed while the container was stopped is named in
   *  the error its next start gets. */
  networkNames: Record<string, string>;
  /** Volumes mounted into it. */
  mounts: Mount[];
  /** Files in its tmpfs mounts while it runs, by mount point; emptied when it stops. */
  tmpfs?: Record<string, Record<string, UpperEntry>>;
  /** The writable layer's contents: what `docker diff` shows and `docker rm` throws away. */
  upper: Record<string, UpperEntry>;
  logs: LogLine[];
}

export function containerShortId(container: { id: string }): string {
  return container.id.slice(0, 12);
}
