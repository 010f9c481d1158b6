// `docker create`: dockerd records the container and prepares its writable layer. Nothing runs
// yet; the config merges the image's defaults with the options given.
import type { StepContext } from '../../world/context.ts';
import { nextHex } from '../../world/rng.ts';
import { UserError } from '../../world/user-error.ts';
import type { Daemon } from '../daemon.ts';
import type { Container, HostConfig } from './container.ts';
import { randomContainerName } from './names.ts';
import { networkForMode } from '../networks/attach.ts';
import { hostPathKind } from '../../client/host-files.ts';
import { CLIENT_HOST_ID } from '../../client/client-host.ts';

export interface CreateRequest {
  /** Set by the builder, which prints a step's container ID before it knows the step fails. */
  id?: string;
  imageId: string;
  imageName: string;
  name?: string;
  cmd?: string[];
  entrypoint?: string[];
  env?: string[];
  workingDir?: string;
  user?: string;
  hostname?: string;
  tty?: boolean;
  openStdin?: boolean;
  /** docker run -d: the client attaches to none of the streams. */
  detached?: boolean;
  labels?: Record<string, string>;
  hostConfig?: Partial<HostConfig>;
  /** -v NAME:PATH[:ro] (named volume), -v PATH (anonymous volume), or a bind mount. */
  volumes?: MountRequest[];
}

export interface MountRequest {
  /** The volume's name; null for an anonymous volume (and unused for a bind mount). */
  name: string | null;
  target: string;
  readOnly: boolean;
  /** A bind mount of this host path (-v /host:/ctr, --mount type=bind). */
  bindSource?: string;
  /** --mount refuses a missing source; -v creates it (an empty directory). */
  sourceMustExist?: boolean;
  /** The mode as written after the second colon of -v ("ro", "rw"), for inspect. */
  mode?: string;
}

export const DEFAULT_HOST_CONFIG: HostConfig = {
  memoryBytes: 0,
  memorySwapBytes: 0,
  nanoCpus: 0,
  cpuShares: 0,
  cpusetCpus: '',
  pidsLimit: null,
  blkioWeight: 0,
  autoRemove: false,
  readOnlyRootfs: false,
  privileged: false,
  capAdd: [],
  capDrop: [],
  init: false,
  restartPolicy: { name: 'no', maximumRetryCount: 0 },
  networkMode: 'default',
  pidMode: '',
  ipcMode: 'private',
  utsMode: '',
  portBindings: {},
};

