// What a container's main process does once runc has exec'd it. The programs people start in
// the course are modelled by their shape: one that prints and exits (echo, hostname, env),
// one that sleeps for a while, one that waits for input, a server with its worker processes,
// a busy loop. A program the image does not have fails the way runc fails.

import {
  newShellEnv,
  runShellText,
  type Program as ShellProgram,
} from '../../userland/shell/index.ts';
import type { ContainerFs } from '../storage/container-fs.ts';
import { normalizePath } from '../storage/file-tree.ts';
import type { ProcView } from './proc-view.ts';
import { broadcastAddress } from '../networks/network.ts';
import type { NetStack } from '../networks/net-stack.ts';
import { NET_PROGRAMS } from './net-programs.ts';

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
  /** What the shell feeds it (`echo hi | nc ...`). */
  stdin?: string;
}

export type ProgramPlan =
  | { kind: 'exits'; exitCode: number; stdout: string; stderr: string }
  | {
      kind: 'runs';
      stdout: string;
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
  cpuDemandMilli: 0,
  exitAfterNs: null,
  children: [],
  exitsOnSigterm: false,
  growsMemory: false,
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
 * `sh -c SCRIPT`: the container shell runs the script with the programs below as its tools.
 * A script that sleeps or loops past the step budget is still running: a `sleep` makes it an
 * idle process that ends when the sleep does (what follows the sleep is not modelled yet), a
 * loop makes it a busy one.
 */
function shellScript(env: ProgramEnvironment, script: string): ProgramPlan {
  let sleptNs: number | null = null;
  // A program that waits (a server, sleep, cat on open input) leaves the shell idle, not busy.
  let waiting = false;
  const tools: Record<string, ShellProgram> = {};
  for (const [name, program] of Object.entries(PROGRAMS)) {
    tools[name] = (context) => {
      const plan = program({
        ...env,
        argv0: context.argv[0]!,
        args: context.argv.slice(1),
        stdin: context.stdin,
      });
      if (plan.kind === 'exits')
        return { exitCode: plan.exitCode, stdout: plan.stdout, stderr: plan.stderr };
      if (plan.kind === 'not-found')
        return { exitCode: 127, stderr: `sh: ${context.argv[0]}: not found\n` };
      sleptNs = plan.exitAfterNs;
      waiting = plan.cpuDemandMilli === 0;
      return { exitCode: 0, stdout: plan.stdout, steps: SHELL_STEP_BUDGET + 1 };
    };
  }
  const vars = Object.fromEntries(
    env.env.map((entry) => [
      entry.slice(0, entry.indexOf('=')),
      entry.slice(entry.indexOf('=') + 1),
    ]),
  );
  const result = runShellText(
    script,
    newShellEnv({
      vars,
      exported: Object.keys(vars),
      pid: 1,
      scriptName: env.argv0,
      cwd: env.cwd || '/',
    }),
    tools,
    { stepBudget: SHELL_STEP_BUDGET, ...(env.fs ? { fs: env.fs } : {}) },
  );
  // A string the interpreter cannot hold any more is a script allocating without end; the real
  // shell would go on doubling its memory until a cgroup limit or the OOM killer ended it.
  if (result.status === 'exited' && result.stderr.includes('Invalid string length')) {
    return runs({ stdout: result.stdout, cpuDemandMilli: 1000, growsMemory: true });
  }
  if (result.status === 'exited') return exits(result.exitCode, result.stdout, result.stderr);
  return runs({
    stdout: result.stdout,
    cpuDemandMilli: sleptNs === null && !waiting ? 1000 : 0,
    exitAfterNs: sleptNs,
  });
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
    const target = env.proc.links[env.args.at(-1) ?? ''];
    return target === undefined ? exits(1) : exits(0, `${target}\n`);
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
  // The distribution registry (registry:2) serves its HTTP API until it is stopped.
  registry: () => runs({ exitsOnSigterm: true }),
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
  // registry:2's entrypoint.sh turns a config file argument into `registry serve FILE`.
  if (name === 'entrypoint.sh' && /\.ya?ml$/.test(env.args[0] ?? ''))
    return planProgram('registry', { ...env, argv0: 'registry', args: ['serve', ...env.args] });
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
