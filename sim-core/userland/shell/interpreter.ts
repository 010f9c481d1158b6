// The interpreter: executes a parsed script against a caller-supplied table of programs and
// filesystem, within a step budget. Every simple command and every loop iteration costs a step,
// so `while :; do :; done` stops as 'running' instead of hanging the simulator. Pipelines run
// their stages one after another, each reading the previous one's output (the simulated
// programs are functions of their input, so the result is the same as running them together).

import type { AndOr, Command, Pipeline, Redirect, Script, SimpleCommand } from './ast.ts';
import { BUILTINS, SPECIAL_BUILTINS, type BuiltinResult } from './builtins.ts';
import type {
  BackgroundJob,
  Program,
  ProgramTable,
  RunOptions,
  ShellEnv,
  ShellFs,
} from './environment.ts';
import { expandToString, expandWord, type ExpandContext } from './expand.ts';
import { parseScript, type ParsedScript } from './parser.ts';
import { BudgetExhausted, cloneEnv, Unwind, type Io } from './io.ts';
import { patternMatches } from './pattern.ts';
import { applyRedirects } from './redirections.ts';
import {
  evalBuiltin,
  execBuiltin,
  runText,
  sourceBuiltin,
  type ScriptRunner,
} from './script-builtins.ts';

const SYSTEM_DIRS = /^\/(usr\/)?(local\/)?s?bin\//;

/** `exec` alone, with only redirections: they apply to the shell itself. */
function isBareExec(command: Command): boolean {
  if (command.kind !== 'simple' || command.words.length !== 1) return false;
  const part = command.words[0]!.parts[0];
  return command.words[0]!.parts.length === 1 && part?.kind === 'literal' && part.text === 'exec';
}

export class Interpreter {
  steps = 0;
  background: BackgroundJob[] = [];
  /** >0 while running an if/while condition or a non-final && || member: `set -e` ignores those. */
  conditionDepth = 0;
  /** Loops around the running command: `break` outside any loop is ignored, as in ash. */
  loopDepth = 0;
  /** Line of the simple command being run (ash's LINENO), for builtins' messages. */
  line = 0;
  /** Status of the last `$(...)`: what `x=$(cmd)` returns. */
  substitutionStatus = 0;

  constructor(
    readonly programs: ProgramTable,
    readonly options: RunOptions,
  ) {}

  get fs(): ShellFs | undefined {
    return this.options.fs;
  }

  step(count = 1): void {
    this.steps += count;
    if (this.steps > this.options.stepBudget) throw new BudgetExhausted();
  }

  resolve(env: ShellEnv, path: string): string {
    const joined = path.startsWith('/') ? path : `${env.cwd}/${path}`;
    const parts: string[] = [];
    for (const part of joined.split('/')) {
      if (part === '..') parts.pop();
      else if (part !== '' && part !== '.') parts.push(part);
    }
    return `/${parts.join('/')}`;
  }

  script(script: Script, env: ShellEnv, io: Io): number {
    let status = env.lastExitCode;
    for (const item of script.items) {
      if (item.background) {
        this.background.push({
          script: { items: [{ andOr: item.andOr, background: false }] },
          env: cloneEnv(env),
        });
        status = 0;
      } else status = this.andOr(item.andOr, env, io);
      env.lastExitCode = status;
    }
    return status;
  }

  andOr(andOr: AndOr, env: ShellEnv, io: Io): number {
    const chain = [{ op: '&&' as const, pipeline: andOr.first }, ...andOr.rest];
    let status = 0;
    for (const [i, { op, pipeline }] of chain.entries()) {
      if (i > 0 && (op === '&&') !== (status === 0)) continue;
      const last = i === chain.length - 1;
      if (!last) this.conditionDepth++;
      try {
        status = this.pipeline(pipeline, env, io);
      } finally {
        if (!last) this.conditionDepth--;
      }
      env.lastExitCode = status;
      if (last && env.errexit && status !== 0 && this.conditionDepth === 0 && !pipeline.negated)
        throw new Unwind({ kind: 'exit', code: status });
    }
    return status;
  }

