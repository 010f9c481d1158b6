// Starting an app straight on an OS: one process in the root namespaces and the root cgroup,
// with nothing to bound it. Its memory comes from the same pool as everyone else's, so a
// greedy app can wake the OOM killer, and its busy threads compete for every CPU.
import { requestMemory } from '../kernel/request-memory.ts';
import type { StepContext } from '../world/context.ts';
import { checkNewName, findByName } from '../world/names.ts';
import { UserError } from '../world/user-error.ts';
import { peekId } from '../world/world.ts';

export interface AppRequest {
  name: string;
  on: string;
  cpuDemandMilli: number;
  memoryBytes: number;
}

export interface AppRunOutcome {
  appId: string;
  killed: { pid: number; comm: string; scope: 'cgroup' | 'global' }[];
  granted: boolean;
}

function placement(
  ctx: StepContext,
  on: string,
): { kernelId: string; placedOn: { kind: 'host' | 'vm'; id: string } } {
  const target = findByName(ctx.world, on);
  if (!target || target.kind === 'app') throw new UserError(`No such host or VM: ${on}`);
  if (target.kind === 'host') {
    const host = ctx.world.hosts[target.id]!;
    const kernel = ctx.world.kernels[host.kernelId]!;
    if (kernel.family === 'hypervisor') {
      throw new UserError(
        `host ${host.name} runs ${kernel.name}, a type 1 hypervisor with no general-purpose OS: run the app in a VM`,
      );
    }
    return { kernelId: kernel.id, placedOn: target };
  }
  const vm = ctx.world.vms[target.id]!;
  if (vm.state !== 'running' || !vm.guestKernelId) {
    throw new UserError(`VM ${vm.name} is ${vm.state}: start it first ('hv vm start ${vm.name}')`);
  }
  return { kernelId: vm.guestKernelId, placedOn: target };
}

export function runApp(ctx: StepContext, request: AppRequest): AppRunOutcome {
  checkNewName(ctx.world, request.name);
  const { kernelId, placedOn } = placement(ctx, request.on);
  const appId = peekId(ctx.world, 'app');
  ctx.emit({
    kind: 'process.spawn',
    kernelId,
    spec: {
      comm: request.name.slice(0, 15),
      argv: [`/usr/local/bin/${request.name}`],
      role: 'app',
      ppid: 1,
      cpuDemandMilli: request.cpuDemandMilli,
      appId,
    },
  });
  const pid = ctx.world.kernels[kernelId]!.lastPid;
  ctx.emit({
    kind: 'app.run',
    app: {
      id: appId,
      name: request.name,
      kernelId,
      placedOn: { ...placedOn },
      pid,
      cpuDemandMilli: request.cpuDemandMilli,
      memoryBytes: request.memoryBytes,
      state: 'running',
      startedAtNs: ctx.nowNs,
    },
  });
  const memory = requestMemory(ctx, kernelId, pid, request.memoryBytes);
  return { appId, killed: memory.killed, granted: memory.granted };
}

export function stopApp(ctx: StepContext, name: string): void {
  const found = findByName(ctx.world, name);
  if (!found || found.kind !== 'app') throw new UserError(`No such app: ${name}`);
  const app = ctx.world.apps[found.id]!;
  if (app.state !== 'running' || app.pid === null)
    throw new UserError(`app ${name} is not running (${app.state})`);
  ctx.emit({
    kind: 'process.exit',
    kernelId: app.kernelId,
    pid: app.pid,
    exitCode: 143,
    signal: 'SIGTERM',
  });
}
