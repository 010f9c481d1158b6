// The third pass, what the builder does when it reaches each step: substitute variables from the
// stage's ENV and ARGs (ENV wins), resolve WORKDIR, record which build args a RUN can see, and
// reject what only fails at that point (bad ports, bad signals, `COPY --from` the stage itself).

import { DEFAULT_SHELL } from './typed-instruction.ts';
import type { ExposedPort, Instruction, KeyValue } from './instruction.ts';
import { substituteWord, substituteWords, type Substituted } from './substitute.ts';

/** What a stage has declared so far. Mutated as its instructions are dispatched. */
export interface StageScope {
  env: Map<string, string>;
  /** ARGs declared in this stage, with their effective value (null: declared, no value). */
  args: Map<string, string | null>;
  shell: string[];
  /** The last WORKDIR, absolute; null until the stage sets one. */
  workdir: string | null;
  name: string | null;
  index: number;
}

export interface DispatchContext {
  escapeToken: string;
  /** `--build-arg` values: they override ARG defaults. */
  buildArgs: Readonly<Record<string, string>>;
  /** Values of the ARGs declared before the first FROM. */
  metaArgs: Map<string, string | null>;
}

export function newStageScope(index: number, name: string | null): StageScope {
  return { env: new Map(), args: new Map(), shell: [...DEFAULT_SHELL], workdir: null, name, index };
}

type Dispatched = { ok: true; instruction: Instruction } | { ok: false; error: string };

function lookupIn(scope: StageScope): (name: string) => string | undefined {
  return (name) => scope.env.get(name) ?? scope.args.get(name) ?? undefined;
}

/** Substitutes every string, stopping at the first error. */
function all(
  words: readonly string[],
  one: (word: string) => Substituted<string>,
): Substituted<string[]> {
  const out: string[] = [];
  for (const word of words) {
    const result = one(word);
    if (!result.ok) return result;
    out.push(result.value);
  }
  return { ok: true, value: out };
}

function substitutePairs(
  pairs: readonly KeyValue[],
  one: (word: string) => Substituted<string>,
): Substituted<KeyValue[]> {
  const keys = all(
    pairs.map((pair) => pair.key),
    one,
  );
  if (!keys.ok) return keys;
  const values = all(
    pairs.map((pair) => pair.value),
    one,
  );
  if (!values.ok) return values;
  return { ok: true, value: keys.value.map((key, i) => ({ key, value: values.value[i]! })) };
}

const PORT_SPEC = /^(\d+)(?:-(\d+))?$/;

/** go-connections/nat.ParsePortSpec for the container side. */
export function parsePortSpec(text: string): ExposedPort | string {
  const slash = text.indexOf('/');
  const portText = slash === -1 ? text : text.slice(0, slash);
  const protocolText = slash === -1 ? '' : text.slice(slash + 1).toLowerCase();
  const protocol = protocolText === '' ? 'tcp' : protocolText;
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp')
    return `Invalid proto: ${protocolText}`;
  const match = PORT_SPEC.exec(portText);
  const port = Number(match?.[1]);
  const endPort = match?.[2] === undefined ? port : Number(match[2]);
  if (!match || port > 65535 || endPort > 65535 || endPort < port)
    return `Invalid containerPort: ${portText}`;
  return { text, port, endPort, protocol };
}

const SIGNALS = new Set(
  'HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO POLL PWR SYS RTMIN RTMAX'.split(
    ' ',
  ),
);

/** moby's signal.ParseSignal: a number, or a name with or without SIG. */
export function isValidSignal(text: string): boolean {
  if (/^\d+$/.test(text)) return Number(text) > 0 && Number(text) <= 64;
  const name = text.toUpperCase().replace(/^SIG/, '');
  return SIGNALS.has(name) || /^RTMIN\+\d+$|^RTMAX-\d+$/.test(name);
}

