// The OOM killer. When an allocation would push a cgroup past memory.max, or the whole kernel
// past its RAM, the kernel kills the process with the highest "badness" (roughly its resident
// memory, mm/oom_kill.c: oom_badness) and retries. Init and kernel threads are never chosen.
import { cgroupChain } from './cgroup.ts';
import { kernelMemoryFreeBytes, type ReadonlyKernel } from './kernel.ts';
import type { DeepReadonly } from '../world/world.ts';
import type { Process } from './process.ts';

export interface OomKill {
  pid: number;
  /** 'cgroup': a memory.max was hit (the container case); 'global': the machine ran out. */
  scope: 'cgroup' | 'global';
  cgroupPath: string | null;
  freedBytes: number;
}

export interface MemoryChargePlan {
  kills: OomKill[];
  /** False when the allocating process itself was the victim. */
  granted: boolean;
}

function killable(process: DeepReadonly<Process>): boolean {
  return (
    process.role !== 'init' &&
    process.role !== 'kthread' &&
    process.role !== 'vcpu' &&
    process.role !== 'hypervisor'
  );
}

function inSubtree(process: DeepReadonly<Process>, path: string): boolean {
  const at = process.cgroupPath;
  return at !== null && (path === '/' || at === path || at.startsWith(`${path}/`));
}

/** The victim among candidates: highest badness, the earliest in the task list on a tie. */
function chooseVictim(
  candidates: DeepReadonly<Process>[],
  badness: (process: DeepReadonly<Process>) => number,
): DeepReadonly<Process> | null {
  let chosen: DeepReadonly<Process> | null = null;
  let chosenPoints = -1;
  for (const process of candidates) {
    const points = badness(process);
    if (points > chosenPoints) {
      chosen = process;
      chosenPoints = points;
    }
  }
  return chosen;
}

/**
 * What happens when process `pid` asks for `deltaBytes` more: which processes the OOM killer
 * kills first (possibly `pid` itself), and whether the allocation then succeeds. Pure: reads the
 * kernel, changes nothing; the caller emits the kills and the charge as events.
 */
export function planMemoryCharge(
  kernel: ReadonlyKernel,
  pid: number,
  deltaBytes: number,
): MemoryChargePlan {
  const target = kernel.processes[pid];
  if (!target) throw new Error(`no process ${pid} in ${kernel.id}`);
  const freed = new Map<number, number>();
  const kills: OomKill[] = [];
  const badness = (process: DeepReadonly<Process>) =>
    process.memoryBytes + (process.pid === pid ? deltaBytes : 0);
  const alive = (process: DeepReadonly<Process>) => !freed.has(process.pid) && killable(process);
  for (let guard = 0; guard < 10_000; guard++) {
    const freedBytes = (filter: (process: DeepReadonly<Process>) => boolean) =>
      [...freed.entries()].reduce(
        (sum, [victim, bytes]) => sum + (filter(kernel.processes[victim]!) ? bytes : 0),
        0,
      );
    const groupHit =
      target.cgroupPath === null
        ? null
        : (cgroupChain(kernel.cgroups, target.cgroupPath).find((group) => {
            const max = group.memory.maxBytes;
            const used =
              group.memory.currentBytes - freedBytes((process) => inSubtree(process, group.path));
            return max !== null && used + deltaBytes > max;
          }) ?? null);
    const globalShort = kernelMemoryFreeBytes(kernel) + freedBytes(() => true) < deltaBytes;
    if (!groupHit && !globalShort) return { kills, granted: true };
    const scope = groupHit ? 'cgroup' : 'global';
    const candidates = Object.values(kernel.processes).filter(
      (process) => alive(process) && (!groupHit || inSubtree(process, groupHit.path)),
    );
    const victim = chooseVictim(candidates, badness);
    if (!victim) return { kills, granted: false };
    kills.push({
      pid: victim.pid,
      scope,
      cgroupPath: groupHit?.path ?? null,
      freedBytes: victim.memoryBytes,
    });
    if (victim.pid === pid) return { kills, granted: false };
    freed.set(victim.pid, victim.memoryBytes);
  }
  throw new Error('OOM planning did not converge');
}
