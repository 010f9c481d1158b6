// What a container's main process does once runc has exec'd it. The programs people start in
// the course are modelled by their shape: one that prints and exits (echo, hostname, env),
// one that sleeps for a while, one that waits for input, a server with its worker processes,
// a busy loop. A program the image does not have fails the way runc fails.

import {
  newShellEnv,
  type Program as ShellProgram,
  type ShellFs,
} from '../../userland/shell/index.ts';
import {
  newContainerShell,
  nextWakeNs,
  settle,
  startShell,
  type ContainerShell,
  type ShellTools,
} from './shell-process.ts';
import type { ContainerFs } from '../storage/container-fs.ts';
import { normalizePath } from '../storage/file-tree.ts';
import type { ProcView } from './proc-view.ts';
import { broadcastAddress } from '../networks/network.ts';
import type { NetStack } from '../networks/net-stack.ts';
import { NET_PROGRAMS } from './net-programs.ts';
import { grep } from './grep.ts';

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
  tty: boolean;
  openStdin: boolean;
  cpuCount: number;
  /** Its network namespace as wget, nc and servers use it; absent: no network at all. */
  net?: NetStack;
  /** What the shell feeds it (`echo hi | nc ...`, `env | grep X`); none for a container's PID 1. */
  stdin?: string;
  /** Simulated time now: when a shell's `sleep` started. */
  nowNs: number;
  /** The pids cgroup's limit, where a shell's fork fails. */
  pidsMax: number | null;
  /** docker run --init: docker-init is PID 1 and the program its child. */
  init: boolean;
}

export type ProgramPlan =
  | { kind: 'exits'; exitCode: number; stdout: string; stderr: string }
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
    }
  | { kind: 'not-found'; exitCode: 126 | 127; message: string };

type Program = (env: ProgramEnvironment) => ProgramPlan;

