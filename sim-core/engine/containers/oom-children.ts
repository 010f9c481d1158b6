// A script's child that outgrew the cgroup (tail holding a 100 MB line under -m 8m): the
// child is a process of the container, it asks the kernel for the memory, and the kernel's OOM
// killer, confined to the cgroup, picks it (the biggest) and kills it. The shell carries on
// with status 137; dockerd, told of the OOM in the container's cgroup, marks it OOMKilled.
import type { NamespaceKind } from '../../kernel/namespace.ts';
import { requestMemory } from '../../kernel/request-memory.ts';
import type { StepContext } from '../../world/context.ts';
import type { OomKilledChild } from './program-kit.ts';

export function replayOomKills(
  ctx: StepContext,
  kernelId: string,
  parent: { pid: number; containerId: string; cgroupPath: string },
  ns: Partial<Record<NamespaceKind, number>>,
  children: readonly OomKilledChild[],
): void {
  for (const child of children) {
    ctx.emit({
      kind: 'process.spawn',
      kernelId,
      spec: {
        comm: child.comm,
        argv: [...child.argv],
        role: 'container',
        ppid: parent.pid,
        ns: { ...ns },
        cgroupPath: parent.cgroupPath,
        containerId: parent.containerId,
      },
    });
    const pid = ctx.world.kernels[kernelId]!.lastPid;
    const outcome = requestMemory(ctx, kernelId, pid, child.memoryBytes);
    // Under a limit the kernel did not find too small after all, it ends as it would have.
    if (ctx.world.kernels[kernelId]!.processes[pid] && outcome.granted)
      ctx.emit({ kind: 'process.exit', kernelId, pid, exitCode: 0, signal: null });
  }
}
