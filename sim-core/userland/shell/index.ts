// The container shell: parse `sh -c` text into a plain-data syntax tree, and run it against
// programs and a filesystem supplied by the caller, within a step budget. Typical use:
//
//   const result = runShellText('while :; do :; done', newShellEnv({ pid: 1 }), programs, {
//     stepBudget: 10_000, fs, stdin: '' });
//   result.status === 'exited'  -> result.exitCode, result.stdout/stderr (or ordered .output)
//   result.status === 'running' -> still busy when the budget ran out: show a busy process
//   result.status === 'suspended' -> it waits (result.wait: a sleep's duration, or its jobs);
//                                  once that is over, resumeScript(result.rest, result.env,
//                                  result.waitStatus, ...) goes on where it stopped
//   result.background           -> without options.host, `cmd &` jobs for the caller to run
//   result.env.traps.TERM       -> what the shell does on SIGTERM (absent: PID 1 ignores it)
//
// Programs are functions (argv, env, stdin, cwd) -> { exitCode, stdout, stderr, steps,
// durationNs }; an unknown one gives "sh: NAME: not found" and 127. options.host (ShellHost)
// keeps the processes around the shell: fork for `&` (null at the pids limit), jobs for `wait`,
// signals for `kill`. The engine's side is engine/containers/shell-process.ts.

export type * from './ast.ts';
export type * from './environment.ts';
export { newShellEnv } from './environment.ts';
export { parseScript, type ParsedScript } from './parser.ts';
export { runScript, runShellText } from './run.ts';
export { BUILTINS, type Builtin, type BuiltinResult } from './builtins.ts';
export { echo } from './echo.ts';
export { runTest } from './test-command.ts';
export { resumeScript } from './run.ts';
export type { ShellWait } from './io.ts';
