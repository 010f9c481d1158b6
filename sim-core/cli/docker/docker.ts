// The docker client: global options (-H), then a command. Every command becomes REST calls to
// one daemon (see target.ts); usage errors print Docker's two lines and exit 125, unknown
// commands exit 1, daemon errors print "Error response from daemon: ..." and exit 1.
import { ENGINE_API_VERSION, ENGINE_VERSION } from '../../engine/daemon.ts';
import type { StepContext } from '../../world/context.ts';
import { UserError } from '../../world/user-error.ts';
import { helpText, parseFlags } from '../flags.ts';
import { typographicDashError } from '../tokenize.ts';
import { CONTAINER_COMMANDS } from './container-commands.ts';
import { IMAGE_COMMANDS, type DockerCommand } from './image-commands.ts';
import { RUNTIME_COMMANDS } from './runtime-commands.ts';
import { build } from './build-command.ts';
import { VOLUME_COMMANDS } from './volume-commands.ts';
import { NETWORK_COMMANDS } from './network-commands.ts';
import { chooseEndpoint, resolveDaemon } from './target.ts';
import { PRUNE_COMMANDS } from './prune-commands.ts';
import { cp } from './cp-command.ts';
import { attach } from './attach-command.ts';
import { CONTEXT_COMMANDS } from './context-commands.ts';

const version: DockerCommand = {
  spec: {
    path: 'docker version',
    usage: 'docker version [OPTIONS]',
    summary: 'Show the Docker version information',
    flags: [],
    args: { min: 0, max: 0 },
  },
  run: (ctx, daemonId) => {
    ctx.emit({ kind: 'api.request', daemonId, method: 'GET', path: '/v1.41/version', status: 200 });
    ctx.out(
      [
        'Client:',
        ` Version:           ${ENGINE_VERSION}`,
        ` API version:       ${ENGINE_API_VERSION}`,
        ' OS/Arch:           linux/amd64',
        '',
        'Server:',
        ' Engine:',
        `  Version:          ${ENGINE_VERSION}`,
        `  API version:      ${ENGINE_API_VERSION} (minimum version 1.12)`,
        ' containerd:',
        '  Version:          1.6.20~ds1',
        ' runc:',
        '  Version:          1.1.5+ds1',
        '',
      ].join('\n'),
    );
    return 0;
  },
};

export const DOCKER_COMMANDS: Record<string, DockerCommand> = {
  ...CONTAINER_COMMANDS,
  ...RUNTIME_COMMANDS,
  ...IMAGE_COMMANDS,
  ...VOLUME_COMMANDS,
  ...NETWORK_COMMANDS,
  ...PRUNE_COMMANDS,
  cp,
  attach,
  'container attach': { ...attach, spec: { ...attach.spec, path: 'docker container attach' } },
  ...CONTEXT_COMMANDS,
  build,
  'image build': { ...build, spec: { ...build.spec, path: 'docker image build' } },
  version,
};

const GROUPS = new Set(
  Object.keys(DOCKER_COMMANDS)
    .filter((name) => name.includes(' '))
    .map((name) => name.split(' ')[0]!),
);

/** What `docker GROUP --help` says the group is for. */
const GROUP_SUMMARIES: Record<string, string> = {
  builder: 'Manage builds',
  container: 'Manage containers',
  context: 'Manage contexts',
  image: 'Manage images',
  network: 'Manage networks',
  system: 'Manage Docker',
  volume: 'Manage volumes',
};

/** cobra's usage of a command group: its subcommands, names padded to at least 11. */
export function groupHelp(group: string): string {
  const names = Object.keys(DOCKER_COMMANDS)
    .filter((name) => name.startsWith(`${group} `))
    .map((name) => name.slice(group.length + 1))
    .sort();
  const width = Math.max(11, ...names.map((name) => name.length));
  return [
    '',
    `Usage:  docker ${group} COMMAND`,
    '',
    GROUP_SUMMARIES[group] ?? `Manage ${group}s`,
    '',
    'Commands:',
    ...names.map(
      (name) => `  ${name.padEnd(width)} ${DOCKER_COMMANDS[`${group} ${name}`]!.spec.summary}`,
    ),
    '',
    `Run 'docker ${group} COMMAND --help' for more information on a command.`,
    '',
  ].join('\n');
}

