// `docker start`: the path every container takes. dockerd asks containerd for a task, the shim
// runs runc, and runc creates the namespaces (clone flags), the cgroup with its limits, mounts
// the overlay root filesystem and execs the command as the container's PID 1.
import {
  newCgroup,
  type Cgroup,
  type CgroupVersion,
  type WritableCgroupFile,
} from '../../kernel/cgroup.ts';
import { writeCgroupFile } from '../../kernel/cgroup-write.ts';
import { kernelMemoryFreeBytes, nextNamespaceInodes } from '../../kernel/kernel.ts';
import { CLONE_FLAG, type NamespaceKind } from '../../kernel/namespace.ts';
import { requestMemory } from '../../kernel/request-memory.ts';
import { advance } from '../../lifecycle/advance.ts';
import { containerMachine, type ContainerState } from '../../lifecycle/container-machine.ts';
import { sharesToWeightLinear } from '../../scheduler/cgroup-weight.ts';
import type { StepContext } from '../../world/context.ts';
import { UserError } from '../../world/user-error.ts';
import { nextHex } from '../../world/rng.ts';
import type { Container } from './container.ts';
import { planProgram, type ProgramPlan } from './programs.ts';
import { lazyProcView, pidOneNamespaces, procView } from './proc-view.ts';
import { psView } from './ps-view.ts';
import {
  attachEndpoint,
  containerInterfaces,
  HOST_NETNS,
  netnsOwner,
  planEndpoint,
  type NetInterface,
  usesEmbeddedDns,
} from '../networks/attach.ts';
import { netFiles, withNetFiles } from '../networks/net-view.ts';
import { netStack } from '../networks/net-stack.ts';
import { applyNetEffects } from '../networks/net-effects.ts';
import type { Endpoint } from '../networks/network.ts';
import { commitFsChanges, containerFs } from '../storage/commit-changes.ts';
import { finishContainer } from './stop.ts';
import { boundingSet, containerIdentity, initStatus } from './credentials.ts';
import { replayOomKills } from './oom-children.ts';
import { resetRestartManager } from './restart-policy.ts';

/** Namespaces Docker gives a container by default (no user namespace unless userns-remap). */
// In the order the kernel creates them in one clone() (create_new_namespaces), so the inode
// numbers come out as on a real host.
const CONTAINER_NAMESPACES: NamespaceKind[] = ['mnt', 'uts', 'ipc', 'pid', 'cgroup', 'net'];
const OVERLAY = '/var/lib/docker/overlay2';

export type StartOutcome =
  { ok: true; plan: ProgramPlan } | { ok: false; exitCode: number; message: string };

/** Namespaces to join instead of creating: --pid/--ipc/--uts/--network host or container:NAME. */
function sharedNamespaces(
  ctx: StepContext,
  daemonId: string,
  container: Container,
): Partial<Record<NamespaceKind, number>> {
  const daemon = ctx.world.daemons[daemonId]!;
  const kernel = ctx.world.kernels[daemon.kernelId]!;
  const modes: [NamespaceKind, string][] = [
    ['pid', container.hostConfig.pidMode],
    ['ipc', container.hostConfig.ipcMode],
    ['uts', container.hostConfig.utsMode],
    ['net', container.hostConfig.networkMode],
  ];
  const shared: Partial<Record<NamespaceKind, number>> = {};
  for (const [kind, mode] of modes) {
    if (mode === 'host') shared[kind] = kernel.rootNs[kind]!;
    if (mode.startsWith('container:')) {
      const name = mode.slice(10);
      const otherId = daemon.containerNames[name] ?? (daemon.containers[name] ? name : undefined);
      const other = otherId ? daemon.containers[otherId] : undefined;
      if (!other) throw new UserError(`Error response from daemon: No such container: ${name}`);
      if (other.state !== 'running')
        throw new UserError(`Error response from daemon: container ${other.id} is not running`);
      if (kind === 'ipc' && other.hostConfig.ipcMode !== 'shareable') {
        throw new UserError(
          `Error response from daemon: can't join IPC of container ${other.id}: non-shareable IPC (hint: use IpcMode:shareable for the donor container)`,
        );
      }
      shared[kind] = other.namespaces[kind]!;
    }
  }
  // dockerd's default cgroupns mode is "host" on a cgroup v1 host ("private" only on v2): the
  // container stays in the host's cgroup namespace and sees its full path, /docker/ID.
  const cgroupns =
    container.hostConfig.cgroupnsMode || (kernel.cgroupVersion === 1 ? 'host' : 'private');
  if (cgroupns === 'host') shared.cgroup = kernel.rootNs.cgroup!;
  return shared;
}

