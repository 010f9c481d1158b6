// The commands busybox sh runs itself rather than as programs: `:`, true, false, echo, exit,
// test/[, export, unset, cd, pwd, set, shift, wait, read, trap, break, continue. Error text is ash's,
// including its "line N" (0-based for `sh -c` scripts).

import { echo } from './echo.ts';
import type { ShellEnv, ShellFs } from './environment.ts';
import { readBuiltin } from './read-builtin.ts';
import { runTest } from './test-command.ts';
import { trapBuiltin } from './trap-builtin.ts';

/** How a builtin leaves: normally, or by unwinding the shell (exit) or a loop (break/continue). */
export type Control =
  { kind: 'exit' | 'return'; code: number } | { kind: 'break' | 'continue'; levels: number };

/** POSIX special builtins: found before shell functions of the same name. */
export const SPECIAL_BUILTINS = new Set([
  ':',
  '.',
  'eval',
  'exec',
  'break',
  'continue',
  'exit',
  'export',
  'return',
  'set',
  'shift',
  'trap',
  'unset',
]);

export interface BuiltinResult {
  exitCode: number;
  stdout?: string;
  stderr?: string;
  control?: Control;
}

export interface BuiltinContext {
  env: ShellEnv;
  fs: ShellFs | undefined;
  /** An absolute path for a path as typed, against the current directory. */
  resolve: (path: string) => string;
  /** Standard input, shared with the commands around (`read` takes one line of it). */
  stdin: { text: string };
  /** The command's line in the script, for "sh: NAME: line N: ..." */
  line: number;
}

export type Builtin = (args: string[], context: BuiltinContext) => BuiltinResult;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A value as ash prints it for `set` and `export`: in single quotes, a quote as '"'"'. */
export const singleQuoted = (text: string): string => `'${text.replace(/'/g, `'"'"'`)}'`;

/** Errors of special builtins end a non-interactive shell with status 2, as in ash. */
function fatal(name: string, message: string, line: number): BuiltinResult {
  return {
    exitCode: 2,
    stderr: `sh: ${name}: line ${line}: ${message}\n`,
    control: { kind: 'exit', code: 2 },
  };
}

function exitBuiltin(args: string[], { env, line }: BuiltinContext): BuiltinResult {
  const text = args[0];
  if (text === undefined)
    return { exitCode: env.lastExitCode, control: { kind: 'exit', code: env.lastExitCode } };
  if (!/^\d+$/.test(text)) return fatal('exit', `Illegal number: ${text}`, line);
  const code = Number(BigInt(text) & 255n);
  return { exitCode: code, control: { kind: 'exit', code } };
}

/** ash rejects unknown options of its builtins: "illegal option -z". */
function illegalOption(
  name: string,
  args: string[],
  allowed: string,
  line: number,
): BuiltinResult | null {
  for (const arg of args) {
    if (arg === '--' || !arg.startsWith('-') || arg === '-') return null;
    const bad = [...arg.slice(1)].find((letter) => !allowed.includes(letter));
    if (bad !== undefined) return fatal(name, `illegal option -${bad}`, line);
  }
  return null;
}

/** The arguments after the options (and after `--`). */
function withoutOptions(args: string[]): string[] {
  let index = 0;
  while (index < args.length && args[index]!.startsWith('-') && args[index] !== '-') {
    if (args[index++] === '--') break;
  }
  return args.slice(index);
}

function exportBuiltin(allArgs: string[], { env, line }: BuiltinContext): BuiltinResult {
  const illegal = illegalOption('export', allArgs, 'np', line);
  if (illegal) return illegal;
  const args = withoutOptions(allArgs);
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!NAME.test(name)) return fatal('export', `${name}: bad variable name`, line);
    if (eq !== -1) env.vars[name] = arg.slice(eq + 1);
    if (!env.exported.includes(name)) env.exported.push(name);
  }
  if (args.length > 0) return { exitCode: 0 };
  const listing = [...env.exported]
    .sort()
    .map((name) => `export ${name}=${singleQuoted(env.vars[name] ?? '')}\n`)
    .join('');
  return { exitCode: 0, stdout: listing };
}