const exits = (exitCode: number, stdout = '', stderr = ''): ProgramPlan => ({
  kind: 'exits',
  exitCode,
  stdout,
  stderr,
});
const runs = (options: Partial<Extract<ProgramPlan, { kind: 'runs' }>> = {}): ProgramPlan => ({
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

function sleepFor(args: string[]): ProgramPlan {
  const text = args[0];
  const match = text === undefined ? null : /^(\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(text);
  if (!match)
    return exits(
      1,
      '',
      text === undefined ? 'sleep: missing operand\n' : `sleep: invalid number '${text}'\n`,
    );
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return runs({ exitAfterNs: Math.round(Number(match[1]) * unit * 1e9) });
}

/** busybox `ip addr` (also `ip a`, `ip -4 addr show eth0`): lo, then each network's interface. */
function ipCommand(env: ProgramEnvironment): ProgramPlan {
  const words = env.args.filter((arg) => !arg.startsWith('-'));
  if (!['addr', 'a', 'address'].includes(words[0] ?? ''))
    return exits(1, '', `ip: unsupported here: ip ${env.args.join(' ')}\n`);
  const only = words[1] === 'show' ? words[2] : undefined;
  const blocks: string[] = [];
  if (!only || only === 'lo') {
    blocks.push(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n',
    );
  }
  env.interfaces.forEach((face, index) => {
    if (only && only !== face.name) return;
    const prefix = face.subnet.split('/')[1] ?? '16';
    blocks.push(
      `${index + 2}: ${face.name}@if${index + 7}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue\n    link/ether ${face.mac} brd ff:ff:ff:ff:ff:ff\n    inet ${face.address}/${prefix} brd ${broadcastAddress(face.subnet)} scope global ${face.name}\n       valid_lft forever preferred_lft forever\n`,
    );
  });
  if (only && blocks.length === 0) return exits(1, '', `ip: can't find device '${only}'\n`);
  return exits(0, blocks.join(''));
}

/** What the process sees: the container's variables plus HOSTNAME, and HOME if unset (runc). */
function processEnv(env: ProgramEnvironment): string[] {
  const own = env.env.filter((entry) => !entry.startsWith('HOSTNAME='));
  const home = own.some((entry) => entry.startsWith('HOME=')) ? [] : ['HOME=/root'];
  return [...own.slice(0, 1), `HOSTNAME=${env.hostname}`, ...own.slice(1), ...home];
}

/** cat FILE: the kernel's pseudo files, then the container's own files. */
function readFiles(env: ProgramEnvironment): ProgramPlan {
  let stdout = '';
  let stderr = '';
  for (const arg of env.args) {
    const path = normalizePath(arg, env.cwd || '/');
    const pseudo = env.proc.files[path];
    const read =
      pseudo === undefined ? env.fs?.readFile(path) : { ok: true as const, text: pseudo };
    if (read?.ok) stdout += read.text;
    else stderr += `cat: can't open '${arg}': ${read?.reason ?? 'No such file or directory'}\n`;
  }
  return exits(stderr ? 1 : 0, stdout, stderr);
}

/** busybox's file tools, over the container's overlay filesystem. */
function fileTool(name: 'touch' | 'mkdir' | 'rm' | 'ls'): Program {
  return (env) => {
    const fs = env.fs;
    if (!fs) return exits(1, '', `${name}: no filesystem\n`);
    const flags = env.args.filter((arg) => arg.startsWith('-') && arg.length > 1).join('');
    const paths = env.args.filter((arg) => !arg.startsWith('-') || arg.length === 1);
    const at = (arg: string) => normalizePath(arg, env.cwd || '/');
    let stdout = '';
    let stderr = '';
    if (name === 'ls') {
      for (const arg of paths.length > 0 ? paths : ['.']) {
        const view = env.proc.dirs?.[at(arg)];
        const node = fs.node(at(arg));
        if (view) stdout += view.map((entry) => `${entry}\n`).join('');
        else if (!node) stderr += `ls: ${arg}: No such file or directory\n`;
        else if (node.kind === 'dir')
          stdout += fs
            .list(at(arg))
            .filter((entry) => flags.includes('a') || !entry.startsWith('.'))
            .map((entry) => `${entry}\n`)
            .join('');
        else stdout += `${arg}\n`;
      }
      return exits(stderr ? 1 : 0, stdout, stderr);
    }
    for (const arg of paths) {
      const path = at(arg);
      if (name === 'touch') {
        if (fs.node(path)) continue;
        const result = fs.writeFile(path, '', true);
        if (!result.ok)
          stderr += `touch: ${arg}: ${result.reason === 'nonexistent directory' ? 'No such file or directory' : result.reason}\n`;
      } else if (name === 'mkdir') {
        const error = fs.mkdir(path, flags.includes('p'));
        if (error) stderr += `mkdir: can't create directory '${arg}': ${error}\n`;
      } else {
        const error = fs.remove(path, flags.includes('r') || flags.includes('R'));
        if (error && !(flags.includes('f') && error === 'No such file or directory'))
          stderr += `rm: can't remove '${arg}': ${error}\n`;
      }
    }
    return exits(stderr ? 1 : 0, stdout, stderr);
  };
}

/** An interactive shell (or cat) waits for input when stdin is open, and exits at once when not. */
const waitsForInput: Program = (env) => (env.openStdin || env.tty ? runs() : exits(0));

/**
 * The programs a shell in the container runs, as the shell module wants them: a `sleep` takes
 * simulated time (the shell waits for it and goes on afterwards), a program that never ends on
 * its own (`yes`, `cat` on an open terminal) keeps the shell busy.
 */
export function shellTools(
  env: ProgramEnvironment,
  /** Told when a program waits without end and without the CPU (a server, cat on open input). */
  onIdleWait: () => void = () => {},
): Record<string, ShellProgram> {
  const tools: Record<string, ShellProgram> = {};
  for (const [name, program] of Object.entries(PROGRAMS)) {
    tools[name] = (context) => {
      const plan = program({
        ...env,
        argv0: context.argv[0]!,
        args: context.argv.slice(1),
        stdin: context.stdin,
        cwd: context.cwd,
        env: Object.entries(context.env).map(([key, value]) => `${key}=${value}`),
      });
      if (plan.kind === 'exits')
        return { exitCode: plan.exitCode, stdout: plan.stdout, stderr: plan.stderr };
      if (plan.kind === 'not-found')
        return { exitCode: 127, stderr: `sh: ${context.argv[0]}: not found\n` };
      if (plan.exitAfterNs !== null)
        return { exitCode: 0, stdout: plan.stdout, durationNs: plan.exitAfterNs };
      // It never ends on its own: the shell stays in it, idle when the program does not compute.
      if (plan.cpuDemandMilli === 0) onIdleWait();
      return { exitCode: 0, stdout: plan.stdout, steps: SHELL_STEP_BUDGET + 1 };
    };
  }
  return tools;
}

/**
 * The filesystem as the shell sees it (for cd, test -d, redirections): the container's files,
 * with the kernel's pseudo files (/proc/self/ns/..., /sys/fs/cgroup/...) and their directories.
 */
export function shellFs(env: ProgramEnvironment): ShellFs | undefined {
  const fs = env.fs;
  if (!fs) return undefined;
  const pseudo = [...Object.keys(env.proc.links), ...Object.keys(env.proc.files)];
  const base = { sizeBytes: 0, readable: true, writable: false };
  return {
    stat: (path) => {
      if (Object.hasOwn(env.proc.links, path))
        return { kind: 'other', ...base, executable: false, symlink: true };
      const inside = pseudo.some((file) => file.startsWith(`${path}/`));
      if (inside && !fs.stat(path))
        return { kind: 'directory', ...base, sizeBytes: 4096, executable: true, symlink: false };
      return fs.stat(path);
    },
    readFile: (path) => {
      const text = Object.hasOwn(env.proc.files, path) ? env.proc.files[path] : undefined;
      return text === undefined ? fs.readFile(path) : { ok: true, text };
    },
    writeFile: (path, text, append) => fs.writeFile(path, text, append),
  };
}

/** The programs and the filesystem a container shell works with. */
export function shellToolbox(env: ProgramEnvironment, onIdleWait?: () => void): ShellTools {
  const fs = shellFs(env);
  return { programs: shellTools(env, onIdleWait), ...(fs ? { fs } : {}) };
}

/** What `sh -c` starts with: the process's variables that are valid names, all exported. */
function shellVariables(env: ProgramEnvironment): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const entry of processEnv(env)) {
    const name = entry.slice(0, entry.indexOf('='));
    // ash imports only what can be a variable: `BAD VAR=1` stays out of its environment.
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) vars[name] = entry.slice(entry.indexOf('=') + 1);
  }
  return vars;
}

