// The options of `docker run` and `docker create`, with Docker's names, and how they become a
// container's config and host config.
import type { CreateRequest } from '../../engine/containers/create.ts';
import type { HostConfig } from '../../engine/containers/container.ts';
import { containerCapabilities } from '../../kernel/capabilities.ts';
import { allCpus } from '../../kernel/cgroup.ts';
import { UserError } from '../../world/user-error.ts';
import type { FlagSpec } from '../flags.ts';
import { parseSize, type Parsed } from '../sizes.ts';
import { parsePublish } from './publish-option.ts';
import { mountFlagSyntax, parseMountFlag, parseVolumeFlag } from './mount-options.ts';

const text = (value: string): Parsed<string> => ({ ok: true, value });
const integer = (value: string): Parsed<number> =>
  /^-?\d+$/.test(value)
    ? { ok: true, value: Number(value) }
    : { ok: false, error: `strconv.ParseInt: parsing "${value}": invalid syntax` };
const decimal = (value: string): Parsed<number> =>
  /^\d+(\.\d+)?$/.test(value)
    ? { ok: true, value: Number(value) }
    : { ok: false, error: `failed to parse ${value} as a rational number` };
const bytes = (value: string): Parsed<number> => parseSize(value);

export const RUN_FLAGS: FlagSpec[] = [
  { long: 'detach', short: 'd', description: 'Run container in background and print container ID' },
  { long: 'interactive', short: 'i', description: 'Keep STDIN open even if not attached' },
  { long: 'tty', short: 't', description: 'Allocate a pseudo-TTY' },
  { long: 'rm', description: 'Automatically remove the container when it exits' },
  { long: 'name', valueName: 'string', description: 'Assign a name to the container', parse: text },
  {
    long: 'env',
    short: 'e',
    valueName: 'list',
    description: 'Set environment variables',
    parse: text,
    repeatable: true,
  },
  {
    long: 'workdir',
    short: 'w',
    valueName: 'string',
    description: 'Working directory inside the container',
    parse: text,
  },
  {
    long: 'hostname',
    short: 'h',
    valueName: 'string',
    description: 'Container host name',
    parse: text,
  },
  {
    long: 'entrypoint',
    valueName: 'string',
    description: 'Overwrite the default ENTRYPOINT of the image',
    parse: text,
  },
  {
    long: 'user',
    short: 'u',
    valueName: 'string',
    description: 'Username or UID (format: <name|uid>[:<group|gid>])',
    parse: text,
  },
  {
    long: 'label',
    short: 'l',
    valueName: 'list',
    description: 'Set meta data on a container',
    parse: text,
    repeatable: true,
  },
  { long: 'memory', short: 'm', valueName: 'bytes', description: 'Memory limit', parse: bytes },
  {
    long: 'memory-swap',
    valueName: 'bytes',
    description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
    parse: (value) => (value === '-1' ? { ok: true, value: -1 } : parseSize(value)),
  },
  { long: 'cpus', valueName: 'decimal', description: 'Number of CPUs', parse: decimal },
  {
    long: 'cpu-shares',
    short: 'c',
    valueName: 'int',
    description: 'CPU shares (relative weight)',
    parse: integer,
  },
  {
    long: 'cpuset-cpus',
    valueName: 'string',
    description: 'CPUs in which to allow execution (0-3, 0,1)',
    parse: text,
  },
  {
    long: 'pids-limit',
    valueName: 'int',
    description: 'Tune container pids limit (set -1 for unlimited)',
    parse: integer,
  },
  {
    long: 'blkio-weight',
    valueName: 'uint16',
    description: 'Block IO (relative weight), between 10 and 1000, or 0 to disable',
    parse: integer,
  },
  {
    long: 'restart',
    valueName: 'string',
    description: 'Restart policy to apply when a container exits',
    defaultText: '"no"',
    parse: text,
  },
  { long: 'pid', valueName: 'string', description: 'PID namespace to use', parse: text },
  { long: 'ipc', valueName: 'string', description: 'IPC mode to use', parse: text },
  { long: 'uts', valueName: 'string', description: 'UTS namespace to use', parse: text },
  {
    long: 'cgroupns',
    valueName: 'string',
    description: 'Cgroup namespace to use (host|private)',
    parse: text,
  },
  {
    long: 'network',
    valueName: 'network',
    description: 'Connect a container to a network',
    defaultText: '"default"',
    parse: text,
  },
  {
    long: 'net',
    valueName: 'network',
    description: 'Connect a container to a network',
    parse: text,
  },
  {
    long: 'publish',
    short: 'p',
    valueName: 'list',
    description: "Publish a container's port(s) to the host",
    parse: text,
    repeatable: true,
  },
  {
    long: 'volume',
    short: 'v',
    valueName: 'list',
    description: 'Bind mount a volume',
    parse: text,
    repeatable: true,
  },
  {
    long: 'mount',
    valueName: 'mount',
    description: 'Attach a filesystem mount to the container',
    parse: mountFlagSyntax,
    repeatable: true,
  },
  { long: 'read-only', description: "Mount the container's root filesystem as read only" },
  {
    long: 'tmpfs',
    valueName: 'list',
    description: 'Mount a tmpfs directory',
    parse: text,
    repeatable: true,
  },
  { long: 'privileged', description: 'Give extended privileges to this container' },
  {
    long: 'cap-add',
    valueName: 'list',
    description: 'Add Linux capabilities',
    parse: text,
    repeatable: true,
  },
  {
    long: 'cap-drop',
    valueName: 'list',
    description: 'Drop Linux capabilities',
    parse: text,
    repeatable: true,
  },
  {
    long: 'init',
    description: 'Run an init inside the container that forwards signals and reaps processes',
  },
];