const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function createContainer(
  ctx: StepContext,
  daemonId: string,
  request: CreateRequest,
): string {
  const daemon = ctx.world.daemons[daemonId]! as Daemon;
  if (request.name !== undefined) {
    const name = request.name.replace(/^\//, '');
    if (!VALID_NAME.test(name)) {
      throw new UserError(
        `Error response from daemon: Invalid container name (${request.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
      );
    }
    const holder = daemon.containerNames[name];
    if (holder) {
      throw new UserError(
        `Error response from daemon: Conflict. The container name "/${name}" is already in use by container "${holder}". You have to remove (or rename) that container to be able to reuse that name.`,
      );
    }
  }
  // A namespace to join must belong to a container that exists; that it runs is checked at start.
  const host = { ...DEFAULT_HOST_CONFIG, ...request.hostConfig };
  for (const mode of [host.pidMode, host.ipcMode, host.networkMode]) {
    if (mode.startsWith('container:') && !findContainer(daemon, mode.slice(10))) {
      throw new UserError(`Error response from daemon: No such container: ${mode.slice(10)}`);
    }
  }
  const network = networkForMode(daemon, host.networkMode);
  const image = daemon.images[request.imageId]!;
  const entrypoint =
    request.entrypoint ?? (image.config.entrypoint ? [...image.config.entrypoint] : null);
  const cmd =
    request.cmd && request.cmd.length > 0
      ? request.cmd
      : request.entrypoint
        ? []
        : [...(image.config.cmd ?? [])];
  const commandLine = [...(entrypoint ?? []), ...cmd];
  if (commandLine.length === 0)
    throw new UserError('Error response from daemon: No command specified');
  const id = request.id ?? nextHex(ctx.rng, 64);
  const name =
    request.name?.replace(/^\//, '') ??
    randomContainerName(ctx.rng, (candidate) => Boolean(daemon.containerNames[candidate]));
  const imageEnv = image.config.env.filter(
    (entry) => !(request.env ?? []).some((own) => own.split('=')[0] === entry.split('=')[0]),
  );
  const container: Container = {
    id,
    name,
    imageId: image.id,
    imageName: request.imageName,
    createdNs: ctx.nowNs,
    config: {
      path: commandLine[0]!,
      args: commandLine.slice(1),
      cmd,
      entrypoint,
      // Docker lists the options' variables first, then the image's that they do not override.
      env: [...(request.env ?? []), ...imageEnv],
      workingDir: request.workingDir ?? image.config.workingDir,
      user: request.user ?? image.config.user,
      hostname: request.hostname ?? id.slice(0, 12),
      tty: request.tty ?? false,
      openStdin: request.openStdin ?? false,
      ...(request.detached ? { detached: true } : {}),
      labels: { ...image.config.labels, ...(request.labels ?? {}) },
      exposedPorts: [
        ...new Set([
          ...image.config.exposedPorts,
          ...Object.keys(request.hostConfig?.portBindings ?? {}),
        ]),
      ],
    },
    hostConfig: { ...DEFAULT_HOST_CONFIG, ...request.hostConfig },
    state: 'created',
    pid: null,
    exitCode: 0,
    oomKilled: false,
    error: '',
    startedAtNs: null,
    finishedAtNs: null,
    restartCount: 0,
    restartAtNs: null,
    restartDelayNs: 0,
    manuallyStopped: false,
    exitAtNs: null,
    shell: null,
    exitsOnSigterm: false,
    namespaces: {},
    cgroupPath: `/docker/${id}`,
    rwCacheId: nextHex(ctx.rng, 64),
    upper: {},
    sandboxId: '',
    sockets: [],
    networkIds: network && network.driver === 'bridge' ? [network.id] : [],
    networkNames: network && network.driver === 'bridge' ? { [network.id]: network.name } : {},
    mounts: [],
    logs: [],
  };
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'POST',
    path: `/v1.41/containers/create?name=${name}`,
    status: 201,
  });
  checkBindSources(ctx, daemonId, request.volumes ?? []);
  ctx.emit({ kind: 'container.create', daemonId, container });
  mountVolumes(ctx, daemonId, id, request.volumes ?? [], image.config.volumes);
  return id;
}

/**
 * Bind mounts show the host's own files, modelled on the client's machine (host-files.ts):
 * --mount refuses a source that is not there, in dockerd's words.
 */
function checkBindSources(
  ctx: StepContext,
  daemonId: string,
  asked: readonly MountRequest[],
): void {
  for (const mount of asked) {
    if (mount.bindSource === undefined) continue;
    if (ctx.world.daemons[daemonId]!.hostId !== CLIENT_HOST_ID)
      throw new UserError(
        `bind mounts are modelled on the client's own host only (${mount.bindSource}): use a named volume on a remote daemon`,
      );
    if (mount.sourceMustExist && !hostPathKind(ctx.world.client, mount.bindSource))
      throw new UserError(
        `Error response from daemon: invalid mount config for type "bind": bind source path does not exist: ${mount.bindSource}`,
      );
  }
}

/**
 * Mount the volumes asked for, creating named ones that do not exist yet, and an anonymous
 * volume for each VOLUME of the image that no -v covers (that is where a database keeps its data).
 */
function mountVolumes(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  asked: NonNullable<CreateRequest['volumes']>,
  imageVolumes: readonly string[],
): void {
  const wanted = [...asked];
  for (const target of imageVolumes)
    if (!wanted.some((mount) => mount.target === target))
      wanted.push({ name: null, target, readOnly: false });
  for (const mount of wanted) {
    if (mount.bindSource !== undefined) {
      ctx.emit({
        kind: 'container.mount',
        daemonId,
        containerId,
        mount: {
          type: 'bind',
          name: '',
          source: mount.bindSource,
          target: mount.target,
          readOnly: mount.readOnly,
          ...(mount.mode !== undefined ? { mode: mount.mode } : {}),
        },
      });
      continue;
    }
    const name = mount.name ?? nextHex(ctx.rng, 64);
    if (!ctx.world.daemons[daemonId]!.volumes[name]) {
      ctx.emit({
        kind: 'volume.create',
        daemonId,
        volume: {
          name,
          driver: 'local',
          createdNs: ctx.nowNs,
          labels: {},
          anonymous: mount.name === null,
          files: {},
        },
      });
    }
    ctx.emit({
      kind: 'container.mount',
      daemonId,
      containerId,
      mount: { type: 'volume', name, target: mount.target, readOnly: mount.readOnly },
    });
  }
}

export function findContainer(
  daemon: {
    containers: Readonly<Record<string, { id: string }>>;
    containerNames: Readonly<Record<string, string>>;
  },
  text: string,
): string | null {
  const byName = daemon.containerNames[text.replace(/^\//, '')];
  if (byName) return byName;
  if (!/^[a-f0-9]+$/.test(text)) return null;
  const matches = Object.keys(daemon.containers).filter((id) => id.startsWith(text));
  return matches.length === 1 ? matches[0]! : null;
}
