// `docker inspect CONTAINER`: the daemon's types.ContainerJSON in Docker 20.10's key order, so
// the document reads like the real one, field for field. Fields the simulator does not model
// carry the values dockerd gives a container created with none of the options that set them
// (an empty ContainerIDFile, no Links, ...), the same on every container.
import { networkSettingsJson, portBindingsJson } from './network-settings.ts';
import { calibratedValue } from '../../calibration/calibration.ts';
import type { Container } from '../../engine/containers/container.ts';
import type { Daemon } from '../../engine/daemon.ts';
import { volumeMountpoint } from '../../engine/volumes/volume.ts';
import { isoTimestamp, SIM_EPOCH_UNIX_SECONDS } from '../../world/epoch.ts';
import type { DeepReadonly } from '../../world/world.ts';
import { markContainerInspect } from './container-inspect-types.ts';

const DOCKER_ROOT = '/var/lib/docker';

/** The paths runc masks and makes read-only in an unprivileged container (moby's oci defaults). */
const MASKED_PATHS = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
];
const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** Go's zero time, which Docker prints for a container that never started or stopped. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

type ReadDaemon = DeepReadonly<Daemon>;
type ReadContainer = DeepReadonly<Container>;

function timeOf(ns: number | null): string {
  return ns === null
    ? ZERO_TIME
    : isoTimestamp(SIM_EPOCH_UNIX_SECONDS + Math.floor(ns / 1e9), ns % 1e9);
}

/** Go marshals maps with their keys sorted. */
function sortedMap<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function isAnonymous(daemon: ReadDaemon, name: string): boolean {
  return daemon.volumes[name]?.anonymous ?? false;
}

function mounts(daemon: ReadDaemon, c: ReadContainer) {
  return c.mounts.map((mount) =>
    mount.type === 'bind' ? bindMount(mount) : volumeMount(daemon, mount),
  );
}

/** A bind mount: the host path itself; -v's mode as written, none from --mount. */
function bindMount(mount: ReadContainer['mounts'][number]) {
  return {
    Type: 'bind',
    Source: mount.source,
    Destination: mount.target,
    Mode: mount.mode ?? '',
    RW: !mount.readOnly,
    Propagation: 'rprivate',
  };
}

function volumeMount(daemon: ReadDaemon, mount: ReadContainer['mounts'][number]) {
  return {
    Type: 'volume',
    Name: mount.name,
    Source: volumeMountpoint(mount.name),
    Destination: mount.target,
    Driver: 'local',
    // A named volume from -v NAME:PATH gets the bind mode "z" (or the ro it was given); an
    // anonymous one (-v PATH, an image's VOLUME) has no mode at all.
    Mode: isAnonymous(daemon, mount.name) ? '' : mount.readOnly ? 'ro' : 'z',
    RW: !mount.readOnly,
    Propagation: '',
  };
}

/** HostConfig.Binds: the -v NAME:PATH[:ro] options as given; anonymous volumes are not binds. */
function binds(daemon: ReadDaemon, c: ReadContainer): string[] | null {
  // Bind mounts from -v are binds too (SRC:DST[:MODE]); those from --mount are not.
  const named = c.mounts
    .filter((mount) =>
      mount.type === 'bind' ? mount.mode !== undefined : !isAnonymous(daemon, mount.name),
    )
    .map((mount) =>
      mount.type === 'bind'
        ? `${mount.source}:${mount.target}${mount.mode ? `:${mount.mode}` : ''}`
        : `${mount.name}:${mount.target}${mount.readOnly ? ':ro' : ''}`,
    );
  return named.length > 0 ? named : null;
}

