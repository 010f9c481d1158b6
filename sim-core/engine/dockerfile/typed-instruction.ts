// The second pass: a syntax node becomes a typed instruction, checked the way BuildKit's
// instructions package checks it (argument counts, flags, stage names). Values are still as
// written; substitution happens when the builder reaches the step (dispatch.ts).

import { goQuote } from './go-format.ts';
import type { Instruction, InstructionSource, KeyValue } from './instruction.ts';
import type { SyntaxNode } from './syntax-node.ts';
import { readFlags } from './words.ts';

export type Typed = { ok: true; instruction: Instruction } | { ok: false; error: string };

export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

/** Flags the classic builder of Docker 20.10 accepts, per instruction. */
const ALLOWED_FLAGS: Record<string, readonly string[]> = {
  from: ['platform'],
  copy: ['chown', 'from'],
  add: ['chown'],
  // RUN --mount is read so the step can refuse it with the BuildKit hint; 20.10 knows no other.
  run: ['mount'],
  healthcheck: ['interval', 'timeout', 'start-period', 'retries'],
};

const KNOWN_COMMANDS = new Set(
  'from run cmd entrypoint copy add env arg workdir user label expose volume stopsignal shell healthcheck maintainer onbuild'.split(
    ' ',
  ),
);

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

const fail = (error: string): Typed => ({ ok: false, error });
const atLeastOne = (name: string): Typed => fail(`${name} requires at least one argument`);
const exactlyOne = (name: string): Typed => fail(`${name} requires exactly one argument`);

function pairs(args: string[], name: string): KeyValue[] | string {
  if (args.length === 0) return `${name} requires at least one argument`;
  const result: KeyValue[] = [];
  for (let i = 0; i + 1 < args.length; i += 2) {
    if (args[i] === '') return `${name} names can not be blank`;
    result.push({ key: args[i]!, value: args[i + 1]! });
  }
  return result;
}

function typeFrom(node: SyntaxNode, source: InstructionSource, flags: Map<string, string>): Typed {
  const { args } = node;
  let stageName: string | null = null;
  if (args.length === 3 && args[1]!.toLowerCase() === 'as') {
    stageName = args[2]!.toLowerCase();
    if (!STAGE_NAME.test(stageName))
      return fail(
        `invalid name for build stage: ${goQuote(args[2]!)}, name can't start with a number or contain symbols`,
      );
  } else if (args.length !== 1) return fail('FROM requires either one or three arguments');
  const platform = flags.get('platform') ?? null;
  return {
    ok: true,
    instruction: { kind: 'FROM', ...source, image: args[0]!, stageName, platform },
  };
}

function typeCopy(node: SyntaxNode, source: InstructionSource, flags: Map<string, string>): Typed {
  const kind = node.command === 'add' ? 'ADD' : 'COPY';
  if (node.args.length < 2)
    return fail(
      `${kind} requires at least two arguments, but only one was provided. Destination could not be determined`,
    );
  return {
    ok: true,
    instruction: {
      kind,
      ...source,
      form: node.json ? 'exec' : 'shell',
      sources: node.args.slice(0, -1),
      destination: node.args[node.args.length - 1]!,
      from: flags.get('from') ?? null,
      chown: flags.get('chown') ?? null,
    },
  };
}

function typeArg(node: SyntaxNode, source: InstructionSource): Typed {
  if (node.args.length === 0) return atLeastOne('ARG');
  const args: { key: string; value: string | null }[] = [];
  for (const word of node.args) {
    const eq = word.indexOf('=');
    if (eq === 0) return fail('ARG names can not be blank');
    args.push(
      eq === -1
        ? { key: word, value: null }
        : { key: word.slice(0, eq), value: word.slice(eq + 1) },
    );
  }
  return { ok: true, instruction: { kind: 'ARG', ...source, args } };
}

