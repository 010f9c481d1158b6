// The container shell: parse `sh -c` text into a plain-data syntax tree, and run it against
// programs and a filesystem supplied by the caller, within a step budget. Typical use:
//
//   const result = runShellText('while :; do :; done', newShellEnv({ pid: 1 }), programs, {
//     stepBudget: 10_000, fs, stdin: '' });
//   result.status === 'exited'  -> result.exitCode, result.stdout/stderr (or ordered .output)
//   result.status === 'running' -> still busy when the budget ran out: show a busy process
//   result.background           -> `cmd &` jobs, each runnable with runScript(job.script, job.env, ...)
//   result.env.traps.TERM       -> what the shell does on SIGTERM (absent: PID 1 ignores it)
//
// Programs are functions (argv, env, stdin, cwd) -> { exitCode, stdout, stderr, steps }; an
// unknown one gives "sh: NAME: not found" and 127.

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
