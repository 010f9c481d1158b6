// The container shell: parse `sh -c` text into a plain-data syntax tree, and run it against
// programs and a filesystem supplied by the caller, within a step budget.

export type * from './ast.ts';
export type * from './environment.ts';
export { newShellEnv } from './environment.ts';
export { parseScript, type ParsedScript } from './parser.ts';
export { runScript, runShellText } from './run.ts';
export { BUILTINS, type Builtin, type BuiltinResult } from './builtins.ts';
export { echo } from './echo.ts';
export { runTest } from './test-command.ts';
