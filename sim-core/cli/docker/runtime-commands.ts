// docker exec, pause, unpause, rename and top: working with containers that run.
import { findContainer } from '../../engine/containers/create.ts';
import { execInContainer } from '../../engine/containers/exec.ts';
import { pauseContainer, renameContainer } from '../../engine/containers/pause.ts';
import { visibleProcesses } from '../../kernel/kernel.ts';
import type { StepContext } from '../../world/context.ts';
import { UserError } from '../../world/user-error.ts';
import { formatTable } from '../table.ts';
import type { DockerCommand } from './image-commands.ts';
import { eachName } from './each-name.ts';
import { stats } from './stats-command.ts';
import { updateContainer } from '../../engine/containers/update.ts';
import type { HostConfig } from '../../engine/containers/container.ts';
import { RUN_FLAGS } from './run-options.ts';
import { containerDiff } from '../../engine/storage/diff.ts';
import { attachTerminal, isInteractiveShell } from '../attached-shell.ts';

const text = (value: string) => ({ ok: true as const, value });

function idOf(
  ctx: StepContext,
  daemonId: string,
  name: string,
  message: (name: string) => string,
): string {
  const id = findContainer(ctx.world.daemons[daemonId]!, name);
  if (!id) throw new UserError(message(name));
  return id;
}

const exec: DockerCommand = {
  spec: {
    path: 'docker exec',
    usage: 'docker exec [OPTIONS] CONTAINER COMMAND [ARG...]',
    summary: 'Run a command in a running container',
    flags: [
      { long: 'detach', short: 'd', description: 'Detached mode: run command in the background' },
      { long: 'interactive', short: 'i', description: 'Keep STDIN open even if not attached' },
      { long: 'tty', short: 't', description: 'Allocate a pseudo-TTY' },
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
        long: 'user',
        short: 'u',
        valueName: 'string',
        description: 'Username or UID (format: <name|uid>[:<group|gid>])',
        parse: text,
      },
    ],
    args: { min: 2, max: 1000 },
    stopAtFirstPositional: true,
  },
  run: (ctx, daemonId, flags, [name, ...argv]) => {
    const id = idOf(ctx, daemonId, name!, (n) => `Error: No such container: ${n}`);
    const workingDir = flags.get('workdir') as string | undefined;
    const user = flags.get('user') as string | undefined;
    const env = (flags.get('env') as string[] | undefined) ?? [];
    if (
      ctx.tty &&
      flags.get('tty') &&
      flags.get('interactive') &&
      !flags.get('detach') &&
      isInteractiveShell(argv)
    ) {
      // exec -it of a shell: a second shell in the container, which the terminal now drives.
      const started = execInContainer(ctx, daemonId, id, {
        argv,
        env,
        detach: true,
        tty: true,
        ...(workingDir !== undefined ? { workingDir } : {}),
        ...(user !== undefined ? { user } : {}),
      });
      if (started.kind === 'failed') {
        ctx.out(`${started.message}\r\n`);
        return started.exitCode;
      }
      if (started.kind === 'running') {
        attachTerminal(ctx, daemonId, id, {
          shellPid: started.pid,
          main: false,
          user: user ?? '',
          env,
          workingDir: workingDir ?? ctx.world.daemons[daemonId]!.containers[id]!.config.workingDir,
        });
        return 0;
      }
      ctx.write('stdout', started.stdout);
      ctx.write('stderr', started.stderr);
      return started.exitCode;
    }
    const outcome = execInContainer(ctx, daemonId, id, {
      argv,
      env,
      detach: Boolean(flags.get('detach')),
      ...(workingDir !== undefined ? { workingDir } : {}),
      ...(user !== undefined ? { user } : {}),
    });
    if (outcome.kind === 'failed') {
      // Docker prints runc's exec failure on stdout, with the TTY's line ending.
      ctx.out(`${outcome.message}\r\n`);
      return outcome.exitCode;
    }
    ctx.write('stdout', outcome.stdout);
    if (outcome.kind === 'exited') {
      ctx.write('stderr', outcome.stderr);
      return outcome.exitCode;
    }
    if (!flags.get('detach'))
      ctx.err(`(${argv[0]} keeps running in ${name}; the simulator does not hold the terminal)`);
    return 0;
  },
};

function pauser(pause: boolean): DockerCommand {
  const verb = pause ? 'pause' : 'unpause';
  return {
    spec: {
      path: `docker ${verb}`,
      usage: `docker ${verb} CONTAINER [CONTAINER...]`,
      summary: pause
        ? 'Pause all processes within one or more containers'
        : 'Unpause all processes within one or more containers',
      flags: [],
      args: { min: 1, max: 100 },
    },
    run: (ctx, daemonId, _flags, names) =>
      eachName(ctx, names, (name) => {
        pauseContainer(
          ctx,
          daemonId,
          idOf(ctx, daemonId, name, (n) => `Error response from daemon: No such container: ${n}`),
          pause,
        );
        ctx.out(name);
      }),
  };
}

