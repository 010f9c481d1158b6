// Traffic between containers: names resolved by the embedded DNS on user-defined networks,
// HTTP and nc between containers on one network, the errors a client gets across networks, for
// a missing name or a closed port, and the bytes the interfaces count.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function lab() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  s.run('docker network create --subnet 10.9.1.0/24 front');
  s.run('docker network create --subnet 10.9.2.0/24 back');
  s.run(
    "docker run -d --name site --network front busybox sh -c 'mkdir /www; echo hello > /www/index.html; httpd -f -p 8000 -h /www'",
  );
  return s;
}

describe('traffic between containers', () => {
  it('reaches a server on the same network by container name', () => {
    const s = new Session({ seed: 1 });
    s.run('docker pull busybox');
    s.run('docker network create --subnet 10.9.1.0/24 front');
    s.run('docker run -d --name web --network front nginx');
    const page = s.run('docker run --rm --network front busybox wget -qO- http://web/');
    expect(page.exitCode).toBe(0);
    expect(page.stdout).toMatch(/<title>Welcome to nginx!<\/title>/);
    const verbose = s.run('docker run --rm --network front busybox wget -O- http://web/');
    expect(verbose.stderr).toMatch(/^Connecting to web \(10\.9\.1\.2:80\)\nwriting to stdout\n/);
    expect(s.run('docker run --rm --network front busybox wget -qO- http://web/nope').stderr).toBe(
      'wget: server returned error: HTTP/1.1 404 Not Found\n',
    );
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('serves files a container wrote, with busybox httpd', () => {
    const s = lab();
    expect(
      s.run('docker run --rm --network front busybox wget -qO- http://site:8000/').stdout,
    ).toBe('hello\n');
  });

  it('fails with the real errors for a missing name, a closed port and another network', () => {
    const s = lab();
    expect(s.run('docker run --rm --network front busybox wget -qO- http://nosuch/').stderr).toBe(
      "wget: bad address 'nosuch'\n",
    );
    expect(s.run('docker run --rm --network front busybox wget -qO- http://site:9/').stderr).toBe(
      "wget: can't connect to remote host (10.9.1.2): Connection refused\n",
    );
    // The name is unknown on another network, and its address is dropped by isolation.
    expect(s.run('docker run --rm --network back busybox wget -qO- http://site:8000/').stderr).toBe(
      "wget: bad address 'site:8000'\n",
    );
    expect(
      s.run('docker run --rm --network back busybox wget -qO- http://10.9.1.2:8000/').stderr,
    ).toBe("wget: can't connect to remote host (10.9.1.2): Connection timed out\n");
    expect(s.run('docker run --rm --network none busybox nc 10.9.1.2 8000').stderr).toBe(
      "nc: can't connect to remote host (10.9.1.2): Network is unreachable\n",
    );
  });

  it('answers nslookup from the embedded DNS, and only for containers on a shared network', () => {
    const s = lab();
    const found = s.run('docker run --rm --network front busybox nslookup site');
    expect(found.stdout).toBe(
      'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tsite\nAddress: 10.9.1.2\n\nNon-authoritative answer:\n\n',
    );
    const missing = s.run('docker run --rm --network back busybox nslookup site');
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toMatch(/\*\* server can't find site: NXDOMAIN/);
    expect(s.run('docker run --rm --network back busybox cat /etc/resolv.conf').stdout).toBe(
      'nameserver 127.0.0.11\noptions ndots:0\n',
    );
    // The default bridge has no embedded DNS: the host's resolvers know no container.
    expect(s.run('docker run --rm busybox cat /etc/resolv.conf').stdout).not.toMatch(
      /127\.0\.0\.11/,
    );
  });

  it('connects a client in a shared network namespace over loopback to nc -l, which then ends', () => {
    const s = new Session({ seed: 1 });
    s.run('docker pull busybox');
    s.run(
      "docker run -d --name srv --network none busybox sh -c 'echo over loopback | nc -l -p 8080'",
    );
    expect(s.run("docker inspect -f '{{.State.Status}}' srv").stdout).toBe('running\n');
    const client = s.run(
      "docker run --rm --network container:srv busybox sh -c 'echo ping | nc 127.0.0.1 8080'",
    );
    expect(client.stdout).toBe('over loopback\n');
    expect(s.run('docker wait srv').stdout).toBe('0\n');
    expect(s.run('docker logs srv').stdout).toBe('ping\n');
    expect(s.run('docker run --rm --network none busybox nc 127.0.0.1 8080').stderr).toBe(
      "nc: can't connect to remote host (127.0.0.1): Connection refused\n",
    );
  });

  it('reaches a published port through the gateway, and counts the bytes on both interfaces', () => {
    const s = new Session({ seed: 1 });
    s.run('docker pull busybox');
    s.run('docker run -d --name web -p 8080:80 nginx');
    const page = s.run('docker run --rm busybox wget -qO- http://172.17.0.1:8080/');
    expect(page.stdout).toMatch(/Welcome to nginx!/);
    const dev = s.run('docker exec web cat /proc/net/dev').stdout;
    const eth0 = dev.split('\n').find((line) => line.trim().startsWith('eth0:'))!;
    const [rxBytes, , , , , , , , txBytes] = eth0.split(':')[1]!.trim().split(/\s+/).map(Number);
    expect(rxBytes).toBeGreaterThan(0);
    expect(txBytes).toBeGreaterThan(rxBytes!);
  });

  it('lists lo and each interface under /sys/class/net, eth1 after a connect', () => {
    const s = lab();
    s.run('docker run -d --name app --network front busybox sleep 300');
    expect(s.run('docker exec app ls /sys/class/net').stdout).toBe('eth0\nlo\n');
    s.run('docker network connect back app');
    expect(s.run('docker exec app ls /sys/class/net').stdout).toBe('eth0\neth1\nlo\n');
    expect(s.run('docker exec app cat /sys/class/net/eth1/address').stdout).toBe(
      '02:42:0a:09:02:02\n',
    );
    s.run('docker network disconnect back app');
    expect(s.run('docker exec app ls /sys/class/net').stdout).toBe('eth0\nlo\n');
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('puts --network host containers in the host namespace: its NIC, docker0, its name, published ports on localhost', () => {
    const s = new Session({ seed: 1 });
    s.run('docker pull busybox');
    s.run('docker run -d --name web -p 127.0.0.1:8080:80 nginx');
    expect(s.run('docker run --rm --network host busybox ls /sys/class/net').stdout).toBe(
      'docker0\neth0\nlo\n',
    );
    expect(s.run('docker run --rm --network host busybox hostname').stdout).toBe('host1\n');
    expect(
      s.run('docker run --rm --network host busybox wget -qO- http://127.0.0.1:8080/').stdout,
    ).toMatch(/Welcome to nginx!/);
    // From a bridged container, 127.0.0.1 is its own loopback: nobody listens there.
    expect(s.run('docker run --rm busybox wget -qO- http://127.0.0.1:8080/').stderr).toBe(
      "wget: can't connect to remote host (127.0.0.1): Connection refused\n",
    );
  });
});