/** WORKDIR's path joined to the previous one, cleaned like Go's filepath.Join. */
export function resolveWorkdir(current: string | null, path: string): string {
  const joined = path.startsWith('/') ? path : `${current ?? '/'}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** The NAME=value list a RUN records: args with a value that no ENV of the same name hides. */
function runBuildArgEnv(scope: StageScope): string[] {
  const entries: string[] = [];
  for (const [key, value] of scope.args) {
    if (value !== null && !scope.env.has(key)) entries.push(`${key}=${value}`);
  }
  return entries.sort();
}

function declareArgs(
  instruction: Extract<Instruction, { kind: 'ARG' }>,
  scope: StageScope,
  context: DispatchContext,
  one: (word: string) => Substituted<string>,
): Dispatched {
  const args: { key: string; value: string | null }[] = [];
  for (const arg of instruction.args) {
    let value: string | null = null;
    if (arg.value !== null) {
      const substituted = one(arg.value);
      if (!substituted.ok) return substituted;
      value = substituted.value;
    }
    args.push({ key: arg.key, value });
    // A stage ARG without a default inherits the meta ARG's value, as Docker documents.
    const inherited = value ?? context.metaArgs.get(arg.key) ?? null;
    const override = Object.hasOwn(context.buildArgs, arg.key)
      ? context.buildArgs[arg.key]
      : undefined;
    scope.args.set(arg.key, override ?? inherited);
  }
  return { ok: true, instruction: { ...instruction, args } };
}

export function dispatchInstruction(
  instruction: Instruction,
  scope: StageScope,
  context: DispatchContext,
): Dispatched {
  const one = (word: string) => substituteWord(word, lookupIn(scope), context.escapeToken);
  switch (instruction.kind) {
    case 'ENV': {
      const pairs = substitutePairs(instruction.pairs, one);
      if (!pairs.ok) return pairs;
      for (const pair of pairs.value) scope.env.set(pair.key, pair.value);
      return { ok: true, instruction: { ...instruction, pairs: pairs.value } };
    }
    case 'LABEL': {
      const pairs = substitutePairs(instruction.pairs, one);
      return pairs.ok ? { ok: true, instruction: { ...instruction, pairs: pairs.value } } : pairs;
    }
    case 'ARG':
      return declareArgs(instruction, scope, context, one);
    case 'WORKDIR': {
      const path = one(instruction.path);
      if (!path.ok) return path;
      if (path.value === '') return { ok: false, error: 'cannot normalize nothing' };
      scope.workdir = resolveWorkdir(scope.workdir, path.value);
      return {
        ok: true,
        instruction: { ...instruction, path: path.value, resolvedPath: scope.workdir },
      };
    }
    case 'USER': {
      const user = one(instruction.user);
      return user.ok ? { ok: true, instruction: { ...instruction, user: user.value } } : user;
    }
    case 'VOLUME': {
      const paths = all(instruction.paths, one);
      if (!paths.ok) return paths;
      if (paths.value.some((path) => path === ''))
        return { ok: false, error: 'VOLUME specified can not be an empty string' };
      return { ok: true, instruction: { ...instruction, paths: paths.value } };
    }
    case 'EXPOSE':
      return dispatchExpose(instruction, scope, context);
    case 'COPY':
    case 'ADD':
      return dispatchCopy(instruction, scope, one);
    case 'STOPSIGNAL': {
      const signal = one(instruction.args[0] ?? '');
      if (!signal.ok) return signal;
      if (!isValidSignal(signal.value))
        return { ok: false, error: `Invalid signal: ${signal.value}` };
      return { ok: true, instruction: { ...instruction, args: [signal.value] } };
    }
    case 'SHELL':
      scope.shell = [...instruction.args];
      return { ok: true, instruction };
    case 'RUN':
      if (instruction.buildKitFlags.length > 0)
        return {
          ok: false,
          error: `the --${instruction.buildKitFlags[0]} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled`,
        };
      return {
        ok: true,
        instruction: {
          ...instruction,
          shell: [...scope.shell],
          buildArgEnv: runBuildArgEnv(scope),
        },
      };
    case 'CMD':
    case 'ENTRYPOINT':
      return { ok: true, instruction: { ...instruction, shell: [...scope.shell] } };
    default:
      return { ok: true, instruction };
  }
}

function dispatchExpose(
  instruction: Extract<Instruction, { kind: 'EXPOSE' }>,
  scope: StageScope,
  context: DispatchContext,
): Dispatched {
  // Typed but not yet read: each `text` is a raw word, sorted as the builder sorts them.
  const words = instruction.ports.map((port) => port.text);
  const ports: ExposedPort[] = [];
  for (const word of words) {
    const expanded = substituteWords(word, lookupIn(scope), context.escapeToken);
    if (!expanded.ok) return expanded;
    for (const text of expanded.value) {
      const port = parsePortSpec(text);
      if (typeof port === 'string') return { ok: false, error: port };
      ports.push(port);
    }
  }
  return { ok: true, instruction: { ...instruction, ports } };
}

function dispatchCopy(
  instruction: Extract<Instruction, { kind: 'COPY' | 'ADD' }>,
  scope: StageScope,
  one: (word: string) => Substituted<string>,
): Dispatched {
  const from = instruction.from;
  if (from !== null && (from === String(scope.index) || from.toLowerCase() === scope.name))
    return { ok: false, error: `invalid from flag value ${from}: refers to current build stage` };
  const sources = all(instruction.sources, one);
  if (!sources.ok) return sources;
  const destination = one(instruction.destination);
  if (!destination.ok) return destination;
  let chown: string | null = null;
  if (instruction.chown !== null) {
    const substituted = one(instruction.chown);
    if (!substituted.ok) return substituted;
    chown = substituted.value;
  }
  return {
    ok: true,
    instruction: { ...instruction, sources: sources.value, destination: destination.value, chown },
  };
}