/**
 * `sh -c SCRIPT`: the container shell runs the script with the programs below as its tools,
 * until it ends or waits (a `sleep`, `wait` for its jobs); then the engine keeps its tasks and
 * goes on with them as simulated time passes (see shell-process.ts).
 */
function shellScript(env: ProgramEnvironment, script: string): ProgramPlan {
  const vars = shellVariables(env);
  let idle = false;
  const outcome = startShell(
    script,
    newShellEnv({
      vars,
      exported: Object.keys(vars),
      pid: 1,
      scriptName: env.argv0,
      cwd: env.cwd || '/',
    }),
    newContainerShell(env.init, env.pidsMax),
    shellToolbox(env, () => (idle = true)),
    env.nowNs,
  );
  const stdout = outcome.output
    .filter((chunk) => chunk.stream === 'stdout')
    .map((chunk) => chunk.text)
    .join('');
  const stderr = outcome.output
    .filter((chunk) => chunk.stream === 'stderr')
    .map((chunk) => chunk.text)
    .join('');
  // A string the interpreter cannot hold any more is a script allocating without end; the real
  // shell would go on doubling its memory until a cgroup limit or the OOM killer ended it.
  if (stderr.includes('Invalid string length'))
    return runs({ stdout, cpuDemandMilli: 1000, growsMemory: true });
  if (outcome.exitCode !== null) return exits(outcome.exitCode, stdout, stderr);
  return runs({
    stdout,
    stderr,
    cpuDemandMilli: outcome.shell.mainBusy && !idle ? 1000 : 0,
    shell: outcome.shell,
  });
}

/**
 * A shell plan run through to its end where no simulated time passes (a build's RUN step): each
 * sleep ends at once. A shell that never ends (a busy loop, waiting forever) stays 'runs'.
 */
export function runToEnd(plan: ProgramPlan, env: ProgramEnvironment): ProgramPlan {
  if (plan.kind !== 'runs' || plan.shell === null) return plan;
  let shell = plan.shell;
  let stdout = plan.stdout;
  let stderr = plan.stderr;
  const tools = shellToolbox(env);
  for (let wake = nextWakeNs(shell); wake !== null; wake = nextWakeNs(shell)) {
    const outcome = settle(structuredClone(shell), tools, wake);
    for (const chunk of outcome.output) {
      if (chunk.stream === 'stdout') stdout += chunk.text;
      else stderr += chunk.text;
    }
    if (outcome.exitCode !== null) return exits(outcome.exitCode, stdout, stderr);
    shell = outcome.shell;
  }
  return { ...plan, stdout, stderr, shell };
}

/** Commands and loop turns a script may take before it counts as still running. */
const SHELL_STEP_BUDGET = 10_000;