const rename: DockerCommand = {
  spec: {
    path: 'docker rename',
    usage: 'docker rename CONTAINER NEW_NAME',
    summary: 'Rename a container',
    flags: [],
    args: { min: 2, max: 2 },
  },
  run: (ctx, daemonId, _flags, [name, newName]) => {
    try {
      renameContainer(
        ctx,
        daemonId,
        idOf(ctx, daemonId, name!, (n) => `Error response from daemon: No such container: ${n}`),
        newName!,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw new UserError(`${error.message}\nError: failed to rename container named ${name}`);
    }
  },
};

const top: DockerCommand = {
  spec: {
    path: 'docker top',
    usage: 'docker top CONTAINER [ps OPTIONS]',
    summary: 'Display the running processes of a container',
    flags: [],
    args: { min: 1, max: 100 },
    stopAtFirstPositional: true,
  },
  run: (ctx, daemonId, _flags, [name, ...psOptions]) => {
    const daemon = ctx.world.daemons[daemonId]!;
    const id = idOf(
      ctx,
      daemonId,
      name!,
      (n) => `Error response from daemon: No such container: ${n}`,
    );
    const container = daemon.containers[id]!;
    if (container.state !== 'running' && container.state !== 'paused') {
      throw new UserError(`Error response from daemon: Container ${container.id} is not running`);
    }
    if (psOptions.length > 0 && !psOptions.join(' ').includes('pid')) {
      throw new UserError("Error response from daemon: Couldn't find PID field in ps output");
    }
    // docker top shows host PIDs: it runs ps on the host, not inside the container.
    const kernel = ctx.world.kernels[daemon.kernelId]!;
    const rows = visibleProcesses(kernel, kernel.rootNs.pid!)
      .filter(({ process }) => process.containerId === id)
      .map(({ pid, process }) => [
        'root',
        String(pid),
        String(process.ppid),
        '0',
        '00:00',
        '?',
        '00:00:00',
        process.argv.join(' '),
      ]);
    ctx.out(formatTable(['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'], rows));
    return 0;
  },
};

const diff: DockerCommand = {
  spec: {
    path: 'docker diff',
    usage: 'docker diff CONTAINER',
    summary: "Inspect changes to files or directories on a container's filesystem",
    flags: [],
    args: { min: 1, max: 1 },
  },
  run: (ctx, daemonId, _flags, [name]) => {
    const daemon = ctx.world.daemons[daemonId]!;
    const container =
      daemon.containers[
        idOf(ctx, daemonId, name!, (n) => `Error response from daemon: No such container: ${n}`)
      ]!;
    const image = daemon.images[container.imageId]!;
    const lowers = [...image.layerDiffIds].reverse().map((diffId) => daemon.layers[diffId]!.files);
    const lines = containerDiff(lowers, container.upper);
    if (lines.length > 0) ctx.out(lines.map((line) => `${line.kind} ${line.path}`).join('\n'));
    return 0;
  },
};

const update: DockerCommand = {
  spec: {
    path: 'docker update',
    usage: 'docker update [OPTIONS] CONTAINER [CONTAINER...]',
    summary: 'Update configuration of one or more containers',
    flags: RUN_FLAGS.filter((flag) =>
      ['memory', 'memory-swap', 'cpus', 'cpu-shares', 'pids-limit', 'blkio-weight'].includes(
        flag.long,
      ),
    ),
    args: { min: 1, max: 100 },
  },
  run: (ctx, daemonId, flags, names) => {
    const change: Partial<HostConfig> = {};
    const get = (name: string) => flags.get(name) as number | undefined;
    if (get('memory') !== undefined) change.memoryBytes = get('memory')!;
    if (get('memory-swap') !== undefined) change.memorySwapBytes = get('memory-swap')!;
    if (get('cpus') !== undefined) change.nanoCpus = Math.round(get('cpus')! * 1e9);
    if (get('cpu-shares') !== undefined) change.cpuShares = get('cpu-shares')!;
    if (get('pids-limit') !== undefined)
      change.pidsLimit = get('pids-limit')! > 0 ? get('pids-limit')! : null;
    if (get('blkio-weight') !== undefined) change.blkioWeight = get('blkio-weight')!;
    return eachName(ctx, names, (name) => {
      updateContainer(
        ctx,
        daemonId,
        idOf(ctx, daemonId, name, (n) => `Error response from daemon: No such container: ${n}`),
        change,
      );
      ctx.out(name);
    });
  },
};

export const RUNTIME_COMMANDS: Record<string, DockerCommand> = {
  update,
  'container update': { ...update, spec: { ...update.spec, path: 'docker container update' } },
  diff,
  'container diff': { ...diff, spec: { ...diff.spec, path: 'docker container diff' } },
  exec,
  pause: pauser(true),
  unpause: pauser(false),
  rename,
  top,
  stats,
  'container stats': { ...stats, spec: { ...stats.spec, path: 'docker container stats' } },
  'container exec': { ...exec, spec: { ...exec.spec, path: 'docker container exec' } },
  'container pause': pauser(true),
  'container unpause': pauser(false),
  'container rename': { ...rename, spec: { ...rename.spec, path: 'docker container rename' } },
  'container top': { ...top, spec: { ...top.spec, path: 'docker container top' } },
};
