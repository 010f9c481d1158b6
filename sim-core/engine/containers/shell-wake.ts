// The engine's side of a container shell (shell-process.ts): when simulated time reaches the end
// of one of its sleeps, or a signal arrives (docker stop, docker kill -s), its tasks go on; what
// they print goes to the container's log, their new state into the container, and when the main
// shell ends, so does the container, with its status.
import type { StepContext } from '../../world/context.ts';
import { commitFsChanges, containerFs } from '../storage/commit-changes.ts';
import { applyNetEffects } from '../networks/net-effects.ts';
import { shellToolbox } from './programs.ts';
import { runningEnvironment } from './running-environment.ts';
import { deliver, settle, type ContainerShell, type ShellOutcome } from './shell-process.ts';
import { finishContainer } from './stop.ts';

function goOn(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  change: (shell: ContainerShell) => void,
): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  if (!container.shell || container.state !== 'running') return;
  const shell = structuredClone(container.shell) as ContainerShell;
  change(shell);
  const fs = containerFs(ctx, daemonId, containerId);
  const main = [container.config.path, ...container.config.args];
  const env = runningEnvironment(ctx, daemonId, containerId, fs, main);
  // Waiting without end in a program that does not compute (a server) is idle, not busy.
  let idle = false;
  const outcome: ShellOutcome = settle(
    shell,
    shellToolbox(env, () => (idle = true)),
    ctx.nowNs,
  );
  for (const chunk of outcome.output)
    ctx.emit({
      kind: 'container.log',
      daemonId,
      containerId,
      stream: chunk.stream,
      text: chunk.text,
    });
  commitFsChanges(ctx, daemonId, containerId, fs);
  applyNetEffects(ctx, daemonId, containerId, container.pid!, env.net.effects);
  if (outcome.exitCode !== null) {
    finishContainer(ctx, daemonId, containerId, outcome.exitCode, null);
    return;
  }
  ctx.emit({ kind: 'container.shell', daemonId, containerId, shell: outcome.shell });
  // The shell's process wants the CPU while it loops, and none while it sleeps.
  const kernelId = ctx.world.daemons[daemonId]!.kernelId;
  const processes = ctx.world.kernels[kernelId]!.processes;
  const init = processes[container.pid!];
  const shellProcess = container.hostConfig.init
    ? Object.values(processes).find((process) => process.ppid === init?.pid)
    : init;
  const cpuDemandMilli = outcome.shell.mainBusy && !idle ? 1000 : 0;
  if (shellProcess && shellProcess.cpuDemandMilli !== cpuDemandMilli)
    ctx.emit({ kind: 'process.demand', kernelId, pid: shellProcess.pid, cpuDemandMilli });
}

/** Its sleeps that are over at this moment end, and the tasks go on. */
export function wakeShell(ctx: StepContext, daemonId: string, containerId: string): void {
  goOn(ctx, daemonId, containerId, () => {});
}

/** A signal for the container's main process (its shell): trap, ignore, or the end of it. */
export function signalShell(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  signal: string,
): void {
  goOn(ctx, daemonId, containerId, (shell) => {
    const main = shell.tasks.find((task) => task.parentPid === null);
    if (main) deliver(shell, main.pid, signal);
  });
}
