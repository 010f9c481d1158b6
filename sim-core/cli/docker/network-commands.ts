// docker network create, ls, inspect, connect, disconnect and rm.
import { connect, disconnect, findNetwork } from '../../engine/networks/attach.ts';
import { portCommand } from './port-command.ts';
import {
  hostAddress,
  overlaps,
  parseCidr,
  prefixOf,
  type Network,
} from '../../engine/networks/network.ts';
import { findContainer } from '../../engine/containers/create.ts';
import type { StepContext } from '../../world/context.ts';
import { isoTimestamp, SIM_EPOCH_UNIX_SECONDS } from '../../world/epoch.ts';
import { nextHex } from '../../world/rng.ts';
import { UserError } from '../../world/user-error.ts';
import type { DeepReadonly } from '../../world/world.ts';
import { formatTable } from '../table.ts';
import { labelsFrom, matchesLabel } from './labels.ts';
import { renderTemplate } from './go-template.ts';
import type { DockerCommand } from './image-commands.ts';
import { inspectCommand } from './inspect-command.ts';

const text = (value: string) => ({ ok: true as const, value });

/** connect and disconnect ask dockerd, which names a missing network in its own words. */
function requireNetwork(ctx: StepContext, daemonId: string, name: string): DeepReadonly<Network> {
  const network = findNetwork(ctx.world.daemons[daemonId]!, name);
  if (!network) throw new UserError(`Error response from daemon: network ${name} not found`);
  return network;
}

/** The next private /16 after the default bridge's, as dockerd picks for a network with no --subnet. */
function defaultSubnet(ctx: StepContext, daemonId: string): string {
  const used = Object.values(ctx.world.daemons[daemonId]!.networks)
    .map((network) => network.subnet)
    .filter(Boolean);
  for (let second = 18; second < 32; second++) {
    const candidate = `172.${second}.0.0/16`;
    if (!used.some((subnet) => overlaps(subnet, candidate))) return candidate;
  }
  throw new UserError(
    'Error response from daemon: could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network',
  );
}

/** A struct field Go marshals with omitempty: templates still see it, the JSON leaves it out. */
function omitEmpty<T extends object>(target: T, key: string, value: string): T {
  Object.defineProperty(target, key, { value, enumerable: value !== '', writable: true });
  return target;
}

/** The options dockerd sets on the default bridge (docker0). */
const DEFAULT_BRIDGE_OPTIONS = {
  'com.docker.network.bridge.default_bridge': 'true',
  'com.docker.network.bridge.enable_icc': 'true',
  'com.docker.network.bridge.enable_ip_masquerade': 'true',
  'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
  'com.docker.network.bridge.name': 'docker0',
  'com.docker.network.driver.mtu': '1500',
};

export function networkInspectJson(
  ctx: StepContext,
  daemonId: string,
  network: DeepReadonly<Network>,
) {
  const daemon = ctx.world.daemons[daemonId]!;
  return {
    Name: network.name,
    Id: network.id,
    Created: isoTimestamp(SIM_EPOCH_UNIX_SECONDS + Math.floor(network.createdNs / 1e9)),
    Scope: 'local',
    Driver: network.driver,
    EnableIPv6: false,
    IPAM: {
      Driver: 'default',
      Options: network.name === 'bridge' || !network.subnet ? null : {},
      Config: network.subnet
        ? [omitEmpty({ Subnet: network.subnet }, 'Gateway', network.configuredGateway)]
        : [],
    },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: Object.fromEntries(
      Object.values(network.endpoints).map((endpoint) => [
        endpoint.containerId,
        {
          Name: daemon.containers[endpoint.containerId]?.name ?? '',
          EndpointID: endpoint.id,
          MacAddress: endpoint.macAddress,
          IPv4Address: `${endpoint.ipv4Address}/${prefixOf(network.subnet)}`,
          IPv6Address: '',
        },
      ]),
    ),
    Options: network.name === 'bridge' ? DEFAULT_BRIDGE_OPTIONS : {},
    Labels: {},
  };
}

