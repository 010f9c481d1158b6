// Joining and leaving networks. When a container starts, libnetwork gives it an endpoint on each
// of its networks (its first bridge network's interface is eth0); when it stops, the endpoints go
// and their addresses are free again.
import type { StepContext } from '../../world/context.ts';
import { nextHex } from '../../world/rng.ts';
import { UserError } from '../../world/user-error.ts';
import type { DeepReadonly } from '../../world/world.ts';
import type { Daemon } from '../daemon.ts';
import { freeAddress, macFor, type Network } from './network.ts';

export function findNetwork(
  daemon: DeepReadonly<Daemon>,
  text: string,
): DeepReadonly<Network> | null {
  const networks = Object.values(daemon.networks);
  return (
    networks.find((network) => network.name === text) ??
    networks.find((network) => network.id === text) ??
    (/^[a-f0-9]+$/.test(text)
      ? networks.filter((network) => network.id.startsWith(text)).length === 1
        ? networks.find((network) => network.id.startsWith(text))!
        : null
      : null)
  );
}

/** The network a --network value names: default means the bridge; container:X joins no network. */
export function networkForMode(
  daemon: DeepReadonly<Daemon>,
  mode: string,
): DeepReadonly<Network> | null {
  if (mode.startsWith('container:')) return null;
  const name = mode === 'default' || mode === '' ? 'bridge' : mode;
  const network = findNetwork(daemon, name);
  if (!network) throw new UserError(`Error response from daemon: network ${name} not found`);
  return network;
}

export function connect(
  ctx: StepContext,
  daemonId: string,
  networkId: string,
  containerId: string,
): void {
  const network = ctx.world.daemons[daemonId]!.networks[networkId]!;
  if (network.driver !== 'bridge' || network.endpoints[containerId]) return;
  const address = freeAddress(network);
  if (!address)
    throw new UserError(
      `Error response from daemon: no available IPv4 addresses on this network's address pools: ${network.name}`,
    );
  ctx.emit({
    kind: 'network.connect',
    daemonId,
    networkId,
    endpoint: {
      containerId,
      ipv4Address: address,
      macAddress: macFor(address),
      hostVeth: `veth${nextHex(ctx.rng, 7)}`,
    },
  });
}

export function disconnectAll(ctx: StepContext, daemonId: string, containerId: string): void {
  for (const network of Object.values(ctx.world.daemons[daemonId]!.networks)) {
    if (network.endpoints[containerId])
      ctx.emit({ kind: 'network.disconnect', daemonId, networkId: network.id, containerId });
  }
}

/** The interfaces a container's network namespace holds, for `ip addr`. */
export function containerInterfaces(
  daemon: DeepReadonly<Daemon>,
  containerId: string,
): { name: string; address: string; subnet: string; mac: string }[] {
  const interfaces: { name: string; address: string; subnet: string; mac: string }[] = [];
  for (const network of Object.values(daemon.networks)) {
    const endpoint = network.endpoints[containerId];
    if (endpoint)
      interfaces.push({
        name: `eth${interfaces.length}`,
        address: endpoint.ipv4Address,
        subnet: network.subnet,
        mac: endpoint.macAddress,
      });
  }
  return interfaces;
}
