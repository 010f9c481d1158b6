// What a container's main process does once runc has exec'd it. The programs people start in
// the course are modelled by their shape: one that prints and exits (echo, hostname, env),
// one that sleeps for a while, one that waits for input, a server with its worker processes,
// a busy loop. A program the image does not have fails the way runc fails.

import { newShellEnv, type Program as ShellProgram } from '../../userland/shell/index.ts';
import {
  newContainerShell,
  nextWakeNs,
  settle,
  startShell,
  type ShellTools,
} from './shell-process.ts';
import { normalizePath } from '../storage/file-tree.ts';
import { broadcastAddress } from '../networks/network.ts';
import { NET_PROGRAMS } from './net-programs.ts';
import {
  exits,
  runs,
  type OomKilledChild,
  type Program,
  type ProgramEnvironment,
  type ProgramPlan,
} from './program-kit.ts';

import { chown, stat } from './file-tools.ts';
import { id, whoami } from './identity-tools.ts';
import { grep, head, tail, wc } from './text-tools.ts';
import { procStatusText } from './proc-status.ts';
import { KernelFiles } from './kernel-files.ts';
import { lazyProcView } from './proc-view.ts';
import { DOCKER_DEFAULT_CAPABILITIES } from '../../kernel/capabilities.ts';
import { accountsOf, identityOf } from './identity-tools.ts';

export type { Program, ProgramEnvironment, ProgramPlan } from './program-kit.ts';

/** The capabilities in effect for the program: the bounding set for root, none for others. */
function effectiveCapabilities(env: ProgramEnvironment) {
  const bounding = env.capabilities ?? DOCKER_DEFAULT_CAPABILITIES;
  return (env.identity?.uid ?? 0) === 0 ? bounding : [];
}

