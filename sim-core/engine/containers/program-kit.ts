// What every simulated program is: a function from its environment (arguments, files, the
// kernel's view, who it runs as) to a plan of what it does (print and exit, or keep running).
// The tools live in files by kind (text-tools, file-tools, identity-tools); programs.ts is the
// table that names them.
import type { Capability } from '../../kernel/capabilities.ts';
import type { NetStack } from '../networks/net-stack.ts';
import type { ContainerFs } from '../storage/container-fs.ts';
import { normalizePath } from '../storage/file-tree.ts';
import { KernelFiles } from './kernel-files.ts';
import type { Identity } from './identity.ts';
import type { ProcView } from './proc-view.ts';
import type { ContainerShell } from './shell-process.ts';

export interface ProgramEnvironment {
  /** The program as it was named (/bin/sh or sh): what $0 shows. */
  argv0: string;
  args: string[];
  hostname: string;
  /** Working directory of the process. */
  cwd: string;
  /** Kernel pseudo files: /proc/self/ns links, /proc/self/cgroup, ... */
  proc: ProcView;
  /** The container's filesystem (the merged overlay view), where files are read and written. */
  fs: ContainerFs | null;
  /** Its network namespace's interfaces besides lo: eth0, eth1, ... */
  interfaces: { name: string; address: string; subnet: string; mac: string }[];
  /** The user it runs as (docker run -u), empty for root. */
  user: string;
  /** The processes its PID namespace shows (for ps), PID as seen inside. */
  processes: { pid: number; user: string; command: string }[];
  env: string[];
  /** What it reads on standard input: a pipe's contents inside a script, else nothing. */
  stdin?: string;
  tty: boolean;
  openStdin: boolean;
  cpuCount: number;
  /** Who it runs as, from --user and the image's /etc/passwd; absent: root. */
  identity?: Identity;
  /** The container's capability bounding set; absent: Docker's default set. */
  capabilities?: readonly Capability[];
  /** Its network namespace as wget, nc and servers use it; absent: no network at all. */
  net?: NetStack;
  /** --privileged: every capability, no seccomp filter. */
  privileged?: boolean;
  /** memory.max of its cgroup, for programs that grow (tail of an endless line). */
  memoryLimitBytes?: number | null;
  /** Simulated time now: when a shell's `sleep` started. */
  nowNs: number;
  /** The pids cgroup's limit, where a shell's fork fails. */
  pidsMax: number | null;
  /** docker run --init: docker-init is PID 1 and the program its child. */
  init: boolean;
}

export type ProgramPlan =
  | {
      kind: 'exits';
      exitCode: number;
      stdout: string;
      stderr: string;
      /** Memory it held at its peak, charged to its cgroup (tail keeping a long line). */
      peakMemoryBytes?: number;
      /** sethostname(2) it made: the UTS namespace's name from then on. */
      hostname?: string;
      /** Processes it started that the OOM killer ended (a script's tail of an endless line). */
      oomKilled?: OomKilledChild[];
    }
  | {
      kind: 'runs';
      stdout: string;
      /** What it wrote to stderr before it started waiting. */
      stderr: string;
      /** Thousandths of a core it keeps busy: 1000 for a busy loop, 0 for a sleeper. */
      cpuDemandMilli: number;
      /** After how long it exits on its own (sleep N), or null: until stopped. */
      exitAfterNs: number | null;
      /** Worker processes it forks, as a server does. */
      children: { comm: string; argv: string[] }[];
      /** Servers install a SIGTERM handler; a plain program as PID 1 has none and ignores it. */
      exitsOnSigterm: boolean;
      /** It allocates without end (x=$x$x): it grows until a limit or the OOM killer stops it. */
      growsMemory: boolean;
      /** A shell that waits (sleep, wait) and goes on later: its tasks, for the engine to keep. */
      shell: ContainerShell | null;
      oomKilled?: OomKilledChild[];
    }
  | { kind: 'not-found'; exitCode: 126 | 127; message: string };

export type Program = (env: ProgramEnvironment) => ProgramPlan;

/** A child process that asked its cgroup for more memory than the limit allows. */
export interface OomKilledChild {
  comm: string;
  argv: string[];
  memoryBytes: number;
}

export const exits = (exitCode: number, stdout = '', stderr = ''): ProgramPlan => ({
  kind: 'exits',
  exitCode,
  stdout,
  stderr,
});
export const runs = (
  options: Partial<Extract<ProgramPlan, { kind: 'runs' }>> = {},
): ProgramPlan => ({
  kind: 'runs',
  stdout: '',
  stderr: '',
  cpuDemandMilli: 0,
  exitAfterNs: null,
  children: [],
  exitsOnSigterm: false,
  growsMemory: false,
  shell: null,
  ...options,
});

/** A file a tool names, as its process opens it: kernel pseudo files first, then the overlay. */
export function readPath(
  env: ProgramEnvironment,
  arg: string,
): { ok: true; text: string } | { ok: false; reason: string } {
  const path = normalizePath(arg, env.cwd || '/');
  return new KernelFiles(env.proc, env.fs).readFile(path);
}

/**
 * busybox's sizes for -c and -n (xatoull_sfx with bkm_suffixes): b = 512, k = 1024,
 * m = 1048576; null when the text is not a count.
 */
export function parseCount(text: string): number | null {
  const match = /^\+?(\d+)(b|k|kB|K|m|M|MB|KB|g|G)?$/.exec(text);
  if (!match) return null;
  const unit: Record<string, number> = {
    b: 512,
    k: 1024,
    K: 1024,
    KB: 1024,
    kB: 1000,
    m: 1048576,
    M: 1048576,
    MB: 1000000,
    g: 1073741824,
    G: 1073741824,
  };
  return Number(match[1]) * (match[2] ? unit[match[2]]! : 1);
}
