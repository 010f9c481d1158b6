// What connections changed, as events: the sockets a process opened, servers that printed what
// they received or ended after their one connection (nc -l), and the bytes each interface saw.
import type { StepContext } from '../../world/context.ts';
import { finishContainer } from '../containers/stop.ts';
import type { NetEffect } from './net-stack.ts';

export function applyNetEffects(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  pid: number,
  effects: readonly NetEffect[],
): void {
  for (const effect of effects) {
    if (effect.kind === 'listen') {
      ctx.emit({
        kind: 'socket.listen',
        daemonId,
        containerId,
        socket: { ...effect.request, pid },
      });
    } else if (effect.kind === 'traffic') {
      ctx.emit({
        kind: 'network.traffic',
        daemonId,
        from: effect.from,
        to: effect.to,
        bytes: effect.bytes,
        packets: effect.packets,
      });
    } else {
      const server = ctx.world.daemons[daemonId]!.containers[effect.containerId];
      if (!server || server.state !== 'running') continue;
      if (effect.output)
        ctx.emit({
          kind: 'container.log',
          daemonId,
          containerId: effect.containerId,
          stream: 'stdout',
          text: effect.output,
        });
      if (!effect.ends) continue;
      ctx.emit({
        kind: 'socket.close',
        daemonId,
        containerId: effect.containerId,
        port: effect.socket.port,
      });
      // The server process ends with its connection; as the container's main process that ends
      // the container (its script's status is nc's: the usual `... | nc -l -p PORT`).
      const kernelId = ctx.world.daemons[daemonId]!.kernelId;
      if (effect.socket.pid === server.pid)
        finishContainer(ctx, daemonId, effect.containerId, 0, null);
      else if (ctx.world.kernels[kernelId]!.processes[effect.socket.pid])
        ctx.emit({
          kind: 'process.exit',
          kernelId,
          pid: effect.socket.pid,
          exitCode: 0,
          signal: null,
        });
    }
  }
}
