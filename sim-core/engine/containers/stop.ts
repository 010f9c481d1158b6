// A container's main process ends: on its own, by `docker stop` (SIGTERM, then SIGKILL after
// the grace period: exit 137 when PID 1 ignored TERM), by `docker kill` (SIGKILL: 137), or by
// the OOM killer. Its processes leave the kernel, its cgroup is removed, and with --rm the
// container itself goes too.
import { advance } from '../../lifecycle/advance.ts';
import { containerMachine, type ContainerState } from '../../lifecycle/container-machine.ts';
import type { StepContext } from '../../world/context.ts';
import { NS_PER_SECOND } from '../../world/units.ts';
import { UserError } from '../../world/user-error.ts';
import { disconnectAll } from '../networks/attach.ts';
import { signalName, signalNumber } from '../../userland/shell/trap-builtin.ts';
import { signalShell } from './shell-wake.ts';
import { cancelRestarts, restartDecision, scheduleRestart } from './restart-policy.ts';

export function finishContainer(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  exitCode: number,
  signal: string | null,
): void {
  const daemon = ctx.world.daemons[daemonId]!;
  const container = daemon.containers[containerId]!;
  const kernelId = daemon.kernelId;
  if (container.pid !== null) {
    ctx.emit({ kind: 'containerd.task', daemonId, containerId, action: 'delete' });
    // Every process of the container goes with PID 1 (the kernel kills the whole PID namespace).
    const members = Object.values(ctx.world.kernels[kernelId]!.processes).filter(
      (process) => process.containerId === containerId,
    );
    for (const process of [...members].reverse()) {
      if (ctx.world.kernels[kernelId]!.processes[process.pid]) {
        ctx.emit({ kind: 'process.exit', kernelId, pid: process.pid, exitCode, signal });
      }
    }
  }
  disconnectAll(ctx, daemonId, containerId);
  const current = ctx.world.daemons[daemonId]!.containers[containerId]!;
  const decision =
    current.state === 'running'
      ? restartDecision(current, exitCode, ctx.nowNs - (current.startedAtNs ?? ctx.nowNs))
      : null;
  if (decision && decision.delayNs !== current.restartDelayNs && !decision.restart)
    ctx.emit({
      kind: 'container.restartPlan',
      daemonId,
      containerId,
      restartDelayNs: decision.delayNs,
    });
  if (decision?.restart) {
    scheduleRestart(ctx, daemonId, containerId, exitCode, decision.delayNs);
  } else if (current.state === 'running' || current.state === 'paused') {
    const next = advance<ContainerState>(containerMachine, current.state, 'EXIT');
    ctx.emit({
      kind: 'container.state',
      daemonId,
      containerId,
      event: 'EXIT',
      from: current.state,
      to: next.state,
      exitCode,
    });
  }
  if (ctx.world.kernels[kernelId]!.cgroups[current.cgroupPath])
    ctx.emit({ kind: 'cgroup.remove', kernelId, path: current.cgroupPath });
  if (current.hostConfig.autoRemove) removeContainerRecord(ctx, daemonId, containerId);
}

export function removeContainerRecord(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  removeVolumes = false,
): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  // --rm and rm -v take the container's anonymous volumes with it; named volumes always stay.
  const anonymous = container.mounts
    .filter((mount) => ctx.world.daemons[daemonId]!.volumes[mount.name]?.anonymous)
    .map((mount) => mount.name);
  const removing = advance<ContainerState>(containerMachine, container.state, 'REMOVE');
  if (removing.ok)
    ctx.emit({
      kind: 'container.state',
      daemonId,
      containerId,
      event: 'REMOVE',
      from: container.state,
      to: removing.state,
    });
  ctx.emit({ kind: 'container.remove', daemonId, containerId });
  if (removeVolumes || container.hostConfig.autoRemove) {
    for (const name of anonymous)
      if (volumeInUse(ctx, daemonId, name).length === 0)
        ctx.emit({ kind: 'volume.remove', daemonId, name });
  }
}

export function volumeInUse(ctx: StepContext, daemonId: string, name: string): string[] {
  return Object.values(ctx.world.daemons[daemonId]!.containers)
    .filter((container) => container.mounts.some((mount) => mount.name === name))
    .map((container) => container.id);
}

