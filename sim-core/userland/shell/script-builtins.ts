// The builtins that run shell code themselves: `eval` (its arguments as a script), `.`/`source`
// (a file from the container's filesystem) and `exec` (becomes the command: the shell ends with
// its status). They need the interpreter, so it passes itself in through ScriptRunner.

import type { ShellEnv, ShellFs } from './environment.ts';
import { Unwind, type Io } from './io.ts';
import { parseScript } from './parser.ts';

export interface ScriptRunner {
  fs: ShellFs | undefined;
  resolve: (env: ShellEnv, path: string) => string;
  /** Runs text as ash does (line by line; a syntax error ends the shell with status 2). */
  runText: (text: string, env: ShellEnv, io: Io, errorPrefix: string) => number;
  invoke: (argv: string[], env: ShellEnv, io: Io) => number;
  exists: (name: string, env: ShellEnv) => boolean;
  /** The running command's line, for ash's messages. */
  line: number;
}

export function evalBuiltin(args: string[], env: ShellEnv, io: Io, runner: ScriptRunner): number {
  if (args.length === 0) return 0;
  return runner.runText(args.join(' '), env, io, `sh: eval: line ${runner.line}: `);
}

export function sourceBuiltin(
  name: string,
  args: string[],
  env: ShellEnv,
  io: Io,
  runner: ScriptRunner,
): number {
  const file = args[0];
  if (file === undefined) throw new Unwind({ kind: 'exit', code: 2 });
  const read = runner.fs?.readFile(runner.resolve(env, file));
  if (!read?.ok) {
    io.fds.get(2)?.(
      `sh: ${name}: line ${runner.line}: can't open '${file}': No such file or directory\n`,
    );
    throw new Unwind({ kind: 'exit', code: 2 });
  }
  const saved = env.positional;
  if (args.length > 1) env.positional = args.slice(1);
  try {
    return runner.runText(read.text, env, io, 'sh: ');
  } catch (error) {
    // `return` in a sourced file ends the file, not the shell.
    if (error instanceof Unwind && error.control.kind === 'return') return error.control.code;
    throw error;
  } finally {
    if (args.length > 1) env.positional = saved;
  }
}

export function execBuiltin(args: string[], env: ShellEnv, io: Io, runner: ScriptRunner): number {
  if (args.length === 0) return 0;
  if (!runner.exists(args[0]!, env)) {
    io.fds.get(2)?.(`sh: exec: line ${runner.line}: ${args[0]}: not found\n`);
    throw new Unwind({ kind: 'exit', code: 127 });
  }
  throw new Unwind({ kind: 'exit', code: runner.invoke(args, env, io) });
}

/** Parses and runs text; the lines before a syntax error run first, as in ash. */
export function runText(
  text: string,
  env: ShellEnv,
  io: Io,
  errorPrefix: string,
  run: (script: import('./ast.ts').Script) => number,
): number {
  const parsed = parseScript(text);
  const status = run(parsed.ok ? parsed.script : parsed.partial);
  if (parsed.ok) return status;
  io.fds.get(2)?.(`${errorPrefix}syntax error: ${parsed.error}\n`);
  throw new Unwind({ kind: 'exit', code: 2 });
}