/** The limit files runc writes for the container's resource options, in the kernel's interface. */
export function limitWrites(
  container: Pick<Container, 'hostConfig'>,
  version: CgroupVersion,
): { file: WritableCgroupFile; value: string }[] {
  return version === 1 ? limitWritesV1(container) : limitWritesV2(container);
}

/** runc's cgroup v1 writes (libcontainer/cgroups/fs): one file per controller, v1 units. */
function limitWritesV1(
  container: Pick<Container, 'hostConfig'>,
): { file: WritableCgroupFile; value: string }[] {
  const host = container.hostConfig;
  const writes: { file: WritableCgroupFile; value: string }[] = [];
  if (host.cpusetCpus) writes.push({ file: 'cpuset.cpus', value: host.cpusetCpus });
  if (host.memoryBytes > 0) {
    const memory = { file: 'memory.limit_in_bytes' as const, value: String(host.memoryBytes) };
    const swap = host.memorySwapBytes;
    const memsw =
      swap !== 0 ? { file: 'memory.memsw.limit_in_bytes' as const, value: String(swap) } : null;
    // The kernel keeps limit <= memsw at every moment, so runc raises memsw first when needed.
    writes.push(...(memsw ? [memsw, memory] : [memory]));
  }
  if (host.cpuShares > 0) writes.push({ file: 'cpu.shares', value: String(host.cpuShares) });
  if (host.nanoCpus > 0) {
    writes.push({ file: 'cpu.cfs_period_us', value: '100000' });
    writes.push({
      file: 'cpu.cfs_quota_us',
      value: String(Math.round((host.nanoCpus / 1e9) * 100_000)),
    });
  }
  if (host.pidsLimit !== null && host.pidsLimit > 0)
    writes.push({ file: 'pids.max', value: String(host.pidsLimit) });
  if (host.blkioWeight > 0) writes.push({ file: 'blkio.weight', value: String(host.blkioWeight) });
  return writes;
}

/** runc's cgroup v2 writes (libcontainer/cgroups/fs2). */
function limitWritesV2(
  container: Pick<Container, 'hostConfig'>,
): { file: WritableCgroupFile; value: string }[] {
  const host = container.hostConfig;
  const writes: { file: WritableCgroupFile; value: string }[] = [];
  if (host.cpusetCpus) writes.push({ file: 'cpuset.cpus', value: host.cpusetCpus });
  if (host.memoryBytes > 0) writes.push({ file: 'memory.max', value: String(host.memoryBytes) });
  if (host.nanoCpus > 0)
    writes.push({
      file: 'cpu.max',
      value: `${Math.round((host.nanoCpus / 1e9) * 100_000)} 100000`,
    });
  // runc of Docker 20.10's era maps shares to cgroup v2 weight linearly (1024 -> 39).
  if (host.cpuShares > 0)
    writes.push({
      file: 'cpu.weight',
      value: String(Math.max(1, sharesToWeightLinear(host.cpuShares))),
    });
  if (host.pidsLimit !== null && host.pidsLimit > 0)
    writes.push({ file: 'pids.max', value: String(host.pidsLimit) });
  if (host.blkioWeight > 0) writes.push({ file: 'io.weight', value: String(host.blkioWeight) });
  return writes;
}

function applyCgroup(ctx: StepContext, kernelId: string, container: Container): void {
  const kernel = () => ctx.world.kernels[kernelId]!;
  if (!kernel().cgroups['/docker']) ctx.emit({ kind: 'cgroup.create', kernelId, path: '/docker' });
  const path = container.cgroupPath;
  if (!kernel().cgroups[path]) ctx.emit({ kind: 'cgroup.create', kernelId, path });
  for (const { file, value } of limitWrites(container, kernel().cgroupVersion))
    ctx.emit({ kind: 'cgroup.write', kernelId, path, file, value });
}

