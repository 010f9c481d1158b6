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

function withBusybox(): Session {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  return s;
}

function dockerfile(s: Session, lines: string[]): void {
  s.run(`cat > Dockerfile <<'EOF'\n${lines.join('\n')}\nEOF`);
}

describe('docker build: what the classic builder leaves behind', () => {
  it('keeps the failed step container, stopped with the exit code, labelled like the image', () => {
    const s = withBusybox();
    dockerfile(s, ['FROM busybox', 'LABEL step=failed', 'RUN echo before', "RUN sh -c 'exit 3'"]);
    const failed = s.run('docker build -t bad .');
    expect(failed.exitCode).toBe(3);
    const running = /Step 4\/4 : RUN sh -c 'exit 3'\n ---> Running in ([0-9a-f]{12})\n$/.exec(
      failed.stdout,
    );
    expect(running).not.toBeNull();
    const left = s.run("docker ps -a --filter label=step=failed --format '{{.ID}} {{.Status}}'");
    expect(left.stdout).toMatch(new RegExp(`^${running![1]} Exited \\(3\\) `));
    expect(s.run('docker images -q bad').stdout).toBe('');
    // The steps that finished stay as untagged images, listed with -a.
    const steps = s.run("docker images -a --filter label=step=failed --format '{{.Tag}}'");
    expect(steps.stdout).toBe('<none>\n<none>\n');
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('leaves a Created container when runc cannot start an exec-form RUN', () => {
    const s = withBusybox();
    dockerfile(s, ['FROM busybox', 'LABEL step=start', 'RUN ["nosuch", "x"]']);
    const failed = s.run('docker build .');
    expect([failed.exitCode, failed.stderr]).toEqual([
      1,
      'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown\n',
    ]);
    expect(
      s.run("docker ps -a --filter label=step=start --format '{{.Status}}|{{.Command}}'").stdout,
    ).toBe('Created|"nosuch x"\n');
  });

  it('shows what a step writes to stderr in red, and -q shows the progress only on failure', () => {
    const s = withBusybox();
    dockerfile(s, ['FROM busybox', 'RUN echo out; echo err >&2']);
    const built = s.run('docker build .');
    expect(built.stdout).toContain('out\n\u001b[91merr\n\u001b[0mRemoving intermediate container');
    const quiet = s.run('docker build -q --no-cache .');
    expect(quiet.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(quiet.stderr).toBe('');
    dockerfile(s, ['FROM busybox', 'RUN exit 4']);
    const failed = s.run('docker build -q .');
    expect(failed.exitCode).toBe(4);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(
      /^Sending build context to Docker daemon {2}2\.048kB\r\r\nStep 1\/2/,
    );
    expect(failed.stderr).toMatch(
      /\nThe command '\/bin\/sh -c exit 4' returned a non-zero code: 4\n$/,
    );
  });

  it('makes new images and layers with --no-cache, and rmi takes the steps along', () => {
    const s = session();
    const first = s.run('docker build -t app .').stdout;
    const again = s.run('docker build --no-cache -t app .').stdout;
    const ids = (text: string) => [...text.matchAll(/ ---> ([0-9a-f]{12})\n/g)].map((m) => m[1]);
    // Only the base image is shared: every step made a new image at a later time.
    expect(ids(first)[0]).toBe(ids(again)[0]);
    expect(
      ids(first)
        .slice(1)
        .filter((id) => ids(again).includes(id)),
    ).toEqual([]);
    const removed = s.run('docker rmi app').stdout.trim().split('\n');
    expect(removed[0]).toBe('Untagged: app:latest');
    // Five step images, and the layers of the four steps that changed files.
    expect(removed.filter((line) => line.startsWith('Deleted: '))).toHaveLength(9);
    // The first build's steps are still there (the cache), untagged.
    expect(s.run('docker images -a -q').stdout.trim().split('\n')).toHaveLength(6);
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('checks the context directory and the Dockerfile before sending anything', () => {
    const s = withBusybox();
    const noDir = s.run('docker build nosuchdir');
    expect([noDir.exitCode, noDir.stdout, noDir.stderr]).toEqual([
      1,
      '',
      'unable to prepare context: path "nosuchdir" not found\n',
    ]);
    expect(s.run('docker build .').stderr).toBe(
      'unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat /home/learner/Dockerfile: no such file or directory\n',
    );
  });

  it('sizes the context as a tar with a header for each file and each directory', () => {
    const s = withBusybox();
    dockerfile(s, ['FROM busybox']);
    s.run("cat > dir/sub/b.txt <<'EOF'\ndeep\nEOF");
    // Dockerfile 1024 + dir 512 + dir/sub 512 + b.txt 1024 + the end 1024.
    expect(s.run('docker build .').stdout).toMatch(
      /^Sending build context to Docker daemon {2}4\.096kB/,
    );
  });
});

describe('docker build: multi-stage, COPY --from, ADD, ARG', () => {
  it('copies from an earlier stage by name and by index, and from an image', () => {
    const s = withBusybox();
    dockerfile(s, [
      'ARG BASE=busybox',
      'FROM $BASE AS builder',
      'RUN echo built > /out.txt',
      'FROM busybox',
      'COPY --from=builder /out.txt /out.txt',
      'COPY --from=0 /out.txt /copy.txt',
      'COPY --from=busybox /etc/passwd /passwd',
      'CMD ["cat", "/out.txt", "/copy.txt"]',
    ]);
    const built = s.run('docker build -t ms .');
    expect(built.exitCode).toBe(0);
    expect(built.stdout.match(/^Step \d+\/8 : .*$/gm)).toEqual([
      'Step 1/8 : ARG BASE=busybox',
      'Step 2/8 : FROM $BASE AS builder',
      'Step 3/8 : RUN echo built > /out.txt',
      'Step 4/8 : FROM busybox',
      'Step 5/8 : COPY --from=builder /out.txt /out.txt',
      'Step 6/8 : COPY --from=0 /out.txt /copy.txt',
      'Step 7/8 : COPY --from=busybox /etc/passwd /passwd',
      'Step 8/8 : CMD ["cat", "/out.txt", "/copy.txt"]',
    ]);
    expect(s.run('docker run --rm ms').stdout).toBe('built\nbuilt\n');
    expect(s.run('docker run --rm ms cat /passwd').stdout).toMatch(/^root:x:0:0/);
    // The final image holds only the final stage's layers: busybox plus three copies.
    expect(s.run("docker image inspect -f '{{len .RootFS.Layers}}' ms").stdout).toBe('4\n');
    expect(s.run('docker history --no-trunc --format {{.CreatedBy}} ms').stdout).toMatch(
      /#\(nop\) COPY file:[0-9a-f]{64} in \/out\.txt \n/,
    );
  });

  it('says so when COPY --from names nothing that exists', () => {
    const s = withBusybox();
    dockerfile(s, ['FROM busybox', 'COPY --from=nosuchstage /x /y']);
    const failed = s.run('docker build .');
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toBe(
      "invalid from flag value nosuchstage: pull access denied for nosuchstage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
    );
    dockerfile(s, ['FROM busybox', 'COPY --from=busybox /nonexist /x']);
    expect(s.run('docker build .').stderr).toBe(
      'COPY failed: stat nonexist: file does not exist\n',
    );
  });

  it('adds a directory’s contents, unpacks a local tar archive, and copies it with COPY', () => {
    const s = withBusybox();
    s.run("cat > dir/a.txt <<'EOF'\nhi\nEOF");
    s.run("cat > dir/sub/b.txt <<'EOF'\ndeep\nEOF");
    s.run("cat > t/x.txt <<'EOF'\nintar\nEOF");
    expect(s.run('tar -cf app.tar -C t .').exitCode).toBe(0);
    dockerfile(s, [
      'FROM busybox',
      'ADD dir /d1',
      'ADD dir/a.txt /d2/',
      'ADD app.tar /unpacked',
      'COPY app.tar /copied/',
    ]);
    expect(s.run('docker build -t added .').exitCode).toBe(0);
    expect(s.run('docker run --rm added cat /d1/a.txt /d1/sub/b.txt /d2/a.txt').stdout).toBe(
      'hi\ndeep\nhi\n',
    );
    expect(s.run('docker run --rm added cat /unpacked/x.txt').stdout).toBe('intar\n');
    expect(s.run('docker run --rm added ls /copied').stdout).toBe('app.tar\n');
    const history = s.run('docker history --no-trunc --format {{.CreatedBy}}|{{.Size}} added');
    expect(history.stdout).toMatch(/ADD dir:[0-9a-f]{64} in \/d1 \|8B\n/);
    // GNU tar writes whole 10240-byte records; COPY keeps the archive as it is.
    expect(history.stdout).toMatch(/COPY file:[0-9a-f]{64} in \/copied\/ \|10\.2kB\n/);
  });

  it('fails a remote ADD offline, and checks several sources need a directory', () => {
    const s = withBusybox();
    s.run("cat > a.txt <<'EOF'\na\nEOF");
    dockerfile(s, ['FROM busybox', 'ADD https://example.com/x.txt /x.txt']);
    expect(s.run('docker build .').stderr).toBe(
      'ADD failed: Get "https://example.com/x.txt": dial tcp: lookup example.com: no such host\n',
    );
    dockerfile(s, ['FROM busybox', 'COPY a.txt Dockerfile /x']);
    expect(s.run('docker build .').stderr).toBe(
      'When using COPY with more than one source file, the destination must be a directory and end with a /\n',
    );
    dockerfile(s, ['FROM busybox', 'COPY *.nomatch /x/']);
    expect(s.run('docker build .').stderr).toBe('COPY failed: no source files were specified\n');
    dockerfile(s, ['FROM busybox', 'COPY *.txt /x/']);
    expect(s.run('docker build -t globbed .').exitCode).toBe(0);
    expect(s.run('docker run --rm globbed cat /x/a.txt').stdout).toBe('a\n');
  });

  it('passes --build-arg to ARG before FROM', () => {
    const s = withBusybox();
    s.run('docker pull alpine:3.19');
    dockerfile(s, ['ARG BASE=nosuch', 'FROM $BASE', 'CMD ["true"]']);
    expect(s.run('docker build --build-arg BASE=alpine:3.19 -t from-arg .').exitCode).toBe(0);
    expect(s.run("docker image inspect -f '{{len .RootFS.Layers}}' from-arg").stdout).toBe('1\n');
    expect(s.run('docker history -q from-arg').stdout).not.toBe(
      s.run('docker history -q busybox').stdout,
    );
    const failed = s.run('docker build .');
    expect(failed.stdout).toMatch(/Step 2\/3 : FROM \$BASE\n$/);
    expect(failed.stderr).toMatch(/^pull access denied for nosuch,/);
  });
});

describe('docker build --build-arg', () => {
  it('records the args a RUN sees, and warns about args no ARG declared', () => {
    const s = withBusybox();
    dockerfile(s, ['FROM busybox', 'ARG USED', 'RUN echo $USED']);
    const built = s.run(
      'docker build --build-arg USED=1 --build-arg NOPE=2 --build-arg HTTP_PROXY=x -t args .',
    );
    expect(built.stdout).toContain('\n1\n');
    expect(built.stdout).toMatch(
      /\n\[Warning\] One or more build-args \[NOPE\] were not consumed\nSuccessfully built /,
    );
    expect(s.run('docker history --no-trunc --format {{.CreatedBy}} args').stdout).toMatch(
      /^\|1 USED=1 \/bin\/sh -c echo \$USED\n\/bin\/sh -c #\(nop\) {2}ARG USED\n/,
    );
  });
});
