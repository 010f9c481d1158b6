// NetworkSettings of docker inspect: the sandbox (network namespace), the ports in force, and an
// entry per network the container is on. The top-level address fields describe the default
// bridge only (they predate user-defined networks); Go marshals the Networks map sorted by name.
import type { Container } from '../../engine/containers/container.ts';
import type { Daemon } from '../../engine/daemon.ts';
import { netnsOwner } from '../../engine/networks/attach.ts';
import { prefixOf } from '../../engine/networks/network.ts';
import { networkSettingsPorts } from '../../engine/networks/ports.ts';
import type { DeepReadonly } from '../../world/world.ts';

const PREDEFINED = ['bridge', 'host', 'none'];

export function networkSettingsJson(daemon: DeepReadonly<Daemon>, c: DeepReadonly<Container>) {
  const owner = netnsOwner(daemon, c.id);
  const networks = Object.values(daemon.networks)
    .filter(
      (network) =>
        c.networkIds.includes(network.id) ||
        network.name === c.hostConfig.networkMode ||
        (c.hostConfig.networkMode === 'default' && network.name === 'bridge'),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entry = (network: (typeof networks)[number]) => {
    const endpoint = network.endpoints[c.id];
    return {
      IPAMConfig: null,
      Links: null,
      Aliases: PREDEFINED.includes(network.name) ? null : [c.id.slice(0, 12)],
      NetworkID: network.id,
      EndpointID: endpoint?.id ?? '',
      Gateway: endpoint ? network.gateway : '',
      IPAddress: endpoint?.ipv4Address ?? '',
      IPPrefixLen: endpoint ? prefixOf(network.subnet) : 0,
      IPv6Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      MacAddress: endpoint?.macAddress ?? '',
      DriverOpts: null,
    };
  };
  const bridge = networks.find((network) => network.name === 'bridge');
  const main = bridge ? entry(bridge) : null;
  const published = Object.values(daemon.networks).flatMap(
    (network) => network.endpoints[owner]?.ports ?? [],
  );
  const connected = Object.values(daemon.networks).some((network) => network.endpoints[c.id]);
  return {
    Bridge: '',
    SandboxID: c.sandboxId,
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: connected ? networkSettingsPorts(c.config.exposedPorts, published) : {},
    SandboxKey: c.sandboxId ? `/var/run/docker/netns/${c.sandboxId.slice(0, 12)}` : '',
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: main?.EndpointID ?? '',
    Gateway: main?.Gateway ?? '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: main?.IPAddress ?? '',
    IPPrefixLen: main?.IPPrefixLen ?? 0,
    IPv6Gateway: '',
    MacAddress: main?.MacAddress ?? '',
    Networks: Object.fromEntries(networks.map((network) => [network.name, entry(network)])),
  };
}

/** HostConfig.PortBindings as Go marshals the map: keys sorted. */
export function portBindingsJson(c: DeepReadonly<Container>) {
  return Object.fromEntries(
    Object.entries(c.hostConfig.portBindings)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, list]) => [
        key,
        list.map((binding) => ({ HostIp: binding.hostIp, HostPort: binding.hostPort })),
      ]),
  );
}
