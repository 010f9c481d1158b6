// Volumes: what a container writes under a volume outlives it; what it writes anywhere else
// goes with its writable layer when it is removed (the course's ephemeral-state lesson).
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  return s;
}

describe('volumes', () => {
  it('keep data after the container that wrote it is removed; the writable layer does not', () => {
    const s = session();
    s.run('docker volume create data');
    s.run(
      "docker run --name writer -v data:/data busybox sh -c 'echo kept > /data/file; echo lost > /tmp/file'",
    );
    expect(s.run('docker diff writer').stdout).toBe('C /tmp\nA /tmp/file\n');
    s.run('docker rm writer');
    expect(s.run('docker run --rm -v data:/data busybox cat /data/file').stdout).toBe('kept\n');
    expect(s.run('docker run --rm busybox cat /tmp/file').exitCode).toBe(1);
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('are created on first use by name, listed and inspected as Docker does', () => {
    const s = session();
    s.run('docker run --rm -v made:/data busybox true');
    expect(s.run("docker volume ls --format '{{.Driver}} {{.Name}}'").stdout).toBe('local made\n');
    expect(
      s.run("docker volume inspect -f '{{.Name}} {{.Driver}} {{.Scope}} {{.Mountpoint}}' made")
        .stdout,
    ).toBe('made local local /var/lib/docker/volumes/made/_data\n');
    expect(s.run('docker volume inspect nosuch')).toMatchObject({
      stdout: '[]\n',
      stderr: 'Error: No such volume: nosuch\n',
      exitCode: 1,
    });
  });

  it('cannot be removed while a container (even a stopped one) uses them', () => {
    const s = session();
    s.run('docker run -d --name user -v keep:/data busybox sleep 300');
    const id = Object.values(Object.values(s.headWorld.daemons)[0]!.containers)[0]!.id;
    expect(s.run('docker volume rm keep').stderr).toBe(
      `Error response from daemon: remove keep: volume is in use - [${id}]\n`,
    );
    s.run('docker stop -t 0 user');
    expect(s.run('docker volume rm keep').exitCode).toBe(1);
    s.run('docker rm user');
    expect(s.run('docker volume rm keep').stdout).toBe('keep\n');
    expect(s.run('docker volume rm keep').stderr).toBe('Error: No such volume: keep\n');
  });

  it('give an image VOLUME an anonymous volume, which --rm removes with the container', () => {
    const s = session();
    s.run('docker pull redis');
    s.run('docker run -d --name cache redis');
    const volumes = Object.values(Object.values(s.headWorld.daemons)[0]!.volumes);
    expect(volumes).toHaveLength(1);
    expect(volumes[0]!.anonymous).toBe(true);
    expect(s.run("docker inspect -f '{{json .Mounts}}' cache").stdout).toMatch(
      /"Destination":"\/data"/,
    );
    s.run('docker rm -f -v cache');
    expect(Object.keys(Object.values(s.headWorld.daemons)[0]!.volumes)).toHaveLength(0);
  });
});