function hostConfig(daemon: ReadDaemon, c: ReadContainer) {
  const host = c.hostConfig;
  return {
    Binds: binds(daemon, c),
    ContainerIDFile: '',
    LogConfig: { Type: 'json-file', Config: {} },
    NetworkMode: host.networkMode,
    PortBindings: portBindingsJson(c),
    RestartPolicy: {
      Name: host.restartPolicy.name,
      MaximumRetryCount: host.restartPolicy.maximumRetryCount,
    },
    AutoRemove: host.autoRemove,
    VolumeDriver: '',
    VolumesFrom: null,
    CapAdd: null,
    CapDrop: null,
    // cgroup v1, as the engine the recordings come from: containers share the host's.
    CgroupnsMode: 'host',
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    ExtraHosts: null,
    GroupAdd: null,
    IpcMode: host.ipcMode,
    Cgroup: '',
    Links: null,
    OomScoreAdj: 0,
    PidMode: host.pidMode,
    Privileged: host.privileged,
    PublishAllPorts: false,
    ReadonlyRootfs: host.readOnlyRootfs,
    SecurityOpt: host.privileged ? ['label=disable'] : null,
    UTSMode: host.utsMode,
    UsernsMode: '',
    ShmSize: calibratedValue('container.shmSize.default.bytes'),
    Runtime: 'runc',
    ConsoleSize: [0, 0],
    Isolation: '',
    CpuShares: host.cpuShares,
    Memory: host.memoryBytes,
    NanoCpus: host.nanoCpus,
    CgroupParent: '',
    BlkioWeight: host.blkioWeight,
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: null,
    BlkioDeviceWriteBps: null,
    BlkioDeviceReadIOps: null,
    BlkioDeviceWriteIOps: null,
    CpuPeriod: 0,
    CpuQuota: 0,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: host.cpusetCpus,
    CpusetMems: '',
    Devices: [],
    DeviceCgroupRules: null,
    DeviceRequests: null,
    KernelMemory: 0,
    KernelMemoryTCP: 0,
    MemoryReservation: 0,
    MemorySwap: host.memorySwapBytes,
    MemorySwappiness: null,
    OomKillDisable: false,
    PidsLimit: host.pidsLimit,
    Ulimits: null,
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    // A privileged container sees all of /proc and /sys.
    MaskedPaths: host.privileged ? null : MASKED_PATHS,
    ReadonlyPaths: host.privileged ? null : READONLY_PATHS,
  };
}

function graphDriver(daemon: ReadDaemon, c: ReadContainer) {
  const image = daemon.images[c.imageId];
  const overlay = `${DOCKER_ROOT}/overlay2`;
  return {
    Data: {
      LowerDir: [
        `${overlay}/${c.rwCacheId}-init/diff`,
        ...[...(image?.layerDiffIds ?? [])]
          .reverse()
          .map((diffId) => `${overlay}/${daemon.layers[diffId]?.cacheId}/diff`),
      ].join(':'),
      MergedDir: `${overlay}/${c.rwCacheId}/merged`,
      UpperDir: `${overlay}/${c.rwCacheId}/diff`,
      WorkDir: `${overlay}/${c.rwCacheId}/work`,
    },
    Name: 'overlay2',
  };
}

function config(daemon: ReadDaemon, c: ReadContainer) {
  const image = daemon.images[c.imageId];
  const attached = !c.config.detached;
  const exposed = image?.config.exposedPorts ?? [];
  const anonymous = c.mounts
    .filter((mount) => mount.type === 'volume' && isAnonymous(daemon, mount.name))
    .map((mount): [string, object] => [mount.target, {}]);
  return {
    Hostname: c.config.hostname,
    Domainname: '',
    User: c.config.user,
    AttachStdin: attached && c.config.openStdin,
    AttachStdout: attached,
    AttachStderr: attached,
    ...(exposed.length > 0
      ? { ExposedPorts: sortedMap(exposed.map((port): [string, object] => [port, {}])) }
      : {}),
    Tty: c.config.tty,
    OpenStdin: c.config.openStdin,
    StdinOnce: attached && c.config.openStdin,
    Env: c.config.env,
    Cmd: c.config.cmd,
    Image: c.imageName,
    Volumes: anonymous.length > 0 ? sortedMap(anonymous) : null,
    WorkingDir: c.config.workingDir,
    Entrypoint: c.config.entrypoint,
    OnBuild: null,
    Labels: sortedMap(Object.entries(c.config.labels)),
  };
}

export function containerInspectJson(daemon: ReadDaemon, c: ReadContainer) {
  // dockerd writes these files when the container first starts.
  const files = `${DOCKER_ROOT}/containers/${c.id}`;
  const started = c.startedAtNs !== null;
  return markContainerInspect({
    Id: c.id,
    Created: timeOf(c.createdNs),
    Path: c.config.path,
    Args: c.config.args,
    State: {
      Status: c.state,
      Running: c.state === 'running' || c.state === 'paused' || c.state === 'restarting',
      Paused: c.state === 'paused',
      Restarting: c.state === 'restarting',
      OOMKilled: c.oomKilled,
      Dead: c.state === 'dead',
      Pid: c.pid ?? 0,
      ExitCode: c.exitCode,
      Error: c.error,
      StartedAt: timeOf(c.startedAtNs),
      FinishedAt: timeOf(c.finishedAtNs),
    },
    Image: c.imageId,
    ResolvConfPath: started ? `${files}/resolv.conf` : '',
    HostnamePath: started ? `${files}/hostname` : '',
    HostsPath: started ? `${files}/hosts` : '',
    LogPath: started ? `${files}/${c.id}-json.log` : '',
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: hostConfig(daemon, c),
    GraphDriver: graphDriver(daemon, c),
    Mounts: mounts(daemon, c),
    Config: config(daemon, c),
    NetworkSettings: networkSettingsJson(daemon, c),
  });
}