/** The cgroup as the container will see it once runc has set it up, for its first process. */
function provisionalCgroup(container: Container, version: CgroupVersion): Cgroup {
  const group = newCgroup(container.cgroupPath, '/docker');
  for (const { file, value } of limitWrites(container, version))
    writeCgroupFile(group, file, value);
  group.pids.current = 1;
  return group;
}

/** A process that allocates without end meets its memory.max, or the machine's RAM, and the OOM killer. */
function growUntilStopped(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  pid: number,
): void {
  const kernelId = ctx.world.daemons[daemonId]!.kernelId;
  const kernel = ctx.world.kernels[kernelId]!;
  const limit = ctx.world.daemons[daemonId]!.containers[containerId]!.hostConfig.memoryBytes;
  const wants = limit > 0 ? limit + 1 : kernelMemoryFreeBytes(kernel) + 1;
  requestMemory(ctx, kernelId, pid, wants);
  if (ctx.world.daemons[daemonId]!.containers[containerId]?.state === 'exited') {
    finishContainer(ctx, daemonId, containerId, 137, 'SIGKILL');
  }
}

/**
 * Start a container: asked by the client (docker start, run, restart), or by dockerd's restart
 * manager once a restarting container's back-off delay is over.
 */
export function startContainer(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  by: 'client' | 'restart-manager' = 'client',
): StartOutcome {
  const daemon = ctx.world.daemons[daemonId]!;
  const container = daemon.containers[containerId]! as Container;
  const transition = by === 'client' ? 'START' : 'RESTARTED';
  const next = advance<ContainerState>(containerMachine, container.state, transition);
  if (!next.ok)
    throw new UserError(
      `Error response from daemon: cannot start container ${container.name}: it is ${container.state}`,
    );
  const shared = sharedNamespaces(ctx, daemonId, container);
  const kernelId = daemon.kernelId;
  const fs = containerFs(ctx, daemonId, containerId);
  for (const target of Object.keys(container.hostConfig.tmpfs ?? {})) fs.ensureMountPoint(target);
  const identity = containerIdentity(container.config.user, fs);
  if ('error' in identity) throw new UserError(`Error response from daemon: ${identity.error}`);
  if (by === 'client') {
    ctx.emit({
      kind: 'api.request',
      daemonId,
      method: 'POST',
      path: `/v1.41/containers/${container.id}/start`,
      status: 204,
    });
    resetRestartManager(ctx, daemonId, containerId);
  }
  ctx.emit({ kind: 'containerd.task', daemonId, containerId, action: 'create' });
  const fresh = CONTAINER_NAMESPACES.filter((kind) => shared[kind] === undefined);
  ctx.emit({
    kind: 'runc.create',
    daemonId,
    containerId,
    cloneFlags: fresh.map((kind) => CLONE_FLAG[kind]),
    joined: Object.keys(shared),
  });
  const kernel = ctx.world.kernels[kernelId]!;
  // The namespaces runc is about to create get the kernel's next inode numbers, in this order.
  const expected: Partial<Record<NamespaceKind, number>> = { ...shared };
  const inodes = nextNamespaceInodes(kernel, fresh.length);
  fresh.forEach((kind, index) => (expected[kind] = inodes[index]!));
  expected.user = kernel.rootNs.user!;
  const commandLine = [container.config.path, ...container.config.args];
  // Every endpoint is planned before anything is created: a port that is taken refuses the start
  // and leaves the container as it was (created), as dockerd does.
  const endpoints: { networkId: string; endpoint: Endpoint }[] = [];
  const gone = container.networkIds.find((networkId) => !daemon.networks[networkId]);
  if (gone !== undefined)
    throw new UserError(
      `Error response from daemon: network ${container.networkNames[gone] ?? gone} not found`,
    );
  for (const networkId of container.networkIds) {
    if (daemon.networks[networkId]?.driver !== 'bridge') continue;
    const endpoint = planEndpoint(ctx, daemonId, networkId, containerId, {
      publish: endpoints.length === 0,
      taken: endpoints.map((planned) => planned.endpoint.ifName),
    });
    endpoints.push({ networkId, endpoint });
  }
  const owner = netnsOwner(daemon, containerId);
  const donor = container.hostConfig.networkMode.startsWith('container:')
    ? daemon.containers[owner]
    : undefined;
  const hostMachine = ctx.world.hosts[daemon.hostId];
  // A container in another's network namespace takes its host name too (dockerd copies it);
  // one in the host's takes the host's.
  const hostname = donor
    ? donor.config.hostname
    : owner === HOST_NETNS
      ? (hostMachine?.name ?? container.config.hostname)
      : container.config.hostname;
  if (hostname !== container.config.hostname)
    ctx.emit({ kind: 'container.hostname', daemonId, containerId, hostname });
  const interfaces: NetInterface[] =
    donor || owner === HOST_NETNS
      ? containerInterfaces(daemon, containerId, hostMachine?.nic)
      : endpoints.map(({ networkId, endpoint }) => ({
          name: endpoint.ifName,
          address: endpoint.ipv4Address,
          subnet: daemon.networks[networkId]!.subnet,
          mac: endpoint.macAddress,
          networkId,
          counters: endpoint.counters,
        }));
  const net = netStack(ctx, daemonId, containerId, interfaces);
  // The network files now, before the program's traffic moves any counter; the rest when read.
  const networkFiles = netFiles(interfaces, {
    embeddedDns: usesEmbeddedDns(daemon, containerId),
    hostname,
  });
  const plan = planProgram(container.config.path, {
    fs,
    net,
    interfaces,
    proc: lazyProcView(() =>
      withNetFiles(
        procView({
          namespaces: expected,
          init: commandLine,
          hostname,
          cgroupNsPrivate: !('cgroup' in shared),
          cgroupPath: container.cgroupPath,
          cgroupVersion: kernel.cgroupVersion,
          cgroup: provisionalCgroup(container, kernel.cgroupVersion),
          initNamespaces: pidOneNamespaces(container.hostConfig.pidMode, expected, (name) => {
            const donorId = daemon.containerNames[name] ?? name;
            const donor = daemon.containers[donorId];
            return donor ? { ...donor.namespaces, user: kernel.rootNs.user! } : undefined;
          }),
          cpuCount: kernel.cpuCount,
          initStatus: initStatus(
            container.config.path.split('/').pop()!,
            identity,
            container.hostConfig,
            kernel.cpuCount,
          ),
        }),
        networkFiles,
      ),
    ),
    identity,
    capabilities: boundingSet(container.hostConfig),
    privileged: container.hostConfig.privileged,
    memoryLimitBytes:
      container.hostConfig.memoryBytes > 0 ? container.hostConfig.memoryBytes : null,
    user: container.config.user,
    argv0: container.config.path,
    args: container.config.args,
    cwd: container.config.workingDir,
    processes: psView(
      kernel,
      shared.pid ?? null,
      [container.config.path, ...container.config.args].join(' '),
    ),
    hostname,
    env: container.config.env,
    tty: container.config.tty,
    openStdin: container.config.openStdin,
    cpuCount: ctx.world.kernels[kernelId]!.cpuCount,
    nowNs: ctx.nowNs,
    pidsMax: container.hostConfig.pidsLimit,
    init: container.hostConfig.init,
  });
  if (plan.kind === 'not-found') {
    const message = `failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${plan.message}: unknown`;
    ctx.emit({
      kind: 'container.error',
      daemonId,
      containerId,
      exitCode: plan.exitCode,
      error: message,
    });
    return { ok: false, exitCode: plan.exitCode, message };
  }
  const namespaces: Partial<Record<NamespaceKind, number>> = { ...shared };
  for (const kind of fresh) {
    const inode = nextNamespaceInodes(ctx.world.kernels[kernelId]!, 1)[0]!;
    const rootInode = ctx.world.kernels[kernelId]!.rootNs[kind]!;
    ctx.emit({
      kind: 'namespace.create',
      kernelId,
      nsKind: kind,
      parentInode: rootInode,
      hostname: container.config.hostname,
    });
    namespaces[kind] = inode;
  }
  applyCgroup(ctx, kernelId, container);
  if (!donor)
    ctx.emit({
      kind: 'container.sandbox',
      daemonId,
      containerId,
      sandboxId: nextHex(ctx.rng, 64),
    });
  for (const { networkId, endpoint } of endpoints)
    attachEndpoint(ctx, daemonId, networkId, endpoint);
  const image = daemon.images[container.imageId]!;
  ctx.emit({
    kind: 'overlay.mount',
    daemonId,
    containerId,
    lowerDirs: [
      `${OVERLAY}/${container.rwCacheId}-init/diff`,
      ...[...image.layerDiffIds]
        .reverse()
        .map((diffId) => `${OVERLAY}/${daemon.layers[diffId]!.cacheId}/diff`),
    ],
    upperDir: `${OVERLAY}/${container.rwCacheId}/diff`,
    workDir: `${OVERLAY}/${container.rwCacheId}/work`,
    mergedDir: `${OVERLAY}/${container.rwCacheId}/merged`,
  });
  const program = {
    comm: container.config.path.split('/').pop()!.slice(0, 15),
    argv: [container.config.path, ...container.config.args],
    role: 'container' as const,
    cpuDemandMilli: plan.kind === 'runs' ? plan.cpuDemandMilli : 0,
    containerId,
  };
  // --init: runc execs docker-init (tini) as PID 1, and it starts the command as its child.
  const first = container.hostConfig.init
    ? {
        comm: 'docker-init',
        argv: ['/sbin/docker-init', '--', ...program.argv],
        role: 'container' as const,
        containerId,
      }
    : program;
  ctx.emit({
    kind: 'process.spawn',
    kernelId,
    spec: {
      ...first,
      ppid: daemon.containerdPid,
      ns: namespaces,
      cgroupPath: container.cgroupPath,
    },
  });
  const pid = ctx.world.kernels[kernelId]!.lastPid;
  if (container.hostConfig.init)
    ctx.emit({ kind: 'process.spawn', kernelId, spec: { ...program, ppid: pid } });
  ctx.emit({
    kind: 'runc.exec',
    daemonId,
    containerId,
    path: container.config.path,
    args: container.config.args,
    pid,
  });
  ctx.emit({
    kind: 'container.state',
    daemonId,
    containerId,
    event: transition,
    from: container.state,
    to: next.state,
    pid,
    exitCode: 0,
    error: '',
    namespaces,
    // dockerd clears OOMKilled when the container starts again.
    oomKilled: false,
    exitsOnSigterm: plan.kind === 'runs' && plan.exitsOnSigterm,
    exitAtNs:
      plan.kind === 'runs' && plan.exitAfterNs !== null ? ctx.nowNs + plan.exitAfterNs : null,
  });
  if (plan.kind === 'runs') {
    for (const child of plan.children) {
      ctx.emit({
        kind: 'process.spawn',
        kernelId,
        spec: { ...child, role: 'container', ppid: pid, containerId },
      });
    }
  }
  if (plan.oomKilled)
    replayOomKills(
      ctx,
      kernelId,
      { pid, containerId, cgroupPath: container.cgroupPath },
      namespaces,
      plan.oomKilled,
    );
  if (plan.kind === 'runs' && plan.shell)
    ctx.emit({ kind: 'container.shell', daemonId, containerId, shell: plan.shell });
  if (plan.stdout)
    ctx.emit({ kind: 'container.log', daemonId, containerId, stream: 'stdout', text: plan.stdout });
  applyNetEffects(ctx, daemonId, containerId, pid, net.effects);
  if (plan.kind === 'runs' && plan.stderr)
    ctx.emit({ kind: 'container.log', daemonId, containerId, stream: 'stderr', text: plan.stderr });
  commitFsChanges(ctx, daemonId, containerId, fs);
  if (plan.kind === 'runs' && plan.growsMemory) growUntilStopped(ctx, daemonId, containerId, pid);
  if (plan.kind === 'exits') {
    if (plan.stderr)
      ctx.emit({
        kind: 'container.log',
        daemonId,
        containerId,
        stream: 'stderr',
        text: plan.stderr,
      });
    finishContainer(ctx, daemonId, containerId, plan.exitCode, null);
  }
  return { ok: true, plan };
}