/** `docker stop -t N`: SIGTERM, then SIGKILL if it is still running after N seconds. */
export function stopContainer(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  graceSeconds: number,
  passTime: (ns: number) => void,
): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'POST',
    path: `/v1.41/containers/${container.id}/stop?t=${graceSeconds}`,
    status: 204,
  });
  cancelRestarts(ctx, daemonId, containerId);
  if (container.state !== 'running' && container.state !== 'paused') return;
  ctx.emit({ kind: 'containerd.task', daemonId, containerId, action: 'kill', signal: 'SIGTERM' });
  if (container.state === 'running') signalMain(ctx, daemonId, containerId, 'TERM');
  // PID 1 ignores SIGTERM it has no handler for: docker waits out the grace period (a shell's
  // trap runs once its sleep ends, within the period).
  passTime(graceSeconds * NS_PER_SECOND);
  if (
    ctx.world.daemons[daemonId]!.containers[containerId]?.state !== 'running' &&
    ctx.world.daemons[daemonId]!.containers[containerId]?.state !== 'paused'
  )
    return;
  ctx.emit({ kind: 'containerd.task', daemonId, containerId, action: 'kill', signal: 'SIGKILL' });
  finishContainer(ctx, daemonId, containerId, 137, 'SIGKILL');
}

export function killContainer(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  signal: string,
): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  const known = signalName(signal);
  if (known === null || known === 'EXIT')
    throw new UserError(`Error response from daemon: Invalid signal: ${signal}`);
  if (
    container.state !== 'running' &&
    container.state !== 'paused' &&
    container.state !== 'restarting'
  ) {
    throw new UserError(
      `Error response from daemon: Cannot kill container: ${container.name}: Container ${container.id} is not running`,
    );
  }
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'POST',
    path: `/v1.41/containers/${container.id}/kill?signal=${signal}`,
    status: 204,
  });
  // Any signal sent by docker cancels the restart manager; a restarting container has no
  // process to signal, and simply stays exited.
  cancelRestarts(ctx, daemonId, containerId);
  if (container.state === 'restarting') return;
  ctx.emit({ kind: 'containerd.task', daemonId, containerId, action: 'kill', signal });
  const name = signalName(signal);
  if (name === 'KILL') finishContainer(ctx, daemonId, containerId, 137, 'SIGKILL');
  else if (name !== null && container.state === 'running')
    signalMain(ctx, daemonId, containerId, name);
}

/**
 * A signal (TERM, HUP...) for the container's main process. A shell decides with its traps; a
 * server exits on TERM; a plain program as PID 1 has no handler and the kernel keeps the signal
 * from it, but under --init docker-init forwards it to the program, which dies of it (128+N).
 */
function signalMain(ctx: StepContext, daemonId: string, containerId: string, name: string): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  if (container.shell) {
    signalShell(ctx, daemonId, containerId, name);
    return;
  }
  if (name === 'TERM' && container.exitsOnSigterm) {
    finishContainer(ctx, daemonId, containerId, 0, 'SIGTERM');
    return;
  }
  if (container.hostConfig.init && !['CHLD', 'CONT', 'URG', 'WINCH'].includes(name))
    finishContainer(ctx, daemonId, containerId, 128 + signalNumber(name), `SIG${name}`);
}

export function removeContainer(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  force: boolean,
  removeVolumes = false,
): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  if (
    container.state === 'running' ||
    container.state === 'paused' ||
    container.state === 'restarting'
  ) {
    if (!force) {
      const procedure = 'stop the container before attempting removal or force remove';
      throw new UserError(
        `Error response from daemon: You cannot remove a ${container.state} container ${container.id}. ${container.state === 'paused' ? `Unpause and then ${procedure}` : `S${procedure.slice(1)}`}`,
      );
    }
    killContainer(ctx, daemonId, containerId, 'SIGKILL');
  }
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'DELETE',
    path: `/v1.41/containers/${container.id}${force ? '?force=1' : ''}`,
    status: 204,
  });
  if (ctx.world.daemons[daemonId]!.containers[containerId])
    removeContainerRecord(ctx, daemonId, containerId, removeVolumes);
}
