// docker port: the host addresses a running container's ports are published on, and the PORTS
// column of docker ps (exposed ports, and published ones as HOST:PORT->PORT/PROTO).
import type { Container } from '../../engine/containers/container.ts';
import { findContainer } from '../../engine/containers/create.ts';
import type { Daemon } from '../../engine/daemon.ts';
import { netnsOwner } from '../../engine/networks/attach.ts';
import { displayablePorts, type PublishedPort } from '../../engine/networks/ports.ts';
import { UserError } from '../../world/user-error.ts';
import type { DeepReadonly } from '../../world/world.ts';
import type { DockerCommand } from './image-commands.ts';

/** The ports in force for a container: those of the endpoint in its network namespace. */
export function publishedPorts(
  daemon: DeepReadonly<Daemon>,
  containerId: string,
): DeepReadonly<PublishedPort>[] {
  const owner = netnsOwner(daemon, containerId);
  return Object.values(daemon.networks).flatMap((network) => network.endpoints[owner]?.ports ?? []);
}

/** docker ps PORTS: only while the container runs on a network. */
export function containerPorts(daemon: DeepReadonly<Daemon>, c: DeepReadonly<Container>): string {
  const connected = Object.values(daemon.networks).some((network) => network.endpoints[c.id]);
  if (!connected) return '';
  return displayablePorts(c.config.exposedPorts, publishedPorts(daemon, c.id));
}

export const portCommand: DockerCommand = {
  spec: {
    path: 'docker port',
    usage: 'docker port CONTAINER [PRIVATE_PORT[/PROTO]]',
    summary: 'List port mappings or a specific mapping for the container',
    flags: [],
    args: { min: 1, max: 2 },
  },
  run: (ctx, daemonId, _flags, [name, wanted]) => {
    const daemon = ctx.world.daemons[daemonId]!;
    const id = findContainer(daemon, name!);
    if (!id) throw new UserError(`Error: No such container: ${name}`);
    const ports = publishedPorts(daemon, id);
    if (wanted !== undefined) {
      const [port, proto = 'tcp'] = wanted.split('/');
      if (!/^\d+$/.test(port ?? '') || Number(port) > 65535)
        throw new UserError(`Error: Invalid port: ${wanted}`);
      const matching = ports.filter(
        (entry) => entry.containerPort === Number(port) && entry.proto === proto,
      );
      if (matching.length === 0)
        throw new UserError(`Error: No public port '${port}/${proto}' published for ${name}`);
      for (const entry of matching) ctx.out(`${entry.hostIp}:${entry.hostPort}`);
      return 0;
    }
    const sorted = [...ports].sort(
      (a, b) => a.containerPort - b.containerPort || (a.proto < b.proto ? -1 : 1),
    );
    for (const entry of sorted)
      ctx.out(`${entry.containerPort}/${entry.proto} -> ${entry.hostIp}:${entry.hostPort}`);
    return 0;
  },
};