const create: DockerCommand = {
  spec: {
    path: 'docker network create',
    usage: 'docker network create [OPTIONS] NETWORK',
    summary: 'Create a network',
    flags: [
      {
        long: 'subnet',
        valueName: 'strings',
        description: 'Subnet in CIDR format that represents a network segment',
        parse: text,
      },
      {
        long: 'driver',
        short: 'd',
        valueName: 'string',
        description: 'Driver to manage the Network',
        defaultText: '"bridge"',
        parse: text,
      },
      {
        long: 'label',
        valueName: 'list',
        description: 'Set metadata on a network',
        parse: text,
        repeatable: true,
      },
    ],
    args: { min: 1, max: 1 },
  },
  run: (ctx, daemonId, flags, [name]) => {
    const daemon = ctx.world.daemons[daemonId]!;
    const driver = (flags.get('driver') as string | undefined) ?? 'bridge';
    if (driver !== 'bridge')
      throw new UserError(`Error response from daemon: plugin "${driver}" not found`);
    if (Object.values(daemon.networks).some((network) => network.name === name)) {
      throw new UserError(`Error response from daemon: network with name ${name} already exists`);
    }
    const asked = flags.get('subnet') as string | undefined;
    if (asked !== undefined && !parseCidr(asked))
      throw new UserError(`Error response from daemon: invalid CIDR address: ${asked}`);
    if (
      asked !== undefined &&
      Object.values(daemon.networks).some(
        (network) => network.subnet && overlaps(network.subnet, asked),
      )
    ) {
      throw new UserError(
        'Error response from daemon: Pool overlaps with other one on this address space',
      );
    }
    const subnet = asked ?? defaultSubnet(ctx, daemonId);
    const id = nextHex(ctx.rng, 64);
    ctx.emit({
      kind: 'api.request',
      daemonId,
      method: 'POST',
      path: '/v1.41/networks/create',
      status: 201,
    });
    ctx.emit({
      kind: 'network.create',
      daemonId,
      network: {
        id,
        name: name!,
        driver: 'bridge',
        subnet,
        gateway: hostAddress(subnet, 1),
        // IPAM shows the gateway it chose only when it chose the subnet too.
        configuredGateway: asked === undefined ? hostAddress(subnet, 1) : '',
        bridgeName: `br-${id.slice(0, 12)}`,
        createdNs: ctx.nowNs,
        labels: labelsFrom(flags.get('label') as string[] | undefined),
        endpoints: {},
        ipam: { next: 2, free: [] },
      },
    });
    ctx.out(id);
    return 0;
  },
};

const ls: DockerCommand = {
  spec: {
    path: 'docker network ls',
    usage: 'docker network ls [OPTIONS]',
    summary: 'List networks',
    flags: [
      { long: 'quiet', short: 'q', description: 'Only display network IDs' },
      {
        long: 'filter',
        short: 'f',
        valueName: 'filter',
        description: "Provide filter values (e.g. 'driver=bridge')",
        parse: text,
        repeatable: true,
      },
      {
        long: 'format',
        valueName: 'string',
        description: 'Pretty-print networks using a Go template',
        parse: text,
      },
    ],
    args: { min: 0, max: 0 },
  },
  run: (ctx, daemonId, flags) => {
    let networks = Object.values(ctx.world.daemons[daemonId]!.networks);
    for (const filter of (flags.get('filter') as string[] | undefined) ?? []) {
      const [key, ...rest] = filter.split('=');
      const value = rest.join('=');
      if (key === 'name')
        networks = networks.filter((network) => new RegExp(value).test(network.name));
      else if (key === 'driver') networks = networks.filter((network) => network.driver === value);
      else if (key === 'label')
        networks = networks.filter((network) => matchesLabel(network.labels ?? {}, value));
      else throw new UserError(`Error response from daemon: Invalid filter '${key}'`);
    }
    const rows = [...networks]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((network) => ({
        ID: network.id.slice(0, 12),
        Name: network.name,
        Driver: network.driver,
        Scope: 'local',
      }));
    if (flags.get('quiet')) {
      if (rows.length > 0) ctx.out(rows.map((row) => row.ID).join('\n'));
      return 0;
    }
    const format = flags.get('format') as string | undefined;
    if (format) {
      for (const row of rows) {
        const rendered = renderTemplate(format, row);
        if (!rendered.ok) throw new UserError(rendered.error);
        ctx.out(`${rendered.text}\n`);
      }
      return 0;
    }
    ctx.out(
      formatTable(
        ['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'],
        rows.map((row) => [row.ID, row.Name, row.Driver, row.Scope]),
      ),
    );
    return 0;
  },
};

