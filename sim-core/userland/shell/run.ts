// runScript and runShellText: the module's entry points. They run a script to a RunResult and
// never throw: `exit`, syntax and expansion errors become exit statuses, an exhausted step budget
// becomes 'running', and an EXIT trap runs as the shell ends.

import type { Script } from './ast.ts';
import type { OutputChunk, ProgramTable, RunOptions, RunResult, ShellEnv } from './environment.ts';
import { ExpansionError } from './expand.ts';
import { Interpreter } from './interpreter.ts';
import { BudgetExhausted, cloneEnv, Suspend, Unwind, type Io } from './io.ts';
import { parseScript } from './parser.ts';

type Body = (interpreter: Interpreter, env: ShellEnv, io: Io) => number;

/** Runs to an exit status, turning every way out (exit, errors, the budget) into a value. */
function guarded(
  run: () => number,
  stderr: (text: string) => void,
): { code: number; viaExit: boolean } | 'running' | Suspend {
  try {
    return { code: run(), viaExit: false };
  } catch (error) {
    if (error instanceof BudgetExhausted) return 'running';
    if (error instanceof Suspend) return error;
    if (error instanceof Unwind) {
      // break/continue that escape every loop are ignored; exit ends the script.
      // `return` outside a function ends the script as exit does in ash.
      const control = error.control;
      if (control.kind === 'exit' || control.kind === 'return')
        return { code: control.code, viaExit: true };
      return { code: 0, viaExit: false };
    }
    if (error instanceof ExpansionError) {
      stderr(`sh: ${error.message}\n`);
      return { code: 2, viaExit: true };
    }
    // Deep recursion or a bug: report it as the shell failing rather than throwing out of the core.
    stderr(`sh: internal error: ${String(error)}\n`);
    return { code: 2, viaExit: true };
  }
}

/** Runs a body to a result. Never throws: budget exhaustion and `exit` are results. */
function execute(
  env: ShellEnv,
  programs: ProgramTable,
  options: RunOptions,
  body: Body,
): RunResult {
  const interpreter = new Interpreter(programs, options);
  const output: OutputChunk[] = [];
  const write = (stream: OutputChunk['stream']) => (text: string) => {
    const last = output[output.length - 1];
    if (last?.stream === stream) last.text += text;
    else output.push({ stream, text });
  };
  const io: Io = {
    stdin: { text: options.stdin ?? '' },
    fds: new Map([
      [1, write('stdout')],
      [2, write('stderr')],
    ]),
  };
  const state = cloneEnv(env);
  const outcome = () => ({
    output,
    stdout: output
      .filter((chunk) => chunk.stream === 'stdout')
      .map((chunk) => chunk.text)
      .join(''),
    stderr: output
      .filter((chunk) => chunk.stream === 'stderr')
      .map((chunk) => chunk.text)
      .join(''),
    env: state,
    stepsUsed: Math.min(interpreter.steps, options.stepBudget),
    background: interpreter.background,
  });
  const suspended = (suspend: Suspend): RunResult => ({
    status: 'suspended',
    wait: suspend.wait,
    rest: { items: suspend.rest },
    waitStatus: suspend.status,
    ...outcome(),
  });
  const first = guarded(() => body(interpreter, state, io), write('stderr'));
  if (first === 'running') return { status: 'running', ...outcome() };
  if (first instanceof Suspend) return suspended(first);
  // An EXIT trap runs once as the shell ends; its own `exit` decides the status.
  const action = state.traps.EXIT;
  if (action === undefined) return { status: 'exited', exitCode: first.code, ...outcome() };
  delete state.traps.EXIT;
  state.lastExitCode = first.code;
  const parsed = parseScript(action);
  const trap = guarded(() => interpreter.shellText(parsed, state, io), write('stderr'));
  if (trap === 'running') return { status: 'running', ...outcome() };
  // The EXIT trap stopped to wait: what is left of it, then the shell's own status.
  if (trap instanceof Suspend) {
    trap.rest.push(...exitWith(first.code).items);
    return suspended(trap);
  }
  return { status: 'exited', exitCode: trap.viaExit ? trap.code : first.code, ...outcome() };
}

/** `exit N`, as a script: how a resumed EXIT trap still ends with the status the shell had. */
function exitWith(code: number): Script {
  const parsed = parseScript(`exit ${code}`);
  return parsed.ok ? parsed.script : { items: [] };
}

/**
 * Goes on with a shell that stopped to wait: `rest` as RunResult 'suspended' gave it, with $?
 * the waiting command's status. Signals that arrived meanwhile run their traps first.
 */
export function resumeScript(
  rest: Script,
  env: ShellEnv,
  waitStatus: number,
  programs: ProgramTable,
  options: RunOptions,
): RunResult {
  return execute(
    { ...env, lastExitCode: waitStatus },
    programs,
    options,
    (interpreter, state, io) => interpreter.script(rest, state, io),
  );
}

/** Runs a parsed script. */
export function runScript(
  script: Script,
  env: ShellEnv,
  programs: ProgramTable,
  options: RunOptions,
): RunResult {
  return execute(env, programs, options, (interpreter, state, io) =>
    interpreter.script(script, state, io),
  );
}

/**
 * Parses and runs `sh -c TEXT`. A syntax error is exit status 2 with ash's message, after the
 * complete lines before it have run (ash reads and runs one line at a time).
 */
export function runShellText(
  text: string,
  env: ShellEnv,
  programs: ProgramTable,
  options: RunOptions,
): RunResult {
  const parsed = parseScript(text);
  return execute(env, programs, options, (interpreter, state, io) =>
    interpreter.shellText(parsed, state, io),
  );
}