/** `hostname NAME` is sethostname(2): CAP_SYS_ADMIN in the UTS namespace's owner, or EPERM. */
function setHostname(env: ProgramEnvironment): ProgramPlan {
  const name = env.args.find((arg) => !arg.startsWith('-'));
  if (name === undefined) return exits(0, `${env.hostname}\n`);
  if (!effectiveCapabilities(env).includes('SYS_ADMIN'))
    return exits(1, '', 'hostname: sethostname: Operation not permitted\n');
  return { kind: 'exits', exitCode: 0, stdout: '', stderr: '', hostname: name };
}

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
  /** Children the OOM killer ended while the script ran, for the engine to replay as events. */
  oomKilled: OomKilledChild[] = [],
): Record<string, ShellProgram> {
  // sethostname in the script holds for the commands after it (one UTS namespace).
  let hostname = env.hostname;
  const tools: Record<string, ShellProgram> = {};
  for (const [name, program] of Object.entries(PROGRAMS)) {
    tools[name] = (context) => {
      // A tool run by the shell works in the shell's directory, with its exported variables
      // and the pipe or redirection it was given as input.
      const plan = runAs(program, name, {
        ...env,
        hostname,
        argv0: context.argv[0]!,
        args: context.argv.slice(1),
        cwd: context.cwd,
        env: Object.entries(context.env).map(([key, value]) => `${key}=${value}`),
        stdin: context.stdin,
      });
      if (plan.kind === 'exits') {
        if (plan.hostname !== undefined) hostname = plan.hostname;
        // A tool that holds more than the cgroup allows is OOM-killed before it can print:
        // SIGKILL, 128 + 9, and the shell reports the signal.
        const limit = env.memoryLimitBytes ?? null;
        if (limit !== null && (plan.peakMemoryBytes ?? 0) > limit) {
          oomKilled.push({
            comm: name.slice(0, 15),
            argv: context.argv,
            memoryBytes: plan.peakMemoryBytes!,
          });
          return { exitCode: 137, stderr: 'Killed\n' };
        }
        return { exitCode: plan.exitCode, stdout: plan.stdout, stderr: plan.stderr };
      }
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

/** The programs and the filesystem a container shell works with. */
export function shellToolbox(
  env: ProgramEnvironment,
  onIdleWait?: () => void,
  oomKilled?: OomKilledChild[],
): ShellTools {
  // The shell sees the kernel's pseudo files too: `cd /sys/fs/cgroup`, `read x < /proc/...`.
  return {
    programs: shellTools(env, onIdleWait, oomKilled),
    fs: new KernelFiles(env.proc, env.fs),
  };
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
  const oomKilled: OomKilledChild[] = [];
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
    shellToolbox(env, () => (idle = true), oomKilled),
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
  const killed = oomKilled.length > 0 ? { oomKilled } : {};
  if (stderr.includes('Invalid string length'))
    return runs({ stdout, cpuDemandMilli: 1000, growsMemory: true, ...killed });
  if (outcome.exitCode !== null)
    return { ...exits(outcome.exitCode, stdout, stderr), ...killed } as ProgramPlan;
  return runs({
    stdout,
    stderr,
    cpuDemandMilli: outcome.shell.mainBusy && !idle ? 1000 : 0,
    shell: outcome.shell,
    ...killed,
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
  hostname: (env) => setHostname(env),
  env: (env) => exits(0, `${processEnv(env).join('\n')}\n`),
  printenv: (env) => exits(0, `${processEnv(env).join('\n')}\n`),
  ip: (env) => ipCommand(env),
  whoami,
  id,
  grep,
  head,
  tail,
  wc,
  stat,
  chown,
  readlink: (env) => {
    const arg = env.args.at(-1);
    const target =
      arg === undefined ? undefined : env.proc.links[normalizePath(arg, env.cwd || '/')];
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
  // runc stats a path it is given; something there that is not executable (a plain file, a
  // directory) fails execve with EACCES, which dockerd reports as 126.
  const there = path.includes('/') ? env.fs?.node(normalizePath(path, env.cwd || '/')) : null;
  if (there && (there.kind === 'dir' || (there.kind === 'file' && (there.mode & 0o111) === 0)))
    return { kind: 'not-found', exitCode: 126, message: `exec: "${path}": permission denied` };
  if (!program) {
    const message = path.includes('/')
      ? `exec: "${path}": stat ${path}: no such file or directory`
      : `exec: "${path}": executable file not found in $PATH`;
    return { kind: 'not-found', exitCode: 127, message };
  }
  return keepOutput(runAs(program, name, env));
}

/**
 * Output the simulator keeps of one program: the world holds logs as text in every snapshot,
 * so megabytes of `head -c 100m /dev/zero` output are cut, and the cut said on stderr.
 */
export const MAX_KEPT_OUTPUT_BYTES = 4 * 1024 * 1024;

function keepOutput(plan: ProgramPlan): ProgramPlan {
  if (plan.kind === 'not-found' || plan.stdout.length <= MAX_KEPT_OUTPUT_BYTES) return plan;
  const note = `(hypervisual: ${plan.stdout.length} bytes of output, the first ${MAX_KEPT_OUTPUT_BYTES} kept)\n`;
  return plan.kind === 'exits'
    ? { ...plan, stdout: plan.stdout.slice(0, MAX_KEPT_OUTPUT_BYTES), stderr: plan.stderr + note }
    : { ...plan, stdout: plan.stdout.slice(0, MAX_KEPT_OUTPUT_BYTES) };
}

/**
 * Run a program as its own process: file operations checked against its user and capabilities,
 * and /proc/self/status describing it.
 */
function runAs(program: Program, name: string, env: ProgramEnvironment): ProgramPlan {
  // The image's /etc/passwd is read only when no identity was resolved at start (a build step):
  // reading it goes through the kernel's files, which would build the whole /proc view.
  const identity = env.identity ?? identityOf(env, accountsOf(env));
  const caps = effectiveCapabilities(env);
  if (env.fs) {
    env.fs.credentials = {
      uid: identity.uid,
      gid: identity.gid,
      dacOverride: caps.includes('DAC_OVERRIDE'),
      chown: caps.includes('CHOWN'),
      fowner: caps.includes('FOWNER'),
    };
  }
  // Built only if the program reads /proc or /sys: most (sleep, servers) never do.
  const proc = lazyProcView(() => {
    const status = procStatusText({
      name,
      pid: env.processes.at(-1)?.pid ?? 1,
      ppid: 0,
      identity,
      bounding: env.capabilities ?? DOCKER_DEFAULT_CAPABILITIES,
      privileged: env.privileged ?? false,
      cpuCount: env.cpuCount,
    });
    return { ...env.proc, files: { ...env.proc.files, '/proc/self/status': status } };
  });
  return program({ ...env, identity, proc });
}

export function knownPrograms(): string[] {
  return Object.keys(PROGRAMS);
}
