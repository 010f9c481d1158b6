// docker run, create, start, stop, kill, restart, rm, ps, logs, inspect and wait.
import type { Container } from '../../engine/containers/container.ts';
import type { Daemon } from '../../engine/daemon.ts';
import { createContainer, findContainer } from '../../engine/containers/create.ts';
import { startContainer } from '../../engine/containers/start.ts';
import { killContainer, removeContainer, stopContainer } from '../../engine/containers/stop.ts';
import { findImageId } from '../../engine/images/lookup.ts';
import { pullImage } from '../../engine/images/pull.ts';
import { familiarName, parseReference } from '../../engine/registry/reference.ts';
import type { StepContext } from '../../world/context.ts';
import { isoTimestamp, SIM_EPOCH_UNIX_SECONDS } from '../../world/epoch.ts';
import { passUntilExit } from '../../world/pass-time.ts';
import { NS_PER_SECOND } from '../../world/units.ts';
import type { DeepReadonly } from '../../world/world.ts';
import { UserError } from '../../world/user-error.ts';
import { formatTable } from '../table.ts';
import {
  compileTemplate,
  executeTemplate,
  goMethod,
  goStruct,
  renderTemplate,
} from './go-template.ts';
import { ellipsis, humanDuration, humanSize } from './human.ts';
import { upperSizeBytes } from '../../engine/storage/diff.ts';
import { type DockerCommand } from './image-commands.ts';
import { imageInspectJson } from './image-inspect.ts';
import { createRequestFrom, RUN_FLAGS } from './run-options.ts';
import { inspectCommand } from './inspect-command.ts';
import { containerInspectJson } from './container-inspect.ts';
import { eachName } from './each-name.ts';
import { containerPorts } from './port-command.ts';
import { recordValues } from '../../world/record-values.ts';
import { netnsOwner } from '../../engine/networks/attach.ts';
import { attachTerminal, isInteractiveShell } from '../attached-shell.ts';

const text = (value: string) => ({ ok: true as const, value });

/**
 * How long `docker run` (attached) and `docker wait` let simulated time pass for a container to
 * exit: a script that is still going after an hour (a loop with a sleep in it) is shown as
 * running on, since the simulator cannot hold the terminal for ever.
 */
const WAIT_LIMIT_NS = 3600 * NS_PER_SECOND;

function containerId(
  ctx: StepContext,
  daemonId: string,
  name: string,
  message = (n: string) => `Error: No such container: ${n}`,
): string {
  const id = findContainer(ctx.world.daemons[daemonId]!, name);
  if (!id) throw new UserError(message(name));
  return id;
}

function container(ctx: StepContext, daemonId: string, id: string): DeepReadonly<Container> {
  return ctx.world.daemons[daemonId]!.containers[id]!;
}

/** Find the image, pulling it first if it is not here, as `docker run` and `create` do. */
function ensureImage(
  ctx: StepContext,
  daemonId: string,
  name: string,
  pullTo: (line: string) => void,
): { id: string; name: string } {
  const parsed = parseReference(name);
  if (!parsed.ok) throw new UserError(parsed.error);
  const local = findImageId(ctx.world.daemons[daemonId]!, name);
  if (local) return { id: local, name };
  const familiar = familiarName(parsed.ref);
  pullTo(`Unable to find image '${familiar}' locally`);
  const result = pullImage(ctx, daemonId, parsed.ref);
  for (const line of result.lines) pullTo(line);
  return { id: result.imageId, name };
}

function writeLogs(ctx: StepContext, logs: DeepReadonly<Container['logs']>): void {
  for (const line of logs) ctx.write(line.stream, line.text);
}

const runSpec = {
  path: 'docker run',
  usage: 'docker run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  summary: 'Run a command in a new container',
  flags: RUN_FLAGS,
  args: { min: 1, max: 1000 },
  stopAtFirstPositional: true,
};

