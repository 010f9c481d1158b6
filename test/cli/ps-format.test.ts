// docker ps --format: the row is Docker's ContainerContext (its columns, the Label method), a
// "table" prefix adds the header, and template errors carry the formatter's own wording.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  s.run('docker run -d --name web -l b=2 -l a=1 -v /data busybox sleep 100');
  return s;
}

describe('docker ps --format', () => {
  it('offers labels, mounts, networks and the Label method', () => {
    const out = session().run(
      'docker ps --format \'{{.Names}} {{.Label "a"}}|{{.Labels}}|{{.Networks}}|{{.LocalVolumes}}\'',
    );
    expect(out.stdout).toBe('web 1|a=1,b=2|bridge|1\n');
  });
  it('prints a row as JSON with its columns sorted and no methods', () => {
    const row = JSON.parse(session().run("docker ps --format '{{json .}}'").stdout) as object;
    const keys = Object.keys(row);
    expect(keys).toEqual([...keys].sort());
    expect(keys).not.toContain('Label');
  });
  it('adds a header for table, and alone table is the default table', () => {
    const s = session();
    expect(s.run("docker ps --format 'table {{.Names}}\\t{{.Labels}}'").stdout).toBe(
      'NAMES   LABELS\nweb     a=1,b=2\n',
    );
    expect(s.run("docker ps --format 'table'").stdout).toBe(s.run('docker ps').stdout);
  });
  it("words template errors as Docker's formatter does", () => {
    const s = session();
    const field = s.run("docker ps --format '{{.Foo}}'");
    expect([field.exitCode, field.stderr]).toEqual([
      1,
      'failed to execute template: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext\n',
    ]);
    const parse = s.run("docker ps --format '{{.Foo'");
    expect([parse.exitCode, parse.stderr]).toEqual([
      1,
      'failed to parse template: template: :1: unclosed action\n',
    ]);
  });
});
