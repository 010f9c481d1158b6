// Every Linux server in the course runs Docker Engine: dockerd (the daemon that serves the
// REST API) and containerd (the runtime it hands containers to) start with the host OS.
import type { StepContext } from '../world/context.ts';
import { peekId } from '../world/world.ts';
import { nextHex } from '../world/rng.ts';
import type { Network } from './networks/network.ts';

export function installEngine(ctx: StepContext, hostId: string): string {
  const host = ctx.world.hosts[hostId]!;
  const kernelId = host.kernelId;
  ctx.emit({
    kind: 'process.spawn',
    kernelId,
    spec: { comm: 'containerd', argv: ['/usr/bin/containerd'], role: 'service', ppid: 1 },
  });
  const containerdPid = ctx.world.kernels[kernelId]!.lastPid;
  ctx.emit({
    kind: 'process.spawn',
    kernelId,
    spec: {
      comm: 'dockerd',
      argv: ['/usr/sbin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'],
      role: 'service',
      ppid: 1,
    },
  });
  const dockerdPid = ctx.world.kernels[kernelId]!.lastPid;
  const id = peekId(ctx.world, 'daemon');
  ctx.emit({
    kind: 'engine.install',
    daemon: {
      id,
      hostId,
      kernelId,
      socketPath: '/var/run/docker.sock',
      tcpAddress: `tcp://${host.name}:2375`,
      dockerdPid,
      containerdPid,
      images: {},
      tags: {},
      layers: {},
      containers: {},
      containerNames: {},
      buildCache: {},
      volumes: {},
      networks: {},
    },
  });
  // The three networks every engine starts with.
  const defaults: [string, Network['driver'], string, string][] = [
    ['bridge', 'bridge', '172.17.0.0/16', 'docker0'],
    ['host', 'host', '', ''],
    ['none', 'null', '', ''],
  ];
  for (const [name, driver, subnet, bridgeName] of defaults) {
    ctx.emit({
      kind: 'network.create',
      daemonId: id,
      network: {
        id: nextHex(ctx.rng, 64),
        name,
        driver,
        subnet,
        gateway: subnet ? '172.17.0.1' : '',
        configuredGateway: subnet ? '172.17.0.1' : '',
        bridgeName,
        createdNs: ctx.nowNs,
        endpoints: {},
        ipam: { next: 2, free: [] },
      },
    });
  }
  return id;
}

export function daemonOnHost(
  world: { readonly daemons: Readonly<Record<string, { hostId: string; id: string }>> },
  hostId: string,
) {
  return Object.values(world.daemons).find((daemon) => daemon.hostId === hostId) ?? null;
}
