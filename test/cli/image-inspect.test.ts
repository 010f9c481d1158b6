// docker image inspect: Docker 20.10's keys in Docker's order (from a real engine's answer in
// fixtures/docker/go-templates.json), and a built image carrying its parent and last step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';

type Json = Record<string, unknown>;

const real = (
  JSON.parse(
    readFileSync(new URL('../fixtures/docker/go-templates.json', import.meta.url), 'utf8'),
  ) as { imageInspect: Json }
).imageInspect;

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  return s;
}

describe('docker image inspect', () => {
  it("has Docker's keys in Docker's order", () => {
    const result = session().run('docker image inspect busybox');
    expect(result.exitCode).toBe(0);
    const doc = (JSON.parse(result.stdout) as Json[])[0]!;
    expect(Object.keys(doc)).toEqual(Object.keys(real));
    for (const part of ['ContainerConfig', 'Config', 'GraphDriver', 'RootFS', 'Metadata']) {
      expect([part, Object.keys(doc[part] as Json)]).toEqual([
        part,
        Object.keys(real[part] as Json),
      ]);
    }
    expect(doc.Metadata).toEqual({ LastTagTime: '0001-01-01T00:00:00Z' });
  });
  it('answers templates on the typed view', () => {
    const s = session();
    expect(s.run("docker image inspect -f '{{.RootFS}}' busybox").stdout).toMatch(
      /^\{layers \[sha256:[0-9a-f]{64}\] \}\n$/,
    );
    expect(
      s.run("docker image inspect -f '{{.ID}} {{.Config.Entrypoint}}' busybox").stdout,
    ).toMatch(/^sha256:[0-9a-f]{64} \[\]\n$/);
  });
});