const run: DockerCommand = {
  spec: runSpec,
  run: (ctx, daemonId, flags, [imageName, ...command]) => {
    const fail = (message: string, exitCode = 125, seeHelp = true) => {
      const sentence = message.endsWith('.') ? message : `${message}.`;
      ctx.err(`docker: ${sentence}${seeHelp ? "\nSee 'docker run --help'." : ''}`);
      return exitCode;
    };
    // The client checks its own input before anything else: -it attaches the terminal to the
    // container, which a script's input (not a terminal) cannot be.
    const attach = Boolean(flags.get('tty') && flags.get('interactive') && !flags.get('detach'));
    if (attach && !ctx.tty) {
      ctx.err('the input device is not a TTY');
      return 1;
    }
    let id: string;
    try {
      const image = ensureImage(ctx, daemonId, imageName!, (line) => ctx.err(line));
      const cpus = ctx.world.kernels[ctx.world.daemons[daemonId]!.kernelId]!.cpuCount;
      id = createContainer(ctx, daemonId, createRequestFrom(flags, image, command, cpus));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return fail(error.message);
    }
    const firstEvent = ctx.events.length;
    let started: ReturnType<typeof startContainer>;
    try {
      started = startContainer(ctx, daemonId, id);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      // Detached, the client prints the new container's id before it asks for the start.
      if (flags.get('detach')) ctx.out(id);
      // Refused at start (a donor container that stopped): no usage hint, as Docker prints it.
      return fail(error.message, 125, false);
    }
    if (!started.ok)
      return fail(`Error response from daemon: ${started.message}`, started.exitCode, false);
    if (flags.get('detach')) {
      ctx.out(id);
      return 0;
    }
    // With --rm, a command that ended at once has taken its container with it.
    const begun = ctx.world.daemons[daemonId]!.containers[id];
    if (
      attach &&
      begun?.state === 'running' &&
      begun.pid !== null &&
      isInteractiveShell([begun.config.path, ...begun.config.args])
    ) {
      // The terminal now belongs to the container's shell: the next lines typed are its input.
      attachTerminal(ctx, daemonId, id, {
        shellPid: begun.pid,
        main: true,
        user: '',
        env: [],
        workingDir: begun.config.workingDir,
      });
      return 0;
    }
    // Attached: show what it prints; wait for it if it ends on its own.
    passUntilExit(ctx, daemonId, id, `docker run waits for ${id.slice(0, 12)}`, WAIT_LIMIT_NS);
    // Read the output from the events: with --rm the container may already be gone.
    const mine = ctx.events.slice(firstEvent);
    for (const event of mine) {
      if (event.kind === 'container.log' && event.containerId === id)
        ctx.write(event.stream, event.text);
    }
    const after = ctx.world.daemons[daemonId]!.containers[id];
    if (after?.state === 'running') {
      ctx.err(
        `(${after.name} keeps running; the simulator does not hold the terminal: see it with 'docker ps', stop it with 'docker stop ${after.name}')`,
      );
      return 0;
    }
    const exit = [...mine]
      .reverse()
      .find(
        (event) =>
          event.kind === 'container.state' && event.containerId === id && event.event === 'EXIT',
      );
    return exit?.kind === 'container.state' ? (exit.exitCode ?? 0) : (after?.exitCode ?? 0);
  },
};

const create: DockerCommand = {
  spec: {
    ...runSpec,
    path: 'docker create',
    usage: 'docker create [OPTIONS] IMAGE [COMMAND] [ARG...]',
    summary: 'Create a new container',
    flags: RUN_FLAGS.filter((flag) => flag.long !== 'detach'),
  },
  run: (ctx, daemonId, flags, [imageName, ...command]) => {
    const image = ensureImage(ctx, daemonId, imageName!, (line) => ctx.err(line));
    const cpus = ctx.world.kernels[ctx.world.daemons[daemonId]!.kernelId]!.cpuCount;
    ctx.out(createContainer(ctx, daemonId, createRequestFrom(flags, image, command, cpus)));
    return 0;
  },
};