  pipeline(pipeline: Pipeline, env: ShellEnv, io: Io): number {
    let status: number;
    if (pipeline.commands.length === 1) status = this.command(pipeline.commands[0]!, env, io);
    else {
      let stdin = io.stdin;
      status = 0;
      pipeline.commands.forEach((command, i) => {
        const last = i === pipeline.commands.length - 1;
        let captured = '';
        const fds = new Map(io.fds);
        if (!last) fds.set(1, (text) => (captured += text));
        // Each stage of a pipeline is a subshell in ash: its assignments do not leak.
        const stageEnv = cloneEnv(env);
        status = this.subshell(() => this.command(command, stageEnv, { stdin, fds }));
        stdin = { text: captured };
      });
    }
    return pipeline.negated ? Number(status === 0) : status;
  }

  /** Runs `body` in a copy of the environment; `exit` ends only the copy. */
  subshell(body: () => number): number {
    try {
      return body();
    } catch (error) {
      const control = error instanceof Unwind ? error.control : null;
      if (control?.kind === 'exit' || control?.kind === 'return') return control.code;
      throw error;
    }
  }

  /** A whole `sh -c` text: the lines before a syntax error run, then the error ends the shell. */
  shellText(parsed: ParsedScript, env: ShellEnv, io: Io): number {
    const status = this.script(parsed.ok ? parsed.script : parsed.partial, env, io);
    if (parsed.ok) return status;
    io.fds.get(2)?.(`sh: syntax error: ${parsed.error}\n`);
    throw new Unwind({ kind: 'exit', code: 2 });
  }

  command(command: Command, env: ShellEnv, io: Io): number {
    const redirected = this.redirect(command.kind === 'function' ? [] : command.redirects, env, io);
    if (typeof redirected === 'number') return redirected;
    if (isBareExec(command)) {
      // `exec >file` with no command: the redirections stay for the rest of the shell.
      for (const [fd, sink] of redirected.fds) io.fds.set(fd, sink);
      io.stdin = redirected.stdin;
      return 0;
    }
    switch (command.kind) {
      case 'simple':
        return this.simple(command, env, redirected);
      case 'subshell':
        return this.subshell(() => this.script(command.body, cloneEnv(env), redirected));
      case 'group':
        return this.script(command.body, env, redirected);
      case 'if':
        return this.ifCommand(command, env, redirected);
      case 'while':
      case 'until':
        return this.loop(
          command.kind === 'until',
          command.condition,
          command.body,
          env,
          redirected,
        );
      case 'for':
        return this.forCommand(command, env, redirected);
      case 'case':
        return this.caseCommand(command, env, redirected);
      case 'function':
        env.functions[command.name] = command.body;
        return 0;
    }
  }

  condition(script: Script, env: ShellEnv, io: Io): number {
    this.conditionDepth++;
    try {
      return this.script(script, env, io);
    } finally {
      this.conditionDepth--;
    }
  }

  caseCommand(command: Extract<Command, { kind: 'case' }>, env: ShellEnv, io: Io): number {
    const context = this.expandContext(env, io);
    const subject = expandToString(command.subject, context);
    for (const item of command.items) {
      if (item.patterns.some((pattern) => patternMatches(pattern, subject, context)))
        return this.script(item.body, env, io);
    }
    return 0;
  }

  /** Calls a shell function: its arguments become $1..., `return` ends it. */
  callFunction(body: Command, argv: string[], env: ShellEnv, io: Io): number {
    const saved = env.positional;
    env.positional = argv.slice(1);
    try {
      return this.command(body, env, io);
    } catch (error) {
      if (error instanceof Unwind && error.control.kind === 'return') return error.control.code;
      throw error;
    } finally {
      env.positional = saved;
    }
  }

  ifCommand(command: Extract<Command, { kind: 'if' }>, env: ShellEnv, io: Io): number {
    for (const branch of command.branches) {
      if (this.condition(branch.condition, env, io) === 0) return this.script(branch.body, env, io);
    }
    return command.elseBody ? this.script(command.elseBody, env, io) : 0;
  }

