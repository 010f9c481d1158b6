// Joining and leaving networks. When a container starts, libnetwork gives it an endpoint on each
// of its networks (its first one's interface is eth0, the next eth1, ...) and publishes its
// ports through the first one; when it stops, the endpoints go, with their DNAT rules, and
// their addresses are free again.
import type { StepContext } from '../../world/context.ts';
import { nextHex } from '../../world/rng.ts';
import { UserError } from '../../world/user-error.ts';
import type { DeepReadonly } from '../../world/world.ts';
import type { Daemon } from '../daemon.ts';
import {
  freeAddress,
  macFor,
  type Endpoint,
  type InterfaceCounters,
  type Network,
} from './network.ts';
import { allocatePorts } from './ports.ts';

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

/** The owner `netnsOwner` names for the host's own network namespace (--network host). */
export const HOST_NETNS = 'host';

/**
 * The container whose network namespace this one uses: itself, or for --network container:X
 * the container X (and so on, if X shares another's); HOST_NETNS for --network host.
 */
export function netnsOwner(daemon: DeepReadonly<Daemon>, containerId: string): string {
  let id = containerId;
  for (let hops = 0; hops < 16; hops++) {
    const mode = daemon.containers[id]?.hostConfig.networkMode ?? '';
    if (mode === 'host') return HOST_NETNS;
    if (!mode.startsWith('container:')) return id;
    const name = mode.slice(10);
    const next = daemon.containerNames[name] ?? (daemon.containers[name] ? name : undefined);
    if (!next) return id;
    id = next;
  }
  return id;
}

/**
 * Whether dockerd's embedded DNS (127.0.0.11) serves the container: it does on user-defined
 * networks, where containers find each other by name; the default bridge and none use the
 * host's resolvers.
 */
export function usesEmbeddedDns(daemon: DeepReadonly<Daemon>, containerId: string): boolean {
  const owner = daemon.containers[netnsOwner(daemon, containerId)];
  return (owner?.networkIds ?? []).some((networkId) => {
    const network = daemon.networks[networkId];
    return network?.driver === 'bridge' && network.name !== 'bridge';
  });
}

const ZERO_COUNTERS: InterfaceCounters = { rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 };

/**
 * The endpoint a container would get on a network now: the lowest free address, the lowest
 * free ethN in its namespace and, when `publish` is set, its -p ports (which may be refused).
 * Nothing is changed: start plans every endpoint before it creates anything.
 */
export function planEndpoint(
  ctx: StepContext,
  daemonId: string,
  networkId: string,
  containerId: string,
  options: { publish: boolean; taken: string[] },
): Endpoint {
  const daemon = ctx.world.daemons[daemonId]!;
  const network = daemon.networks[networkId]!;
  const container = daemon.containers[containerId]!;
  const address = freeAddress(network);
  if (!address)
    throw new UserError(
      `Error response from daemon: no available IPv4 addresses on this network's address pools: ${network.name}`,
    );
  const used = new Set([
    ...options.taken,
    ...Object.values(daemon.networks)
      .map((other) => other.endpoints[containerId]?.ifName)
      .filter((name): name is string => name !== undefined),
  ]);
  let index = 0;
  while (used.has(`eth${index}`)) index += 1;
  const id = nextHex(ctx.rng, 64);
  const ports = options.publish
    ? allocatePorts(daemon, container.hostConfig.portBindings, {
        name: container.name,
        id,
        address,
        bridgeName: network.bridgeName,
      })
    : [];
  return {
    id,
    containerId,
    ifName: `eth${index}`,
    ipv4Address: address,
    macAddress: macFor(address),
    hostVeth: `veth${nextHex(ctx.rng, 7)}`,
    ports,
    counters: { ...ZERO_COUNTERS },
  };
}

/** Attach a planned endpoint: the veth pair, the address, then the port rules. */
export function attachEndpoint(
  ctx: StepContext,
  daemonId: string,
  networkId: string,
  endpoint: Endpoint,
): void {
  ctx.emit({ kind: 'network.connect', daemonId, networkId, endpoint });
  for (const port of endpoint.ports)
    for (const rule of port.rules)
      ctx.emit({ kind: 'iptables.rule', daemonId, action: 'append', rule });
}

/** docker network connect on a running container: one more interface, no ports. */
export function connect(
  ctx: StepContext,
  daemonId: string,
  networkId: string,
  containerId: string,
): void {
  const network = ctx.world.daemons[daemonId]!.networks[networkId]!;
  if (network.driver !== 'bridge' || network.endpoints[containerId]) return;
  const endpoint = planEndpoint(ctx, daemonId, networkId, containerId, {
    publish: false,
    taken: [],
  });
  attachEndpoint(ctx, daemonId, networkId, endpoint);
}

export function disconnect(
  ctx: StepContext,
  daemonId: string,
  networkId: string,
  containerId: string,
): void {
  const endpoint = ctx.world.daemons[daemonId]!.networks[networkId]?.endpoints[containerId];
  if (!endpoint) return;
  for (const port of endpoint.ports)
    for (const rule of port.rules)
      ctx.emit({ kind: 'iptables.rule', daemonId, action: 'delete', rule });
  ctx.emit({ kind: 'network.disconnect', daemonId, networkId, containerId });
}

export function disconnectAll(ctx: StepContext, daemonId: string, containerId: string): void {
  for (const network of Object.values(ctx.world.daemons[daemonId]!.networks))
    disconnect(ctx, daemonId, network.id, containerId);
}

export interface NetInterface {
  name: string;
  address: string;
  subnet: string;
  mac: string;
  networkId: string;
  counters: InterfaceCounters;
}

const ZERO = { rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 };

/**
 * The host's interfaces besides lo: its NIC, then a bridge per Docker network (docker0 for the
 * default one) holding the network's gateway address.
 */
export function hostInterfaces(
  daemon: DeepReadonly<Daemon>,
  nic: { name: string; macAddress: string; ipv4Address: string } | undefined,
): NetInterface[] {
  const interfaces: NetInterface[] = nic
    ? [
        {
          name: nic.name,
          address: nic.ipv4Address,
          subnet: `${nic.ipv4Address.split('.').slice(0, 3).join('.')}.0/24`,
          mac: nic.macAddress,
          networkId: '',
          counters: { ...ZERO },
        },
      ]
    : [];
  for (const network of Object.values(daemon.networks)) {
    if (network.driver !== 'bridge' || !network.bridgeName) continue;
    interfaces.push({
      name: network.bridgeName,
      address: network.gateway,
      subnet: network.subnet,
      mac: macFor(network.gateway),
      networkId: network.id,
      counters: { ...ZERO },
    });
  }
  return interfaces;
}

/** The interfaces a container's network namespace holds besides lo, in eth order. */
export function containerInterfaces(
  daemon: DeepReadonly<Daemon>,
  containerId: string,
  /** The host's NIC, which --network host containers see. */
  nic?: { name: string; macAddress: string; ipv4Address: string },
): NetInterface[] {
  const owner = netnsOwner(daemon, containerId);
  if (owner === HOST_NETNS) return hostInterfaces(daemon, nic);
  const interfaces: NetInterface[] = [];
  for (const network of Object.values(daemon.networks)) {
    const endpoint = network.endpoints[owner];
    if (endpoint)
      interfaces.push({
        name: endpoint.ifName,
        address: endpoint.ipv4Address,
        subnet: network.subnet,
        mac: endpoint.macAddress,
        networkId: network.id,
        counters: { ...endpoint.counters },
      });
  }
  const index = (name: string) => Number(name.slice(3));
  return interfaces.sort((a, b) => index(a.name) - index(b.name));
}
