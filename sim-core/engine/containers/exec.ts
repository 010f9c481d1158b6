// `docker exec`: a new process in a running container. runc joins the container's existing
// namespaces (setns) and cgroup instead of creating them: the same isolation, a second process.
import type { StepContext } from '../../world/context.ts';
import { UserError } from '../../world/user-error.ts';
import { replayOomKills } from './oom-children.ts';
import { planProgram, shellToolbox } from './programs.ts';
import { applyNetEffects } from '../networks/net-effects.ts';
import { nextWakeNs, settle, type ContainerShell } from './shell-process.ts';
import { passTime } from '../../world/pass-time.ts';
import { runningEnvironment } from './running-environment.ts';
import { commitFsChanges, containerFs } from '../storage/commit-changes.ts';

export interface ExecRequest {
  argv: string[];
  env: string[];
  workingDir?: string;
  user?: string;
  detach: boolean;
  /** exec -it with the client's terminal: a shell started so waits for lines typed. */
  tty?: boolean;
  /**
   * A line typed into an attached shell: its command is that shell's child, started by the
   * shell itself rather than through the engine's exec API.
   */
  parentPid?: number;
}

export type ExecOutcome =
  | { kind: 'exited'; exitCode: number; stdout: string; stderr: string }
  | { kind: 'running'; stdout: string; pid: number }
  | { kind: 'failed'; exitCode: number; message: string };

export function execInContainer(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  request: ExecRequest,
): ExecOutcome {
  const daemon = ctx.world.daemons[daemonId]!;
  const container = daemon.containers[containerId]!;
  if (container.state === 'paused') {
    throw new UserError(
      `Error response from daemon: Container ${container.name} is paused, unpause the container before exec`,
    );
  }
  if (container.state !== 'running')
    throw new UserError(`Error response from daemon: Container ${container.id} is not running`);
  const kernelId = daemon.kernelId;
  if (request.parentPid === undefined) {
    ctx.emit({
      kind: 'api.request',
      daemonId,
      method: 'POST',
      path: `/v1.41/containers/${container.id}/exec`,
      status: 201,
    });
    ctx.emit({ kind: 'containerd.task', daemonId, containerId, action: 'exec' });
  }
  const [path, ...args] = request.argv;
  const fs = containerFs(ctx, daemonId, containerId);
  const environment = runningEnvironment(ctx, daemonId, containerId, fs, request.argv, {
    env: request.env,
    ...(request.user !== undefined ? { user: request.user } : {}),
    ...(request.workingDir !== undefined ? { workingDir: request.workingDir } : {}),
    ...(request.tty ? { tty: true } : {}),
  });
  const plan = planProgram(path!, environment);
  if (plan.kind === 'not-found') {
    // exec reports runc's failure as 126, whatever the reason.
    return {
      kind: 'failed',
      exitCode: 126,
      message: `OCI runtime exec failed: exec failed: unable to start container process: ${plan.message}: unknown`,
    };
  }
  ctx.emit({
    kind: 'process.spawn',
    kernelId,
    spec: {
      comm: path!.split('/').pop()!.slice(0, 15),
      argv: request.argv,
      role: 'container',
      ppid: request.parentPid ?? daemon.containerdPid,
      ns: { ...container.namespaces },
      cgroupPath: container.cgroupPath,
      cpuDemandMilli: plan.kind === 'runs' ? plan.cpuDemandMilli : 0,
      containerId,
    },
  });
  const pid = ctx.world.kernels[kernelId]!.lastPid;
  if (request.parentPid === undefined)
    ctx.emit({ kind: 'runc.exec', daemonId, containerId, path: path!, args, pid });
  if (plan.oomKilled)
    replayOomKills(
      ctx,
      kernelId,
      { pid, containerId, cgroupPath: container.cgroupPath },
      container.namespaces,
      plan.oomKilled,
    );
  commitFsChanges(ctx, daemonId, containerId, fs);
  applyNetEffects(ctx, daemonId, containerId, pid, environment.net.effects);
  if (plan.kind === 'exits') {
    ctx.emit({ kind: 'process.exit', kernelId, pid, exitCode: plan.exitCode, signal: null });
    return { kind: 'exited', exitCode: plan.exitCode, stdout: plan.stdout, stderr: plan.stderr };
  }
  if (plan.shell && !request.detach) {
    const finished = waitForShell(ctx, daemonId, containerId, request, plan.shell, pid);
    if (finished.exitCode !== null && ctx.world.kernels[kernelId]!.processes[pid])
      ctx.emit({ kind: 'process.exit', kernelId, pid, exitCode: finished.exitCode, signal: null });
    if (finished.exitCode !== null)
      return {
        kind: 'exited',
        exitCode: finished.exitCode,
        stdout: plan.stdout + finished.stdout,
        stderr: plan.stderr + finished.stderr,
      };
    return { kind: 'running', stdout: plan.stdout + finished.stdout, pid };
  }
  return { kind: 'running', stdout: plan.stdout, pid };
}

/** Wake-ups a foreground exec's shell is followed through before it is left running. */
const MAX_EXEC_WAKE_UPS = 1_000;

/**
 * `docker exec` (not -d) of a shell that waits: the client stays attached while simulated time
 * passes (the rest of the world goes on too) until the shell ends, or the container does.
 */
function waitForShell(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  request: ExecRequest,
  start: ContainerShell,
  pid: number,
): { exitCode: number | null; stdout: string; stderr: string } {
  let shell = start;
  let stdout = '';
  let stderr = '';
  for (let turn = 0; turn < MAX_EXEC_WAKE_UPS; turn++) {
    const wake = nextWakeNs(shell);
    if (wake === null) break;
    passTime(
      ctx,
      Math.max(0, wake - ctx.nowNs),
      `docker exec waits in ${containerId.slice(0, 12)}`,
    );
    if (ctx.world.daemons[daemonId]?.containers[containerId]?.state !== 'running')
      return { exitCode: 137, stdout, stderr };
    const fs = containerFs(ctx, daemonId, containerId);
    const env = runningEnvironment(ctx, daemonId, containerId, fs, request.argv, {
      env: request.env,
      ...(request.user !== undefined ? { user: request.user } : {}),
      ...(request.workingDir !== undefined ? { workingDir: request.workingDir } : {}),
    });
    const outcome = settle(structuredClone(shell), shellToolbox(env), ctx.nowNs);
    commitFsChanges(ctx, daemonId, containerId, fs);
    applyNetEffects(ctx, daemonId, containerId, pid, env.net.effects);
    for (const chunk of outcome.output) {
      if (chunk.stream === 'stdout') stdout += chunk.text;
      else stderr += chunk.text;
    }
    if (outcome.exitCode !== null) return { exitCode: outcome.exitCode, stdout, stderr };
    shell = outcome.shell;
  }
  return { exitCode: null, stdout, stderr };
}
