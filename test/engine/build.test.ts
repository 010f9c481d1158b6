// docker build as the classic builder does it: a step per instruction, a layer per file change,
// the build cache reused up to the first change, and the image's history and layers to show it.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

const DOCKERFILE = [
  "cat > Dockerfile <<'EOF'",
  'FROM busybox',
  'LABEL course=hypervisual',
  'RUN echo one > /one',
  'RUN echo two > /two',
  'COPY file.txt /file.txt',
  'RUN cat /file.txt /one /two > /all',
  'EOF',
].join('\n');

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  s.run(DOCKERFILE);
  s.run("cat > file.txt <<'EOF'\nversion 1\nEOF");
  return s;
}

describe('docker build', () => {
  it('runs each instruction as a step and tags the result', () => {
    const s = session();
    const build = s.run('docker build -t app .');
    expect(build.exitCode).toBe(0);
    const lines = build.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Sending build context to Docker daemon  3.072kB\r\r');
    expect(lines.filter((line) => line.startsWith('Step '))).toEqual([
      'Step 1/6 : FROM busybox',
      'Step 2/6 : LABEL course=hypervisual',
      'Step 3/6 : RUN echo one > /one',
      'Step 4/6 : RUN echo two > /two',
      'Step 5/6 : COPY file.txt /file.txt',
      'Step 6/6 : RUN cat /file.txt /one /two > /all',
    ]);
    expect(lines.filter((line) => line.startsWith(' ---> Running in '))).toHaveLength(4);
    expect(lines.at(-2)).toMatch(/^Successfully built [0-9a-f]{12}$/);
    expect(lines.at(-1)).toBe('Successfully tagged app:latest');
    expect(s.run('docker run --rm app cat /all').stdout).toBe('version 1\none\ntwo\n');
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('adds a layer for each step that changed files, and a history row for every step', () => {
    const s = session();
    s.run('docker build -t app .');
    expect(s.run("docker image inspect -f '{{len .RootFS.Layers}}' app").stdout).toBe('5\n');
    const history = s.run('docker history app').stdout.trimEnd().split('\n').slice(1);
    expect(history).toHaveLength(7);
    expect(history[0]).toMatch(/\/bin\/sh -c cat \/file\.txt \/one \/two > \/all +18B/);
    expect(history[4]).toMatch(/LABEL course=hypervisual +0B/);
  });

  it('reuses the cache until the first change, then rebuilds from there on', () => {
    const s = session();
    s.run('docker build -t app .');
    const again = s.run('docker build -t app .').stdout;
    expect(again.match(/ ---> Using cache/g)).toHaveLength(5);
    s.run("cat > file.txt <<'EOF'\nversion 2\nEOF");
    const changed = s.run('docker build -t app .').stdout;
    expect(changed.match(/ ---> Using cache/g)).toHaveLength(3);
    expect(changed).toMatch(/Step 5\/6 : COPY file\.txt \/file\.txt\n ---> [0-9a-f]{12}\n/);
    expect(s.run('docker run --rm app cat /all').stdout).toBe('version 2\none\ntwo\n');
    expect(s.run('docker build --no-cache -t app .').stdout).not.toMatch(/Using cache/);
  });

  it('hides intermediate images unless -a, and keeps layers shared with the base image', () => {
    const s = session();
    s.run('docker build -t app .');
    const listed = s
      .run('docker images --format {{.Repository}}:{{.Tag}}')
      .stdout.trim()
      .split('\n')
      .sort();
    expect(listed).toEqual(['app:latest', 'busybox:latest']);
    expect(s.run('docker images -a -q').stdout.trim().split('\n').length).toBeGreaterThan(5);
  });

  it('fails a RUN that fails, with its exit code, and a COPY of a missing file', () => {
    const s = new Session({ seed: 1 });
    s.run('docker pull busybox');
    s.run("cat > Dockerfile <<'EOF'\nFROM busybox\nRUN echo before\nRUN exit 3\nEOF");
    const failed = s.run('docker build -t bad .');
    expect(failed.exitCode).toBe(3);
    expect(failed.stdout).toMatch(
      /Step 2\/3 : RUN echo before\n ---> Running in [0-9a-f]{12}\nbefore\n/,
    );
    expect(failed.stderr).toBe("The command '/bin/sh -c exit 3' returned a non-zero code: 3\n");
    s.run("cat > Dockerfile <<'EOF'\nFROM busybox\nCOPY nothing.txt /\nEOF");
    expect(s.run('docker build .').stderr).toMatch(/COPY failed: file not found in build context/);
    expect(s.run('docker build -f Nope .').stderr).toMatch(
      /unable to prepare context: .*Nope: no such file or directory/,
    );
  });
});

describe('docker commit', () => {
  it('makes an image of a container: its writable layer becomes one more layer', () => {
    const s = new Session({ seed: 1 });
    s.run("docker run --name c1 busybox sh -c 'echo committed > /hello.txt'");
    const id = s.run('docker commit c1 snap:v1').stdout.trim();
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(s.run("docker image inspect -f '{{len .RootFS.Layers}}' snap:v1").stdout).toBe('2\n');
    expect(s.run('docker run --rm snap:v1 cat /hello.txt').stdout).toBe('committed\n');
    s.run(`docker commit -c 'CMD ["cat", "/hello.txt"]' -m 'set the default command' c1 snap:v2`);
    expect(s.run("docker image inspect -f '{{json .Config.Cmd}}' snap:v2").stdout).toBe(
      '["cat","/hello.txt"]\n',
    );
    expect(s.run('docker run --rm snap:v2').stdout).toBe('committed\n');
    expect(
      s
        .run("docker history --format '{{.CreatedBy}} | {{.Comment}}' snap:v2")
        .stdout.split('\n')[0],
    ).toBe('sh -c echo committed > /hello.txt | set the default command');
    expect(s.run('docker commit nosuch x').stderr).toBe(
      'Error response from daemon: No such container: nosuch\n',
    );
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });
});
