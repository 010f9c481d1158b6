// dockerd's restart manager: when a container's main process ends on its own, its --restart
// policy decides whether dockerd starts it again. Each restart waits longer than the last (the
// delay doubles from 100 ms, up to a minute; a run of 10 s or more starts the doubling over),
// so a container that keeps failing does not flood the host. While it waits the container is
// `restarting`; docker stop or kill cancels the wait and leaves it exited.
import { calibratedValue } from '../../calibration/calibration.ts';
import { advance } from '../../lifecycle/advance.ts';
import { containerMachine, type ContainerState } from '../../lifecycle/container-machine.ts';
import type { StepContext } from '../../world/context.ts';
import type { DeepReadonly } from '../../world/world.ts';
import type { Container } from './container.ts';

export interface RestartDecision {
  restart: boolean;
  /** The back-off the manager reached; kept even when it does not restart, as dockerd does. */
  delayNs: number;
}

/** What dockerd's ShouldRestart answers for a container whose process just ended. */
export function restartDecision(
  container: DeepReadonly<Container>,
  exitCode: number,
  ranNs: number,
): RestartDecision {
  const policy = container.hostConfig.restartPolicy;
  if (policy.name === 'no' || container.manuallyStopped)
    return { restart: false, delayNs: container.restartDelayNs };
  const initial = calibratedValue('container.restart.backoffInitial.ns');
  const max = calibratedValue('container.restart.backoffMax.ns');
  const previous =
    ranNs >= calibratedValue('container.restart.backoffReset.ns') ? 0 : container.restartDelayNs;
  const delayNs = previous === 0 ? initial : Math.min(max, previous * 2);
  let restart = false;
  if (policy.name === 'always' || policy.name === 'unless-stopped') restart = true;
  else if (policy.maximumRetryCount === 0 || container.restartCount < policy.maximumRetryCount)
    restart = exitCode !== 0;
  return { restart, delayNs };
}

/**
 * The process has ended and the policy says restart: the container goes to `restarting` with
 * the exit code it ended with, and dockerd starts it again after the back-off delay.
 */
export function scheduleRestart(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  exitCode: number,
  delayNs: number,
): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  const next = advance<ContainerState>(containerMachine, container.state, 'RESTART');
  if (!next.ok) return;
  ctx.emit({
    kind: 'container.state',
    daemonId,
    containerId,
    event: 'RESTART',
    from: container.state,
    to: next.state,
    exitCode,
  });
  ctx.emit({
    kind: 'container.restartPlan',
    daemonId,
    containerId,
    restartAtNs: ctx.nowNs + delayNs,
    restartDelayNs: delayNs,
  });
}

/**
 * docker stop, kill or rm -f: the restart manager is cancelled, so the container is not
 * restarted when its process ends (and a pending restart does not happen).
 */
export function cancelRestarts(ctx: StepContext, daemonId: string, containerId: string): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  if (container.hostConfig.restartPolicy.name === 'no') return;
  if (!container.manuallyStopped || container.restartAtNs !== null)
    ctx.emit({
      kind: 'container.restartPlan',
      daemonId,
      containerId,
      manuallyStopped: true,
      restartAtNs: null,
    });
  if (container.state === 'restarting') {
    ctx.emit({
      kind: 'container.state',
      daemonId,
      containerId,
      event: 'EXIT',
      from: 'restarting',
      to: 'exited',
    });
  }
}

/** docker start and restart give the container a fresh restart manager: count and delay reset. */
export function resetRestartManager(ctx: StepContext, daemonId: string, containerId: string): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  if (container.restartCount === 0 && container.restartDelayNs === 0 && !container.manuallyStopped)
    return;
  ctx.emit({
    kind: 'container.restartPlan',
    daemonId,
    containerId,
    restartCount: 0,
    restartDelayNs: 0,
    manuallyStopped: false,
    restartAtNs: null,
  });
}
