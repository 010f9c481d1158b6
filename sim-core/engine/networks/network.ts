// Docker networks. A bridge network is a Linux bridge on the host (docker0 for the default one,
// br-<id> for the ones you create) with a subnet; each container on it gets a veth pair, one end
// in its network namespace as eth0 with an address from the subnet, the other on the bridge.
import type { PublishedPort } from './ports.ts';

export interface Endpoint {
  /** libnetwork's endpoint id (64 hex digits), named in its errors. */
  id: string;
  containerId: string;
  /** The interface's name inside the container: eth0 for the first network joined, then eth1... */
  ifName: string;
  ipv4Address: string;
  macAddress: string;
  /** The host end of the veth pair, on the bridge. */
  hostVeth: string;
  /** Ports published through this endpoint (only the first network a container joins at start). */
  ports: PublishedPort[];
  /** Bytes and packets through the interface, as /proc/net/dev counts them. */
  counters: InterfaceCounters;
}

export interface InterfaceCounters {
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
}

export interface Network {
  id: string;
  name: string;
  driver: 'bridge' | 'host' | 'null';
  /** CIDR, empty for host and none. */
  subnet: string;
  gateway: string;
  /** The gateway as IPAM's config shows it: empty when --subnet came without --gateway. */
  configuredGateway: string;
  bridgeName: string;
  createdNs: number;
  /** --label KEY=VALUE given at creation (absent on the predefined networks). */
  labels?: Record<string, string>;
  endpoints: Record<string, Endpoint>;
  /** Address allocation by host number: released numbers first, lowest first, then the next new one. */
  ipam: { next: number; free: number[] };
}

export function parseCidr(text: string): { base: number; prefix: number } | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) return null;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix < 8 || prefix > 30) return null;
  const value = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  return { base: value - (value % size), prefix };
}

export function ipToText(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function overlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y) return false;
  const size = (prefix: number) => 2 ** (32 - prefix);
  return x.base < y.base + size(y.prefix) && y.base < x.base + size(x.prefix);
}

/** The address of host number `n` in the subnet, and the subnet's broadcast address. */
export function hostAddress(subnet: string, n: number): string {
  const parsed = parseCidr(subnet)!;
  return ipToText(parsed.base + n);
}

export function broadcastAddress(subnet: string): string {
  const parsed = parseCidr(subnet)!;
  return ipToText(parsed.base + 2 ** (32 - parsed.prefix) - 1);
}

export function prefixOf(subnet: string): number {
  return parseCidr(subnet)?.prefix ?? 0;
}

function ipToNumber(address: string): number {
  return address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
}

/** The host number of an address in the subnet (2 for 10.0.0.2 in 10.0.0.0/24). */
export function hostNumber(subnet: string, address: string): number {
  return ipToNumber(address) - parseCidr(subnet)!.base;
}

/** The lowest free address in the subnet (.1 is the gateway), as Docker's IPAM hands them out. */
export function freeAddress(network: {
  subnet: string;
  ipam: { next: number; free: readonly number[] };
}): string | null {
  const parsed = parseCidr(network.subnet);
  if (!parsed) return null;
  const n = network.ipam.free[0] ?? network.ipam.next;
  return n < 2 ** (32 - parsed.prefix) - 1 ? ipToText(parsed.base + n) : null;
}

/** Record an address as taken, or give it back. Reducer-only. */
export function takeAddress(network: Network, address: string): void {
  const n = hostNumber(network.subnet, address);
  if (network.ipam.free[0] === n) network.ipam.free.shift();
  else network.ipam.next = Math.max(network.ipam.next, n + 1);
}

export function releaseAddress(network: Network, address: string): void {
  const n = hostNumber(network.subnet, address);
  const free = network.ipam.free;
  let at = free.length;
  while (at > 0 && free[at - 1]! > n) at -= 1;
  free.splice(at, 0, n);
}

/** Docker derives a container's MAC from its address: 02:42 and the four octets in hex. */
export function macFor(address: string): string {
  return [
    '02',
    '42',
    ...address.split('.').map((octet) => Number(octet).toString(16).padStart(2, '0')),
  ].join(':');
}
