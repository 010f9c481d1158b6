// docker inspect of a container: the document has Docker 20.10's keys in Docker's order (taken
// from the recording of scenario 61), and its values follow the options the container was
// created with.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';

type Json = Record<string, unknown>;

function inspect(setup: string[], name: string): Json {
  const session = new Session({ seed: 1 });
  session.run('docker pull busybox');
  for (const line of setup) session.run(line);
  const result = session.run(`docker inspect ${name}`);
  expect(result.exitCode).toBe(0);
  return (JSON.parse(result.stdout) as Json[])[0]!;
}

const recorded = JSON.parse(
  readFileSync(
    new URL('../fixtures/docker/recorded/61-inspect-json.json', import.meta.url),
    'utf8',
  ),
) as { steps: { cmd: string; stdout: string }[] };
const real = (
  JSON.parse(recorded.steps.find((step) => step.cmd === 'docker inspect hv61-c')!.stdout) as Json[]
)[0]!;

describe('docker inspect CONTAINER', () => {
  const doc = inspect(
    ["docker run --name cc --network none --hostname h -e FOO=bar -m 32m busybox sh -c 'exit 3'"],
    'cc',
  );
  it("has Docker's keys in Docker's order", () => {
    expect(Object.keys(doc)).toEqual(Object.keys(real));
    for (const part of ['State', 'HostConfig', 'GraphDriver', 'Config']) {
      expect([part, Object.keys(doc[part] as Json)]).toEqual([
        part,
        Object.keys(real[part] as Json),
      ]);
    }
  });
  it('carries the options the container was run with', () => {
    const host = doc.HostConfig as Json;
    expect(host.Memory).toBe(32 * 1024 * 1024);
    expect(host.MemorySwap).toBe(64 * 1024 * 1024);
    expect(host.NetworkMode).toBe('none');
    expect(host.ShmSize).toBe((real.HostConfig as Json).ShmSize);
    const config = doc.Config as Json;
    expect(config.Hostname).toBe('h');
    expect(config.AttachStdout).toBe(true);
    expect((doc.State as Json).ExitCode).toBe(3);
    expect(doc.ResolvConfPath).toMatch(
      /^\/var\/lib\/docker\/containers\/[0-9a-f]{64}\/resolv\.conf$/,
    );
  });
  it('shows a detached container attached to nothing, a created one without its files', () => {
    const detached = inspect(['docker run -d -i --name cd busybox sleep 30'], 'cd').Config as Json;
    expect([detached.AttachStdin, detached.AttachStdout, detached.StdinOnce]).toEqual([
      false,
      false,
      false,
    ]);
    expect(detached.OpenStdin).toBe(true);
    const created = inspect(['docker create --name cn busybox true'], 'cn');
    expect([created.ResolvConfPath, created.LogPath]).toEqual(['', '']);
    expect((created.State as Json).StartedAt).toBe('0001-01-01T00:00:00Z');
  });
  it('lists named volumes as binds with mode z, anonymous ones as Config.Volumes', () => {
    const doc = inspect(['docker run --name cv -v data:/named -v /anon busybox true'], 'cv');
    expect((doc.HostConfig as Json).Binds).toEqual(['data:/named']);
    expect((doc.Config as Json).Volumes).toEqual({ '/anon': {} });
    const modes = (doc.Mounts as Json[]).map((mount) => [mount.Destination, mount.Mode]);
    expect(modes).toEqual([
      ['/named', 'z'],
      ['/anon', ''],
    ]);
  });
  it('unmasks /proc for a privileged container', () => {
    const host = inspect(['docker run --name cp --privileged busybox true'], 'cp')
      .HostConfig as Json;
    expect([host.MaskedPaths, host.ReadonlyPaths, host.SecurityOpt]).toEqual([
      null,
      null,
      ['label=disable'],
    ]);
  });
  it('answers templates on the typed document: structs, maps and missing fields', () => {
    const session = new Session({ seed: 1 });
    session.run('docker pull busybox');
    session.run('docker run -d --name ct -l z=1 -l a=2 busybox sleep 30');
    expect(session.run("docker inspect -f '{{.Config.Labels}}' ct").stdout).toBe('map[a:2 z:1]\n');
    expect(session.run("docker inspect -f '{{.HostConfig.RestartPolicy}}' ct").stdout).toBe(
      '{no 0}\n',
    );
    expect(session.run("docker inspect -f '{{json .State.Health}}' ct").stdout).toBe('null\n');
    const missing = session.run("docker inspect -f '{{.State.Nope}}' ct");
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(
      'template parsing error: template: :1:8: executing "" at <.State.Nope>: map has no entry for key "Nope"\n',
    );
  });
});