const PROGRAMS: Record<string, Program> = {
  echo: (env) => exits(0, `${env.args.join(' ')}\n`),
  true: () => exits(0),
  false: () => exits(1),
  sleep: (env) => sleepFor(env.args),
  sh: (env) => (env.args[0] === '-c' ? shellScript(env, env.args[1] ?? '') : waitsForInput(env)),
  ash: (env) => (env.args[0] === '-c' ? shellScript(env, env.args[1] ?? '') : waitsForInput(env)),
  cat: (env) => (env.args.length === 0 ? waitsForInput(env) : readFiles(env)),
  ls: fileTool('ls'),
  touch: fileTool('touch'),
  mkdir: fileTool('mkdir'),
  rm: fileTool('rm'),
  // Setting the name (hostname NAME) needs CAP_SYS_ADMIN, which Docker does not grant by default.
  hostname: (env) =>
    env.args.some((arg) => !arg.startsWith('-'))
      ? exits(1, '', 'hostname: sethostname: Operation not permitted\n')
      : exits(0, `${env.hostname}\n`),
  env: (env) => exits(0, `${processEnv(env).join('\n')}\n`),
  printenv: (env) => exits(0, `${processEnv(env).join('\n')}\n`),
  ip: (env) => ipCommand(env),
  whoami: (env) => exits(0, `${env.user && env.user !== '0' ? env.user : 'root'}\n`),
  id: (env) =>
    exits(
      0,
      env.user === 'nobody' || env.user === '65534'
        ? 'uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n'
        : 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n',
    ),
  readlink: (env) => {
    const target = env.proc.links[normalizePath(env.args.at(-1) ?? '', env.cwd || '/')];
    return target === undefined ? exits(1) : exits(0, `${target}\n`);
  },
  grep: (env) => {
    const result = grep({
      args: env.args,
      stdin: env.stdin ?? '',
      read: (arg) => {
        const path = normalizePath(arg, env.cwd || '/');
        const pseudo = env.proc.files[path];
        if (pseudo !== undefined) return { ok: true, text: pseudo };
        const read = env.fs?.readFile(path);
        return read?.ok ? read : { ok: false, reason: read?.reason ?? 'No such file or directory' };
      },
    });
    return exits(result.exitCode, result.stdout, result.stderr);
  },
  pwd: (env) => exits(0, `${env.cwd || '/'}\n`),
  ps: (env) =>
    exits(
      0,
      `PID   USER     COMMAND\n${env.processes.map((entry) => `${String(entry.pid).padStart(5)} ${entry.user.padEnd(8)} ${entry.command}\n`).join('')}`,
    ),
  top: () => runs(),
  yes: () => runs({ cpuDemandMilli: 1000 }),
  ...NET_PROGRAMS,
  nginx: (env) => {
    env.net?.listen({
      port: 80,
      proto: 'tcp',
      service: { kind: 'http', server: 'nginx', root: '/usr/share/nginx/html' },
    });
    return runs({
      exitsOnSigterm: true,
      children: Array.from({ length: env.cpuCount }, () => ({
        comm: 'nginx',
        argv: ['nginx: worker process'],
      })),
    });
  },
  'redis-server': () =>
    runs({ exitsOnSigterm: true, stdout: '1:M * Ready to accept connections tcp\n' }),
  postgres: () =>
    runs({
      exitsOnSigterm: true,
      stdout: 'LOG:  database system is ready to accept connections\n',
      children: [
        'checkpointer',
        'background writer',
        'walwriter',
        'autovacuum launcher',
        'logical replication launcher',
      ].map((role) => ({
        comm: 'postgres',
        argv: [`postgres: ${role}`],
      })),
    }),
  'httpd-foreground': (env) => {
    env.net?.listen({
      port: 80,
      proto: 'tcp',
      service: { kind: 'http', server: 'apache', root: '/usr/local/apache2/htdocs' },
    });
    return runs({
      exitsOnSigterm: true,
      children: [1, 2, 3].map(() => ({ comm: 'httpd', argv: ['httpd', '-DFOREGROUND'] })),
    });
  },
};

/** Entrypoint scripts of official images hand over to their command: model them by it. */
const PASS_THROUGH = new Set(['docker-entrypoint.sh', 'entrypoint.sh']);

export function planProgram(path: string, env: ProgramEnvironment): ProgramPlan {
  const name = path.split('/').pop()!;
  if (PASS_THROUGH.has(name) && env.args.length > 0)
    return planProgram(env.args[0]!, { ...env, argv0: env.args[0]!, args: env.args.slice(1) });
  const program = Object.hasOwn(PROGRAMS, name) ? PROGRAMS[name]! : undefined;
  if (!program) {
    const message = path.includes('/')
      ? `exec: "${path}": stat ${path}: no such file or directory`
      : `exec: "${path}": executable file not found in $PATH`;
    return { kind: 'not-found', exitCode: 127, message };
  }
  return program(env);
}

export function knownPrograms(): string[] {
  return Object.keys(PROGRAMS);
}
