// A process's view of the network, for the programs that use it (wget, nc, nslookup, servers):
// name resolution as the container's resolver does it, and TCP connections routed the way the
// host routes them. Names: /etc/hosts, then the embedded DNS (127.0.0.11) on user-defined
// networks, which knows the containers on the asker's networks by name; elsewhere the host's
// resolvers, which know no container. Routes: 127.0.0.0/8 and the container's own addresses stay
// in its namespace; an address on one of its networks goes over that bridge; the gateway is the
// host (where published ports lead back to containers); any other network's subnet is dropped
// by dockerd's isolation rules (DOCKER-ISOLATION), so the connection times out.
//
// Reading is pure; what a connection changes (a one-shot server ending, bytes counted on the
// interfaces, a socket opened) is collected as effects the engine emits as events afterwards.
import type { StepContext } from '../../world/context.ts';
import type { DeepReadonly } from '../../world/world.ts';
import type { Container } from '../containers/container.ts';
import type { Daemon } from '../daemon.ts';
import { containerFs } from '../storage/commit-changes.ts';
import {
  containerInterfaces,
  HOST_NETNS,
  netnsOwner,
  usesEmbeddedDns,
  type NetInterface,
} from './attach.ts';
import { httpRespond } from './http.ts';
import { EMBEDDED_DNS, FALLBACK_NAMESERVERS } from './net-view.ts';
import { parseCidr } from './network.ts';
import type { ListenRequest, ListeningSocket } from './sockets.ts';

export type Lookup =
  { ok: true; address: string } | { ok: false; error: 'NXDOMAIN' | 'unreachable'; server: string };

export type Connection =
  | { ok: true; reply: string; address: string }
  | {
      ok: false;
      address: string;
      error:
        | 'Connection refused'
        | 'Connection timed out'
        | 'Network is unreachable'
        | 'No route to host';
    };

type Peer = { networkId: string; containerId: string } | null;

export type NetEffect =
  | { kind: 'listen'; request: ListenRequest }
  | {
      kind: 'served';
      containerId: string;
      socket: DeepReadonly<ListeningSocket>;
      /** What the server printed (nc -l prints what it received). */
      output: string;
      /** A one-shot server (nc -l) closes its socket and ends. */
      ends: boolean;
    }
  | { kind: 'traffic'; from: Peer; to: Peer; bytes: number; packets: number };

