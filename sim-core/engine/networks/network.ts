// Docker networks. A bridge network is a Linux bridge on the host (docker0 for the default one,
// br-<id> for the ones you create) with a subnet; each container on it gets a veth pair, one end
// in its network namespace as eth0 with an address from the subnet, the other on the bridge.

export interface Endpoint {
  containerId: string;
  ipv4Address: string;
  macAddress: string;
  /** The host end of the veth pair, on the bridge. */
  hostVeth: string;
}

export interface Network {
  id: string;
  name: string;
  driver: 'bridge' | 'host' | 'null';
  /** CIDR, empty for host and none. */
  subnet: string;
  gateway: string;
  bridgeName: string;
  createdNs: number;
  endpoints: Record<string, Endpoint>;
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

/** The lowest free address in the subnet (.1 is the gateway), as Docker's IPAM hands them out. */
export function freeAddress(network: {
  subnet: string;
  endpoints: Readonly<Record<string, { ipv4Address: string }>>;
}): string | null {
  const parsed = parseCidr(network.subnet);
  if (!parsed) return null;
  const taken = new Set(Object.values(network.endpoints).map((endpoint) => endpoint.ipv4Address));
  const size = 2 ** (32 - parsed.prefix);
  for (let n = 2; n < size - 1; n++) {
    const address = ipToText(parsed.base + n);
    if (!taken.has(address)) return address;
  }
  return null;
}

/** Docker derives a container's MAC from its address: 02:42 and the four octets in hex. */
export function macFor(address: string): string {
  return [
    '02',
    '42',
    ...address.split('.').map((octet) => Number(octet).toString(16).padStart(2, '0')),
  ].join(':');
}