export function dockerHelp(): string {
  const lines = [
    '',
    'Usage:  docker [OPTIONS] COMMAND',
    '',
    'A self-sufficient runtime for containers',
    '',
    'Options:',
    '  -c, --context string   Name of the context to use to connect to the daemon (overrides',
    '                         DOCKER_HOST env var and default context set with "docker',
    '                         context use")',
    '  -H, --host list        Daemon socket(s) to connect to',
    '',
    'Commands:',
  ];
  const names = Object.keys(DOCKER_COMMANDS).filter((name) => !name.includes(' '));
  const width = Math.max(...names.map((name) => name.length)) + 3;
  for (const name of names)
    lines.push(`  ${name.padEnd(width)}${DOCKER_COMMANDS[name]!.spec.summary}`);
  lines.push('', "Run 'docker COMMAND --help' for more information on a command.");
  return `${lines.join('\n')}\n`;
}

/**
 * `docker volume` alone prints the group's usage to stderr and succeeds; --help prints it to
 * stdout; an unknown subcommand (docker's NoArgs) prints it as an error, an unknown flag as
 * pflag's error followed by it.
 */
function groupWithoutCommand(ctx: StepContext, group: string, word: string | undefined): number {
  const usage = groupHelp(group);
  if (word === undefined) {
    ctx.err(usage.slice(0, -1));
    return 0;
  }
  if (word === '--help' || word === '-h') {
    ctx.out(usage);
    return 0;
  }
  if (word.startsWith('-')) {
    ctx.err(`unknown flag: ${word}\nSee 'docker ${group} --help'.\n${usage.slice(0, -1)}`);
    return 125;
  }
  ctx.err(usage.slice(0, -1));
  return 1;
}

export function runDocker(ctx: StepContext, args: string[]): number {
  let host: string | undefined;
  let contextName: string | undefined;
  let at = 0;
  // Global options come before the command.
  while (at < args.length && args[at]!.startsWith('-')) {
    const arg = args[at]!;
    if (arg === '-H' || arg === '--host') {
      host = args[at + 1];
      if (host === undefined) {
        ctx.err(
          `flag needs an argument: ${arg === '-H' ? "'H' in -H" : '--host'}\nSee 'docker --help'.`,
        );
        return 125;
      }
      at += 2;
    } else if (arg.startsWith('--host=') || arg.startsWith('-H=')) {
      host = arg.slice(arg.indexOf('=') + 1);
      at += 1;
    } else if (arg === '-c' || arg === '--context') {
      contextName = args[at + 1];
      if (contextName === undefined) {
        ctx.err(
          `flag needs an argument: ${arg === '-c' ? "'c' in -c" : '--context'}\nSee 'docker --help'.`,
        );
        return 125;
      }
      at += 2;
    } else if (arg.startsWith('--context=') || arg.startsWith('-c=')) {
      contextName = arg.slice(arg.indexOf('=') + 1);
      at += 1;
    } else if (arg === '--help' || arg === '-h') {
      ctx.out(dockerHelp());
      return 0;
    } else if (arg === '--version' || arg === '-v') {
      ctx.out(`Docker version ${ENGINE_VERSION}, build 297e128`);
      return 0;
    } else {
      const dash = typographicDashError(arg);
      ctx.err(`${dash ?? `unknown flag: ${arg}`}\nSee 'docker --help'.`);
      return 125;
    }
  }
  const [first, second] = args.slice(at);
  if (first === undefined) {
    ctx.out(dockerHelp());
    return 0;
  }
  const twoWord = `${first} ${second ?? ''}`;
  if (GROUPS.has(first) && !Object.hasOwn(DOCKER_COMMANDS, twoWord)) {
    return groupWithoutCommand(ctx, first, second);
  }
  const key = GROUPS.has(first) ? twoWord : first;
  if (!Object.hasOwn(DOCKER_COMMANDS, key)) {
    const dash = typographicDashError(first);
    ctx.err(dash ?? `docker: '${first}' is not a docker command.\nSee 'docker --help'`);
    return dash ? 125 : 1;
  }
  const command = DOCKER_COMMANDS[key]!;
  const parsed = parseFlags(command.spec, args.slice(at + key.split(' ').length));
  if (!parsed.ok) {
    ctx.err(`${parsed.error}\nSee '${command.spec.path} --help'.`);
    // cobra: a wrong argument count prints the usage and exits 1; a bad flag exits 125.
    if (parsed.kind === 'args') {
      ctx.err(`\nUsage:  ${command.spec.usage}\n\n${command.spec.summary}`);
      return 1;
    }
    return 125;
  }
  if (parsed.help) {
    ctx.out(`\n${helpText(command.spec)}`);
    return 0;
  }
  try {
    const daemonId = command.clientOnly
      ? ''
      : resolveDaemon(ctx.world, chooseEndpoint(ctx.world, host, contextName));
    return command.run(ctx, daemonId, parsed.values, parsed.positionals);
  } catch (error) {
    if (error instanceof UserError) {
      ctx.err(error.message);
      return error.exitCode;
    }
    throw error;
  }
}
