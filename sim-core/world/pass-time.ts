// Letting simulated time pass (`sleep`, a download, docker stop's grace period). Whatever was
// due to happen in that time happens, in time order: a container running `sleep 5` exits five
// seconds after it started, even while the learner's shell is itself sleeping.
import { finishContainer } from '../engine/containers/stop.ts';
import { nextWakeNs } from '../engine/containers/shell-process.ts';
import { wakeShell } from '../engine/containers/shell-wake.ts';
import { startContainer } from '../engine/containers/start.ts';
import { measureCpu, MEASURE_WINDOW_NS } from '../kernel/cpu-share.ts';
import type { StepContext } from './context.ts';
import { UserError } from './user-error.ts';
import type { DeepReadonly } from './world.ts';
import type { Container } from '../engine/containers/container.ts';

interface Due {
  atNs: number;
  daemonId: string;
  containerId: string;
  /** exit: its main process ends on its own; shell: its shell goes on after a sleep;
   *  restart: its restart back-off is over. */
  what: 'exit' | 'shell' | 'restart';
}

function nextDue(ctx: StepContext, untilNs: number): Due | null {
  let best: Due | null = null;
  for (const daemon of Object.values(ctx.world.daemons)) {
    for (const container of Object.values(daemon.containers)) {
      const candidates: [number | null, Due['what']][] =
        container.state === 'restarting'
          ? [[container.restartAtNs, 'restart']]
          : container.state === 'running'
            ? [
                [container.exitAtNs, 'exit'],
                [container.shell ? nextWakeNs(container.shell) : null, 'shell'],
              ]
            : [];
      for (const [at, what] of candidates) {
        if (at === null || at > untilNs) continue;
        if (!best || at < best.atNs)
          best = { atNs: at, daemonId: daemon.id, containerId: container.id, what };
      }
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

/**
 * When the container's main process will next do something on its own (exit after its sleep,
 * or its shell go on), or null if nothing will happen without a signal.
 */
export function nextActivityNs(container: DeepReadonly<Container>): number | null {
  if (container.state !== 'running') return null;
  const wake = container.shell ? nextWakeNs(container.shell) : null;
  if (container.exitAtNs === null) return wake;
  return wake === null ? container.exitAtNs : Math.min(wake, container.exitAtNs);
}

const MAX_WAKE_UPS = 200;

/**
 * Lets time pass until the container exits, as `docker run` (attached), `docker wait` and the
 * grace period of `docker stop` do. False when it still runs after `limitNs` (or would run
 * forever: nothing is due); with `wholeLimit` the rest of the limit then passes too.
 */
export function passUntilExit(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  reason: string,
  limitNs: number,
  wholeLimit = false,
): boolean {
  const endNs = ctx.nowNs + limitNs;
  for (let turn = 0; ; turn++) {
    const container = ctx.world.daemons[daemonId]?.containers[containerId];
    if (!container || (container.state !== 'running' && container.state !== 'paused')) return true;
    const next = container.state === 'paused' ? null : nextActivityNs(container);
    // A script that keeps waking up (a loop around a short sleep) is given up on after
    // MAX_WAKE_UPS of them, so that one command cannot take the simulator minutes.
    if (next === null || next > endNs || (!wholeLimit && turn >= MAX_WAKE_UPS)) {
      if (wholeLimit) passTime(ctx, endNs - ctx.nowNs, reason);
      return false;
    }
    passTime(ctx, Math.max(0, next - ctx.nowNs), reason);
  }
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
    if (due.what === 'shell') wakeShell(ctx, due.daemonId, due.containerId);
    else if (due.what === 'exit') finishContainer(ctx, due.daemonId, due.containerId, 0, null);
    else restartNow(ctx, due.daemonId, due.containerId);
  }
  advanceAccounted(ctx, untilNs - ctx.nowNs, reason);
}