function nsMode(flag: string, value: string | undefined, allowed: string[]): string {
  if (value === undefined) return '';
  if (allowed.includes(value) || value.startsWith('container:')) return value;
  throw new UserError(`Error response from daemon: invalid ${flag} mode: ${value}`);
}

/** --tmpfs /run:rw,size=64m: mount point -> options; the point must be an absolute path. */
function tmpfsMounts(specs: string[]): Record<string, string> {
  const mounts: Record<string, string> = {};
  for (const spec of specs) {
    const cut = spec.indexOf(':');
    const target = cut < 0 ? spec : spec.slice(0, cut);
    if (!target.startsWith('/'))
      throw new UserError(
        `Error response from daemon: invalid mount path: '${target}' mount path must be absolute`,
      );
    mounts[target] = cut < 0 ? '' : spec.slice(cut + 1);
  }
  return mounts;
}

/** The CLI checks --cgroupns itself: host, private, or nothing for the daemon's default. */
function cgroupnsMode(value: string | undefined): string {
  if (value === undefined || value === '' || value === 'host' || value === 'private')
    return value ?? '';
  throw new UserError('--cgroupns: invalid CGROUP mode');
}

/** The CLI itself checks --uts: only host (or nothing) is valid. */
function utsMode(value: string | undefined): string {
  if (value === undefined || value === '' || value === 'host') return value ?? '';
  throw new UserError('--uts: invalid UTS mode');
}

/** --restart NAME[:COUNT]: the CLI checks the count is a number, dockerd the rest. */
function restartPolicy(value: string | undefined): HostConfig['restartPolicy'] {
  if (value === undefined || value === '' || value === 'no')
    return { name: 'no', maximumRetryCount: 0 };
  const colon = value.indexOf(':');
  const name = colon === -1 ? value : value.slice(0, colon);
  const count = colon === -1 ? undefined : value.slice(colon + 1);
  if (count !== undefined && !/^-?\d+$/.test(count))
    throw new UserError('maximum retry count must be an integer', 125);
  if (name !== 'always' && name !== 'unless-stopped' && name !== 'on-failure' && name !== 'no')
    throw new UserError(`Error response from daemon: invalid restart policy '${name}'`);
  const retries = count === undefined ? 0 : Number(count);
  if (retries !== 0 && name !== 'on-failure')
    throw new UserError(
      `Error response from daemon: maximum retry count cannot be used with restart policy '${name}'`,
    );
  if (retries < 0)
    throw new UserError('Error response from daemon: maximum retry count cannot be negative');
  return { name, maximumRetryCount: retries };
}

/**
 * dockerd's check of --cpuset-cpus: a list like "0-2,5" (parsers.ParseUintList) naming only
 * CPUs the host has (sysinfo.IsCpusetCpusAvailable, against the root cpuset's "0-N").
 */
export function cpusetProblem(value: string, hostCpus: number): string | null {
  if (value === '') return null;
  const cpus: number[] = [];
  for (const part of value.split(',')) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    const low = range ? Number(range[1]) : NaN;
    const high = range?.[2] !== undefined ? Number(range[2]) : low;
    if (!range || high < low) return `Invalid value ${value} for cpuset cpus`;
    cpus.push(low, high);
  }
  if (cpus.every((cpu) => cpu < hostCpus)) return null;
  return `Requested CPUs are not available - requested ${value}, available: ${allCpus(hostCpus)}`;
}

