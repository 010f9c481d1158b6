// What must hold for one engine's networks after every step: endpoints belong to running
// containers that asked for the network, each with an address of the subnet that nobody else
// holds (never the gateway, network or broadcast address), a MAC derived from it, a distinct
// ethN in its namespace; a host port is published once per address and protocol; only running
// containers listen on sockets.
import type { DeepReadonly } from '../../world/world.ts';
import type { Daemon } from '../daemon.ts';
import { broadcastAddress, hostNumber, macFor, parseCidr } from './network.ts';

export function networkProblems(daemon: DeepReadonly<Daemon>): string[] {
  const problems: string[] = [];
  const where = `daemon ${daemon.id}`;
  const interfaceNames = new Map<string, string[]>();
  const published = new Set<string>();
  for (const network of Object.values(daemon.networks)) {
    const addresses = Object.values(network.endpoints).map((endpoint) => endpoint.ipv4Address);
    if (new Set(addresses).size !== addresses.length)
      problems.push(`${where}: network ${network.name} gave an address twice`);
    if (network.driver !== 'bridge' && Object.keys(network.endpoints).length > 0)
      problems.push(`${where}: network ${network.name} (${network.driver}) holds endpoints`);
    const size = network.subnet ? 2 ** (32 - (parseCidr(network.subnet)?.prefix ?? 32)) : 0;
    for (const [containerId, endpoint] of Object.entries(network.endpoints)) {
      const container = daemon.containers[containerId];
      const state = container?.state;
      if (state !== 'running' && state !== 'paused')
        problems.push(
          `${where}: network ${network.name} holds an endpoint of a ${state ?? 'removed'} container`,
        );
      if (container && !container.networkIds.includes(network.id))
        problems.push(`${where}: ${container.name} is on ${network.name} without asking for it`);
      const n = network.subnet ? hostNumber(network.subnet, endpoint.ipv4Address) : -1;
      if (
        n < 2 ||
        n >= size - 1 ||
        endpoint.ipv4Address === network.gateway ||
        endpoint.ipv4Address === broadcastAddress(network.subnet)
      )
        problems.push(
          `${where}: ${endpoint.ipv4Address} is not a host address of ${network.name} (${network.subnet})`,
        );
      if (endpoint.macAddress !== macFor(endpoint.ipv4Address))
        problems.push(`${where}: endpoint ${endpoint.id} has a MAC not derived from its address`);
      const names = interfaceNames.get(containerId) ?? [];
      if (names.includes(endpoint.ifName))
        problems.push(`${where}: two ${endpoint.ifName} interfaces in one container`);
      interfaceNames.set(containerId, [...names, endpoint.ifName]);
      for (const port of endpoint.ports) {
        const key = `${port.hostIp} ${port.proto} ${port.hostPort}`;
        if (published.has(key))
          problems.push(`${where}: ${port.hostIp}:${port.hostPort}/${port.proto} published twice`);
        published.add(key);
      }
    }
  }
  for (const container of Object.values(daemon.containers)) {
    if (
      container.sockets.length > 0 &&
      container.state !== 'running' &&
      container.state !== 'paused'
    )
      problems.push(`${where}: ${container.name} listens while ${container.state}`);
  }
  return problems;
}
