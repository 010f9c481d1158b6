// Letting simulated time pass (`sleep`, a download, docker stop's grace period). Whatever was
// due to happen in that time happens, in time order: a container running `sleep 5` exits five
// seconds after it started, even while the learner's shell is itself sleeping.
import { finishContainer } from '../engine/containers/stop.ts';
import { startContainer } from '../engine/containers/start.ts';
import { measureCpu, MEASURE_WINDOW_NS } from '../kernel/cpu-share.ts';
import type { StepContext } from './context.ts';
import { UserError } from './user-error.ts';

interface Due {
  atNs: number;
  daemonId: string;
  containerId: string;
  /** exit: its main process ends on its own; restart: its restart back-off is over. */
  what: 'exit' | 'restart';
}

function nextDue(ctx: StepContext, untilNs: number): Due | null {
  let best: Due | null = null;
  for (const daemon of Object.values(ctx.world.daemons)) {
    for (const container of Object.values(daemon.containers)) {
      const what = container.state === 'restarting' ? 'restart' : 'exit';
      const at = what === 'restart' ? container.restartAtNs : container.exitAtNs;
      if ((container.state !== 'running' && what === 'exit') || at === null || at > untilNs)
        continue;
      if (!best || at < best.atNs)
        best = { atNs: at, daemonId: daemon.id, containerId: container.id, what };
    }
  }
  return best;
}

/**
 * Account the CPU the scheduler hands out over `durationNs` into every kernel's cgroups
 * (cpu.stat) and processes. The scheduler runs a window of at most one second; a longer stretch
 * is the same steady state, so its counters are scaled up.
 */
function accountCpu(ctx: StepContext, durationNs: number): void {
  if (durationNs <= 0) return;
  for (const kernel of Object.values(ctx.world.kernels)) {
    if (!Object.values(kernel.processes).some((process) => process.cpuDemandMilli > 0)) continue;
    const windowNs = Math.min(durationNs, MEASURE_WINDOW_NS);
    const measured = measureCpu(kernel, { windowNs });
    const scale = durationNs / windowNs;
    const groups = [...measured.perGroup.entries()].map(([path, stat]) => ({
      path,
      usageNs: Math.round(stat.usageNs * scale),
      nrPeriods: Math.round(stat.nrPeriods * scale),
      nrThrottled: Math.round(stat.nrThrottled * scale),
      throttledNs: Math.round(stat.throttledNs * scale),
    }));
    const processes = [...measured.perPid.entries()].map(([pid, milli]) => ({
      pid,
      cpuNs: Math.round((milli * durationNs) / 1000),
    }));
    ctx.emit({ kind: 'cpu.account', kernelId: kernel.id, durationNs, groups, processes });
  }
}

function advanceAccounted(ctx: StepContext, durationNs: number, reason: string): void {
  accountCpu(ctx, durationNs);
  ctx.advance(durationNs, reason);
}

/** dockerd's restart manager starts the container again; if that fails it stays exited. */
function restartNow(ctx: StepContext, daemonId: string, containerId: string): void {
  let started = false;
  try {
    started = startContainer(ctx, daemonId, containerId, 'restart-manager').ok;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
  }
  const container = ctx.world.daemons[daemonId]!.containers[containerId];
  if (!started && container?.state === 'restarting')
    ctx.emit({
      kind: 'container.state',
      daemonId,
      containerId,
      event: 'EXIT',
      from: 'restarting',
      to: 'exited',
    });
}

export function passTime(ctx: StepContext, durationNs: number, reason: string): void {
  const untilNs = ctx.nowNs + durationNs;
  for (let due = nextDue(ctx, untilNs); due; due = nextDue(ctx, untilNs)) {
    advanceAccounted(ctx, Math.max(0, due.atNs - ctx.nowNs), reason);
    if (due.what === 'exit') finishContainer(ctx, due.daemonId, due.containerId, 0, null);
    else restartNow(ctx, due.daemonId, due.containerId);
  }
  advanceAccounted(ctx, untilNs - ctx.nowNs, reason);
}
