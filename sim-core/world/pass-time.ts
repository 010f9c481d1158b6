// Letting simulated time pass (`sleep`, a download, docker stop's grace period). Whatever was
// due to happen in that time happens, in time order: a container running `sleep 5` exits five
// seconds after it started, even while the learner's shell is itself sleeping.
import { finishContainer } from '../engine/containers/stop.ts';
import { measureCpu, MEASURE_WINDOW_NS } from '../kernel/cpu-share.ts';
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

export function passTime(ctx: StepContext, durationNs: number, reason: string): void {
  const untilNs = ctx.nowNs + durationNs;
  for (let due = nextDue(ctx, untilNs); due; due = nextDue(ctx, untilNs)) {
    advanceAccounted(ctx, Math.max(0, due.atNs - ctx.nowNs), reason);
    finishContainer(ctx, due.daemonId, due.containerId, 0, null);
  }
  advanceAccounted(ctx, untilNs - ctx.nowNs, reason);
}