export interface NetStack {
  /** The resolver resolv.conf names. */
  nameserver: string;
  lookup(name: string): Lookup;
  /** Open a TCP connection, send `payload`, read until the server closes. */
  connect(address: string, port: number, payload: string): Connection;
  /** The calling process starts listening. */
  listen(request: ListenRequest): void;
  effects: NetEffect[];
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isIpv4(text: string): boolean {
  const match = IPV4.exec(text);
  return match !== null && match.slice(1).every((octet) => Number(octet) < 256);
}

function inSubnet(subnet: string, address: string): boolean {
  const parsed = parseCidr(subnet);
  if (!parsed || !isIpv4(address)) return false;
  const value = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  return value >= parsed.base && value < parsed.base + 2 ** (32 - parsed.prefix);
}

/** Segments TCP would send for `bytes` of data (1448 bytes each), plus the handshake and close. */
function packetsFor(bytes: number): number {
  return 3 + Math.ceil(bytes / 1448);
}

/** Running containers in a network namespace (its owner and those that joined it). */
function sharers(daemon: DeepReadonly<Daemon>, owner: string): DeepReadonly<Container>[] {
  return Object.values(daemon.containers).filter(
    (c) => c.state === 'running' && netnsOwner(daemon, c.id) === owner,
  );
}

export function netStack(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  /** The namespace's interfaces (at start: the ones it is about to get). */
  interfaces: readonly NetInterface[],
): NetStack {
  const daemon = ctx.world.daemons[daemonId]!;
  const owner = netnsOwner(daemon, containerId);
  const onHost = owner === HOST_NETNS;
  /** This namespace as a traffic peer: the host's own interfaces are not endpoints. */
  const self = (networkId: string): Peer => (onHost ? null : { networkId, containerId: owner });
  const embedded = usesEmbeddedDns(daemon, containerId);
  const nameserver = embedded ? EMBEDDED_DNS : FALLBACK_NAMESERVERS[0]!;
  const effects: NetEffect[] = [];
  const hostname = daemon.containers[containerId]?.config.hostname ?? '';

  const lookup = (name: string): Lookup => {
    if (isIpv4(name)) return { ok: true, address: name };
    if (name === 'localhost') return { ok: true, address: '127.0.0.1' };
    if (name === hostname && interfaces[0]) return { ok: true, address: interfaces[0].address };
    if (interfaces.length === 0) return { ok: false, error: 'unreachable', server: nameserver };
    if (embedded) {
      for (const face of interfaces) {
        const network = daemon.networks[face.networkId];
        if (!network || network.name === 'bridge') continue;
        for (const endpoint of Object.values(network.endpoints)) {
          const other = daemon.containers[endpoint.containerId];
          if (other && (other.name === name || other.id.slice(0, 12) === name))
            return { ok: true, address: endpoint.ipv4Address };
        }
      }
    }
    return { ok: false, error: 'NXDOMAIN', server: nameserver };
  };

  /** The namespace an address leads to (and the port there), or why it does not. */
  const route = (
    address: string,
    port: number,
  ):
    | { ok: true; netns: string; port: number; from: Peer; to: Peer }
    | { ok: false; error: Extract<Connection, { ok: false }>['error'] } => {
    const viaHost = (face: NetInterface) => {
      // The host: its own servers (--network host), else a published port leads to the
      // container behind it (docker-proxy / DNAT).
      if (sharers(daemon, HOST_NETNS).some((c) => c.sockets.some((s) => s.port === port)))
        return {
          ok: true as const,
          netns: HOST_NETNS,
          port,
          from: self(face.networkId),
          to: null,
        };
      for (const network of Object.values(daemon.networks))
        for (const endpoint of Object.values(network.endpoints))
          for (const published of endpoint.ports)
            if (
              published.hostPort === port &&
              (published.hostIp === '0.0.0.0' || published.hostIp === address)
            )
              return {
                ok: true as const,
                netns: netnsOwner(daemon, endpoint.containerId),
                port: published.containerPort,
                from: self(face.networkId),
                to: { networkId: network.id, containerId: endpoint.containerId },
              };
      return { ok: false as const, error: 'Connection refused' as const };
    };
    if (address.startsWith('127.') || interfaces.some((face) => face.address === address)) {
      // On the host, a port nobody listens on may still be published (docker-proxy).
      if (
        onHost &&
        !sharers(daemon, HOST_NETNS).some((c) => c.sockets.some((s) => s.port === port))
      )
        return viaHost({ ...interfaces[0]!, networkId: '' });
      return { ok: true, netns: owner, port, from: null, to: null };
    }
    if (interfaces.length === 0) return { ok: false, error: 'Network is unreachable' };
    for (const face of interfaces) {
      const network = daemon.networks[face.networkId];
      if (!network || !inSubnet(network.subnet, address)) continue;
      if (address === network.gateway) return viaHost(face);
      const endpoint = Object.values(network.endpoints).find(
        (candidate) => candidate.ipv4Address === address,
      );
      if (!endpoint) return { ok: false, error: 'No route to host' };
      return {
        ok: true,
        netns: netnsOwner(daemon, endpoint.containerId),
        port,
        from: self(network.id),
        to: { networkId: network.id, containerId: endpoint.containerId },
      };
    }
    const gateway = Object.values(daemon.networks).find((network) => network.gateway === address);
    if (gateway) return viaHost(interfaces[0]!);
    // Another network's containers are dropped by the isolation rules; the simulated world has
    // no hosts beyond its own, so every other address goes unanswered too.
    return { ok: false, error: 'Connection timed out' };
  };

  const connect = (address: string, port: number, payload: string): Connection => {
    const path = route(address, port);
    if (!path.ok) return { ok: false, address, error: path.error };
    for (const c of sharers(daemon, path.netns)) {
      const socket = c.sockets.find((candidate) => candidate.port === path.port);
      if (!socket) continue;
      let reply: string;
      let output = '';
      let ends = false;
      if (socket.service.kind === 'reply') {
        reply = socket.service.text;
        output = payload;
        ends = !socket.service.keepListening;
      } else {
        const fs = containerFs(ctx, daemonId, c.id);
        reply = httpRespond(socket.service.server, socket.service.root, payload, fs).raw;
      }
      effects.push({ kind: 'served', containerId: c.id, socket, output, ends });
      if (path.from || path.to) {
        effects.push({
          kind: 'traffic',
          from: path.from,
          to: path.to,
          bytes: payload.length,
          packets: packetsFor(payload.length),
        });
        effects.push({
          kind: 'traffic',
          from: path.to,
          to: path.from,
          bytes: reply.length,
          packets: packetsFor(reply.length),
        });
      }
      return { ok: true, reply, address };
    }
    return { ok: false, address, error: 'Connection refused' };
  };

  return {
    nameserver,
    lookup,
    connect,
    listen: (request) => effects.push({ kind: 'listen', request }),
    effects,
  };
}

/** The network stack of a process in a running container (docker exec). */
export function runningNetStack(ctx: StepContext, daemonId: string, containerId: string): NetStack {
  return netStack(
    ctx,
    daemonId,
    containerId,
    containerInterfaces(
      ctx.world.daemons[daemonId]!,
      containerId,
      ctx.world.hosts[ctx.world.daemons[daemonId]!.hostId]?.nic,
    ),
  );
}
