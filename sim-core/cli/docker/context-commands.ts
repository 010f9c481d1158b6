// docker context create, ls, use, inspect and rm: named daemon endpoints kept by the client.
// These commands talk to no daemon; they change which one later commands reach (target.ts).
import {
  CONTEXT_NAME,
  DEFAULT_CONTEXT,
  noContexts,
  type DockerContext,
  type DockerContexts,
} from '../../client/docker-contexts.ts';
import { HOME_DIR } from '../../client/workdir.ts';
import { sha256Hex } from '../../trace/sha256.ts';
import type { StepContext } from '../../world/context.ts';
import type { DeepReadonly } from '../../world/world.ts';
import { UserError } from '../../world/user-error.ts';
import { renderTemplate } from './go-template.ts';
import type { DockerCommand } from './image-commands.ts';
import { inspectCommand } from './inspect-command.ts';
import { LOCAL_SOCKET, parseDockerHost } from './target.ts';

const text = (value: string) => ({ ok: true as const, value });

const DEFAULT: DockerContext = {
  name: DEFAULT_CONTEXT,
  description: 'Current DOCKER_HOST based configuration',
  host: LOCAL_SOCKET,
  skipTlsVerify: false,
};

function contextsOf(ctx: StepContext): DeepReadonly<DockerContexts> {
  return ctx.world.client.contexts ?? noContexts();
}

/** Every context, "default" first, then the others by name, as `docker context ls` lists them. */
function allContexts(ctx: StepContext): DeepReadonly<DockerContext>[] {
  const created = Object.values(contextsOf(ctx).byName);
  return [DEFAULT, ...[...created].sort((a, b) => (a.name < b.name ? -1 : 1))];
}

function findContext(ctx: StepContext, name: string): DeepReadonly<DockerContext> | null {
  return name === DEFAULT_CONTEXT ? DEFAULT : (contextsOf(ctx).byName[name] ?? null);
}

/** --docker host=...,skip-tls-verify=...: the CLI's endpoint options. */
function dockerEndpoint(
  ctx: StepContext,
  option: string | undefined,
): { host: string; skipTlsVerify: boolean } {
  const current = findContext(ctx, contextsOf(ctx).current) ?? DEFAULT;
  let host = current.host;
  let skipTlsVerify = false;
  if (option === undefined) return { host, skipTlsVerify };
  for (const field of option.split(',')) {
    const cut = field.indexOf('=');
    const key = cut === -1 ? field : field.slice(0, cut);
    const value = cut === -1 ? '' : field.slice(cut + 1);
    if (key === 'host') host = value;
    else if (key === 'skip-tls-verify') skipTlsVerify = value === 'true' || value === '1';
    else if (key !== 'ca' && key !== 'cert' && key !== 'key' && key !== 'from')
      throw new UserError(
        `unable to create docker endpoint config: ${key}: unrecognized config key`,
      );
  }
  if (!parseDockerHost(host))
    throw new UserError(
      `unable to create docker endpoint config: unable to apply docker endpoint options: unable to parse docker host \`${host}\``,
    );
  return { host, skipTlsVerify };
}

const create: DockerCommand = {
  spec: {
    path: 'docker context create',
    usage: 'docker context create [OPTIONS] CONTEXT',
    summary: 'Create a context',
    flags: [
      {
        long: 'description',
        valueName: 'string',
        description: 'Description of the context',
        parse: text,
      },
      {
        long: 'docker',
        valueName: 'stringToString',
        description: 'set the docker endpoint (default [])',
        parse: text,
      },
    ],
    args: { min: 1, max: 1 },
  },
  clientOnly: true,
  run: (ctx, _daemonId, flags, [name]) => {
    if (name === DEFAULT_CONTEXT)
      throw new UserError(`"${DEFAULT_CONTEXT}" is a reserved context name`);
    if (!CONTEXT_NAME.test(name!))
      throw new UserError(
        `context name "${name}" is invalid, names are validated against regexp "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"`,
      );
    if (findContext(ctx, name!)) throw new UserError(`context "${name}" already exists`);
    const endpoint = dockerEndpoint(ctx, flags.get('docker') as string | undefined);
    ctx.emit({
      kind: 'context.create',
      context: {
        name: name!,
        description: (flags.get('description') as string | undefined) ?? '',
        ...endpoint,
      },
    });
    ctx.out(name!);
    ctx.err(`Successfully created context "${name}"`);
    return 0;
  },
};

