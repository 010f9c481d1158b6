// A process asks its kernel for memory. If a cgroup limit or the machine's RAM is in the way,
// the OOM killer runs first (one event per victim); the charge is recorded only if it then fits.
import type { StepContext } from '../world/context.ts';
import { planMemoryCharge } from './oom.ts';

export interface MemoryOutcome {
  granted: boolean;
  killed: { pid: number; comm: string; scope: 'cgroup' | 'global' }[];
}

export function requestMemory(
  ctx: StepContext,
  kernelId: string,
  pid: number,
  bytes: number,
): MemoryOutcome {
  const kernel = ctx.world.kernels[kernelId];
  if (!kernel) throw new Error(`no kernel ${kernelId}`);
  const plan = planMemoryCharge(kernel, pid, bytes);
  const killed: MemoryOutcome['killed'] = [];
  for (const kill of plan.kills) {
    const victim = ctx.world.kernels[kernelId]!.processes[kill.pid]!;
    killed.push({ pid: kill.pid, comm: victim.comm, scope: kill.scope });
    ctx.emit({
      kind: 'oom.kill',
      kernelId,
      pid: kill.pid,
      comm: victim.comm,
      scope: kill.scope,
      cgroupPath: kill.cgroupPath,
      freedBytes: kill.freedBytes,
    });
  }
  if (plan.granted && bytes !== 0) ctx.emit({ kind: 'memory.charge', kernelId, pid, bytes });
  return { granted: plan.granted, killed };
}