/** Build the create request; limits are checked here as dockerd checks them, with its words. */
export function createRequestFrom(
  flags: Map<string, unknown>,
  image: { id: string; name: string },
  command: string[],
  hostCpus: number,
): CreateRequest {
  const get = <T>(name: string) => flags.get(name) as T | undefined;
  const memory = get<number>('memory') ?? 0;
  if (memory > 0 && memory < 6 * 1024 * 1024)
    throw new UserError('Error response from daemon: Minimum memory limit allowed is 6MB');
  const cpus = get<number>('cpus') ?? 0;
  if (cpus !== 0 && (cpus < 0.01 || cpus > hostCpus)) {
    throw new UserError(
      `Error response from daemon: Range of CPUs is from 0.01 to ${hostCpus.toFixed(2)}, as there are only ${hostCpus} CPUs available`,
    );
  }
  const swap = get<number>('memory-swap') ?? 0;
  if (swap > 0 && memory > 0 && swap < memory) {
    throw new UserError(
      'Error response from daemon: Minimum memoryswap limit should be larger than memory limit, see usage',
    );
  }
  const cpuset = get<string>('cpuset-cpus') ?? '';
  const cpusetError = cpusetProblem(cpuset, hostCpus);
  if (cpusetError) throw new UserError(`Error response from daemon: ${cpusetError}`);
  const capAdd = get<string[]>('cap-add') ?? [];
  const capDrop = get<string[]>('cap-drop') ?? [];
  const caps = containerCapabilities({ capAdd, capDrop, privileged: Boolean(get('privileged')) });
  if (!caps.ok) throw new UserError(`Error response from daemon: ${caps.error}`);
  const blkio = get<number>('blkio-weight') ?? 0;
  if (blkio !== 0 && (blkio < 10 || blkio > 1000))
    throw new UserError('Error response from daemon: Range of blkio weight is from 10 to 1000');
  const pids = get<number>('pids-limit');
  const labels = Object.fromEntries(
    (get<string[]>('label') ?? []).map((entry) => [
      entry.split('=')[0]!,
      entry.split('=').slice(1).join('='),
    ]),
  );
  const portBindings = parsePublish(get<string[]>('publish') ?? []);
  const request: CreateRequest = {
    imageId: image.id,
    imageName: image.name,
    cmd: command,
    env: get<string[]>('env') ?? [],
    tty: Boolean(get('tty')),
    openStdin: Boolean(get('interactive')),
    ...(get('detach') ? { detached: true } : {}),
    labels,
    hostConfig: {
      memoryBytes: memory,
      // Docker's default: swap equal to memory, so memory + swap is twice the limit.
      memorySwapBytes: swap !== 0 ? swap : memory > 0 ? memory * 2 : 0,
      nanoCpus: Math.round(cpus * 1e9),
      cpuShares: get<number>('cpu-shares') ?? 0,
      cpusetCpus: cpuset,
      pidsLimit: pids === undefined || pids <= 0 ? null : pids,
      blkioWeight: blkio,
      autoRemove: Boolean(get('rm')),
      readOnlyRootfs: Boolean(get('read-only')),
      privileged: Boolean(get('privileged')),
      capAdd,
      capDrop,
      tmpfs: tmpfsMounts(get<string[]>('tmpfs') ?? []),
      init: Boolean(get('init')),
      restartPolicy: restartPolicy(get<string>('restart')),
      networkMode: get<string>('network') ?? get<string>('net') ?? 'default',
      pidMode: nsMode('PID', get<string>('pid'), ['host']),
      ipcMode:
        nsMode('IPC', get<string>('ipc'), ['host', 'private', 'shareable', 'none']) || 'private',
      utsMode: utsMode(get<string>('uts')),
      cgroupnsMode: cgroupnsMode(get<string>('cgroupns')),
      portBindings,
    },
  };
  const volumes = [
    ...(get<string[]>('volume') ?? []).map(parseVolumeFlag),
    ...(get<string[]>('mount') ?? []).map(parseMountFlag),
  ];
  if (volumes.length > 0) request.volumes = volumes;
  const name = get<string>('name');
  if (name !== undefined) request.name = name;
  const entrypoint = get<string>('entrypoint');
  if (entrypoint !== undefined) request.entrypoint = entrypoint === '' ? [] : [entrypoint];
  const workdir = get<string>('workdir');
  if (workdir !== undefined) request.workingDir = workdir;
  const user = get<string>('user');
  if (user !== undefined) request.user = user;
  const hostname = get<string>('hostname');
  if (hostname !== undefined) request.hostname = hostname;
  if (hostname !== undefined && request.hostConfig!.networkMode!.startsWith('container:')) {
    throw new UserError(
      'Error response from daemon: conflicting options: hostname and the network mode',
    );
  }
  if (
    Object.keys(portBindings).length > 0 &&
    request.hostConfig!.networkMode!.startsWith('container:')
  ) {
    throw new UserError(
      'Error response from daemon: conflicting options: port publishing and the container type network mode',
    );
  }
  if (request.hostConfig!.autoRemove && request.hostConfig!.restartPolicy!.name !== 'no') {
    throw new UserError('Conflicting options: --restart and --rm');
  }
  return request;
}