function typeOnbuild(node: SyntaxNode, source: InstructionSource): Typed {
  if (node.args.length === 0) return atLeastOne('ONBUILD');
  const trigger = node.args[0]!.trim().split(/\s+/)[0]!.toUpperCase();
  if (trigger === 'ONBUILD') return fail("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  if (trigger === 'MAINTAINER' || trigger === 'FROM')
    return fail(`${trigger} isn't allowed as an ONBUILD trigger`);
  return { ok: true, instruction: { kind: 'ONBUILD', ...source, args: node.args } };
}

function typeCommand(
  node: SyntaxNode,
  source: InstructionSource,
  flags: Map<string, string>,
): Typed {
  const kind = node.command.toUpperCase() as 'RUN' | 'CMD' | 'ENTRYPOINT';
  const form = node.json ? 'exec' : 'shell';
  const shell = [...DEFAULT_SHELL];
  if (kind === 'RUN')
    return {
      ok: true,
      instruction: {
        kind,
        ...source,
        form,
        command: node.args,
        shell,
        buildArgEnv: [],
        buildKitFlags: [...flags.keys()],
      },
    };
  return { ok: true, instruction: { kind, ...source, form, command: node.args, shell } };
}

function typeSimple(node: SyntaxNode, source: InstructionSource): Typed {
  const { args } = node;
  const name = node.command.toUpperCase();
  switch (node.command) {
    case 'env':
    case 'label': {
      const result = pairs(args, name);
      if (typeof result === 'string') return fail(result);
      return { ok: true, instruction: { kind: name as 'ENV' | 'LABEL', ...source, pairs: result } };
    }
    case 'workdir':
      if (args.length !== 1) return exactlyOne(name);
      return {
        ok: true,
        instruction: { kind: 'WORKDIR', ...source, path: args[0]!, resolvedPath: '' },
      };
    case 'user':
      if (args.length !== 1) return exactlyOne(name);
      return { ok: true, instruction: { kind: 'USER', ...source, user: args[0]! } };
    case 'expose': {
      if (args.length === 0) return atLeastOne(name);
      // Raw words for now (sorted, as the builder sorts them); dispatch reads and checks them.
      const ports = [...args]
        .sort()
        .map((text) => ({ text, port: 0, endPort: 0, protocol: 'tcp' as const }));
      return { ok: true, instruction: { kind: 'EXPOSE', ...source, ports } };
    }
    case 'volume':
      if (args.length === 0) return atLeastOne(name);
      if (args.some((path) => path.trim() === ''))
        return fail('VOLUME specified can not be an empty string');
      return {
        ok: true,
        instruction: { kind: 'VOLUME', ...source, paths: args.map((p) => p.trim()) },
      };
    case 'stopsignal':
    case 'maintainer':
      if (args.length !== 1) return exactlyOne(name);
      return { ok: true, instruction: { kind: name as 'STOPSIGNAL', ...source, args } };
    case 'healthcheck': {
      if (args.length === 0) return atLeastOne(name);
      const type = args[0]!.toUpperCase();
      if (type === 'NONE' && args.length > 1) return fail('HEALTHCHECK NONE takes no arguments');
      if (type !== 'NONE' && type !== 'CMD')
        return fail(`Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`);
      if (type === 'CMD' && args.length === 1) return fail('Missing command after HEALTHCHECK CMD');
      return { ok: true, instruction: { kind: 'HEALTHCHECK', ...source, args } };
    }
    case 'shell':
      if (args.length === 0) return atLeastOne(name);
      if (!node.json) return fail('SHELL requires the arguments to be in JSON form');
      return { ok: true, instruction: { kind: 'SHELL', ...source, args } };
    default:
      return fail(`unknown instruction: ${node.written.toUpperCase()}`);
  }
}

export function typedInstruction(node: SyntaxNode): Typed {
  const source: InstructionSource = {
    line: node.startLine,
    endLine: node.endLine,
    original: node.original,
  };
  if (!KNOWN_COMMANDS.has(node.command))
    return fail(`unknown instruction: ${node.written.toUpperCase()}`);
  const flags = readFlags(node.flags, ALLOWED_FLAGS[node.command] ?? []);
  if (!flags.ok) return fail(flags.error);
  switch (node.command) {
    case 'from':
      return typeFrom(node, source, flags.values);
    case 'copy':
    case 'add':
      return typeCopy(node, source, flags.values);
    case 'arg':
      return typeArg(node, source);
    case 'onbuild':
      return typeOnbuild(node, source);
    case 'run':
    case 'cmd':
    case 'entrypoint':
      return typeCommand(node, source, flags.values);
    default:
      return typeSimple(node, source);
  }
}
