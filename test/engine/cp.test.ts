// docker cp: between the client's working directory and a container's filesystem, running or
// stopped; copies land in the writable layer (docker diff shows them). The error cases were
// checked against Docker 20.10's CLI.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  s.run("cat > f.txt <<'EOF'\nhello\nEOF");
  s.run("cat > d/a <<'EOF'\na\nEOF");
  s.run("cat > d/sub/b <<'EOF'\nb\nEOF");
  s.run('docker run -d --name box busybox sleep 600');
  return s;
}

const run = (s: Session, line: string) => {
  const result = s.run(line);
  return { stdout: result.stdout, stderr: result.stderr, exit: result.exitCode };
};

describe('docker cp', () => {
  it('copies a file in, into an existing directory under its own name, and back out', () => {
    const s = session();
    expect(run(s, 'docker cp f.txt box:/tmp/g.txt')).toEqual({ stdout: '', stderr: '', exit: 0 });
    expect(run(s, 'docker cp f.txt box:/etc').exit).toBe(0);
    expect(run(s, 'docker exec box cat /tmp/g.txt /etc/f.txt').stdout).toBe('hello\nhello\n');
    expect(run(s, 'docker diff box').stdout).toBe('C /etc\nA /etc/f.txt\nC /tmp\nA /tmp/g.txt\n');
    s.run("docker exec box sh -c 'echo inside > /root/out'");
    expect(run(s, 'docker cp box:/root/out copied').exit).toBe(0);
    expect(run(s, 'cat copied').stdout).toBe('inside\n');
    expect(run(s, 'docker cp box:/etc/hostname .').exit).toBe(0);
    expect(run(s, 'ls').stdout).toContain('hostname');
  });

  it('copies directories both ways, and works on a stopped container', () => {
    const s = session();
    s.run('docker stop -t 0 box');
    expect(run(s, 'docker cp d box:/newdir').exit).toBe(0);
    expect(run(s, 'docker cp d box:/tmp').exit).toBe(0);
    s.run('docker start box');
    expect(run(s, 'docker exec box cat /newdir/a /newdir/sub/b /tmp/d/a /tmp/d/sub/b').stdout).toBe(
      'a\nb\na\nb\n',
    );
    expect(run(s, 'docker exec box ls /newdir').stdout).toBe('a\nsub\n');
    expect(run(s, 'docker cp box:/newdir back').exit).toBe(0);
    expect(run(s, 'cat back/sub/b').stdout).toBe('b\n');
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it("words its errors as Docker's CLI does", () => {
    const s = session();
    const cases: [string, string][] = [
      ['docker cp f.txt box:/nodir/', 'no such directory\n'],
      ['docker cp f.txt box:/nodir/x', 'Error: No such container:path: box:/nodir\n'],
      ['docker cp d box:/etc/passwd', 'cannot copy directory\n'],
      ['docker cp f.txt box:/etc/passwd/', 'no such directory\n'],
      ['docker cp box:/etc/hostname nodir/', 'no such directory\n'],
      [
        'docker cp box:/etc/hostname nodir/x',
        'invalid output path: directory "/home/learner/nodir" does not exist\n',
      ],
      ['docker cp box:/etc f.txt', 'cannot copy directory\n'],
      ['docker cp nosuch:/etc/hostname x', 'Error: No such container:path: nosuch:/etc/hostname\n'],
      ['docker cp f.txt nosuch:/tmp', 'Error: No such container:path: nosuch:/\n'],
      ['docker cp f.txt g.txt', 'must specify at least one container source\n'],
      ['docker cp box:/etc/hostname box:/tmp', 'copying between containers is not supported\n'],
      ['docker cp box:/no/such/file x', 'Error: No such container:path: box:/no/such/file\n'],
      [
        'docker cp missing.txt box:/tmp',
        'lstat /home/learner/missing.txt: no such file or directory\n',
      ],
    ];
    for (const [line, stderr] of cases)
      expect(run(s, line), line).toEqual({ stdout: '', stderr, exit: 1 });
    expect(run(s, 'docker diff box').stdout).toBe('');
  });

  it('refuses to write into a read-only root filesystem', () => {
    const s = session();
    s.run('docker run -d --name ro --read-only busybox sleep 600');
    expect(run(s, 'docker cp f.txt ro:/tmp')).toEqual({
      stdout: '',
      stderr: 'Error response from daemon: container rootfs is marked read-only\n',
      exit: 1,
    });
  });
});
