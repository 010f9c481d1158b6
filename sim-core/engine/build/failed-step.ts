// A RUN step whose command fails: the classic builder stops, and does not remove the step's
// container. It stays as a stopped container (`docker ps -a` shows it, Exited (N), with the
// labels the image had so far and the step's command), holding what the command wrote; or, when
// runc could not even start the command, as a container that stays Created.
import { advance } from '../../lifecycle/advance.ts';
import { containerMachine, type ContainerState } from '../../lifecycle/container-machine.ts';
import type { StepContext } from '../../world/context.ts';
import { createContainer } from '../containers/create.ts';
import type { Image } from '../images/image.ts';
import type { FsChange } from '../storage/container-fs.ts';

export interface FailedStep {
  /** The ID "Running in" printed. */
  id: string;
  /** The image the step ran on (the previous step's). */
  image: Image;
  argv: string[];
  changes: readonly FsChange[];
  /** null: runc could not start the command, so the container never left Created. */
  exitCode: number | null;
}

export function leaveFailedContainer(ctx: StepContext, daemonId: string, step: FailedStep): void {
  // FROM scratch has no image to hold a container; the step fails before one exists.
  if (!ctx.world.daemons[daemonId]!.images[step.image.id]) return;
  const id = createContainer(ctx, daemonId, {
    id: step.id,
    imageId: step.image.id,
    imageName: step.image.id,
    cmd: step.argv,
    // The builder runs the step's command itself, never the image's entrypoint.
    entrypoint: [],
    env: [...step.image.config.env],
  });
  for (const change of step.changes)
    ctx.emit({
      kind: 'overlay.change',
      daemonId,
      containerId: id,
      path: change.path,
      entry: change.entry,
    });
  if (step.exitCode === null) return;
  let state: ContainerState = 'created';
  for (const event of ['START', 'EXIT'] as const) {
    const next: ContainerState = advance<ContainerState>(containerMachine, state, event).state;
    ctx.emit({
      kind: 'container.state',
      daemonId,
      containerId: id,
      event,
      from: state,
      to: next,
      ...(event === 'EXIT' ? { exitCode: step.exitCode } : {}),
    });
    state = next;
  }
}