const start: DockerCommand = {
  spec: {
    path: 'docker start',
    usage: 'docker start [OPTIONS] CONTAINER [CONTAINER...]',
    summary: 'Start one or more stopped containers',
    flags: [
      { long: 'attach', short: 'a', description: 'Attach STDOUT/STDERR and forward signals' },
    ],
    args: { min: 1, max: 100 },
  },
  run: (ctx, daemonId, flags, names) => {
    const failed: string[] = [];
    let attachedExit = 0;
    for (const name of names) {
      try {
        const id = containerId(
          ctx,
          daemonId,
          name,
          (n) => `Error response from daemon: No such container: ${n}`,
        );
        const state = container(ctx, daemonId, id).state;
        if (state === 'running' || state === 'restarting') {
          ctx.out(name);
          continue;
        }
        const before = container(ctx, daemonId, id).logs.length;
        const started = startContainer(ctx, daemonId, id);
        if (!started.ok) throw new UserError(`Error response from daemon: ${started.message}`);
        if (flags.get('attach')) {
          const after = ctx.world.daemons[daemonId]!.containers[id];
          writeLogs(ctx, after?.logs.slice(before) ?? []);
          if (after && after.state === 'exited') attachedExit = after.exitCode;
        } else ctx.out(name);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        ctx.err(error.message);
        failed.push(name);
      }
    }
    if (failed.length > 0) ctx.err(`Error: failed to start containers: ${failed.join(', ')}`);
    return failed.length > 0 ? 1 : attachedExit;
  },
};

const timeFlag = {
  long: 'time',
  short: 't',
  valueName: 'int',
  description: 'Seconds to wait for stop before killing it',
  defaultText: '10',
  parse: (value: string) =>
    /^\d+$/.test(value)
      ? { ok: true as const, value: Number(value) }
      : { ok: false as const, error: `strconv.ParseInt: parsing "${value}": invalid syntax` },
};

/** docker stop and restart: SIGTERM, the grace period (-t) passing in simulated time, SIGKILL. */
function stopNamed(
  ctx: StepContext,
  daemonId: string,
  flags: Map<string, unknown>,
  name: string,
  verb: string,
): string {
  const id = containerId(
    ctx,
    daemonId,
    name,
    (n) => `Error response from daemon: No such container: ${n}`,
  );
  const graceSeconds = (flags.get('time') as number | undefined) ?? 10;
  stopContainer(ctx, daemonId, id, graceSeconds, (ns) =>
    passUntilExit(ctx, daemonId, id, `docker ${verb} waits for ${name}`, ns, true),
  );
  return id;
}

const stop: DockerCommand = {
  spec: {
    path: 'docker stop',
    usage: 'docker stop [OPTIONS] CONTAINER [CONTAINER...]',
    summary: 'Stop one or more running containers',
    flags: [timeFlag],
    args: { min: 1, max: 100 },
  },
  run: (ctx, daemonId, flags, names) =>
    eachName(ctx, names, (name) => {
      stopNamed(ctx, daemonId, flags, name, 'stop');
      ctx.out(name);
    }),
};

const kill: DockerCommand = {
  spec: {
    path: 'docker kill',
    usage: 'docker kill [OPTIONS] CONTAINER [CONTAINER...]',
    summary: 'Kill one or more running containers',
    flags: [
      {
        long: 'signal',
        short: 's',
        valueName: 'string',
        description: 'Signal to send to the container',
        defaultText: '"KILL"',
        parse: text,
      },
    ],
    args: { min: 1, max: 100 },
  },
  run: (ctx, daemonId, flags, names) =>
    eachName(ctx, names, (name) => {
      const id = containerId(
        ctx,
        daemonId,
        name,
        (n) => `Error response from daemon: Cannot kill container: ${n}: No such container: ${n}`,
      );
      killContainer(ctx, daemonId, id, (flags.get('signal') as string | undefined) ?? 'KILL');
      ctx.out(name);
    }),
};

