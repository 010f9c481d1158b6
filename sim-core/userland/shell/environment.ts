// What the interpreter needs from its caller, as plain data and small interfaces: the shell's
// variables, the programs it can run (simulated busybox tools, supplied by the engine), and the
// container's filesystem. Nothing here reaches a real OS.

export interface ShellEnv {
  /** Shell variables; the exported ones are what a program sees as its environment. */
  vars: Record<string, string>;
  exported: string[];
  cwd: string;
  /** $1.. $n */
  positional: string[];
  /** $0 */
  scriptName: string;
  /** $$: the shell's PID as the container sees it. */
  pid: number;
  /** $? */
  lastExitCode: number;
  /** `set -e` */
  errexit: boolean;
  /** `trap` actions by signal name (TERM, INT, EXIT...), for the engine to honour. */
  traps: Record<string, string>;
  /** Shell functions by name, as syntax trees (plain data). */
  functions: Record<string, import('./ast.ts').Command>;
  /** $!: the PID of the last `cmd &`, null before the first. */
  lastJobPid: number | null;
}

export function newShellEnv(overrides: Partial<ShellEnv> = {}): ShellEnv {
  return {
    vars: {},
    exported: [],
    cwd: '/',
    positional: [],
    scriptName: 'sh',
    pid: 1,
    lastExitCode: 0,
    errexit: false,
    traps: {},
    functions: {},
    lastJobPid: null,
    ...overrides,
  };
}

export interface FileStat {
  kind: 'file' | 'directory' | 'other';
  sizeBytes: number;
  executable: boolean;
  readable: boolean;
  writable: boolean;
  symlink: boolean;
}

/** The container's filesystem as the shell uses it. Paths given here are absolute. */
export interface ShellFs {
  stat(path: string): FileStat | null;
  /** The file's text, or busybox's reason it cannot be opened ("no such file"). */
  readFile(path: string): { ok: true; text: string } | { ok: false; reason: string };
  /** Creates, truncates (append false) or appends; the reason on failure ("nonexistent directory"). */
  writeFile(
    path: string,
    text: string,
    append: boolean,
  ): { ok: true } | { ok: false; reason: string };
}

export interface ProgramContext {
  argv: string[];
  /** Exported variables plus the command's own `NAME=value` prefixes. */
  env: Record<string, string>;
  stdin: string;
  cwd: string;
}

export interface ProgramResult {
  exitCode: number;
  stdout?: string;
  stderr?: string;
  /** False for a program that left its input unread (`cat FILE`); read to the end otherwise. */
  stdinConsumed?: boolean;
  /** Budget the program used (a busy loop may use many); 1 if absent. */
  steps?: number;
  /** Simulated time it takes before it exits (`sleep 2`): the shell waits that long for it. */
  durationNs?: number;
}

export type Program = (context: ProgramContext) => ProgramResult;

/** Programs by name ("ls", "cat"); `/bin/ls` finds "ls" too. */
export type ProgramTable = Readonly<Record<string, Program>>;

/** A command started with `&`: the caller runs it as its own process. */
export interface BackgroundJob {
  pid: number;
  script: import('./ast.ts').Script;
  env: ShellEnv;
}

/** A background job as `wait` sees it. */
export type JobState =
  { running: true } | { running: false; exitCode: number; signal: string | null };

/**
 * The processes around the shell, kept by the engine: forking (which fails at pids.max), the
 * shell's background jobs, and signals sent with `kill`.
 */
export interface ShellHost {
  /**
   * Forks a child to run `script` (`cmd &`) with a copy of the shell's variables: its PID, or
   * null when fork fails (EAGAIN: the pids cgroup is full). The host runs it from then on.
   */
  fork(script: import('./ast.ts').Script, env: ShellEnv): number | null;
  /** A job this shell started, or null when PID is none of its children. */
  job(pid: number): JobState | null;
  /** The shell's jobs still running. */
  runningJobs(): number[];
  /** Sends a signal to another process; false when there is no such process. */
  signal(pid: number, signal: string): boolean;
  /** The shell is its PID namespace's init (no --init): signals it has no trap for do nothing. */
  isInit: boolean;
}

export interface RunOptions {
  /** Commands and loop iterations the run may take before it stops as still running. */
  stepBudget: number;
  fs?: ShellFs;
  stdin?: string;
  /** Without one, `cmd &` gets made-up PIDs and `wait` has nothing to wait for. */
  host?: ShellHost;
}

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

interface RunOutcome {
  stdout: string;
  stderr: string;
  /** Both streams in the order they were written, for a terminal. */
  output: OutputChunk[];
  env: ShellEnv;
  stepsUsed: number;
  background: BackgroundJob[];
}

/**
 * 'exited': the script finished (or ran `exit`). 'running': the step budget ran out first, as
 * with `while :; do :; done`; the caller shows it as a busy process. 'suspended': it waits (a
 * `sleep`, `wait` for its jobs); running `rest` with `env` (its $? set to `waitStatus`) once
 * that is over continues it where it stopped.
 */
export type RunResult =
  | (RunOutcome & { status: 'exited'; exitCode: number })
  | (RunOutcome & { status: 'running' })
  | (RunOutcome & {
      status: 'suspended';
      wait: import('./io.ts').ShellWait;
      rest: import('./ast.ts').Script;
      waitStatus: number;
    });
