// Container networking: each container on a bridge network gets its own eth0 with an address
// from the network's subnet (and a MAC derived from it); --network none leaves only lo.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  return s;
}

describe('networks', () => {
  it('start with bridge, host and none; the default bridge is docker0 on 172.17.0.0/16', () => {
    const s = session();
    expect(s.run("docker network ls --format '{{.Name}} {{.Driver}}'").stdout).toBe(
      'bridge bridge\nhost host\nnone null\n',
    );
    s.run('docker run -d --name web busybox sleep 300');
    expect(
      s.run(
        "docker inspect -f '{{.NetworkSettings.IPAddress}} {{.NetworkSettings.MacAddress}}' web",
      ).stdout,
    ).toBe('172.17.0.2 02:42:ac:11:00:02\n');
    expect(s.run('docker exec web ip addr').stdout).toMatch(
      /inet 172\.17\.0\.2\/16 brd 172\.17\.255\.255 scope global eth0/,
    );
  });

  it('give each container on a user network its own address; a freed address is used again', () => {
    const s = session();
    s.run('docker network create --subnet 10.213.46.0/24 lab');
    s.run('docker run -d --name one1 --network lab busybox sleep 300');
    s.run('docker run -d --name two2 --network lab busybox sleep 300');
    expect(s.run("docker network inspect -f '{{len .Containers}}' lab").stdout).toBe('2\n');
    expect(s.run('docker exec two2 ip -4 addr show eth0').stdout).toMatch(
      /inet 10\.213\.46\.3\/24/,
    );
    s.run('docker rm -f one1');
    s.run('docker run -d --name three3 --network lab busybox sleep 300');
    expect(s.run('docker exec three3 ip -4 addr show eth0').stdout).toMatch(
      /inet 10\.213\.46\.2\/24/,
    );
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('--network none has only the loopback interface', () => {
    const out = session().run('docker run --rm --network none busybox ip addr').stdout;
    expect(out).toMatch(/^1: lo: /);
    expect(out).not.toMatch(/eth0/);
  });

  it('connect adds an interface to a running container; disconnect takes it away', () => {
    const s = session();
    s.run('docker network create --subnet 10.213.47.0/24 back');
    s.run('docker run -d --name app busybox sleep 300');
    s.run('docker network connect back app');
    expect(s.run('docker exec app ip -4 addr show eth1').stdout).toMatch(/inet 10\.213\.47\.2\/24/);
    s.run('docker network disconnect back app');
    expect(s.run('docker exec app ip -4 addr show eth1').exitCode).toBe(1);
  });

  it('refuse what Docker refuses, in its words', () => {
    const s = session();
    s.run('docker network create --subnet 10.213.46.0/24 lab');
    expect(s.run('docker network create lab').stderr).toBe(
      'Error response from daemon: network with name lab already exists\n',
    );
    expect(s.run('docker network create --subnet 10.213.46.0/24 other').stderr).toBe(
      'Error response from daemon: Pool overlaps with other one on this address space\n',
    );
    s.run('docker run -d --name user --network lab busybox sleep 300');
    expect(s.run('docker network rm lab').stderr).toMatch(
      /^Error response from daemon: error while removing network: network lab id [0-9a-f]{64} has active endpoints\n$/,
    );
    s.run('docker rm -f user');
    expect(s.run('docker network rm lab').stdout).toBe('lab\n');
    expect(s.run('docker network rm lab').stderr).toBe('Error: No such network: lab\n');
    expect(s.run('docker run --rm --network nowhere busybox true').stderr).toMatch(
      /network nowhere not found/,
    );
  });

  it('lets a network go while only stopped containers refer to it; their next start fails', () => {
    const s = session();
    s.run('docker network create lab');
    s.run('docker run -d --name app --network lab busybox sleep 300');
    expect(s.run('docker network rm lab').stderr).toMatch(/has active endpoints\n$/);
    s.run('docker stop -t 0 app');
    expect(s.run('docker network rm lab').stdout).toBe('lab\n');
    const start = s.run('docker start app');
    expect(start.exitCode).toBe(1);
    expect(start.stderr).toBe(
      'Error response from daemon: network lab not found\nError: failed to start containers: app\n',
    );
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });
});