const restart: DockerCommand = {
  spec: {
    path: 'docker restart',
    usage: 'docker restart [OPTIONS] CONTAINER [CONTAINER...]',
    summary: 'Restart one or more containers',
    flags: [timeFlag],
    args: { min: 1, max: 100 },
  },
  run: (ctx, daemonId, flags, names) =>
    eachName(ctx, names, (name) => {
      const id = stopNamed(ctx, daemonId, flags, name, 'restart');
      const started = startContainer(ctx, daemonId, id);
      if (!started.ok) throw new UserError(`Error response from daemon: ${started.message}`);
      ctx.out(name);
    }),
};

const rm: DockerCommand = {
  spec: {
    path: 'docker rm',
    usage: 'docker rm [OPTIONS] CONTAINER [CONTAINER...]',
    summary: 'Remove one or more containers',
    flags: [
      {
        long: 'force',
        short: 'f',
        description: 'Force the removal of a running container (uses SIGKILL)',
      },
      {
        long: 'volumes',
        short: 'v',
        description: 'Remove anonymous volumes associated with the container',
      },
    ],
    args: { min: 1, max: 100 },
  },
  run: (ctx, daemonId, flags, names) => {
    const force = Boolean(flags.get('force'));
    const status = eachName(ctx, names, (name) => {
      removeContainer(
        ctx,
        daemonId,
        containerId(ctx, daemonId, name),
        force,
        Boolean(flags.get('volumes')),
      );
      ctx.out(name);
    });
    // docker rm -f of a missing container reports it but, in Docker 20.10, still exits 0.
    return force ? 0 : status;
  },
};

/** "3 minutes" from `fromNs` to now (no time passed when `fromNs` is unset). */
function sinceText(nowNs: number, fromNs: number | null): string {
  return humanDuration(Math.floor((nowNs - (fromNs ?? nowNs)) / 1e9));
}

function statusText(nowNs: number, c: DeepReadonly<Container>): string {
  switch (c.state) {
    case 'running':
      return `Up ${sinceText(nowNs, c.startedAtNs)}`;
    case 'paused':
      return `Up ${sinceText(nowNs, c.startedAtNs)} (Paused)`;
    case 'exited':
      return `Exited (${c.exitCode}) ${sinceText(nowNs, c.finishedAtNs)} ago`;
    case 'created':
      return 'Created';
    case 'restarting':
      return `Restarting (${c.exitCode}) ${sinceText(nowNs, c.finishedAtNs)} ago`;
    default:
      return c.state === 'dead' ? 'Dead' : 'Removal In Progress';
  }
}

// One function per `docker ps` column. The plain table and -q compute only the columns they
// print: with ten thousand containers, building every field of every row (sizes, timestamps)
// for output that shows three of them was most of the command's time.
function psId(c: DeepReadonly<Container>, noTrunc: boolean): string {
  return noTrunc ? c.id : c.id.slice(0, 12);
}

function psCommand(c: DeepReadonly<Container>, noTrunc: boolean): string {
  // dockerd's list puts an argument holding a space in single quotes.
  const commandLine = [
    c.config.path,
    ...c.config.args.map((arg) => (arg.includes(' ') ? `'${arg}'` : arg)),
  ].join(' ');
  return `"${noTrunc ? commandLine : ellipsis(commandLine, 20)}"`;
}

function psRunningFor(nowNs: number, c: DeepReadonly<Container>): string {
  return `${humanDuration(Math.floor((nowNs - c.createdNs) / 1e9))} ago`;
}

function psSize(daemon: DeepReadonly<Daemon>, c: DeepReadonly<Container>): string {
  const upperBytes = upperSizeBytes(c.upper);
  const imageBytes = daemon.images[c.imageId]?.sizeBytes ?? 0;
  return `${humanSize(upperBytes)} (virtual ${humanSize(upperBytes + imageBytes)})`;
}

/**
 * The PORTS column. Only a container that exposes ports, or whose network namespace publishes
 * some, can show anything; for the rest (most) the text is empty without looking through every
 * network for its endpoints, which for ten thousand rows was a third of docker ps -a.
 */
