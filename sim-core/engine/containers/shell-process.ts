// A shell running in a container over simulated time: the main `sh -c` process and the jobs it
// starts with `&`. Each is a task holding what is left of its script (plain syntax-tree data, see
// userland/shell) and what it waits for: a time (its `sleep` ends), its jobs (`wait`), or nothing
// it will ever finish (a busy loop). When the time comes the task goes on from where it stopped.
// Signals follow the kernel and ash: a trapped one runs its trap once the foreground command
// ends (at once when the shell is in `wait`); an untrapped one kills the task with 128+N, except
// the PID namespace's init (the shell as PID 1, without --init), which the kernel does not send
// signals it has no handler for.
//
// Everything here is a pure function of plain data; the engine stores ContainerShell in the
// container through the `container.shell` event.
import {
  parseScript,
  resumeScript,
  runShellText,
  type JobState,
  type OutputChunk,
  type ProgramTable,
  type RunResult,
  type Script,
  type ShellEnv,
  type ShellFs,
  type ShellHost,
} from '../../userland/shell/index.ts';
import { signalNumber } from '../../userland/shell/trap-builtin.ts';
import { itemOf } from '../../userland/shell/continuation.ts';
import type { DeepReadonly } from '../../world/world.ts';

export interface ShellTask {
  /** PID as the container sees it: 1 for the main shell (7 under --init), jobs from 7 or 8. */
  pid: number;
  /** The shell that started it with `&`; null for the main shell. */
  parentPid: number | null;
  rest: Script;
  env: ShellEnv;
  /** $? when it goes on: the status of the command it waited for. */
  waitStatus: number;
  wait: { kind: 'until'; atNs: number } | { kind: 'jobs' } | { kind: 'busy' };
  /** Trapped signals that arrived while it waited, in order. */
  pending: string[];
}

export interface ContainerShell {
  tasks: ShellTask[];
  /** Jobs that ended, for `wait PID`. */
  ended: Record<number, { exitCode: number; signal: string | null; parentPid: number | null }>;
  nextPid: number;
  /** docker-init is PID 1 (docker run --init): the shell is an ordinary process. */
  init: boolean;
  /** The pids cgroup's limit (--pids-limit), counting docker-init and every task. */
  pidsMax: number | null;
  /** A busy task's demand on the CPU: the engine shows the main shell as busy or sleeping. */
  mainBusy: boolean;
}

export interface ShellTools {
  programs: ProgramTable;
  fs?: ShellFs;
}

export interface ShellOutcome {
  shell: ContainerShell;
  output: OutputChunk[];
  /** The main shell ended (the container's process): its status. */
  exitCode: number | null;
}

/** Commands and loop turns a task may take in one go before it counts as a busy loop. */
const STEP_BUDGET = 10_000;
/** Wake-ups settled in one go at most: a guard against scripts that never wait for time. */
const MAX_RUNS = 1_000;

/** Signals whose default action is to do nothing. */
const IGNORED_BY_DEFAULT = new Set(['CHLD', 'CONT', 'URG', 'WINCH']);

export function newContainerShell(init: boolean, pidsMax: number | null): ContainerShell {
  return { tasks: [], ended: {}, nextPid: init ? 8 : 7, init, pidsMax, mainBusy: false };
}

/** Starts `sh -c TEXT` as the main task and runs it (and its jobs) until they all wait. */
export function startShell(
  text: string,
  env: ShellEnv,
  shell: ContainerShell,
  tools: ShellTools,
  nowNs: number,
): ShellOutcome {
  const work = structuredClone(shell);
  const output: OutputChunk[] = [];
  const mainPid = work.init ? 7 : 1;
  const main: ShellTask = {
    pid: mainPid,
    parentPid: null,
    rest: { items: [] },
    env: { ...env, pid: mainPid },
    waitStatus: 0,
    wait: { kind: 'until', atNs: nowNs },
    pending: [],
  };
  work.tasks.push(main);
  const first = runShellText(text, main.env, tools.programs, options(work, main, tools, nowNs));
  const exitCode = settleResult(work, main, first, output, nowNs);
  if (exitCode !== null) return { shell: work, output, exitCode };
  return settle(work, tools, nowNs, output);
}

function options(shell: ContainerShell, task: ShellTask, tools: ShellTools, nowNs: number) {
  return {
    stepBudget: STEP_BUDGET,
    host: host(shell, task, nowNs),
    ...(tools.fs ? { fs: tools.fs } : {}),
  };
}

function host(shell: ContainerShell, task: ShellTask, nowNs: number): ShellHost {
  return {
    fork: (script, env) => {
      const count = shell.tasks.length + (shell.init ? 1 : 0);
      if (shell.pidsMax !== null && count + 1 > shell.pidsMax) return null;
      const pid = shell.nextPid++;
      shell.tasks.push({
        pid,
        parentPid: task.pid,
        rest: script,
        env,
        waitStatus: 0,
        wait: { kind: 'until', atNs: nowNs },
        pending: [],
      });
      return pid;
    },
    job: (pid): JobState | null => {
      const running = shell.tasks.find((other) => other.pid === pid);
      if (running) return running.parentPid === task.pid ? { running: true } : null;
      const ended = shell.ended[pid];
      if (!ended || ended.parentPid !== task.pid) return null;
      return { running: false, exitCode: ended.exitCode, signal: ended.signal };
    },
    runningJobs: () =>
      shell.tasks.filter((other) => other.parentPid === task.pid).map((other) => other.pid),
    signal: (pid, signal) => deliver(shell, pid, signal),
    isInit: task.parentPid === null && !shell.init,
  };
}

