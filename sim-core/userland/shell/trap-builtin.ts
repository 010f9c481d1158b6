// busybox ash's `trap`: what the shell does when a signal arrives. The simulator only records the
// actions in ShellEnv.traps (keyed by signal name, EXIT for the shell's own exit) so the engine
// can decide what `docker stop` does to a shell: without a TERM trap, a shell that is PID 1
// ignores SIGTERM and is killed when the grace period ends. The EXIT action runs at the end.

import { singleQuoted, type BuiltinContext, type BuiltinResult } from './builtins.ts';

/** Linux signal numbers, in the order `trap` lists them. */
const SIGNALS = [
  'EXIT',
  'HUP',
  'INT',
  'QUIT',
  'ILL',
  'TRAP',
  'ABRT',
  'BUS',
  'FPE',
  'KILL',
  'USR1',
  'SEGV',
  'USR2',
  'PIPE',
  'ALRM',
  'TERM',
  'STKFLT',
  'CHLD',
  'CONT',
  'STOP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'XCPU',
  'XFSZ',
  'VTALRM',
  'PROF',
  'WINCH',
  'IO',
  'PWR',
  'SYS',
];

/** A signal as written (TERM, SIGTERM, 15, 0, EXIT) to its name, or null. */
export function signalName(text: string): string | null {
  if (/^\d+$/.test(text)) return SIGNALS[Number(text)] ?? null;
  const name = text.toUpperCase().replace(/^SIG/, '');
  return SIGNALS.includes(name) ? name : null;
}

/** A signal's number (TERM: 15), from its name as signalName gives it. */
export function signalNumber(name: string): number {
  return Math.max(0, SIGNALS.indexOf(name));
}

export function trapBuiltin(args: string[], { env, line }: BuiltinContext): BuiltinResult {
  if (args.length === 0) {
    const listing = SIGNALS.filter((name) => Object.hasOwn(env.traps, name))
      .map((name) => `trap -- ${singleQuoted(env.traps[name]!)} ${name}\n`)
      .join('');
    return { exitCode: 0, stdout: listing };
  }
  // `trap - SIG...` resets, and so does a lone argument: `trap TERM` names a signal, not an action.
  const reset = args[0] === '-' || args.length === 1;
  const action = reset ? null : args[0]!;
  const signals = args[0] === '-' || action !== null ? args.slice(1) : args;
  let stderr = '';
  for (const text of signals) {
    const name = signalName(text);
    if (name === null) {
      stderr += `sh: trap: line ${line}: ${text}: invalid signal specification\n`;
      continue;
    }
    if (action === null) delete env.traps[name];
    else env.traps[name] = action;
  }
  return { exitCode: stderr ? 1 : 0, stderr };
}