  /** Runs a loop body; returns 'break' or 'continue' when one reaches this loop. */
  loopBody(body: Script, env: ShellEnv, io: Io): { status: number; exit: 'break' | null } {
    try {
      return { status: this.script(body, env, io), exit: null };
    } catch (error) {
      if (!(error instanceof Unwind)) throw error;
      if (error.control.kind !== 'break' && error.control.kind !== 'continue') throw error;
      const { kind, levels } = error.control;
      if (levels > 1) throw new Unwind({ kind, levels: levels - 1 });
      return { status: 0, exit: kind === 'break' ? 'break' : null };
    }
  }

  /** Runs a loop with loopDepth raised, so break/continue inside it know they have a loop. */
  inLoop(run: () => number): number {
    this.loopDepth++;
    try {
      return run();
    } finally {
      this.loopDepth--;
    }
  }

  loop(until: boolean, condition: Script, body: Script, env: ShellEnv, io: Io): number {
    return this.inLoop(() => this.loopIterations(until, condition, body, env, io));
  }

  loopIterations(until: boolean, condition: Script, body: Script, env: ShellEnv, io: Io): number {
    let status = 0;
    for (;;) {
      this.step();
      if ((this.condition(condition, env, io) === 0) === until) return status;
      const result = this.loopBody(body, env, io);
      status = result.status;
      if (result.exit === 'break') return status;
    }
  }

  forCommand(command: Extract<Command, { kind: 'for' }>, env: ShellEnv, io: Io): number {
    const context = this.expandContext(env, io);
    const items = command.items
      ? command.items.flatMap((word) => expandWord(word, context))
      : [...env.positional];
    return this.inLoop(() => this.forIterations(command, items, env, io));
  }

  forIterations(
    command: Extract<Command, { kind: 'for' }>,
    items: string[],
    env: ShellEnv,
    io: Io,
  ): number {
    let status = 0;
    for (const item of items) {
      this.step();
      env.vars[command.variable] = item;
      const result = this.loopBody(command.body, env, io);
      status = result.status;
      if (result.exit === 'break') break;
    }
    return status;
  }

  expandContext(env: ShellEnv, io: Io): ExpandContext {
    return {
      env,
      substitute: (script) => {
        let captured = '';
        const fds = new Map(io.fds);
        fds.set(1, (text) => (captured += text));
        const inner = cloneEnv(env);
        this.substitutionStatus = this.subshell(() =>
          this.script(script, inner, { stdin: io.stdin, fds }),
        );
        return captured;
      },
    };
  }

  redirect(redirects: Redirect[], env: ShellEnv, io: Io): Io | number {
    if (redirects.length === 0) return io;
    return applyRedirects(redirects, io, {
      fs: this.fs,
      resolve: (path) => this.resolve(env, path),
      expand: (word) => expandToString(word, this.expandContext(env, io)),
    });
  }

  simple(command: SimpleCommand, env: ShellEnv, io: Io): number {
    this.step();
    this.line = command.line;
    const context = this.expandContext(env, io);
    this.substitutionStatus = 0;
    const argv = command.words.flatMap((word) => expandWord(word, context));
    const assigned: Record<string, string> = {};
    for (const { name, value } of command.assignments)
      assigned[name] = expandToString(value, context);
    const substitutionStatus = this.substitutionStatus;
    if (argv.length === 0) {
      Object.assign(env.vars, assigned);
      return command.assignments.length > 0 ? substitutionStatus : 0;
    }
    // Set again: a $(...) in the arguments ran commands of its own.
    this.line = command.line;
    return this.invoke(argv, assigned, env, io);
  }

  /** `NAME=value cmd` sets NAME for a builtin or function only while it runs. */
  withAssignments(assigned: Record<string, string>, env: ShellEnv, run: () => number): number {
    const saved = Object.keys(assigned).map((key) => [key, env.vars[key]] as const);
    Object.assign(env.vars, assigned);
    try {
      return run();
    } finally {
      for (const [key, value] of saved) {
        if (value === undefined) delete env.vars[key];
        else env.vars[key] = value;
      }
    }
  }

