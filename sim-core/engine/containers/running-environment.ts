// What a program started in a running container sees (docker exec, and the container's own
// shell when it goes on after a sleep): its namespaces' /proc view, the cgroup's files, the
// networks' interfaces, the processes of its PID namespace, the container's variables.
import { cgroupFiles } from '../../kernel/cgroup.ts';
import type { StepContext } from '../../world/context.ts';
import { containerInterfaces, usesEmbeddedDns } from '../networks/attach.ts';
import { netStack, type NetStack } from '../networks/net-stack.ts';
import { netFiles, withNetFiles } from '../networks/net-view.ts';
import type { ContainerFs } from '../storage/container-fs.ts';
import type { ProgramEnvironment } from './programs.ts';
import { procView } from './proc-view.ts';
import { psView } from './ps-view.ts';

export function runningEnvironment(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  fs: ContainerFs,
  argv: string[],
  options: { env?: string[]; user?: string; workingDir?: string } = {},
): ProgramEnvironment & { net: NetStack } {
  const daemon = ctx.world.daemons[daemonId]!;
  const container = daemon.containers[containerId]!;
  const kernel = ctx.world.kernels[daemon.kernelId]!;
  const init = kernel.processes[container.pid!];
  const own = options.env ?? [];
  const group = kernel.cgroups[container.cgroupPath];
  const interfaces = containerInterfaces(daemon, containerId, ctx.world.hosts[daemon.hostId]?.nic);
  return {
    fs,
    // What it does on the network (a listening socket, a connection) is collected here, for the
    // caller to apply as events afterwards (applyNetEffects).
    net: netStack(ctx, daemonId, containerId, interfaces),
    interfaces,
    proc: withNetFiles(
      procView(
        { ...container.namespaces, user: kernel.rootNs.user! },
        [...(init?.argv ?? [container.config.path, ...container.config.args])],
        container.config.hostname,
        true,
        container.cgroupPath,
        group ? cgroupFiles(group) : {},
      ),
      netFiles(interfaces, {
        embeddedDns: usesEmbeddedDns(daemon, containerId),
        hostname: container.config.hostname,
      }),
    ),
    user: options.user ?? container.config.user,
    argv0: argv[0]!,
    args: argv.slice(1),
    hostname: container.config.hostname,
    cwd: options.workingDir ?? container.config.workingDir,
    env: [
      ...own,
      ...container.config.env.filter(
        (entry) => !own.some((mine) => mine.split('=')[0] === entry.split('=')[0]),
      ),
    ],
    tty: false,
    openStdin: false,
    cpuCount: kernel.cpuCount,
    processes: psView(kernel, container.namespaces.pid ?? null, argv.join(' ')),
    nowNs: ctx.nowNs,
    pidsMax: container.hostConfig.pidsLimit,
    init: container.hostConfig.init,
  };
}
