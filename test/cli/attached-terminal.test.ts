// docker run -it / docker exec -it with a terminal (the page): the learner's lines go to the
// container's shell until it exits. Without a terminal (scripts) -it keeps failing as Docker does.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';

function terminal(lines: string[], seed = 7) {
  const session = new Session({ seed, tty: true });
  const records = lines.map((line) => ({ ...session.run(line), prompt: session.prompt }));
  return { session, records };
}

const inspect = (session: Session, format: string, name: string) =>
  session.run(`docker inspect -f '${format}' ${name}`).stdout.trim();

describe('a terminal attached to a container shell', () => {
  it('runs each line in the container and shows busybox root prompt', () => {
    const { session, records } = terminal([
      'docker run -it --name box busybox sh',
      'hostname',
      'echo $HOME; id -u',
    ]);
    expect(records[0]!.exitCode).toBe(0);
    expect(records[0]!.prompt).toBe('/ # ');
    const id = session.headWorld.client.attached!.containerId;
    // The container's hostname is its short id: the line ran inside it, not on the client.
    expect(records[1]!.stdout).toBe(`${id.slice(0, 12)}\n`);
    expect(records[2]!.stdout).toBe('/root\n0\n');
    expect(records[2]!.prompt).toBe('/ # ');
  });

  it('creates the container with a terminal and open input', () => {
    const { session } = terminal(['docker run -it --name box busybox sh']);
    session.run('exit 0');
    expect(inspect(session, '{{.Config.Tty}} {{.Config.OpenStdin}}', 'box')).toBe('true true');
  });

  it('leaves the container running for docker ps to show while the shell waits', () => {
    const { session, records } = terminal(['docker run -it --name box busybox sh']);
    const world = session.worldAt(records[0]!.endEvent);
    const daemon = Object.values(world.daemons)[0]!;
    expect(Object.values(daemon.containers).map((container) => container.state)).toEqual([
      'running',
    ]);
  });

  it('keeps the directory that cd chose, and reports a bad cd as busybox does', () => {
    const { records } = terminal([
      'docker run -it --name box busybox sh',
      'cd /tmp',
      'pwd',
      'cd /nope',
      'touch here',
      'ls /tmp',
    ]);
    expect(records[1]!.prompt).toBe('/tmp # ');
    expect(records[2]!.stdout).toBe('/tmp\n');
    expect(records[3]).toMatchObject({
      exitCode: 2,
      stderr: "sh: cd: can't cd to /nope: No such file or directory\n",
      prompt: '/tmp # ',
    });
    expect(records[5]!.stdout).toBe('here\n');
  });

  it('ends the container with the exit code and gives the terminal back', () => {
    const { session, records } = terminal([
      'docker run -it --name box busybox sh',
      'false',
      'exit',
      'docker ps -a --format "{{.Names}} {{.Status}}"',
    ]);
    expect(records[2]).toMatchObject({ exitCode: 1, prompt: null });
    expect(records[3]!.stdout).toBe('box Exited (1) Less than a second ago\n');
    expect(inspect(session, '{{.State.ExitCode}}', 'box')).toBe('1');
    // The next lines are the client's own again.
    expect(session.run('docker ps -q').exitCode).toBe(0);
  });

  it('takes the container away on exit with --rm', () => {
    const { records } = terminal(['docker run -it --rm busybox sh', 'exit 3', 'docker ps -aq']);
    expect(records[1]!.exitCode).toBe(3);
    expect(records[2]!.stdout).toBe('');
  });

  it('runs one-shot commands with -it as before', () => {
    const { records } = terminal(['docker run -it --rm busybox echo hi']);
    expect(records[0]).toMatchObject({ exitCode: 0, stdout: 'hi\n', prompt: null });
  });

  it('attaches docker exec -it to a second shell; its exit leaves the container running', () => {
    const { session, records } = terminal([
      'docker run -dit --name box busybox',
      'docker exec -it box sh',
      'touch /made-in-exec',
      'exit 4',
      'docker exec box ls /made-in-exec',
      'docker exec -it -u 1000 box sh',
    ]);
    expect(records[1]!.prompt).toBe('/ # ');
    expect(records[3]).toMatchObject({ exitCode: 4, prompt: null });
    const world = session.worldAt(records[3]!.endEvent);
    const box = Object.values(world.daemons).flatMap((daemon) => Object.values(daemon.containers));
    expect(box.map((container) => container.state)).toEqual(['running']);
    expect(records[4]!.stdout).toBe('/made-in-exec\n');
    // Not root: busybox shows '$'.
    expect(records[5]!.prompt).toBe('/ $ ');
  });

  it('detaches with ^P^Q, leaving the shell running, and docker attach takes it up again', () => {
    const { records } = terminal([
      'docker run -it --name box busybox sh',
      'cd /tmp',
      '^P^Q',
      'docker ps --format "{{.Names}} {{.Status}}"',
      'docker attach box',
      'exit 6',
      'docker attach box',
    ]);
    expect(records[2]).toMatchObject({ exitCode: 0, prompt: null });
    expect(records[3]!.stdout).toBe('box Up Less than a second\n');
    // The container's main shell again, at its image's working directory.
    expect(records[4]).toMatchObject({ exitCode: 0, prompt: '/ # ' });
    expect(records[5]).toMatchObject({ exitCode: 6, prompt: null });
    expect(records[6]).toMatchObject({
      exitCode: 1,
      stderr: 'You cannot attach to a stopped container, start it first\n',
    });
  });

  it('shows what a container without a terminal prints until it exits, on docker attach', () => {
    const { records } = terminal([
      "docker run -d --name late busybox sh -c 'sleep 1; echo late; exit 3'",
      'docker attach late',
    ]);
    expect(records[1]).toMatchObject({ exitCode: 3, stdout: 'late\n', prompt: null });
  });

  it('records the attachment as events: stepping back shows the terminal attached again', () => {
    const { session, records } = terminal([
      'docker run -it --name box busybox sh',
      'hostname',
      'exit',
    ]);
    expect(session.headWorld.client.attached).toBeUndefined();
    expect(session.worldAt(records[1]!.endEvent).client.attached?.cwd).toBe('/');
    expect(session.worldAt(records[0]!.firstEvent).client.attached).toBeUndefined();
    // Same lines, same trace.
    expect(terminal(records.map((record) => record.line)).session.traceHash).toBe(
      session.traceHash,
    );
  });
});

describe('without a terminal', () => {
  it('refuses -it as Docker does when its input is not a TTY', () => {
    const session = new Session({ seed: 7 });
    const record = session.run('docker run -it --name box busybox sh');
    expect(record).toMatchObject({ exitCode: 1, stderr: 'the input device is not a TTY\n' });
    expect(session.prompt).toBeNull();
    expect(session.run('hostname').stderr).toBe('sh: hostname: command not found\n');
  });

  it('refuses docker attach to a container with a terminal', () => {
    const session = new Session({ seed: 7 });
    session.run('docker run -dit --name box busybox');
    expect(session.run('docker attach box')).toMatchObject({
      exitCode: 1,
      stderr: 'the input device is not a TTY\n',
    });
  });
});
