// `docker exec`: a new process in a running container. runc joins the container's existing
// namespaces (setns) and cgroup instead of creating them: the same isolation, a second process.
import type { StepContext } from '../../world/context.ts';
import { UserError } from '../../world/user-error.ts';
import { planProgram } from './programs.ts';
import { boundingSet, containerIdentity, initStatus } from './credentials.ts';
import { replayOomKills } from './oom-children.ts';
import { pidOneNamespaces, procView } from './proc-view.ts';
import { psView } from './ps-view.ts';
import { containerInterfaces, usesEmbeddedDns } from '../networks/attach.ts';
import { netFiles, withNetFiles } from '../networks/net-view.ts';
import { netStack } from '../networks/net-stack.ts';
import { applyNetEffects } from '../networks/net-effects.ts';
import { commitFsChanges, containerFs } from '../storage/commit-changes.ts';

export interface ExecRequest {
  argv: string[];
  env: string[];
  workingDir?: string;
  user?: string;
  detach: boolean;
}

export type ExecOutcome =
  | { kind: 'exited'; exitCode: number; stdout: string; stderr: string }
  | { kind: 'running'; stdout: string }
  | { kind: 'failed'; exitCode: number; message: string };

export function execInContainer(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  request: ExecRequest,
): ExecOutcome {
  const daemon = ctx.world.daemons[daemonId]!;
  const container = daemon.containers[containerId]!;
  if (container.state === 'paused') {
    throw new UserError(
      `Error response from daemon: Container ${container.name} is paused, unpause the container before exec`,
    );
  }
  if (container.state !== 'running')
    throw new UserError(`Error response from daemon: Container ${container.id} is not running`);
  const kernelId = daemon.kernelId;
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'POST',
    path: `/v1.41/containers/${container.id}/exec`,
    status: 201,
  });
  ctx.emit({ kind: 'containerd.task', daemonId, containerId, action: 'exec' });
  const [path, ...args] = request.argv;
  const kernel = ctx.world.kernels[kernelId]!;
  const init = kernel.processes[container.pid!]!;
  const fs = containerFs(ctx, daemonId, containerId);
  const identity = containerIdentity(request.user ?? container.config.user, fs);
  if ('error' in identity) throw new UserError(`Error response from daemon: ${identity.error}`);
  const initIdentity = containerIdentity(container.config.user, fs);
  const interfaces = containerInterfaces(daemon, containerId, ctx.world.hosts[daemon.hostId]?.nic);
  const net = netStack(ctx, daemonId, containerId, interfaces);
  const plan = planProgram(path!, {
    fs,
    net,
    interfaces,
    proc: withNetFiles(
      procView({
        namespaces: { ...container.namespaces, user: kernel.rootNs.user! },
        init: [...init.argv],
        hostname: container.config.hostname,
        cgroupNsPrivate: container.namespaces.cgroup !== kernel.rootNs.cgroup,
        cgroupPath: container.cgroupPath,
        cgroupVersion: kernel.cgroupVersion,
        cgroup: kernel.cgroups[container.cgroupPath]!,
        initNamespaces: pidOneNamespaces(
          container.hostConfig.pidMode,
          { ...container.namespaces, user: kernel.rootNs.user! },
          (name) => {
            const donorId = daemon.containerNames[name] ?? name;
            const donor = daemon.containers[donorId];
            return donor ? { ...donor.namespaces, user: kernel.rootNs.user! } : undefined;
          },
        ),
        cpuCount: kernel.cpuCount,
        initStatus: initStatus(
          init.comm,
          'error' in initIdentity ? identity : initIdentity,
          container.hostConfig,
          kernel.cpuCount,
        ),
      }),
      netFiles(interfaces, {
        embeddedDns: usesEmbeddedDns(daemon, containerId),
        hostname: container.config.hostname,
      }),
    ),
    identity,
    capabilities: boundingSet(container.hostConfig),
    privileged: container.hostConfig.privileged,
    memoryLimitBytes: kernel.cgroups[container.cgroupPath]?.memory.maxBytes ?? null,
    user: request.user ?? container.config.user,
    argv0: path!,
    args,
    hostname: container.config.hostname,
    cwd: request.workingDir ?? container.config.workingDir,
    env: [
      ...request.env,
      ...container.config.env.filter(
        (entry) => !request.env.some((own) => own.split('=')[0] === entry.split('=')[0]),
      ),
    ],
    tty: false,
    openStdin: false,
    cpuCount: ctx.world.kernels[kernelId]!.cpuCount,
    processes: psView(
      ctx.world.kernels[kernelId]!,
      container.namespaces.pid ?? null,
      request.argv.join(' '),
    ),
  });
  if (plan.kind === 'not-found') {
    // exec reports runc's failure as 126, whatever the reason.
    return {
      kind: 'failed',
      exitCode: 126,
      message: `OCI runtime exec failed: exec failed: unable to start container process: ${plan.message}: unknown`,
    };
  }
  ctx.emit({
    kind: 'process.spawn',
    kernelId,
    spec: {
      comm: path!.split('/').pop()!.slice(0, 15),
      argv: request.argv,
      role: 'container',
      ppid: daemon.containerdPid,
      ns: { ...container.namespaces },
      cgroupPath: container.cgroupPath,
      cpuDemandMilli: plan.kind === 'runs' ? plan.cpuDemandMilli : 0,
      containerId,
    },
  });
  const pid = ctx.world.kernels[kernelId]!.lastPid;
  ctx.emit({ kind: 'runc.exec', daemonId, containerId, path: path!, args, pid });
  if (plan.oomKilled)
    replayOomKills(
      ctx,
      kernelId,
      { pid, containerId, cgroupPath: container.cgroupPath },
      container.namespaces,
      plan.oomKilled,
    );
  commitFsChanges(ctx, daemonId, containerId, fs);
  applyNetEffects(ctx, daemonId, containerId, pid, net.effects);
  if (plan.kind === 'exits') {
    ctx.emit({ kind: 'process.exit', kernelId, pid, exitCode: plan.exitCode, signal: null });
    return { kind: 'exited', exitCode: plan.exitCode, stdout: plan.stdout, stderr: plan.stderr };
  }
  return { kind: 'running', stdout: plan.stdout };
}
