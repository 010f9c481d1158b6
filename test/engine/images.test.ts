// Images through the docker CLI: pull from the simulated registry, shared layers, tags, history,
// and removal that frees only what no other image uses. Error texts are Docker's (see the
// recordings in test/fixtures/docker/recorded for the ones a real engine gave).
import { describe, expect, it } from 'vitest';
import { calibratedValue } from '../../sim-core/calibration/index.ts';
import { CATALOGUE } from '../../sim-core/engine/registry/catalogue.ts';
import { parseReference } from '../../sim-core/engine/registry/reference.ts';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function run(lines: string[]) {
  const session = new Session({ seed: 1 });
  const records = lines.map((line) => session.run(line));
  expect(checkInvariants(session.headWorld)).toEqual([]);
  const daemon = Object.values(session.headWorld.daemons)[0]!;
  return { session, records, daemon, last: records.at(-1)! };
}

describe('docker pull', () => {
  it('downloads every layer the first time and takes time at the calibrated bandwidth', () => {
    const { last, session, daemon } = run(['docker pull busybox']);
    expect(last.exitCode).toBe(0);
    expect(last.stdout).toMatch(
      /^Using default tag: latest\nlatest: Pulling from library\/busybox\n[0-9a-f]{12}: Pulling fs layer\n/,
    );
    expect(last.stdout).toMatch(
      /Status: Downloaded newer image for busybox:latest\ndocker\.io\/library\/busybox:latest\n$/,
    );
    const busybox = CATALOGUE.find((image) => image.repository === 'busybox')!;
    const expectedNs = Math.ceil(
      (busybox.layers[0]!.compressedBytes / calibratedValue('registry.pull.bytesPerSecond')) * 1e9,
    );
    expect(session.headWorld.clockNs).toBe(expectedNs);
    expect(Object.keys(daemon.images)).toHaveLength(1);
    expect(
      session.events.some((event) => event.kind === 'api.request' && event.method === 'POST'),
    ).toBe(true);
  });

  it('says the image is up to date the second time, downloading nothing', () => {
    const { last, session } = run(['docker pull busybox', 'docker pull busybox']);
    expect(last.stdout).toMatch(/Status: Image is up to date for busybox:latest/);
    const second = session.commands.at(-1)!;
    const events = session.events.slice(second.firstEvent, second.endEvent);
    expect(events.some((event) => event.kind === 'registry.layer')).toBe(false);
    expect(events.some((event) => event.kind === 'registry.manifest')).toBe(true);
  });

  it('reuses layers another image already brought: "Already exists"', () => {
    const { last, daemon } = run(['docker pull debian', 'docker pull node:20']);
    const lines = last.stdout.split('\n');
    expect(lines.filter((line) => line.endsWith(': Already exists'))).toHaveLength(1);
    expect(lines.filter((line) => line.endsWith(': Pull complete'))).toHaveLength(
      CATALOGUE.find((i) => i.repository === 'node')!.layers.length - 1,
    );
    const shared = Object.values(daemon.layers).filter((layer) => layer.refCount === 2);
    expect(shared).toHaveLength(1);
  });

  it('refuses unknown repositories and tags as Docker Hub does', () => {
    expect(run(['docker pull nosuchimage']).last.stderr).toBe(
      "Error response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
    );
    expect(run(['docker pull busybox:nosuchtag']).last.stderr).toBe(
      'Error response from daemon: manifest for busybox:nosuchtag not found: manifest unknown: manifest unknown\n',
    );
  });
});

