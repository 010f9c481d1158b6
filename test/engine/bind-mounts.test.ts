// Bind mounts: a directory or file of the host (the client's machine) seen inside a container;
// the container's writes land in the host's files, and :ro / readonly refuse them.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  s.run("cat > site/index.html <<'EOF'\nhello\nEOF");
  s.run("cat > notes.txt <<'EOF'\nfirst\nEOF");
  return s;
}

describe('bind mounts', () => {
  it('show host files in the container, and what it writes lands on the host', () => {
    const s = session();
    const result = s.run(
      "docker run --name web -v /home/learner/site:/srv -v /home/learner/notes.txt:/notes busybox sh -c 'cat /srv/index.html /notes; echo new > /srv/new.html; echo second >> /notes; rm /srv/index.html; ls /srv'",
    );
    expect(result.stdout).toBe('hello\nfirst\nnew.html\n');
    expect(s.run('cat site/new.html notes.txt').stdout).toBe('new\nfirst\nsecond\n');
    expect(s.run('cat site/index.html').exitCode).toBe(1);
    // Nothing went to the writable layer.
    expect(s.run('docker diff web').stdout).toBe('');
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('are read-only with :ro or readonly, and inspect lists them as bind mounts', () => {
    const s = session();
    for (const option of [
      '-v /home/learner/site:/srv:ro',
      '--mount type=bind,source=/home/learner/site,target=/srv,readonly',
    ]) {
      expect(s.run(`docker run --rm ${option} busybox sh -c 'echo x > /srv/x'`)).toMatchObject({
        stderr: "sh: can't create /srv/x: Read-only file system\n",
        exitCode: 1,
      });
    }
    s.run('docker create --name c1 -v /home/learner/site:/srv:ro busybox');
    expect(s.run("docker inspect -f '{{json .Mounts}}' c1").stdout).toBe(
      '[{"Type":"bind","Source":"/home/learner/site","Destination":"/srv","Mode":"ro","RW":false,"Propagation":"rprivate"}]\n',
    );
  });

  it('--mount refuses a missing source, -v starts from an empty directory', () => {
    const s = session();
    expect(
      s.run('docker run --rm --mount type=bind,source=/home/learner/nope,target=/x busybox true'),
    ).toMatchObject({
      stderr:
        'docker: Error response from daemon: invalid mount config for type "bind": bind source path does not exist: /home/learner/nope.\nSee \'docker run --help\'.\n',
      exitCode: 125,
    });
    expect(
      s.run("docker run --rm -v /srv/data:/x busybox sh -c 'ls /x; echo n > /x/n'").exitCode,
    ).toBe(0);
    expect(s.run('cat /srv/data/n').stdout).toBe('n\n');
  });

  it("words mistakes as Docker's CLI and dockerd do", () => {
    const s = session();
    expect(s.run('docker run --rm --mount type=bind,source=/tmp busybox true').stderr).toBe(
      'invalid argument "type=bind,source=/tmp" for "--mount" flag: target is required\nSee \'docker run --help\'.\n',
    );
    expect(s.run('docker run --rm -v ./site:/x busybox true').stderr).toContain(
      'includes invalid characters for a local volume name',
    );
    expect(s.run('docker run --rm -v /home/learner/site:x busybox true').stderr).toContain(
      "invalid mount path: 'x' mount path must be absolute",
    );
    expect(s.run('docker run --rm --mount type=tmpfs2,target=/x busybox true').stderr).toContain(
      'invalid mount config for type "tmpfs2": mount type unknown',
    );
  });
});
