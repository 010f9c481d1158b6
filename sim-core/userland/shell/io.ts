// What the interpreter passes around while it runs: the descriptors a command writes to, the
// input it reads, and the two ways execution unwinds (exit/return/break/continue, and the end of
// the step budget). Both unwind classes are caught inside the shell module, never outside it.

import type { ListItem } from './ast.ts';
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

/** What a stopped shell waits for: time to pass, or its background jobs to end. */
export type ShellWait = { kind: 'sleep'; durationNs: number } | { kind: 'jobs' };

/**
 * The shell has to wait (a `sleep`, `wait` for a running job). It unwinds to runScript, and each
 * frame on the way adds what it still had to do to `rest`, so the rest of the script is plain
 * data the engine keeps until the time has passed, then runs.
 */
export class Suspend {
  constructor(
    readonly wait: ShellWait,
    public rest: ListItem[],
    /** The status the waiting command ends with: $? when the script goes on. */
    readonly status: number,
  ) {}

  /** Set by `wait`: the command itself runs again when the shell goes on. */
  retry = false;
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
  functions: { ...env.functions },
});