  /** What eval, `.` and exec need from the interpreter. */
  runner(): ScriptRunner {
    return {
      fs: this.fs,
      resolve: (env, path) => this.resolve(env, path),
      runText: (text, env, io, prefix) =>
        runText(text, env, io, prefix, (script) => this.script(script, env, io)),
      invoke: (argv, env, io) => this.invoke(argv, {}, env, io),
      exists: (name, env) =>
        Object.hasOwn(BUILTINS, name) ||
        Object.hasOwn(env.functions, name) ||
        this.lookupProgram(name.replace(SYSTEM_DIRS, '')) !== undefined,
      line: this.line,
    };
  }

  invoke(argv: string[], assigned: Record<string, string>, env: ShellEnv, io: Io): number {
    const name = argv[0]!;
    // Own properties only: a command named `toString` must not find Object.prototype's.
    const builtin = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
    if (name === 'eval') return evalBuiltin(argv.slice(1), env, io, this.runner());
    if (name === '.' || name === 'source')
      return sourceBuiltin(name, argv.slice(1), env, io, this.runner());
    if (name === 'exec') return execBuiltin(argv.slice(1), env, io, this.runner());
    const shellFunction = Object.hasOwn(env.functions, name) ? env.functions[name] : undefined;
    if (shellFunction && !SPECIAL_BUILTINS.has(name))
      return this.withAssignments(assigned, env, () =>
        this.callFunction(shellFunction, argv, env, io),
      );
    if (builtin) {
      const resolve = (path: string) => this.resolve(env, path);
      const context = { env, fs: this.fs, resolve, stdin: io.stdin, line: this.line };
      return this.withAssignments(assigned, env, () =>
        this.finish(builtin(argv.slice(1), context), io),
      );
    }
    const program =
      this.lookupProgram(name) ??
      (SYSTEM_DIRS.test(name) ? this.lookupProgram(name.replace(SYSTEM_DIRS, '')) : undefined);
    if (!program) {
      if (name === 'sh' && argv[1] === '-c') return this.nestedShell(argv, env, io);
      // A path to something that is there but cannot be exec'd (a plain file, a directory):
      // execve fails with EACCES, which ash reports as 126.
      const there = name.includes('/') ? this.fs?.stat(this.resolve(env, name)) : null;
      if (there && (there.kind === 'directory' || !there.executable)) {
        io.fds.get(2)?.(`sh: ${name}: Permission denied\n`);
        return 126;
      }
      io.fds.get(2)?.(`sh: ${name}: not found\n`);
      return 127;
    }
    const programEnv: Record<string, string> = {};
    for (const key of env.exported)
      if (Object.hasOwn(env.vars, key)) programEnv[key] = env.vars[key]!;
    Object.assign(programEnv, assigned);
    const result = program({ argv, env: programEnv, stdin: io.stdin.text, cwd: env.cwd });
    if (result.stdinConsumed !== false) io.stdin.text = '';
    this.step(Math.max(0, (result.steps ?? 1) - 1));
    return this.finish(result, io);
  }

  lookupProgram(name: string): Program | undefined {
    return Object.hasOwn(this.programs, name) ? this.programs[name] : undefined;
  }

  finish(result: BuiltinResult, io: Io): number {
    if (result.stdout) io.fds.get(1)?.(result.stdout);
    if (result.stderr) io.fds.get(2)?.(result.stderr);
    const control = result.control;
    if (!control) return result.exitCode;
    if (control.kind !== 'break' && control.kind !== 'continue') throw new Unwind(control);
    // break/continue: as many loops as there are, and none outside a loop (ash ignores it).
    if (this.loopDepth > 0)
      throw new Unwind({ kind: control.kind, levels: Math.min(control.levels, this.loopDepth) });
    return result.exitCode;
  }

  /** `sh -c SCRIPT [NAME [ARGS...]]` when the caller supplies no `sh`: a child shell. */
  nestedShell(argv: string[], env: ShellEnv, io: Io): number {
    const parsed = parseScript(argv[2] ?? '');
    const child = cloneEnv(env);
    child.vars = Object.fromEntries(
      env.exported
        .filter((key) => Object.hasOwn(env.vars, key))
        .map((key) => [key, env.vars[key]!]),
    );
    child.scriptName = argv[3] ?? 'sh';
    child.positional = argv.slice(4);
    child.errexit = false;
    child.lastExitCode = 0;
    return this.subshell(() => this.shellText(parsed, child, io));
  }
}
