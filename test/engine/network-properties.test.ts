// Random sequences of network commands (create, connect, disconnect, rm, -p, servers and
// clients) never throw out of the core, and every world they leave keeps the network
// invariants: one address per endpoint, endpoints only for running containers, a host port
// published once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

const names = ['web', 'db', 'cli'];
const networks = ['front', 'back', 'bridge', 'none', 'ghost'];
const pick = <T>(items: T[]) => fc.constantFrom(...items);

const networkCommand = fc.oneof(
  fc
    .tuple(pick(['front', 'back']), pick(['10.9.1.0/24', '10.9.2.0/24', '10.9.0.0/16', 'bad']))
    .map(([name, subnet]) => `docker network create --subnet ${subnet} ${name}`),
  pick(['front', 'back']).map((name) => `docker network create ${name}`),
  fc
    .tuple(pick(['connect', 'disconnect']), pick(networks), pick([...names, 'ghost']))
    .map(([verb, network, name]) => `docker network ${verb} ${network} ${name}`),
  pick(networks).map((network) => `docker network rm ${network}`),
  fc
    .tuple(
      pick(names),
      pick(networks),
      pick(['', '-p 8080:80', '-p 127.0.0.1:8080:80', '-p 80', '-p 9000-9001:80-81/udp', '-p x']),
      pick([
        'nginx',
        'busybox sleep 300',
        "busybox sh -c 'echo hi | nc -l -p 7000'",
        'busybox httpd -f -p 8000',
      ]),
    )
    .map(
      ([name, network, publish, image]) =>
        `docker run -d --name ${name} --network ${network} ${publish} ${image}`,
    ),
  fc
    .tuple(
      pick(networks),
      pick(['web', 'db', 'cli', 'nosuch', '10.9.1.2', '172.17.0.1', '127.0.0.1']),
      pick(['80', '7000', '8000', '8080']),
    )
    .map(
      ([network, host, port]) =>
        `docker run --rm --network ${network} busybox sh -c 'wget -qO- http://${host}:${port}/; echo hi | nc ${host} ${port}; nslookup ${host}'`,
    ),
  pick(names).map(
    (name) => `docker run --rm --network container:${name} busybox nc 127.0.0.1 7000`,
  ),
  fc
    .tuple(pick(['stop -t 0', 'rm -f', 'start', 'port', 'kill']), pick(names))
    .map(([verb, name]) => `docker ${verb} ${name}`),
  pick(names).map((name) => `docker exec ${name} cat /proc/net/dev /sys/class/net/eth0/address`),
);

describe('random network commands', () => {
  it('never throw and keep the network invariants', () => {
    fc.assert(
      fc.property(fc.array(networkCommand, { minLength: 1, maxLength: 14 }), (lines) => {
        const session = new Session({ seed: 1 });
        session.run('docker pull busybox');
        for (const line of lines) {
          const record = session.run(line);
          expect(record.stderr).not.toMatch(/internal error|TypeError|undefined/);
          expect(checkInvariants(session.headWorld), line).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
