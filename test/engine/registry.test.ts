// A private registry run as a container: docker push stores an image's layers, config and
// manifest in the registry's volume, docker pull reads them back; without a running registry
// the connection is refused, and Docker Hub refuses a push without login.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function withBusybox(): Session {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  s.run('docker tag busybox localhost:5000/busybox');
  return s;
}

function startRegistry(s: Session): void {
  expect(s.run('docker run -d -p 5000:5000 --name registry registry:2').exitCode).toBe(0);
}

describe('docker push and pull with a private registry', () => {
  it('refuses the connection while no registry runs or it is not published', () => {
    const s = withBusybox();
    // Running, but its port 5000 is only on the container's own address.
    s.run('docker run -d --name unpublished registry:2');
    const push = s.run('docker push localhost:5000/busybox');
    expect(push.exitCode).toBe(1);
    expect(push.stdout).toBe(
      'Using default tag: latest\nThe push refers to repository [localhost:5000/busybox]\n',
    );
    expect(push.stderr).toBe(
      'Get "http://localhost:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused\n',
    );
    const pull = s.run('docker pull localhost:5000/busybox');
    expect(pull.stderr).toBe(
      'Error response from daemon: Get "http://localhost:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused\n',
    );
  });

  it('pushes each layer once, prints the manifest digest, and pulls the image back', () => {
    const s = withBusybox();
    startRegistry(s);
    const push = s.run('docker push localhost:5000/busybox');
    expect(push.exitCode).toBe(0);
    const lines = push.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'Using default tag: latest',
      'The push refers to repository [localhost:5000/busybox]',
    ]);
    expect(lines[2]).toMatch(/^[0-9a-f]{12}: Preparing$/);
    expect(lines[3]).toBe(`${lines[2]!.slice(0, 12)}: Pushed`);
    // A one-layer schema-2 manifest, as distribution writes it, is 527 bytes.
    expect(lines[4]).toMatch(/^latest: digest: sha256:[0-9a-f]{64} size: 527$/);
    const digest = lines[4]!.split(' ')[2];
    const again = s.run('docker push localhost:5000/busybox').stdout;
    expect(again).toContain(`${lines[2]!.slice(0, 12)}: Layer already exists\n`);
    expect(again).toContain(`latest: digest: ${digest} size: 527\n`);
    expect(
      s.run("docker image inspect -f '{{json .RepoDigests}}' localhost:5000/busybox").stdout,
    ).toContain(`"localhost:5000/busybox@${digest}"`);
    // The registry keeps it in its volume, in distribution's layout.
    expect(
      s.run('docker exec registry ls /var/lib/registry/docker/registry/v2/repositories').stdout,
    ).toBe('busybox\n');
    s.run('docker rmi localhost:5000/busybox');
    const pull = s.run('docker pull localhost:5000/busybox');
    expect(pull.exitCode).toBe(0);
    expect(pull.stdout).toContain('latest: Pulling from busybox\n');
    expect(pull.stdout).toContain(`Digest: ${digest}\n`);
    expect(pull.stdout).toMatch(/Already exists\n/);
    expect(s.run('docker run --rm localhost:5000/busybox echo back').stdout).toBe('back\n');
    expect(s.run('docker pull localhost:5000/nosuch').stderr).toBe(
      'Error response from daemon: manifest for localhost:5000/nosuch:latest not found: manifest unknown: manifest unknown\n',
    );
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('pushes a built image and pulls it back after removing it', () => {
    const s = withBusybox();
    startRegistry(s);
    s.run("cat > Dockerfile <<'EOF'\nFROM busybox\nRUN echo pushed > /p\nEOF");
    s.run('docker build -t localhost:5000/app:v1 .');
    const push = s.run('docker push localhost:5000/app:v1').stdout;
    // Nothing was pushed before: busybox's layer and the step's are both new to the registry.
    expect(push.match(/: Pushed\n/g)).toHaveLength(2);
    s.run('docker rmi localhost:5000/app:v1');
    expect(s.run('docker pull localhost:5000/app:v1').exitCode).toBe(0);
    expect(s.run('docker run --rm localhost:5000/app:v1 cat /p').stdout).toBe('pushed\n');
    // Pulled images list their history without local parents.
    expect(s.run('docker history -q localhost:5000/app:v1').stdout).toMatch(/<missing>/);
    s.run('docker stop -t 0 registry');
    expect(s.run('docker push localhost:5000/app:v1').stderr).toMatch(/connection refused/);
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('is denied by Docker Hub without login, and needs the image locally', () => {
    const s = withBusybox();
    s.run('docker tag busybox someone/bb');
    const denied = s.run('docker push someone/bb');
    expect(denied.exitCode).toBe(1);
    expect(denied.stdout).toMatch(
      /^Using default tag: latest\nThe push refers to repository \[docker\.io\/someone\/bb\]\n[0-9a-f]{12}: Preparing\n$/,
    );
    expect(denied.stderr).toBe('denied: requested access to the resource is denied\n');
    const missing = s.run('docker push nosuch');
    expect(missing.stdout).toContain('The push refers to repository [docker.io/library/nosuch]');
    expect(missing.stderr).toBe('An image does not exist locally with the tag: nosuch\n');
  });
});
