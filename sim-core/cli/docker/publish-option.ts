// -p/--publish as the docker 20.10 client reads it (go-connections' nat.ParsePortSpec):
// [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTO], where the ports may be ranges (8080-8081:80-81)
// and a host range with one container port is a range to pick a free host port from.
import type { PortBindings } from '../../engine/networks/ports.ts';
import { UserError } from '../../world/user-error.ts';

function splitParts(spec: string): [string, string, string] {
  const parts = spec.split(':');
  const n = parts.length;
  const container = parts[n - 1]!;
  if (n === 1) return ['', '', container];
  if (n === 2) return ['', parts[0]!, container];
  if (n === 3) return [parts[0]!, parts[1]!, container];
  return [parts.slice(0, n - 2).join(':'), parts[n - 2]!, container];
}

function splitProto(text: string): [string, string] {
  const parts = text.split('/');
  if (text === '' || parts[0] === '') return ['', ''];
  if (parts.length === 1 || parts[1] === '') return ['tcp', parts[0]!];
  return [parts[1]!, parts[0]!];
}

function parseRange(text: string): [number, number] | null {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return null;
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (first > 65535 || last > 65535 || last < first) return null;
  return [first, last];
}

function validIpv4(text: string): boolean {
  const octets = text.split('.');
  return octets.length === 4 && octets.every((octet) => /^\d{1,3}$/.test(octet) && +octet < 256);
}

function checkIp(ip: string): string {
  let address = ip;
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  else if (address.includes(':'))
    // Go splits host and port before parsing the address: a bare IPv6 address has too many colons.
    throw new UserError(`Invalid ip address ${ip}: address ${ip}:: too many colons in address`);
  const ipv6 = /^[0-9a-fA-F:.]+$/.test(address) && address.includes(':');
  if (!validIpv4(address) && !ipv6) throw new UserError(`Invalid ip address: ${ip}`);
  return address;
}

/** Parse every -p value into the host config's PortBindings; errors in the client's words. */
export function parsePublish(specs: readonly string[]): PortBindings {
  const bindings: PortBindings = {};
  for (const spec of specs) {
    const [rawIp, hostPort, rawContainer] = splitParts(spec);
    const [proto, containerPort] = splitProto(rawContainer);
    const ip = rawIp === '' ? '' : checkIp(rawIp);
    if (containerPort === '') throw new UserError(`No port specified: ${spec}<empty>`);
    const container = parseRange(containerPort);
    if (!container) throw new UserError(`Invalid containerPort: ${containerPort}`);
    const host = hostPort === '' ? null : parseRange(hostPort);
    if (hostPort !== '' && !host) throw new UserError(`Invalid hostPort: ${hostPort}`);
    const count = container[1] - container[0];
    if (host && host[1] - host[0] !== count && count !== 0)
      throw new UserError(
        `Invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`,
      );
    if (!['tcp', 'udp', 'sctp'].includes(proto.toLowerCase()))
      throw new UserError(`Invalid proto: ${proto}`);
    for (let offset = 0; offset <= count; offset++) {
      const key = `${container[0] + offset}/${proto.toLowerCase()}`;
      let hostText = '';
      if (host && count === 0 && host[0] !== host[1]) hostText = `${host[0]}-${host[1]}`;
      else if (host) hostText = String(host[0] + offset);
      const binding = { hostIp: ip, hostPort: hostText };
      const list = (bindings[key] ??= []);
      if (!list.some((other) => other.hostIp === ip && other.hostPort === hostText))
        list.push(binding);
    }
  }
  return bindings;
}
