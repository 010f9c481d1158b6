// Published ports: what -p accepts and refuses, what a started container holds (docker port,
// the PORTS column, the DNAT rules), and the clashes dockerd refuses at start.
import { describe, expect, it } from 'vitest';
import { parsePublish } from '../../sim-core/cli/docker/publish-option.ts';
import { displayablePorts } from '../../sim-core/engine/networks/ports.ts';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';
import { UserError } from '../../sim-core/world/user-error.ts';

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  return s;
}

function publishError(spec: string): string {
  try {
    parsePublish([spec]);
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  return '';
}

describe('-p as the client parses it', () => {
  it('reads host address, host port, container port and protocol, expanding ranges', () => {
    expect(parsePublish(['127.0.0.1:18451:80', '18452:81/udp', '90'])).toEqual({
      '80/tcp': [{ hostIp: '127.0.0.1', hostPort: '18451' }],
      '81/udp': [{ hostIp: '', hostPort: '18452' }],
      '90/tcp': [{ hostIp: '', hostPort: '' }],
    });
    expect(Object.keys(parsePublish(['8000-8001:80-81']))).toEqual(['80/tcp', '81/tcp']);
    expect(parsePublish(['8000-8010:80'])['80/tcp']).toEqual([
      { hostIp: '', hostPort: '8000-8010' },
    ]);
  });

  it("refuses malformed values with the client's words", () => {
    expect(publishError('abc')).toBe('Invalid containerPort: abc');
    expect(publishError('70000:80')).toBe('Invalid hostPort: 70000');
    expect(publishError('8080:80/sctpx')).toBe('Invalid proto: sctpx');
    expect(publishError('1.2.3:80:80')).toBe('Invalid ip address: 1.2.3');
    expect(publishError('8080:')).toBe('No port specified: 8080:<empty>');
    expect(publishError('18470-18471:80-82')).toBe(
      'Invalid ranges specified for container and host Ports: 80-82 and 18470-18471',
    );
  });

  it('groups exposed ports into ranges and lists published ones after them, as docker ps does', () => {
    expect(displayablePorts(['80/tcp', '81/tcp', '443/tcp'], [])).toBe('80-81/tcp, 443/tcp');
    const published = [
      {
        proto: 'tcp' as const,
        containerPort: 80,
        hostIp: '0.0.0.0',
        hostPort: 8080,
        rules: [],
        proxy: [],
      },
      {
        proto: 'tcp' as const,
        containerPort: 80,
        hostIp: '::',
        hostPort: 8080,
        rules: [],
        proxy: [],
      },
    ];
    expect(displayablePorts(['80/tcp'], published)).toBe('0.0.0.0:8080->80/tcp, :::8080->80/tcp');
  });
});

describe('published ports on a running container', () => {
  it('are listed by docker port and docker ps, with a DNAT rule for each IPv4 binding', () => {
    const s = session();
    s.run('docker run -d --name web -p 8080:80 -p 127.0.0.1:9090:90/udp busybox sleep 300');
    expect(s.run('docker port web').stdout).toBe(
      '80/tcp -> 0.0.0.0:8080\n80/tcp -> :::8080\n90/udp -> 127.0.0.1:9090\n',
    );
    expect(s.run('docker port web 90/udp').stdout).toBe('127.0.0.1:9090\n');
    expect(s.run('docker port web 81').stderr).toBe(
      "Error: No public port '81/tcp' published for web\n",
    );
    expect(s.run("docker ps --format '{{.Ports}}'").stdout).toBe(
      '0.0.0.0:8080->80/tcp, :::8080->80/tcp, 127.0.0.1:9090->90/udp\n',
    );
    const rules = s.events
      .filter((event) => event.kind === 'iptables.rule' && event.action === 'append')
      .map((event) => (event.kind === 'iptables.rule' ? event.rule : ''));
    expect(rules).toContain(
      '-t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
    );
    expect(rules).toContain(
      '-t nat -A DOCKER -d 127.0.0.1/32 ! -i docker0 -p udp -m udp --dport 9090 -j DNAT --to-destination 172.17.0.2:90',
    );
    s.run('docker stop -t 0 web');
    expect(s.run('docker port web').stdout).toBe('');
    const deleted = s.events.filter(
      (event) => event.kind === 'iptables.rule' && event.action === 'delete',
    );
    expect(deleted).toHaveLength(rules.length);
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('refuses a host port that is taken and leaves the second container created', () => {
    const s = session();
    s.run('docker run -d --name first -p 127.0.0.1:8080:80 busybox sleep 300');
    const clash = s.run('docker run -d --name second -p 127.0.0.1:8080:80 busybox sleep 300');
    expect(clash.exitCode).toBe(125);
    expect(clash.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(clash.stderr).toMatch(
      /^docker: Error response from daemon: driver failed programming external connectivity on endpoint second \([0-9a-f]{64}\): Bind for 127\.0\.0\.1:8080 failed: port is already allocated\.\n$/,
    );
    expect(s.run("docker ps -a --filter name=second --format '{{.Status}}'").stdout).toBe(
      'Created\n',
    );
    const proxy = s.run('docker run -d --name third -p 8080:80 busybox sleep 300');
    expect(proxy.stderr).toMatch(
      /Error starting userland proxy: listen tcp4 0\.0\.0\.0:8080: bind: address already in use/,
    );
    s.run('docker rm -f first');
    expect(s.run('docker start second').exitCode).toBe(0);
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('picks free host ports from 32768 for a binding without one', () => {
    const s = session();
    s.run('docker run -d --name first -p 80 busybox sleep 300');
    s.run('docker run -d --name second -p 80 busybox sleep 300');
    expect(s.run('docker port second 80').stdout).toBe('0.0.0.0:32769\n:::32769\n');
  });

  it('are dropped with --network none and refused with --network container:X', () => {
    const s = session();
    s.run('docker run -d --name lone --network none -p 8080:80 busybox sleep 300');
    expect(s.run('docker port lone').stdout).toBe('');
    const joined = s.run('docker run --rm --network container:lone -p 8081:80 busybox true');
    expect(joined.exitCode).toBe(125);
    expect(joined.stderr).toBe(
      "docker: Error response from daemon: conflicting options: port publishing and the container type network mode.\nSee 'docker run --help'.\n",
    );
  });
});
