// Published ports (-p). dockerd keeps a port allocator per host address and protocol; for each
// binding it reserves the host port, installs a DNAT rule in the nat table's DOCKER chain (what
// turns a packet for HOST:PORT into one for the container's address) and starts docker-proxy for
// traffic that the rules do not see (from the host itself, and IPv6). A binding without a host
// address listens on every IPv4 and IPv6 address: 0.0.0.0 and ::.
import { recordValues } from '../../world/record-values.ts';
import { UserError } from '../../world/user-error.ts';
import type { DeepReadonly } from '../../world/world.ts';
import type { Daemon } from '../daemon.ts';

/** One -p binding as the host config keeps it ("" host address: all of them; "" port: any). */
export interface PortBinding {
  hostIp: string;
  hostPort: string;
}

/** "80/tcp" -> bindings, in the order given. */
export type PortBindings = Record<string, PortBinding[]>;

/** A binding in force while the container runs. */
export interface PublishedPort {
  proto: 'tcp' | 'udp' | 'sctp';
  containerPort: number;
  hostIp: string;
  hostPort: number;
  /** iptables rules (iptables -t nat -S / -S style) that carry the traffic; none for IPv6. */
  rules: string[];
  /** The userland proxy's command line. */
  proxy: string[];
}

/** Where dockerd starts picking host ports for a binding without one (ip_local_port_range). */
export const EPHEMERAL_PORT_FIRST = 32768;
export const EPHEMERAL_PORT_LAST = 60999;

function portsInUse(daemon: DeepReadonly<Daemon>): DeepReadonly<PublishedPort>[] {
  return Object.values(daemon.networks).flatMap((network) =>
    recordValues(network.endpoints).flatMap((endpoint) => endpoint.ports),
  );
}

const WILDCARDS = ['0.0.0.0', '::'];
const family = (ip: string) => (ip.includes(':') ? 6 : 4);

/** The host addresses one binding listens on: "" is every IPv4 and every IPv6 address. */
function hostAddresses(hostIp: string): string[] {
  return hostIp === '' ? WILDCARDS : [hostIp];
}

function parseRange(text: string): [number, number] {
  const [first, last] = text.split('-').map(Number);
  return [first!, last ?? first!];
}

/**
 * Reserve host ports for the container's bindings and say which rules carry them. Refuses as
 * dockerd does: the same address, protocol and port twice is the allocator's error; a wildcard
 * and a specific address of one family on one port is the userland proxy failing to bind.
 */
export function allocatePorts(
  daemon: DeepReadonly<Daemon>,
  bindings: DeepReadonly<PortBindings>,
  endpoint: { name: string; id: string; address: string; bridgeName: string },
): PublishedPort[] {
  // Nothing to publish (no -p): no need to collect every port the daemon's endpoints hold,
  // which for every container start made starting n containers take time growing with n².
  if (!Object.values(bindings).some((list) => list.length > 0)) return [];
  const taken: { proto: string; hostIp: string; hostPort: number }[] = portsInUse(daemon).map(
    (port) => ({ proto: port.proto, hostIp: port.hostIp, hostPort: port.hostPort }),
  );
  const fail = (reason: string): never => {
    throw new UserError(
      `Error response from daemon: driver failed programming external connectivity on endpoint ${endpoint.name} (${endpoint.id}): ${reason}`,
    );
  };
  const published: PublishedPort[] = [];
  for (const [key, list] of Object.entries(bindings)) {
    const [portText, protoText] = key.split('/');
    const proto = (protoText ?? 'tcp') as PublishedPort['proto'];
    const containerPort = Number(portText);
    for (const binding of list) {
      const addresses = hostAddresses(binding.hostIp);
      const clash = (ip: string, port: number) =>
        taken.find(
          (other) =>
            other.proto === proto &&
            other.hostPort === port &&
            (other.hostIp === ip ||
              (family(other.hostIp) === family(ip) &&
                (WILDCARDS.includes(other.hostIp) || WILDCARDS.includes(ip)))),
        );
      let hostPort: number;
      if (binding.hostPort === '' || binding.hostPort.includes('-')) {
        const [first, last] =
          binding.hostPort === ''
            ? [EPHEMERAL_PORT_FIRST, EPHEMERAL_PORT_LAST]
            : parseRange(binding.hostPort);
        let candidate = first;
        while (candidate <= last && addresses.some((ip) => clash(ip, candidate))) candidate += 1;
        if (candidate > last)
          fail(`Bind for ${addresses[0]}:${binding.hostPort} failed: port is already allocated`);
        hostPort = candidate;
      } else hostPort = Number(binding.hostPort);
      for (const ip of addresses) {
        const other = clash(ip, hostPort);
        if (other?.hostIp === ip)
          fail(`Bind for ${ip}:${hostPort} failed: port is already allocated`);
        if (other)
          fail(
            `Error starting userland proxy: listen ${proto}${family(ip)} ${family(ip) === 6 ? `[${ip}]` : ip}:${hostPort}: bind: address already in use`,
          );
        taken.push({ proto, hostIp: ip, hostPort });
        published.push({
          proto,
          containerPort,
          hostIp: ip,
          hostPort,
          rules: family(ip) === 4 ? natRules(proto, ip, hostPort, containerPort, endpoint) : [],
          proxy: [
            '/usr/bin/docker-proxy',
            '-proto',
            proto,
            '-host-ip',
            ip,
            '-host-port',
            String(hostPort),
            '-container-ip',
            endpoint.address,
            '-container-port',
            String(containerPort),
          ],
        });
      }
    }
  }
  return published;
}

