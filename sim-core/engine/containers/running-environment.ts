// What a program started in a running container sees (docker exec, and the container's own
// shell when it goes on after a sleep): its namespaces' /proc view, the cgroup's files, the
// networks' interfaces, the processes of its PID namespace, the container's variables.
import { UserError } from '../../world/user-error.ts';
import type { StepContext } from '../../world/context.ts';
import { containerInterfaces, usesEmbeddedDns } from '../networks/attach.ts';
import { netStack, type NetStack } from '../networks/net-stack.ts';
import { netFiles, withNetFiles } from '../networks/net-view.ts';
import type { ContainerFs } from '../storage/container-fs.ts';
import type { ProgramEnvironment } from './programs.ts';
import { boundingSet, containerIdentity, initStatus } from './credentials.ts';
import { pidOneNamespaces, procView } from './proc-view.ts';
import { psView } from './ps-view.ts';

export function runningEnvironment(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  fs: ContainerFs,
  argv: string[],
  options: { env?: string[]; user?: string; workingDir?: string; tty?: boolean } = {},
): ProgramEnvironment & { net: NetStack } {
  const daemon = ctx.world.daemons[daemonId]!;
  const container = daemon.containers[containerId]!;
  const kernel = ctx.world.kernels[daemon.kernelId]!;
  const init = kernel.processes[container.pid!];
  const own = options.env ?? [];
  const interfaces = containerInterfaces(daemon, containerId, ctx.world.hosts[daemon.hostId]?.nic);
  const user = options.user ?? container.config.user;
  const identity = containerIdentity(user, fs);
  if ('error' in identity) throw new UserError(`Error response from daemon: ${identity.error}`);
  const initIdentity = containerIdentity(container.config.user, fs);
  const namespaces = { ...container.namespaces, user: kernel.rootNs.user! };
  return {
    fs,
    // What it does on the network (a listening socket, a connection) is collected here, for the
    // caller to apply as events afterwards (applyNetEffects).
    net: netStack(ctx, daemonId, containerId, interfaces),
    interfaces,
    proc: withNetFiles(
      procView({
        namespaces,
        init: [...(init?.argv ?? [container.config.path, ...container.config.args])],
        hostname: container.config.hostname,
        cgroupNsPrivate: container.namespaces.cgroup !== kernel.rootNs.cgroup,
        cgroupPath: container.cgroupPath,
        cgroupVersion: kernel.cgroupVersion,
        cgroup: kernel.cgroups[container.cgroupPath]!,
        initNamespaces: pidOneNamespaces(container.hostConfig.pidMode, namespaces, (name) => {
          const donorId = daemon.containerNames[name] ?? name;
          const donor = daemon.containers[donorId];
          return donor ? { ...donor.namespaces, user: kernel.rootNs.user! } : undefined;
        }),
        cpuCount: kernel.cpuCount,
        initStatus: initStatus(
          init?.comm ?? container.config.path.split('/').pop()!.slice(0, 15),
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
    user,
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
    // exec -it: the shell has a terminal to read from, so it waits for lines instead of ending.
    tty: options.tty ?? false,
    openStdin: options.tty ?? false,
    cpuCount: kernel.cpuCount,
    processes: psView(kernel, container.namespaces.pid ?? null, argv.join(' ')),
    nowNs: ctx.nowNs,
    pidsMax: container.hostConfig.pidsLimit,
    init: container.hostConfig.init,
  };
}
