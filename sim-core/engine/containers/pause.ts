// `docker pause` freezes every process of a container through the cgroup freezer: they stay in
// memory, keep their PIDs, and get no CPU until `docker unpause` thaws them.
import { advance } from '../../lifecycle/advance.ts';
import { containerMachine, type ContainerState } from '../../lifecycle/container-machine.ts';
import type { StepContext } from '../../world/context.ts';
import { UserError } from '../../world/user-error.ts';

export function pauseContainer(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  pause: boolean,
): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  if (pause && container.state === 'paused')
    throw new UserError(`Error response from daemon: Container ${container.id} is already paused`);
  if (!pause && container.state === 'running')
    throw new UserError(`Error response from daemon: Container ${container.id} is not paused`);
  const event = pause ? 'PAUSE' : 'UNPAUSE';
  const next = advance<ContainerState>(containerMachine, container.state, event);
  if (!next.ok)
    throw new UserError(`Error response from daemon: Container ${container.id} is not running`);
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'POST',
    path: `/v1.41/containers/${container.id}/${pause ? 'pause' : 'unpause'}`,
    status: 204,
  });
  ctx.emit({ kind: 'containerd.task', daemonId, containerId, action: pause ? 'pause' : 'resume' });
  ctx.emit({
    kind: 'container.state',
    daemonId,
    containerId,
    event,
    from: container.state,
    to: next.state,
  });
}

export function renameContainer(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  name: string,
): void {
  const daemon = ctx.world.daemons[daemonId]!;
  const container = daemon.containers[containerId]!;
  if (name === container.name)
    throw new UserError(
      'Error response from daemon: Renaming a container with the same name as its current name',
    );
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) {
    throw new UserError(
      `Error response from daemon: Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
    );
  }
  const holder = daemon.containerNames[name];
  if (holder) {
    throw new UserError(
      `Error response from daemon: Error when allocating new name: Conflict. The container name "/${name}" is already in use by container "${holder}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
  }
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'POST',
    path: `/v1.41/containers/${container.id}/rename?name=${name}`,
    status: 204,
  });
  ctx.emit({ kind: 'container.rename', daemonId, containerId, name });
}
