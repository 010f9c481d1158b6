// Container networking events in plain words: veth pairs and addresses, the iptables rules that
// publish a port, sockets opening, bytes crossing a bridge.
import type { SimEvent } from '../../sim-core/world/events.ts';
import type { DeepReadonly, World } from '../../sim-core/world/world.ts';

type NetworkEvent = Extract<
  SimEvent,
  {
    kind:
      | 'network.connect'
      | 'network.disconnect'
      | 'iptables.rule'
      | 'socket.listen'
      | 'network.traffic';
  }
>;

export function describeNetworkEvent(event: NetworkEvent, world: DeepReadonly<World>): string {
  const daemon = world.daemons[event.daemonId];
  const containerName = (id: string) => daemon?.containers[id]?.name ?? id.slice(0, 12);
  const networkName = (id: string) => daemon?.networks[id]?.name ?? id.slice(0, 12);
  switch (event.kind) {
    case 'network.connect': {
      const network = daemon?.networks[event.networkId];
      return `${containerName(event.endpoint.containerId)} joins ${networkName(event.networkId)}: a veth pair, ${event.endpoint.ifName} inside with ${event.endpoint.ipv4Address}, ${event.endpoint.hostVeth} on ${network?.bridgeName ?? 'the bridge'}`;
    }
    case 'network.disconnect':
      return `${containerName(event.containerId)} leaves ${networkName(event.networkId)}: its veth pair is gone and its address free`;
    case 'iptables.rule':
      return `iptables ${event.action === 'append' ? 'adds' : 'deletes'}: ${event.rule}`;
    case 'socket.listen':
      return `${containerName(event.containerId)} listens on TCP port ${event.socket.port}`;
    case 'network.traffic': {
      const end = (peer: typeof event.from) =>
        peer ? `${containerName(peer.containerId)} (${networkName(peer.networkId)})` : 'the host';
      return `${event.bytes} bytes in ${event.packets} packets: ${end(event.from)} -> ${end(event.to)}`;
    }
  }
}