function psPorts(
  daemon: DeepReadonly<Daemon>,
  publishing: ReadonlySet<string>,
  c: DeepReadonly<Container>,
): string {
  if (c.config.exposedPorts.length === 0 && !publishing.has(netnsOwner(daemon, c.id))) return '';
  return containerPorts(daemon, c);
}

/** The network namespaces (by owning container) that publish at least one port. */
function publishingOwners(daemon: DeepReadonly<Daemon>): Set<string> {
  const owners = new Set<string>();
  for (const network of recordValues(daemon.networks)) {
    for (const owner of Object.keys(network.endpoints))
      if (network.endpoints[owner]!.ports.length > 0) owners.add(owner);
  }
  return owners;
}

/** Every field a --format template may name, in the order the table header lists them. */
function psRow(
  nowNs: number,
  daemon: DeepReadonly<Daemon>,
  publishing: ReadonlySet<string>,
  c: DeepReadonly<Container>,
  noTrunc: boolean,
) {
  return {
    ID: psId(c, noTrunc),
    Image: c.imageName,
    Command: psCommand(c, noTrunc),
    RunningFor: psRunningFor(nowNs, c),
    CreatedAt: isoTimestamp(SIM_EPOCH_UNIX_SECONDS + Math.floor(c.createdNs / 1e9)),
    Status: statusText(nowNs, c),
    State: c.state,
    Ports: psPorts(daemon, publishing, c),
    Names: c.name,
    Size: psSize(daemon, c),
  };
}

