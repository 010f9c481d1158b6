// What the interpreter passes around while it runs: the descriptors a command writes to, the
// input it reads, and the two ways execution unwinds (exit/return/break/continue, and the end of
// the step budget). Both unwind classes are caught inside the shell module, never outside it.

import type { Control } from './builtins.ts';
import type { ShellEnv } from './environment.ts';

export type Sink = (text: string) => void;

export interface Io {
  /** Shared by the commands reading the same input, so `{ cat; cat; }` reads it once. */
  stdin: { text: string };
  fds: Map<number, Sink>;
}

/** Unwinds to the nearest shell (exit) or loop (break/continue); never leaves runScript. */
export class Unwind {
  constructor(readonly control: Control) {}
}

/** The step budget ran out: the script is still running. */
export class BudgetExhausted {}

/** A copy for a subshell: changes inside do not reach the parent. */
export const cloneEnv = (env: ShellEnv): ShellEnv => ({
  ...env,
  vars: { ...env.vars },
  exported: [...env.exported],
  positional: [...env.positional],
  traps: { ...env.traps },
});