describe('docker images, tag, history and rmi', () => {
  it('lists images with Docker columns and sizes', () => {
    const { last } = run(['docker pull busybox', 'docker pull alpine:3.19', 'docker images']);
    const [header, ...rows] = last.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE$/);
    expect(rows).toHaveLength(2);
    expect(rows.join('\n')).toMatch(/busybox +latest +[0-9a-f]{12} +\d+ months ago +4\.26MB/);
  });

  it('untags a second name, and refuses to delete by id while two names point at it', () => {
    const { records, daemon } = run([
      'docker pull busybox',
      'docker tag busybox mybox:v1',
      'docker image inspect -f {{.Id}} busybox',
    ]);
    const id = records[2]!.stdout.trim().slice(7, 19);
    const s = new Session({ seed: 1 });
    ['docker pull busybox', 'docker tag busybox mybox:v1'].forEach((line) => s.run(line));
    expect(s.run(`docker rmi ${id}`).stderr).toBe(
      `Error response from daemon: conflict: unable to delete ${id} (must be forced) - image is referenced in multiple repositories\n`,
    );
    expect(s.run('docker rmi mybox:v1').stdout).toBe('Untagged: mybox:v1\n');
    expect(Object.keys(daemon.tags).sort()).toEqual(['busybox:latest', 'mybox:v1']);
  });

  it('deletes the image and only the layers no other image uses', () => {
    const { records, daemon } = run([
      'docker pull debian',
      'docker pull node:20',
      'docker rmi node:20',
    ]);
    const deleted = records[2]!.stdout.split('\n').filter((line) => line.startsWith('Deleted: '));
    const nodeLayers = CATALOGUE.find((image) => image.repository === 'node')!.layers.length;
    // The image itself, then every node layer but the debian one debian:latest still holds.
    expect(deleted).toHaveLength(1 + nodeLayers - 1);
    expect(Object.values(daemon.layers)).toHaveLength(1);
    expect(Object.values(daemon.layers)[0]!.refCount).toBe(1);
  });

  it('shows history newest first, with <missing> below the top for pulled images', () => {
    const { last } = run(['docker pull nginx', 'docker history nginx']);
    const rows = last.stdout.trimEnd().split('\n').slice(1);
    const nginx = CATALOGUE.find((image) => image.repository === 'nginx')!;
    expect(rows).toHaveLength(nginx.layers.length + nginx.metadata.length);
    expect(rows[0]).toMatch(/^[0-9a-f]{12} .*CMD \["nginx" "-g" "daemon…/);
    expect(rows.slice(1).every((row) => row.startsWith('<missing>'))).toBe(true);
  });

  it('counts RootFS layers and shows overlay2 paths in image inspect', () => {
    const { session } = run(['docker pull redis']);
    const redis = CATALOGUE.find((image) => image.repository === 'redis')!;
    expect(session.run("docker image inspect -f '{{len .RootFS.Layers}}' redis").stdout).toBe(
      `${redis.layers.length}\n`,
    );
    const [inspect] = JSON.parse(session.run('docker image inspect redis').stdout) as [
      { GraphDriver: { Name: string; Data: { LowerDir: string } } },
    ];
    expect(inspect.GraphDriver.Name).toBe('overlay2');
    expect(inspect.GraphDriver.Data.LowerDir.split(':')).toHaveLength(redis.layers.length - 1);
  });

  it('uses Docker wording for missing images and bad references', () => {
    const inspect = run(['docker image inspect nosuchimage']).last;
    expect([inspect.stdout, inspect.stderr, inspect.exitCode]).toEqual([
      '[]\n',
      'Error: No such image: nosuchimage\n',
      1,
    ]);
    expect(run(['docker rmi hv42-nosuch']).last.stderr).toBe('Error: No such image: hv42-nosuch\n');
    expect(run(['docker tag hv42-nosuch hv42-d']).last.stderr).toBe(
      'Error response from daemon: No such image: hv42-nosuch:latest\n',
    );
    expect(run(['docker pull busybox', "docker tag busybox 'hv42-BAD:x'"]).last.stderr).toBe(
      'Error parsing reference: "hv42-BAD:x" is not a valid repository/tag: invalid reference format: repository name must be lowercase\n',
    );
  });
});

describe('the docker client', () => {
  it("talks to another host's daemon with -H, each daemon with its own images", () => {
    const { session } = run([
      'hv host add --name h2 --cpus 4 --memory 8g',
      'docker -H tcp://h2:2375 pull alpine',
    ]);
    expect(session.run('docker images -q').stdout).toBe('');
    expect(session.run('docker -H tcp://h2:2375 images -q').stdout).toMatch(/^[0-9a-f]{12}\n$/);
    expect(session.run('docker -H tcp://nowhere:2375 images').stderr).toBe(
      'Cannot connect to the Docker daemon at tcp://nowhere:2375. Is the docker daemon running?\n',
    );
  });

  it('loses its local daemon when a type 1 hypervisor replaces the host OS', () => {
    const { last } = run([
      'hv hypervisor install --on host1 --type 1 --product esxi',
      'docker images',
    ]);
    expect(last.stderr).toBe(
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
    );
  });

  it("gives Docker's errors for unknown commands and flags", () => {
    expect(run(['docker frob']).last).toMatchObject({
      stderr: "docker: 'frob' is not a docker command.\nSee 'docker --help'\n",
      exitCode: 1,
    });
    expect(run(['docker pull --foo x']).last).toMatchObject({
      stderr: "unknown flag: --foo\nSee 'docker pull --help'.\n",
      exitCode: 125,
    });
    expect(run(['docker images --help']).last.stdout).toMatch(
      /Usage: {2}docker images \[OPTIONS\] \[REPOSITORY\[:TAG\]\]/,
    );
  });
});

describe('image references', () => {
  it.each([
    ['busybox', 'docker.io', 'library/busybox', 'latest'],
    ['busybox:1.36', 'docker.io', 'library/busybox', '1.36'],
    ['myorg/app:v2', 'docker.io', 'myorg/app', 'v2'],
    ['localhost:5000/app:v1', 'localhost:5000', 'app', 'v1'],
  ])('%s', (text, registry, path, tag) => {
    expect(parseReference(text)).toMatchObject({ ok: true, ref: { registry, path, tag } });
  });
  it.each(['', 'UPPER', 'a:b:c', 'bad..name', 'x@sha256:zz'])('refuses %j', (text) => {
    expect(parseReference(text).ok).toBe(false);
  });
});
