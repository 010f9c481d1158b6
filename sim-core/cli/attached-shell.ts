// The terminal attached to a shell in a container (`docker run -it`, `docker exec -it`): each
// line typed is a command of that shell, run inside the container with the shell's directory
// and variables, the way docker exec runs one; `exit` ends the shell and gives the terminal back.
import { containerIdentity } from '../engine/containers/credentials.ts';
import { execInContainer } from '../engine/containers/exec.ts';
import { finishContainer } from '../engine/containers/stop.ts';
import { containerFs } from '../engine/storage/commit-changes.ts';
import type { StepContext } from '../world/context.ts';
import { UserError } from '../world/user-error.ts';
import type { ClientAttachment } from '../client/attachment.ts';
import type { DeepReadonly } from '../world/world.ts';

/** Programs that read command lines from the terminal they are given. */
const SHELLS = new Set(['sh', 'ash', 'bash']);

/** Whether `argv` starts an interactive shell (not `sh -c SCRIPT`), which a terminal can drive. */
export function isInteractiveShell(argv: readonly string[]): boolean {
  const [path, ...args] = argv;
  return path !== undefined && SHELLS.has(path.split('/').pop()!) && !args.includes('-c');
}

/** Hand the client's terminal to the shell `shellPid` of the container. */
export function attachTerminal(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  shell: { shellPid: number; main: boolean; user: string; env: string[]; workingDir: string },
): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  const userSpec = shell.user === '' ? container.config.user : shell.user;
  const identity = containerIdentity(userSpec, containerFs(ctx, daemonId, containerId));
  ctx.emit({
    kind: 'client.attach',
    attachment: {
      daemonId,
      containerId,
      shellPid: shell.shellPid,
      main: shell.main,
      cwd: shell.workingDir === '' ? '/' : shell.workingDir,
      user: shell.user,
      env: shell.env,
      root: !('error' in identity) && identity.uid === 0,
    },
  });
}

/** The attachment, if its shell still runs; otherwise the terminal goes back to the client. */
export function liveAttachment(ctx: StepContext): DeepReadonly<ClientAttachment> | null {
  const attached = ctx.world.client.attached;
  if (!attached) return null;
  const daemon = ctx.world.daemons[attached.daemonId];
  const container = daemon?.containers[attached.containerId];
  const running =
    container?.state === 'running' &&
    ctx.world.kernels[daemon!.kernelId]!.processes[attached.shellPid] !== undefined;
  if (running) return attached;
  ctx.emit({ kind: 'client.detach' });
  return null;
}

const DETACH_KEYS = '^P^Q';
const EXIT = /^exit(?:\s+(-?\d+))?$/;
const CD = /^cd(?:\s+(\S+))?$/;

/** Single-quote a word for the shell. */
const quoted = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** busybox's interactive shell names no line number in its errors; `sh -c` does. */
const interactiveErrors = (text: string) =>
  text.replace(/^sh: ([^:\n]+): line \d+: /gm, 'sh: $1: ');

export function runAttachedLine(
  ctx: StepContext,
  attached: DeepReadonly<ClientAttachment>,
  line: string,
): number {
  const text = line.trim();
  if (text === '') return ctx.world.lastExitCode;
  // Docker's detach keys, Ctrl-P Ctrl-Q, typed as the line '^P^Q' (a line terminal cannot send
  // them alone): the terminal goes back to the client and the shell runs on.
  if (text === DETACH_KEYS) {
    ctx.emit({ kind: 'client.detach' });
    return 0;
  }
  const exit = EXIT.exec(text);
  if (exit)
    return exitShell(ctx, attached, exit[1] ? Number(exit[1]) & 255 : ctx.world.lastExitCode);
  const cd = CD.exec(text);
  // cd is the shell's own: it is checked in the container and the directory kept for later lines.
  const script = cd ? `cd${cd[1] === undefined ? '' : ` ${quoted(cd[1])}`} && pwd` : line;
  try {
    const outcome = execInContainer(ctx, attached.daemonId, attached.containerId, {
      argv: ['sh', '-c', script],
      env: [...attached.env],
      workingDir: attached.cwd,
      ...(attached.user !== '' ? { user: attached.user } : {}),
      detach: false,
      parentPid: attached.shellPid,
    });
    if (outcome.kind === 'failed') {
      ctx.err(outcome.message);
      return outcome.exitCode;
    }
    if (cd && outcome.kind === 'exited' && outcome.exitCode === 0) {
      ctx.emit({
        kind: 'client.attach',
        attachment: { ...attached, env: [...attached.env], cwd: outcome.stdout.trim() },
      });
      return 0;
    }
    ctx.write('stdout', outcome.stdout);
    if (outcome.kind === 'exited') {
      ctx.write('stderr', interactiveErrors(outcome.stderr));
      return outcome.exitCode;
    }
    ctx.err(`(${text.split(/\s/)[0]} keeps running; the simulator does not hold the terminal)`);
    return 0;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    ctx.err(error.message);
    return error.exitCode;
  }
}

/** `exit N`: the shell ends; the container's main shell takes the container with it. */
function exitShell(
  ctx: StepContext,
  attached: DeepReadonly<ClientAttachment>,
  exitCode: number,
): number {
  const { daemonId, containerId, shellPid } = attached;
  ctx.emit({ kind: 'client.detach' });
  if (attached.main) finishContainer(ctx, daemonId, containerId, exitCode, null);
  else {
    const kernelId = ctx.world.daemons[daemonId]!.kernelId;
    ctx.emit({ kind: 'process.exit', kernelId, pid: shellPid, exitCode, signal: null });
  }
  return exitCode;
}