function unsetBuiltin(allArgs: string[], { env, line }: BuiltinContext): BuiltinResult {
  const illegal = illegalOption('unset', allArgs, 'vf', line);
  if (illegal) return illegal;
  const functions = allArgs.includes('-f');
  for (const name of withoutOptions(allArgs)) {
    if (functions) {
      delete env.functions[name];
      continue;
    }
    // ash names the text before any `=` (so `unset =` complains about an empty name).
    if (!NAME.test(name)) return fatal('unset', `${name.split('=')[0]}: bad variable name`, line);
    delete env.vars[name];
    env.exported = env.exported.filter((exported) => exported !== name);
  }
  return { exitCode: 0 };
}

function cdBuiltin(args: string[], { env, fs, resolve, line }: BuiltinContext): BuiltinResult {
  const target = args[0] ?? env.vars.HOME ?? '/';
  const path = resolve(target);
  if (fs && fs.stat(path)?.kind !== 'directory') {
    const reason = fs.stat(path) ? 'Not a directory' : 'No such file or directory';
    return { exitCode: 2, stderr: `sh: cd: line ${line}: can't cd to ${target}: ${reason}\n` };
  }
  env.cwd = path;
  env.vars.PWD = path;
  return { exitCode: 0 };
}

/** The single-letter options busybox ash's `set` knows; only -e changes what the simulator does. */
const SET_OPTIONS = 'aCefhImnuvxb';

function setBuiltin(args: string[], { env, line }: BuiltinContext): BuiltinResult {
  if (args.length === 0) {
    const names = Object.keys(env.vars).sort();
    return {
      exitCode: 0,
      stdout: names.map((name) => `${name}=${singleQuoted(env.vars[name]!)}\n`).join(''),
    };
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      env.positional = args.slice(i + 1);
      return { exitCode: 0 };
    }
    if (/^[-+][a-zA-Z]+$/.test(arg)) {
      const bad = [...arg.slice(1)].find((letter) => !SET_OPTIONS.includes(letter));
      if (bad !== undefined) return fatal('set', `illegal option -${bad}`, line);
      if (arg.includes('e')) env.errexit = arg.startsWith('-');
      continue;
    }
    if (arg === '-o' || arg === '+o')
      return {
        exitCode: 1,
        stderr: `sh: set: line ${line}: illegal option ${arg} ${args[i + 1] ?? ''}\n`,
      };
    env.positional = args.slice(i);
    return { exitCode: 0 };
  }
  return { exitCode: 0 };
}

function shiftBuiltin(args: string[], { env }: BuiltinContext): BuiltinResult {
  const count = args[0] === undefined ? 1 : Number(args[0]);
  if (!Number.isInteger(count) || count < 0 || count > env.positional.length)
    return { exitCode: 1 };
  env.positional = env.positional.slice(count);
  return { exitCode: 0 };
}

function loopControl(kind: 'break' | 'continue'): Builtin {
  return (args, { line }) => {
    const levels = args[0] === undefined ? 1 : Number(args[0]);
    if (!Number.isInteger(levels) || levels < 1)
      return fatal(kind, `Illegal number: ${args[0]}`, line);
    return { exitCode: 0, control: { kind, levels } };
  };
}

function testBuiltin(bracket: boolean): Builtin {
  return (args, { fs, resolve }) => {
    const outcome = runTest(args, (path) => fs?.stat(resolve(path)) ?? null, bracket);
    return { exitCode: outcome.exitCode, stderr: outcome.stderr };
  };
}

export const BUILTINS: Readonly<Record<string, Builtin>> = {
  ':': () => ({ exitCode: 0 }),
  true: () => ({ exitCode: 0 }),
  false: () => ({ exitCode: 1 }),
  echo: (args) => ({ exitCode: 0, stdout: echo(args) }),
  exit: exitBuiltin,
  return: (args, { env, line }) => {
    const text = args[0];
    if (text !== undefined && !/^\d+$/.test(text))
      return fatal('return', `Illegal number: ${text}`, line);
    const code = text === undefined ? env.lastExitCode : Number(BigInt(text) & 255n);
    return { exitCode: code, control: { kind: 'return', code } };
  },
  test: testBuiltin(false),
  '[': testBuiltin(true),
  export: exportBuiltin,
  unset: unsetBuiltin,
  cd: cdBuiltin,
  pwd: (_args, { env }) => ({ exitCode: 0, stdout: `${env.cwd}\n` }),
  set: setBuiltin,
  shift: shiftBuiltin,
  // Background jobs are handed to the caller, so there is nothing here to wait for.
  wait: () => ({ exitCode: 0 }),
  read: readBuiltin,
  trap: trapBuiltin,
  break: loopControl('break'),
  continue: loopControl('continue'),
};
