// busybox ash's `wait` and `kill`, over the processes the engine keeps (ShellHost). `wait` for a
// job that still runs stops the shell (Suspend) until it ends; a job killed by a signal makes
// `wait PID` print the signal's description ("Terminated") and return 128+N, as ash does.

import type { JobState, ShellEnv, ShellHost } from './environment.ts';
import { Suspend, type Io } from './io.ts';
import { signalName, signalNumber } from './trap-builtin.ts';

/** strsignal()'s words for the signals a job is usually killed by. */
const DESCRIPTIONS: Record<string, string> = {
  HUP: 'Hangup',
  INT: 'Interrupt',
  QUIT: 'Quit',
  ILL: 'Illegal instruction',
  TRAP: 'Trace/breakpoint trap',
  ABRT: 'Aborted',
  BUS: 'Bus error',
  FPE: 'Floating point exception',
  KILL: 'Killed',
  USR1: 'User defined signal 1',
  SEGV: 'Segmentation fault',
  USR2: 'User defined signal 2',
  PIPE: 'Broken pipe',
  ALRM: 'Alarm clock',
  TERM: 'Terminated',
};

const waitAgain = (): never => {
  const suspend = new Suspend({ kind: 'jobs' }, [], 0);
  suspend.retry = true;
  throw suspend;
};

/** `wait [PID...]`: every job (status 0), or the named ones (the last one's status). */
export function waitBuiltin(
  args: string[],
  io: Io,
  host: ShellHost | undefined,
  line: number,
): number {
  if (!host) return 0;
  if (args.length === 0) {
    if (host.runningJobs().length > 0) waitAgain();
    return 0;
  }
  const states: (JobState | null)[] = [];
  for (const arg of args) {
    if (!/^\d+$/.test(arg)) {
      io.fds.get(2)?.(`sh: wait: line ${line}: Illegal number: ${arg}\n`);
      return 2;
    }
    states.push(host.job(Number(arg)));
  }
  if (states.some((state) => state?.running)) waitAgain();
  let status = 0;
  for (const state of states) {
    if (state === null || state.running) {
      status = 127;
      continue;
    }
    if (state.signal !== null) {
      io.fds.get(2)?.(`${DESCRIPTIONS[state.signal] ?? `Signal ${signalNumber(state.signal)}`}\n`);
    }
    status = state.exitCode;
  }
  return status;
}

/**
 * `kill [-s SIG | -SIG] PID...`. Signals to other processes go through the host; one to the
 * shell itself ($$) comes back as `self` for the interpreter to act on (trap, death, or nothing).
 */
export function killBuiltin(
  args: string[],
  env: ShellEnv,
  io: Io,
  host: ShellHost | undefined,
): { status: number; self: string | null } {
  const err = (text: string) => io.fds.get(2)?.(text);
  let signal = 'TERM';
  let rest = args;
  if (rest[0] === '-s' || rest[0] === '-n') {
    const name = rest[1] === undefined ? null : signalName(rest[1]);
    if (name === null) {
      err(`sh: kill: bad signal name '${rest[1] ?? ''}'\n`);
      return { status: 1, self: null };
    }
    signal = name;
    rest = rest.slice(2);
  } else if (rest[0]?.startsWith('-') && rest[0] !== '--' && !/^-\d+$/.test(rest[0].slice(1))) {
    const name = signalName(rest[0].slice(1));
    if (name === null || name === 'EXIT') {
      err(`sh: kill: bad signal name '${rest[0].slice(1)}'\n`);
      return { status: 1, self: null };
    }
    signal = name;
    rest = rest.slice(1);
  }
  if (rest[0] === '--') rest = rest.slice(1);
  if (rest.length === 0) {
    err('kill: usage: kill [-s SIGNAL | -SIGNAL] PID...\n');
    return { status: 1, self: null };
  }
  let status = 0;
  let self: string | null = null;
  for (const target of rest) {
    if (!/^-?\d+$/.test(target)) {
      err(`sh: kill: invalid number '${target}'\n`);
      status = 1;
      continue;
    }
    const pid = Number(target);
    if (pid === env.pid) {
      self = signal;
      continue;
    }
    if (!host?.signal(pid, signal)) {
      err(`sh: can't kill pid ${target}: No such process\n`);
      status = 1;
    }
  }
  return { status, self };
}