const ps: DockerCommand = {
  spec: {
    path: 'docker ps',
    usage: 'docker ps [OPTIONS]',
    summary: 'List containers',
    flags: [
      { long: 'all', short: 'a', description: 'Show all containers (default shows just running)' },
      { long: 'quiet', short: 'q', description: 'Only display container IDs' },
      { long: 'no-trunc', description: "Don't truncate output" },
      { long: 'size', short: 's', description: 'Display total file sizes' },
      {
        long: 'filter',
        short: 'f',
        valueName: 'filter',
        description: 'Filter output based on conditions provided',
        parse: text,
        repeatable: true,
      },
      {
        long: 'format',
        valueName: 'string',
        description: 'Pretty-print containers using a Go template',
        parse: text,
      },
    ],
    args: { min: 0, max: 0 },
  },
  run: (ctx, daemonId, flags) => {
    const daemon = ctx.world.daemons[daemonId]!;
    let list = recordValues(daemon.containers).reverse();
    if (!flags.get('all'))
      list = list.filter(
        (c) => c.state === 'running' || c.state === 'paused' || c.state === 'restarting',
      );
    for (const filter of (flags.get('filter') as string[] | undefined) ?? []) {
      const [key, ...rest] = filter.split('=');
      const value = rest.join('=');
      const tests: Record<string, (c: DeepReadonly<Container>) => boolean> = {
        name: (c) => new RegExp(value).test(c.name),
        id: (c) => c.id.startsWith(value),
        status: (c) => c.state === value,
        exited: (c) => c.state === 'exited' && String(c.exitCode) === value,
        ancestor: (c) => c.imageName === value || c.imageId === findImageId(daemon, value),
        label: (c) =>
          value.includes('=')
            ? c.config.labels[value.split('=')[0]!] === value.split('=')[1]
            : value in c.config.labels,
      };
      const validStatus = [
        'created',
        'restarting',
        'running',
        'removing',
        'paused',
        'exited',
        'dead',
      ];
      if (!tests[key!] || (key === 'status' && !validStatus.includes(value)))
        throw new UserError(`Error response from daemon: Invalid filter '${filter}'`);
      list = list.filter(tests[key!]!);
    }
    const noTrunc = Boolean(flags.get('no-trunc'));
    const nowNs = ctx.nowNs;
    const withSize = Boolean(flags.get('size'));
    if (flags.get('quiet')) {
      if (list.length > 0) ctx.out(list.map((c) => psId(c, noTrunc)).join('\n'));
      return 0;
    }
    const publishing = publishingOwners(daemon);
    const format = flags.get('format') as string | undefined;
    if (format) {
      const rows = list.map((c) => ({
        ...psRow(nowNs, daemon, publishing, c, noTrunc),
        ...psExtraColumns(daemon, c, noTrunc),
      }));
      // Docker's formatter: a "table" prefix, the rest trimmed, \t and \n written out as escapes.
      const isTable = format.startsWith('table');
      const template = (isTable ? format.slice(5) : format)
        .trim()
        .replaceAll('\\t', '\t')
        .replaceAll('\\n', '\n');
      if (template !== '') {
        const compiled = compileTemplate(template);
        if (!compiled.ok) throw new UserError(`failed to parse template: ${compiled.goError}`);
        const lines: string[][] = [];
        for (const row of rows) {
          const { labels, ...columns } = row;
          // Sorted as {{json .}} prints a row (Docker marshals the columns as a map).
          const sorted = Object.entries(columns).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
          const context = goStruct(
            {
              ...Object.fromEntries(sorted),
              Label: goMethod(['string'], (key) => labels[key as string] ?? ''),
            },
            { type: '*formatter.ContainerContext' },
          );
          const rendered = executeTemplate(compiled.template, context);
          if (!rendered.ok) throw new UserError(`failed to execute template: ${rendered.goError}`);
          lines.push(rendered.text.split('\t'));
        }
        if (isTable) {
          const header = renderTemplate(
            template,
            Object.fromEntries(
              Object.keys(
                rows[0] ?? {
                  ID: 0,
                  Image: 0,
                  Command: 0,
                  RunningFor: 0,
                  CreatedAt: 0,
                  Status: 0,
                  State: 0,
                  Ports: 0,
                  Names: 0,
                },
              ).map((key) => [key, HEADERS[key] ?? key.toUpperCase()]),
            ),
          );
          ctx.out(formatTable(header.ok ? header.text.split('\t') : [], lines));
        } else if (lines.length > 0)
          ctx.out(`${lines.map((line) => line.join('\t')).join('\n')}\n`);
        return 0;
      }
    }
    ctx.out(
      formatTable(
        [
          'CONTAINER ID',
          'IMAGE',
          'COMMAND',
          'CREATED',
          'STATUS',
          'PORTS',
          'NAMES',
          ...(withSize ? ['SIZE'] : []),
        ],
        list.map((c) => {
          const cells = [
            psId(c, noTrunc),
            c.imageName,
            psCommand(c, noTrunc),
            psRunningFor(nowNs, c),
            statusText(nowNs, c),
            psPorts(daemon, publishing, c),
            c.name,
          ];
          if (withSize) cells.push(psSize(daemon, c));
          return cells;
        }),
      ),
    );
    return 0;
  },
};

/** The columns docker ps offers to --format besides the table's own. */
function psExtraColumns(
  daemon: DeepReadonly<{
    volumes: Record<string, unknown>;
    networks: Record<string, { id: string; name: string }>;
  }>,
  c: DeepReadonly<Container>,
  noTrunc: boolean,
) {
  const labels = Object.entries(c.config.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    Labels: labels.map(([key, value]) => `${key}=${value}`).join(','),
    Mounts: c.mounts.map((mount) => (noTrunc ? mount.name : ellipsis(mount.name, 15))).join(','),
    Networks: Object.values(daemon.networks)
      .filter((network) => c.networkIds.includes(network.id))
      .map((network) => network.name)
      .join(','),
    LocalVolumes: String(c.mounts.length),
    labels: c.config.labels,
  };
}

const HEADERS: Record<string, string> = {
  Size: 'SIZE',
  ID: 'CONTAINER ID',
  RunningFor: 'CREATED',
  CreatedAt: 'CREATED AT',
  Names: 'NAMES',
  Image: 'IMAGE',
  Command: 'COMMAND',
  Status: 'STATUS',
  State: 'STATE',
  Ports: 'PORTS',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  Networks: 'NETWORKS',
  LocalVolumes: 'LOCAL VOLUMES',
};

