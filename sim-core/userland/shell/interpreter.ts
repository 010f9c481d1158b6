// The interpreter: executes a parsed script against a caller-supplied table of programs and
// filesystem, within a step budget. Every simple command and every loop iteration costs a step,
// so `while :; do :; done` stops as 'running' instead of hanging the simulator. Pipelines run
// their stages one after another, each reading the previous one's output (the simulated
// programs are functions of their input, so the result is the same as running them together).

import type {
  AndOr,
  Command,
  For,
  ListItem,
  Loop,
  Pipeline,
  Redirect,
  ResumeFunction,
  ResumeLoop,
  Script,
  SimpleCommand,
} from './ast.ts';
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
import { BudgetExhausted, cloneEnv, Suspend, Unwind, type Io } from './io.ts';
import { exitWithStatus, groupOf, itemOf, literalWord, reopened } from './continuation.ts';
import { killBuiltin, waitBuiltin } from './job-builtins.ts';
import { patternMatches } from './pattern.ts';
import { signalNumber } from './trap-builtin.ts';
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
  /**
   * >0 inside a pipeline of several stages or a `$(...)`: the shell cannot stop half way through
   * those, so a `sleep` there adds to `sleepDebtNs`, and the shell waits once they are done.
   */
  atomic = 0;
  sleepDebtNs = 0;
  /** PIDs for `cmd &` when no host keeps processes (tests, the builder). */
  nextFakePid = 2;

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
    const items = script.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      try {
        status = item.background ? this.startJob(item, env, io) : this.andOr(item.andOr, env, io);
      } catch (error) {
        if (error instanceof Suspend) error.rest.push(...items.slice(i + 1));
        throw error;
      }
      env.lastExitCode = status;
      if (this.sleepDebtNs > 0 && this.atomic === 0) {
        const durationNs = this.sleepDebtNs;
        this.sleepDebtNs = 0;
        throw new Suspend({ kind: 'sleep', durationNs }, items.slice(i + 1), status);
      }
    }
    return status;
  }

  /** `cmd &`: a forked child runs it; the shell goes on at once. Fork fails at pids.max. */
  startJob(item: ListItem, env: ShellEnv, io: Io): number {
    const host = this.options.host;
    const script = { items: [{ andOr: item.andOr, background: false }] };
    const pid = host ? host.fork(script, cloneEnv(env)) : this.nextFakePid++;
    if (pid === null) {
      io.fds.get(2)?.("sh: can't fork: Resource temporarily unavailable\n");
      throw new Unwind({ kind: 'exit', code: 2 });
    }
    // Without a host the caller is handed the job to run as it likes.
    if (!host) this.background.push({ pid, script, env: cloneEnv(env) });
    env.lastJobPid = pid;
    return 0;
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
      } catch (error) {
        const later = chain.slice(i + 1);
        if (error instanceof Suspend && (later.length > 0 || pipeline.negated)) {
          const first: Pipeline = { negated: pipeline.negated, commands: [groupOf(error.rest)] };
          error.rest = [{ andOr: { first, rest: later }, background: false }];
        }
        throw error;
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
      this.atomic++;
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
      this.atomic--;
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
    try {
      return this.commandWithRedirects(command, env, io);
    } catch (error) {
      if (error instanceof Suspend && command.kind !== 'function' && command.redirects.length > 0)
        error.rest = [itemOf(groupOf(error.rest, reopened(command.redirects)))];
      throw error;
    }
  }

  commandWithRedirects(command: Command, env: ShellEnv, io: Io): number {
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
        try {
          return this.subshell(() => this.script(command.body, cloneEnv(env), redirected));
        } catch (error) {
          if (error instanceof Suspend)
            error.rest = [itemOf({ kind: 'subshell', body: { items: error.rest }, redirects: [] })];
          throw error;
        }
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
      case 'resume-loop':
        return this.inLoop(() => this.resumeLoop(command, env, redirected));
      case 'resume-function':
        return this.resumeFunction(command, env, redirected);
      case 'trap-action':
        this.runTrap(command.action, env, redirected);
        return env.lastExitCode;
    }
  }

  /** A loop the shell stopped in: the rest of this turn, then the turns after it. */
  resumeLoop(command: ResumeLoop, env: ShellEnv, io: Io): number {
    const loop = command.loop;
    const again = (rest: ListItem[]) => [itemOf({ ...command, rest: { items: rest } })];
    let status: number;
    if (command.phase === 'condition' && loop.kind !== 'for') {
      const condition = this.suspending(() => this.condition(command.rest, env, io), again);
      if ((condition === 0) === (loop.kind === 'until')) return 0;
      const result = this.suspending(
        () => this.loopBody(loop.body, env, io),
        (rest) => [itemOf(this.resumed('body', rest, loop))],
      );
      if (result.exit === 'break') return result.status;
      status = result.status;
    } else {
      const result = this.suspending(() => this.loopBody(command.rest, env, io), again);
      if (result.exit === 'break') return result.status;
      status = result.status;
    }
    if (loop.kind === 'for') {
      const context = this.expandContext(env, io);
      const items = (loop.items ?? []).flatMap((word) => expandWord(word, context));
      return items.length === 0 ? status : this.forIterations(loop, items, env, io);
    }
    return this.loopIterations(loop.kind === 'until', loop.condition, loop.body, env, io, status);
  }

  resumed(phase: ResumeLoop['phase'], rest: ListItem[], loop: Loop | For): ResumeLoop {
    return { kind: 'resume-loop', phase, rest: { items: rest }, loop, redirects: [] };
  }

  /** Runs `body`; if the shell stops inside, `wrap` turns what is left into this frame's rest. */
  suspending<T>(body: () => T, wrap: (rest: ListItem[]) => ListItem[]): T {
    try {
      return body();
    } catch (error) {
      if (error instanceof Suspend) error.rest = wrap(error.rest);
      throw error;
    }
  }

  resumeFunction(command: ResumeFunction, env: ShellEnv, io: Io): number {
    const saved = env.positional;
    env.positional = command.positional;
    try {
      return this.script(command.rest, env, io);
    } catch (error) {
      if (error instanceof Unwind && error.control.kind === 'return') return error.control.code;
      if (error instanceof Suspend)
        error.rest = [
          itemOf({ ...command, rest: { items: error.rest }, positional: env.positional }),
        ];
      throw error;
    } finally {
      env.positional = saved;
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
      if (error instanceof Suspend)
        error.rest = [
          itemOf({
            kind: 'resume-function',
            rest: { items: error.rest },
            positional: env.positional,
            redirects: [],
          }),
        ];
      throw error;
    } finally {
      env.positional = saved;
    }
  }

  ifCommand(command: Extract<Command, { kind: 'if' }>, env: ShellEnv, io: Io): number {
    for (const [k, branch] of command.branches.entries()) {
      const condition = this.suspending(
        () => this.condition(branch.condition, env, io),
        (rest) => [
          itemOf({
            ...command,
            branches: [
              { condition: { items: rest }, body: branch.body },
              ...command.branches.slice(k + 1),
            ],
            redirects: [],
          }),
        ],
      );
      if (condition === 0) return this.script(branch.body, env, io);
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

  loopIterations(
    until: boolean,
    condition: Script,
    body: Script,
    env: ShellEnv,
    io: Io,
    status = 0,
  ): number {
    const loop: Loop = { kind: until ? 'until' : 'while', condition, body, redirects: [] };
    for (;;) {
      this.step();
      const met = this.suspending(
        () => this.condition(condition, env, io),
        (rest) => [itemOf(this.resumed('condition', rest, loop))],
      );
      if ((met === 0) === until) return status;
      const result = this.suspending(
        () => this.loopBody(body, env, io),
        (rest) => [itemOf(this.resumed('body', rest, loop))],
      );
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

  forIterations(command: For, items: string[], env: ShellEnv, io: Io): number {
    let status = 0;
    for (const [j, item] of items.entries()) {
      this.step();
      env.vars[command.variable] = item;
      const later: For = {
        kind: 'for',
        variable: command.variable,
        items: items.slice(j + 1).map(literalWord),
        body: command.body,
        redirects: [],
      };
      const result = this.suspending(
        () => this.loopBody(command.body, env, io),
        (rest) => [itemOf(this.resumed('body', rest, later))],
      );
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
        this.atomic++;
        try {
          this.substitutionStatus = this.subshell(() =>
            this.script(script, inner, { stdin: io.stdin, fds }),
          );
        } finally {
          this.atomic--;
        }
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
    try {
      return this.invoke(argv, assigned, env, io);
    } catch (error) {
      // `wait` for running jobs: once they end, the same command runs again to collect them.
      if (error instanceof Suspend && error.retry) {
        error.retry = false;
        error.rest = [itemOf(command)];
      }
      throw error;
    }
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
    if (name === 'exec')
      return this.suspending(
        () => execBuiltin(argv.slice(1), env, io, this.runner()),
        () => [itemOf(exitWithStatus(this.line))],
      );
    if (name === 'wait') return waitBuiltin(argv.slice(1), io, this.options.host, this.line);
    if (name === 'kill') {
      const sent = killBuiltin(argv.slice(1), env, io, this.options.host);
      if (sent.self) this.selfSignal(sent.self, env, io);
      return sent.status;
    }
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
    // A child shell runs in this interpreter, so it can stop to wait as the script around it can.
    if (/^(\/bin\/)?(a?sh)$/.test(name) && argv[1] === '-c') return this.nestedShell(argv, env, io);
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
    const status = this.finish(result, io);
    const durationNs = result.durationNs ?? 0;
    if (durationNs > 0) {
      if (this.atomic > 0) this.sleepDebtNs += durationNs;
      else throw new Suspend({ kind: 'sleep', durationNs }, [], status);
    }
    return status;
  }

  /**
   * `kill -SIG $$`: the shell runs its trap for SIG; without one it dies of it (128+SIG), unless
   * it is its PID namespace's init, which the kernel keeps from signals it does not handle.
   */
  selfSignal(signal: string, env: ShellEnv, io: Io): void {
    const action = Object.hasOwn(env.traps, signal) ? env.traps[signal]! : undefined;
    if (action !== undefined) {
      this.runTrap(action, env, io);
      return;
    }
    if (this.options.host?.isInit ?? env.pid === 1) return;
    throw new Unwind({ kind: 'exit', code: 128 + signalNumber(signal) });
  }

  /** A trap's action, run between commands; $? is what it was before. */
  runTrap(action: string, env: ShellEnv, io: Io): void {
    const saved = env.lastExitCode;
    const parsed = parseScript(action);
    this.script(parsed.ok ? parsed.script : parsed.partial, env, io);
    env.lastExitCode = saved;
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
