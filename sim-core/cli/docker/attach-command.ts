// docker attach: the client's streams joined to a running container's main process. A container
// started with -it has a shell that reads the terminal: the page's terminal is handed to it, as
// with `docker run -it`. Without -t, attach shows what the container prints until it exits.
import { findContainer } from '../../engine/containers/create.ts';
import { passUntilExit } from '../../world/pass-time.ts';
import { NS_PER_SECOND } from '../../world/units.ts';
import { UserError } from '../../world/user-error.ts';
import { attachTerminal, isInteractiveShell } from '../attached-shell.ts';
import type { DockerCommand } from './image-commands.ts';

/** As `docker run` attached: how long simulated time may pass for the container to exit. */
const WAIT_LIMIT_NS = 3600 * NS_PER_SECOND;

export const attach: DockerCommand = {
  spec: {
    path: 'docker attach',
    usage: 'docker attach [OPTIONS] CONTAINER',
    summary: 'Attach local standard input, output, and error streams to a running container',
    flags: [],
    args: { min: 1, max: 1 },
  },
  run: (ctx, daemonId, _flags, [name]) => {
    const id = findContainer(ctx.world.daemons[daemonId]!, name!);
    if (!id) throw new UserError(`Error: No such container: ${name}`);
    const container = ctx.world.daemons[daemonId]!.containers[id]!;
    if (container.state === 'paused')
      throw new UserError('You cannot attach to a paused container, unpause it first');
    if (container.state !== 'running' || container.pid === null)
      throw new UserError('You cannot attach to a stopped container, start it first');
    if (container.config.tty) {
      // The client checks for its own terminal before it attaches to a container's.
      if (!ctx.tty) throw new UserError('the input device is not a TTY');
      if (
        container.config.openStdin &&
        isInteractiveShell([container.config.path, ...container.config.args])
      ) {
        attachTerminal(ctx, daemonId, id, {
          shellPid: container.pid,
          main: true,
          user: '',
          env: [],
          workingDir: container.config.workingDir,
        });
        return 0;
      }
    }
    const shown = container.logs.length;
    passUntilExit(ctx, daemonId, id, `docker attach waits for ${id.slice(0, 12)}`, WAIT_LIMIT_NS);
    const after = ctx.world.daemons[daemonId]!.containers[id];
    for (const line of after?.logs.slice(shown) ?? []) ctx.write(line.stream, line.text);
    if (after?.state === 'running') {
      ctx.err(
        `(${after.name} keeps running; the simulator does not hold the terminal: see it with 'docker ps', stop it with 'docker stop ${after.name}')`,
      );
      return 0;
    }
    return after?.exitCode ?? 0;
  },
};
