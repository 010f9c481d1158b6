// docker import: an image of one layer from a tar archive on the client, its history row with
// an empty CREATED BY and the message as comment, --change applied to its config.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function withRootfs(): Session {
  const s = new Session({ seed: 1 });
  s.run("cat > root/bin/hello <<'EOF'\nhello from an import\nEOF");
  s.run("cat > root/etc/passwd <<'EOF'\nroot:x:0:0:root:/root:/bin/sh\nEOF");
  expect(s.run('tar -cf rootfs.tar -C root .').exitCode).toBe(0);
  return s;
}

describe('docker import', () => {
  it('makes a one-layer image whose history shows its own ID and the message', () => {
    const s = withRootfs();
    const imported = s.run(
      "docker import -m 'from a tarball' -c 'CMD [\"cat\", \"/bin/hello\"]' -c 'LABEL a=b' rootfs.tar imp:v1",
    );
    expect(imported.exitCode).toBe(0);
    const id = imported.stdout.trim();
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const history = s.run(
      "docker history --format '{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}' imp:v1",
    );
    // The two files' bytes: 21 + 30.
    expect(history.stdout).toBe(`${id.slice(7, 19)}||51B|from a tarball\n`);
    expect(
      s.run(
        "docker image inspect -f '{{json .Config.Cmd}} {{json .Config.Labels}} {{len .RootFS.Layers}}' imp:v1",
      ).stdout,
    ).toBe('["cat","/bin/hello"] {"a":"b"} 1\n');
    // An image built on it shows the imported row with the imported image's ID.
    s.run("cat > Dockerfile <<'EOF'\nFROM imp:v1\nLABEL on=top\nEOF");
    s.run('docker build -t on-top .');
    const rows = s.run("docker history --format '{{.ID}} {{.Comment}}' on-top").stdout;
    expect(rows.trim().split('\n').at(-1)).toBe(`${id.slice(7, 19)} from a tarball`);
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('answers a missing file, a file that is no archive, a bad change and a bad name', () => {
    const s = withRootfs();
    const missing = s.run('docker import nosuch.tar x');
    expect([missing.exitCode, missing.stderr]).toEqual([
      1,
      'open nosuch.tar: no such file or directory\n',
    ]);
    expect(s.run('docker import root/bin/hello x').stderr).toBe(
      'Error response from daemon: Error processing tar file(exit status 1): unexpected EOF\n',
    );
    expect(s.run("docker import -c 'FROBNICATE x' rootfs.tar x").stderr).toBe(
      'Error response from daemon: frobnicate is not a valid change command\n',
    );
    expect(s.run("docker import -c 'RUN true' rootfs.tar x").stderr).toBe(
      'Error response from daemon: run is not a valid change command\n',
    );
    expect(s.run('docker import rootfs.tar BAD').stderr).toBe(
      'invalid reference format: repository name must be lowercase\n',
    );
    expect(s.run('docker images -q').stdout).toBe('');
  });
});