/**
 * A signal for the task with PID (the main shell for `docker kill`): queued for its trap,
 * ignored, or the end of it. False when no task has that PID.
 */
export function deliver(shell: ContainerShell, pid: number, signal: string): boolean {
  const task = shell.tasks.find((candidate) => candidate.pid === pid);
  if (!task) return false;
  const action = Object.hasOwn(task.env.traps, signal) ? task.env.traps[signal] : undefined;
  if (signal !== 'KILL' && signal !== 'STOP' && action !== undefined) {
    if (action !== '') task.pending.push(signal);
    return true;
  }
  const isInit = task.parentPid === null && !shell.init;
  if (IGNORED_BY_DEFAULT.has(signal) || (isInit && signal !== 'KILL')) return true;
  end(shell, task, 128 + signalNumber(signal), signal);
  return true;
}

function end(shell: ContainerShell, task: ShellTask, exitCode: number, signal: string | null) {
  shell.tasks = shell.tasks.filter((other) => other !== task);
  shell.ended[task.pid] = { exitCode, signal, parentPid: task.parentPid };
}

/** Records how a run left the task; the main shell's status when it ended. */
function settleResult(
  shell: ContainerShell,
  task: ShellTask,
  result: RunResult,
  output: OutputChunk[],
  nowNs: number,
): number | null {
  for (const chunk of result.output) {
    const last = output[output.length - 1];
    if (last?.stream === chunk.stream) last.text += chunk.text;
    else output.push({ ...chunk });
  }
  // Killed meanwhile (by its own `kill`, through a job): the end is already recorded.
  const ended = shell.ended[task.pid];
  if (!shell.tasks.includes(task)) return task.parentPid === null ? (ended?.exitCode ?? 0) : null;
  task.env = result.env;
  if (task.parentPid === null) shell.mainBusy = result.status === 'running';
  if (result.status === 'exited') {
    end(shell, task, result.exitCode, null);
    return task.parentPid === null ? result.exitCode : null;
  }
  if (result.status === 'running') {
    task.rest = { items: [] };
    task.wait = { kind: 'busy' };
    return null;
  }
  task.rest = result.rest;
  task.waitStatus = result.waitStatus;
  task.wait =
    result.wait.kind === 'sleep'
      ? { kind: 'until', atNs: nowNs + result.wait.durationNs }
      : { kind: 'jobs' };
  return null;
}

function runnable(shell: ContainerShell, task: ShellTask, nowNs: number): boolean {
  switch (task.wait.kind) {
    case 'until':
      return task.wait.atNs <= nowNs;
    case 'jobs':
      return task.pending.length > 0 || !shell.tasks.some((other) => other.parentPid === task.pid);
    case 'busy':
      return task.pending.length > 0;
  }
}

/** What the task runs when it goes on: its pending traps, then the rest of its script. */
function continuation(task: ShellTask): { script: Script; status: number } {
  let items = task.rest.items;
  let status = task.waitStatus;
  // A trapped signal ends `wait` at once, with 128+N, and the wait is not taken up again.
  if (task.wait.kind === 'jobs' && task.pending.length > 0) {
    items = items.slice(1);
    status = 128 + signalNumber(task.pending.at(-1)!);
  }
  const traps = task.pending.map((signal) =>
    itemOf({ kind: 'trap-action', action: task.env.traps[signal] ?? '', redirects: [] }),
  );
  // A busy loop goes on being busy once its trap has run.
  const busy = task.wait.kind === 'busy' ? parseScript('while :; do :; done') : null;
  const after = busy?.ok ? busy.script.items : [];
  return { script: { items: [...traps, ...items, ...after] }, status };
}

/** Runs every task whose wait is over at `nowNs`, until all wait again (or the main one ends). */
export function settle(
  shell: ContainerShell,
  tools: ShellTools,
  nowNs: number,
  output: OutputChunk[] = [],
): ShellOutcome {
  const work = shell;
  for (let runs = 0; ; runs++) {
    const task = work.tasks.find((candidate) => runnable(work, candidate, nowNs));
    if (!task) break;
    if (runs === MAX_RUNS) {
      // Tasks that never wait for time (a fork bomb: each one forks more and ends) keep every
      // CPU busy forking at the pids limit: they become busy processes from here on.
      for (const other of work.tasks)
        if (runnable(work, other, nowNs)) other.wait = { kind: 'busy' };
      work.mainBusy = true;
      break;
    }
    const { script, status } = continuation(task);
    task.pending = [];
    const result = resumeScript(
      script,
      task.env,
      status,
      tools.programs,
      options(work, task, tools, nowNs),
    );
    const exitCode = settleResult(work, task, result, output, nowNs);
    if (exitCode !== null) return { shell: work, output, exitCode };
  }
  const main = work.tasks.find((task) => task.parentPid === null);
  if (!main) {
    const ended = Object.entries(work.ended).find(([, state]) => state.parentPid === null);
    return { shell: work, output, exitCode: ended ? ended[1].exitCode : 0 };
  }
  return { shell: work, output, exitCode: null };
}

/** When the shell next has something to do on its own: the earliest end of a sleep. */
export function nextWakeNs(shell: DeepReadonly<ContainerShell>): number | null {
  let best: number | null = null;
  for (const task of shell.tasks) {
    if (task.wait.kind === 'until' && (best === null || task.wait.atNs < best))
      best = task.wait.atNs;
  }
  return best;
}