const logs: DockerCommand = {
  spec: {
    path: 'docker logs',
    usage: 'docker logs [OPTIONS] CONTAINER',
    summary: 'Fetch the logs of a container',
    flags: [
      {
        long: 'tail',
        short: 'n',
        valueName: 'string',
        description: 'Number of lines to show from the end of the logs',
        defaultText: '"all"',
        parse: text,
      },
    ],
    args: { min: 1, max: 1 },
  },
  run: (ctx, daemonId, flags, [name]) => {
    const c = container(ctx, daemonId, containerId(ctx, daemonId, name!));
    const lines = c.logs.flatMap((entry) =>
      entry.text.split(/(?<=\n)/).map((textLine) => ({ ...entry, text: textLine })),
    );
    const tail = flags.get('tail') as string | undefined;
    const count = tail === undefined || tail === 'all' ? lines.length : Number(tail);
    writeLogs(ctx, count === 0 ? [] : lines.slice(-count));
    return 0;
  },
};

const inspect = inspectCommand({
  path: 'docker inspect',
  usage: 'docker inspect [OPTIONS] NAME|ID [NAME|ID...]',
  summary: 'Return low-level information on Docker objects',
  find: (ctx, daemonId, name) => {
    const daemon = ctx.world.daemons[daemonId]!;
    const id = findContainer(daemon, name);
    if (id) return containerInspectJson(daemon, daemon.containers[id]!);
    const imageId = findImageId(daemon, name);
    return imageId ? imageInspectJson(daemon, imageId) : null;
  },
  missing: (name) => `Error: No such object: ${name}`,
});

// `docker container inspect` looks for containers only, and says so when there is none.
const containerInspect = inspectCommand({
  path: 'docker container inspect',
  usage: 'docker container inspect [OPTIONS] CONTAINER [CONTAINER...]',
  summary: 'Display detailed information on one or more containers',
  find: (ctx, daemonId, name) => {
    const daemon = ctx.world.daemons[daemonId]!;
    const id = findContainer(daemon, name);
    return id ? containerInspectJson(daemon, daemon.containers[id]!) : null;
  },
  missing: (name) => `Error: No such container: ${name}`,
});

const wait: DockerCommand = {
  spec: {
    path: 'docker wait',
    usage: 'docker wait CONTAINER [CONTAINER...]',
    summary: 'Block until one or more containers stop, then print their exit codes',
    flags: [],
    args: { min: 1, max: 100 },
  },
  run: (ctx, daemonId, _flags, names) =>
    eachName(ctx, names, (name) => {
      const id = containerId(
        ctx,
        daemonId,
        name,
        (n) => `Error response from daemon: No such container: ${n}`,
      );
      passUntilExit(ctx, daemonId, id, `docker wait ${name}`, WAIT_LIMIT_NS);
      const after = container(ctx, daemonId, id);
      if (after.state === 'running') {
        throw new UserError(
          `${name} never exits on its own, so docker wait would block forever: stop it from another terminal (here: docker stop ${name})`,
        );
      }
      ctx.out(String(after.exitCode));
    }),
};

export const CONTAINER_COMMANDS: Record<string, DockerCommand> = {
  run,
  create,
  start,
  stop,
  kill,
  restart,
  rm,
  ps,
  logs,
  inspect,
  wait,
  'container run': { ...run, spec: { ...run.spec, path: 'docker container run' } },
  'container create': { ...create, spec: { ...create.spec, path: 'docker container create' } },
  'container start': { ...start, spec: { ...start.spec, path: 'docker container start' } },
  'container stop': { ...stop, spec: { ...stop.spec, path: 'docker container stop' } },
  'container kill': { ...kill, spec: { ...kill.spec, path: 'docker container kill' } },
  'container rm': { ...rm, spec: { ...rm.spec, path: 'docker container rm' } },
  'container ls': { ...ps, spec: { ...ps.spec, path: 'docker container ls' } },
  'container logs': { ...logs, spec: { ...logs.spec, path: 'docker container logs' } },
  'container inspect': containerInspect,
};