const ls: DockerCommand = {
  spec: {
    path: 'docker context ls',
    usage: 'docker context ls [OPTIONS]',
    summary: 'List contexts',
    flags: [
      {
        long: 'format',
        valueName: 'string',
        description: 'Pretty-print contexts using a Go template',
        parse: text,
      },
      { long: 'quiet', short: 'q', description: 'Only show context names' },
    ],
    args: { min: 0, max: 0 },
  },
  clientOnly: true,
  run: (ctx, _daemonId, flags) => {
    const current = contextsOf(ctx).current;
    const contexts = allContexts(ctx);
    if (flags.get('quiet')) {
      ctx.out(contexts.map((context) => context.name).join('\n'));
      return 0;
    }
    const format = flags.get('format') as string | undefined;
    if (format) {
      for (const context of contexts) {
        const rendered = renderTemplate(format, {
          Name: context.name,
          Current: context.name === current,
          Description: context.description,
          DockerEndpoint: context.host,
          KubernetesEndpoint: '',
          StackOrchestrator: context.host === LOCAL_SOCKET ? 'swarm' : '',
        });
        if (!rendered.ok) throw new UserError(rendered.error);
        ctx.out(`${rendered.text}\n`);
      }
      return 0;
    }
    const rows = [
      ['NAME', 'DESCRIPTION', 'DOCKER ENDPOINT', 'KUBERNETES ENDPOINT', 'ORCHESTRATOR'],
      ...contexts.map((context) => [
        context.name === current ? `${context.name} *` : context.name,
        context.description,
        context.host,
        '',
        context.host === LOCAL_SOCKET ? 'swarm' : '',
      ]),
    ];
    // tabwriter pads every cell but the last to its column's width plus three spaces, so a row
    // whose last cells are empty keeps its trailing spaces.
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
    for (const row of rows)
      ctx.out(
        row
          .map((cell, column) =>
            column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 3),
          )
          .join(''),
      );
    return 0;
  },
};

const use: DockerCommand = {
  spec: {
    path: 'docker context use',
    usage: 'docker context use CONTEXT',
    summary: 'Set the current docker context',
    flags: [],
    args: { min: 1, max: 1 },
  },
  clientOnly: true,
  run: (ctx, _daemonId, _flags, [name]) => {
    if (!findContext(ctx, name!)) throw new UserError(`context "${name}" does not exist`);
    if (contextsOf(ctx).current !== name) ctx.emit({ kind: 'context.use', name: name! });
    ctx.out(name!);
    ctx.err(`Current context is now "${name}"`);
    return 0;
  },
};

/** Where the CLI keeps a context: ~/.docker/contexts/meta/<sha256 of its name>. */
function storagePath(kind: 'meta' | 'tls', name: string): string {
  return `${HOME_DIR}/.docker/contexts/${kind}/${sha256Hex(name)}`;
}

function inspectJson(ctx: StepContext, name: string): unknown {
  const context = findContext(ctx, name);
  if (!context) return null;
  const isDefault = context.name === DEFAULT_CONTEXT;
  return {
    Name: context.name,
    Metadata: isDefault
      ? { StackOrchestrator: 'swarm' }
      : context.description
        ? { Description: context.description }
        : {},
    Endpoints: { docker: { Host: context.host, SkipTLSVerify: context.skipTlsVerify } },
    TLSMaterial: {},
    Storage: {
      MetadataPath: isDefault ? '<IN MEMORY>' : storagePath('meta', context.name),
      TLSPath: isDefault ? '<IN MEMORY>' : storagePath('tls', context.name),
    },
  };
}

const missingContext = (name: string) => `context "${name}" does not exist`;

const inspectWithTemplate = inspectCommand({
  path: 'docker context inspect',
  usage: 'docker context inspect [OPTIONS] [CONTEXT] [CONTEXT...]',
  summary: 'Display detailed information on one or more contexts',
  find: (ctx, _daemonId, name) => inspectJson(ctx, name),
  missing: missingContext,
});

const inspect: DockerCommand = {
  ...inspectWithTemplate,
  spec: { ...inspectWithTemplate.spec, args: { min: 0, max: 100 } },
  clientOnly: true,
  run: (ctx, daemonId, flags, given) => {
    // Without a name it shows the current context.
    const names = given.length > 0 ? given : [contextsOf(ctx).current];
    if (flags.get('format')) return inspectWithTemplate.run(ctx, daemonId, flags, names);
    const found = names.map((name) => inspectJson(ctx, name)).filter((item) => item !== null);
    // Go's JSON encoder escapes < and > (the default context's "<IN MEMORY>" paths).
    const json = JSON.stringify(found, null, 4)
      .replaceAll('<', '\\u003c')
      .replaceAll('>', '\\u003e');
    ctx.out(`${json}\n`);
    const missing = names.filter((name) => !findContext(ctx, name));
    for (const name of missing) ctx.err(missingContext(name));
    return missing.length > 0 ? 1 : 0;
  },
};

const rm: DockerCommand = {
  spec: {
    path: 'docker context rm',
    usage: 'docker context rm CONTEXT [CONTEXT...]',
    summary: 'Remove one or more contexts',
    flags: [
      {
        long: 'force',
        short: 'f',
        description: 'Force the removal of a context in use',
      },
    ],
    args: { min: 1, max: 100 },
  },
  clientOnly: true,
  run: (ctx, _daemonId, flags, names) => {
    let status = 0;
    for (const name of names) {
      const fail = (reason: string) => {
        ctx.err(`${name}: ${reason}`);
        status = 1;
      };
      if (name === DEFAULT_CONTEXT) fail(`context "${name}" cannot be removed`);
      else if (!findContext(ctx, name)) fail(`context "${name}" does not exist`);
      else if (contextsOf(ctx).current === name && !flags.get('force'))
        fail('context is in use, set -f flag to force remove');
      else {
        ctx.emit({ kind: 'context.remove', name });
        ctx.out(name);
      }
    }
    return status;
  },
};

export const CONTEXT_COMMANDS: Record<string, DockerCommand> = {
  'context create': create,
  'context ls': ls,
  'context list': { ...ls, spec: { ...ls.spec, path: 'docker context list' } },
  'context use': use,
  'context inspect': inspect,
  'context rm': rm,
  'context remove': { ...rm, spec: { ...rm.spec, path: 'docker context remove' } },
};
