// Programs inside containers and the kernel files they read, through the docker CLI as a learner
// types it: what exec fails with, the cgroup files, /proc/self/status, users, capabilities.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  return s;
}

function runAll(lines: string[]) {
  const s = session();
  const records = lines.map((line) => s.run(line));
  expect(checkInvariants(s.headWorld)).toEqual([]);
  return records;
}

describe('running something that is not a program', () => {
  it('a plain file or a directory is refused by runc with permission denied and 126', () => {
    const [file, dir, shell] = runAll([
      'docker run --rm busybox /etc/passwd',
      'docker run --rm busybox /tmp',
      'docker run --rm busybox sh -c /etc/passwd',
    ]);
    expect(file).toMatchObject({ exitCode: 126 });
    expect(file!.stderr).toContain('exec: "/etc/passwd": permission denied');
    expect(dir).toMatchObject({ exitCode: 126 });
    expect(shell).toMatchObject({ exitCode: 126, stderr: 'sh: /etc/passwd: Permission denied\n' });
  });

  it('a path that is not there is still not found (127)', () => {
    const [missing] = runAll(['docker run --rm busybox /nope']);
    expect(missing).toMatchObject({ exitCode: 127 });
    expect(missing!.stderr).toContain('stat /nope: no such file or directory');
  });

  it('exec reports the same refusal as 126', () => {
    const records = runAll([
      'docker run -d --name ex1 busybox sleep 300',
      'docker exec ex1 /etc/passwd',
    ]);
    expect(records[1]).toMatchObject({ exitCode: 126 });
    expect(records[1]!.stdout + records[1]!.stderr).toContain('"/etc/passwd": permission denied');
  });
});