const inspect = inspectCommand({
  path: 'docker network inspect',
  usage: 'docker network inspect [OPTIONS] NETWORK [NETWORK...]',
  summary: 'Display detailed information on one or more networks',
  find: (ctx, daemonId, name) => {
    const network = findNetwork(ctx.world.daemons[daemonId]!, name);
    return network ? networkInspectJson(ctx, daemonId, network) : null;
  },
  missing: (name) => `Error: No such network: ${name}`,
});

const connectCommand: DockerCommand = {
  spec: {
    path: 'docker network connect',
    usage: 'docker network connect [OPTIONS] NETWORK CONTAINER',
    summary: 'Connect a container to a network',
    flags: [],
    args: { min: 2, max: 2 },
  },
  run: (ctx, daemonId, _flags, [networkName, containerName]) => {
    const network = requireNetwork(ctx, daemonId, networkName!);
    const containerId = findContainer(ctx.world.daemons[daemonId]!, containerName!);
    if (!containerId)
      throw new UserError(`Error response from daemon: No such container: ${containerName}`);
    const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
    if (container.networkIds.includes(network.id)) {
      throw new UserError(
        `Error response from daemon: endpoint with name ${container.name} already exists in network ${network.name}`,
      );
    }
    ctx.emit({
      kind: 'container.networks',
      daemonId,
      containerId,
      networkIds: [...container.networkIds, network.id],
      names: { [network.id]: network.name },
    });
    if (container.state === 'running') connect(ctx, daemonId, network.id, containerId);
    return 0;
  },
};

const disconnectCommand: DockerCommand = {
  spec: {
    path: 'docker network disconnect',
    usage: 'docker network disconnect [OPTIONS] NETWORK CONTAINER',
    summary: 'Disconnect a container from a network',
    flags: [],
    args: { min: 2, max: 2 },
  },
  run: (ctx, daemonId, _flags, [networkName, containerName]) => {
    const network = requireNetwork(ctx, daemonId, networkName!);
    const containerId = findContainer(ctx.world.daemons[daemonId]!, containerName!);
    if (!containerId)
      throw new UserError(`Error response from daemon: No such container: ${containerName}`);
    const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
    if (!container.networkIds.includes(network.id)) {
      throw new UserError(
        `Error response from daemon: container ${containerId} is not connected to network ${network.name}`,
      );
    }
    ctx.emit({
      kind: 'container.networks',
      daemonId,
      containerId,
      networkIds: container.networkIds.filter((id) => id !== network.id),
    });
    disconnect(ctx, daemonId, network.id, containerId);
    return 0;
  },
};

const rm: DockerCommand = {
  spec: {
    path: 'docker network rm',
    usage: 'docker network rm NETWORK [NETWORK...]',
    summary: 'Remove one or more networks',
    flags: [],
    args: { min: 1, max: 100 },
  },
  run: (ctx, daemonId, _flags, names) => {
    let status = 0;
    for (const name of names) {
      const network = findNetwork(ctx.world.daemons[daemonId]!, name);
      if (!network) {
        ctx.err(`Error: No such network: ${name}`);
        status = 1;
      } else if (['bridge', 'host', 'none'].includes(network.name)) {
        ctx.err(
          `Error response from daemon: ${network.name} is a pre-defined network and cannot be removed`,
        );
        status = 1;
      } else if (Object.keys(network.endpoints).length > 0) {
        // Only running containers hold endpoints: a stopped one keeps its reference, and its
        // next start fails on the missing network.
        ctx.err(
          `Error response from daemon: error while removing network: network ${network.name} id ${network.id} has active endpoints`,
        );
        status = 1;
      } else {
        ctx.emit({ kind: 'network.remove', daemonId, networkId: network.id });
        ctx.out(name);
      }
    }
    return status;
  },
};

export const NETWORK_COMMANDS: Record<string, DockerCommand> = {
  'network create': create,
  'network ls': ls,
  'network inspect': inspect,
  'network connect': connectCommand,
  'network disconnect': disconnectCommand,
  'network rm': rm,
  port: portCommand,
  'container port': {
    ...portCommand,
    spec: { ...portCommand.spec, path: 'docker container port' },
  },
};
