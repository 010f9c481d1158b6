// docker images: filters as dockerd applies them (reference with Go's path.Match, dangling,
// label, before/since), the digests column, and the errors for bad filters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatch } from '../../sim-core/engine/path-match.ts';
import { Session } from '../../sim-core/trace/session.ts';

function session(): Session {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  s.run("docker run --name c1 busybox sh -c 'echo x > /x'");
  s.run('docker commit c1 app');
  s.run('docker tag app app-two:v1');
  s.run('docker tag app team/app:v2');
  return s;
}

const names = (s: Session, args: string) =>
  s
    .run(`docker images ${args} --format '{{.Repository}}:{{.Tag}}'`)
    .stdout.trim()
    .split('\n')
    .filter((line) => line !== '')
    .sort();

describe('docker images filters', () => {
  it('matches references like path.Match: * stops at a slash, name or name:tag', () => {
    const s = session();
    expect(names(s, "--filter 'reference=app*'")).toEqual(['app-two:v1', 'app:latest']);
    expect(names(s, "--filter 'reference=*/app'")).toEqual(['team/app:v2']);
    expect(names(s, "--filter 'reference=*:v?'")).toEqual(['app-two:v1']);
    expect(names(s, 'app-two')).toEqual(['app-two:v1']);
    expect(names(s, "--filter 'reference=busybox:latest'")).toEqual(['busybox:latest']);
  });

  it('lists dangling images, labels, and images before or since another', () => {
    const s = session();
    s.run("cat > Dockerfile <<'EOF'\nFROM busybox\nLABEL kind=demo\nRUN echo 1 > /1\nEOF");
    s.run('docker build -t demo .');
    s.run("cat > Dockerfile <<'EOF'\nFROM busybox\nLABEL kind=demo\nRUN echo 2 > /2\nEOF");
    s.run('docker build -t demo .');
    // The first build's image lost its tag: dangling.
    expect(names(s, '--filter dangling=true')).toEqual(['<none>:<none>']);
    // The LABEL step came from the cache the second time: one LABEL image, two RUN images.
    expect(names(s, '-a --filter label=kind=demo')).toEqual([
      '<none>:<none>',
      '<none>:<none>',
      'demo:latest',
    ]);
    expect(names(s, '--filter label=kind --filter dangling=false')).toEqual(['demo:latest']);
    expect(names(s, '--filter before=app')).toEqual(['busybox:latest']);
    expect(s.run('docker images --filter since=nosuch').stderr).toBe(
      'Error response from daemon: No such image: nosuch:latest\n',
    );
  });

  it('shows digests, and refuses unknown or malformed filters with dockerd’s and the CLI’s words', () => {
    const s = session();
    const table = s.run('docker images --digests busybox').stdout.split('\n');
    expect(table[0]).toMatch(/^REPOSITORY +TAG +DIGEST +IMAGE ID +CREATED +SIZE$/);
    expect(table[1]).toMatch(/^busybox +latest +sha256:[0-9a-f]{64} +[0-9a-f]{12} /);
    expect(s.run("docker images app --format '{{.Digest}}'").stdout).toBe('<none>\n');
    const unknown = s.run('docker images --filter xyz=1');
    expect([unknown.exitCode, unknown.stderr]).toEqual([
      1,
      "Error response from daemon: Invalid filter 'xyz'\n",
    ]);
    const malformed = s.run('docker images --filter xyz');
    expect([malformed.exitCode, malformed.stderr]).toEqual([
      125,
      'invalid argument "xyz" for "-f, --filter" flag: bad format of filter (expected name=value)\nSee \'docker images --help\'.\n',
    ]);
    expect(s.run('docker images --filter dangling=maybe').stderr).toBe(
      "Error response from daemon: Invalid filter 'dangling=[maybe]'\n",
    );
  });

  it('rmi by ID of an image other images build on is a conflict; by tag it only untags', () => {
    const s = session();
    s.run("cat > Dockerfile <<'EOF'\nFROM app\nRUN echo child > /child\nEOF");
    s.run('docker build -t child .');
    s.run('docker rmi app-two:v1 team/app:v2');
    const id = s.run("docker image inspect -f '{{.Id}}' app").stdout.trim();
    expect(s.run(`docker rmi ${id}`).stderr).toBe(
      `Error response from daemon: conflict: unable to delete ${id.slice(7, 19)} (cannot be forced) - image has dependent child images\n`,
    );
    expect(s.run('docker rmi app').stdout).toBe('Untagged: app:latest\n');
    expect(s.run('docker run --rm child cat /x /child').stdout).toBe('x\nchild\n');
  });
});

describe('globMatch (Go path.Match)', () => {
  it('never lets * or ? match a slash, and matches literal text exactly', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z/.*?-]{0,12}$/),
        fc.stringMatching(/^[a-z/.-]{0,12}$/),
        (pattern, path) => {
          const matched = globMatch(pattern, path);
          if (!/[*?[\\]/.test(pattern)) expect(matched).toBe(pattern === path);
          if (matched) expect(path.split('/').length).toBe(pattern.split('/').length);
        },
      ),
    );
  });
});
