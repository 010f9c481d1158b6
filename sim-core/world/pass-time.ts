// Letting simulated time pass (`sleep`, a download, docker stop's grace period). Whatever was
// due to happen in that time happens, in time order: a container running `sleep 5` exits five
// seconds after it started, even while the learner's shell is itself sleeping.
import { finishContainer } from '../engine/containers/stop.ts';
import type { StepContext } from './context.ts';

interface Due {
  atNs: number;
  daemonId: string;
  containerId: string;
}

function nextDue(ctx: StepContext, untilNs: number): Due | null {
  let best: Due | null = null;
  for (const daemon of Object.values(ctx.world.daemons)) {
    for (const container of Object.values(daemon.containers)) {
      const at = container.exitAtNs;
      if (container.state !== 'running' || at === null || at > untilNs) continue;
      if (!best || at < best.atNs)
        best = { atNs: at, daemonId: daemon.id, containerId: container.id };
    }
  }
  return best;
}

export function passTime(ctx: StepContext, durationNs: number, reason: string): void {
  const untilNs = ctx.nowNs + durationNs;
  for (let due = nextDue(ctx, untilNs); due; due = nextDue(ctx, untilNs)) {
    ctx.advance(Math.max(0, due.atNs - ctx.nowNs), reason);
    finishContainer(ctx, due.daemonId, due.containerId, 0, null);
  }
  ctx.advance(untilNs - ctx.nowNs, reason);
}