/** The DNAT rule in the nat table and the rule that lets the translated packet through. */
function natRules(
  proto: string,
  hostIp: string,
  hostPort: number,
  containerPort: number,
  endpoint: { address: string; bridgeName: string },
): string[] {
  const destination = hostIp === '0.0.0.0' ? '' : `-d ${hostIp}/32 `;
  const bridge = endpoint.bridgeName;
  return [
    `-t nat -A DOCKER ${destination}! -i ${bridge} -p ${proto} -m ${proto} --dport ${hostPort} -j DNAT --to-destination ${endpoint.address}:${containerPort}`,
    `-t filter -A DOCKER -d ${endpoint.address}/32 ! -i ${bridge} -o ${bridge} -p ${proto} -m ${proto} --dport ${containerPort} -j ACCEPT`,
  ];
}

/** NetworkSettings.Ports: each exposed port, with the bindings in force (null: not published). */
export function networkSettingsPorts(
  exposed: readonly string[],
  published: DeepReadonly<PublishedPort[]>,
): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const ports: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const key of exposed) ports[key] = null;
  for (const port of published) {
    const key = `${port.containerPort}/${port.proto}`;
    ports[key] = [...(ports[key] ?? []), { HostIp: port.hostIp, HostPort: String(port.hostPort) }];
  }
  return Object.fromEntries(Object.entries(ports).sort(([a], [b]) => portKeyOrder(a, b)));
}

function portKeyOrder(a: string, b: string): number {
  const [pa, ta] = a.split('/');
  const [pb, tb] = b.split('/');
  return Number(pa) - Number(pb) || (ta! < tb! ? -1 : ta! > tb! ? 1 : 0);
}

/**
 * The PORTS column of docker ps, as the 20.10 client builds it: ports sorted by container port,
 * then host address, host port and protocol; exposed-only ports grouped into ranges
 * (80-81/tcp); published ones as HOST:PORT->PORT/PROTO after them.
 */
export function displayablePorts(
  exposed: readonly string[],
  published: DeepReadonly<PublishedPort[]>,
): string {
  type Row = { ip: string; publicPort: number; privatePort: number; type: string };
  const rows: Row[] = published.map((port) => ({
    ip: port.hostIp,
    publicPort: port.hostPort,
    privatePort: port.containerPort,
    type: port.proto,
  }));
  for (const key of exposed) {
    const [port, type] = key.split('/');
    if (!rows.some((row) => row.privatePort === Number(port) && row.type === type))
      rows.push({ ip: '', publicPort: 0, privatePort: Number(port), type: type ?? 'tcp' });
  }
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort(
    (a, b) =>
      a.privatePort - b.privatePort ||
      text(a.ip, b.ip) ||
      a.publicPort - b.publicPort ||
      text(a.type, b.type),
  );
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const hostMappings: string[] = [];
  const formGroup = (key: string, first: number, last: number) => {
    const [ip, type] = key.includes('/') ? key.split('/') : ['', key];
    const range = first === last ? String(first) : `${first}-${last}`;
    return ip ? `${ip}:${range}->${range}/${type}` : `${range}/${type}`;
  };
  for (const row of rows) {
    let key = row.type;
    if (row.ip !== '') {
      if (row.publicPort !== row.privatePort) {
        hostMappings.push(`${row.ip}:${row.publicPort}->${row.privatePort}/${row.type}`);
        continue;
      }
      key = `${row.ip}/${row.type}`;
    }
    const group = groups.get(key);
    if (!group) groups.set(key, { first: row.privatePort, last: row.privatePort });
    else if (row.privatePort === group.last + 1) group.last = row.privatePort;
    else {
      result.push(formGroup(key, group.first, group.last));
      groups.set(key, { first: row.privatePort, last: row.privatePort });
    }
  }
  for (const [key, group] of groups) result.push(formGroup(key, group.first, group.last));
  return [...result, ...hostMappings].join(', ');
}
