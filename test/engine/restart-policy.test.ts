// Restart policies: dockerd restarts a container whose process ended, waiting longer each time
// (100 ms, 200 ms, 400 ms, ...), and docker stop ends the loop.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  return s;
}

const state = (s: Session, name: string) =>
  s.run(`docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}' ${name}`)
    .stdout;

describe('restart policies', () => {
  it('on-failure:N restarts a failing container N times, after doubling delays', () => {
    const s = session();
    s.run("docker run -d --name rr --restart on-failure:3 busybox sh -c 'echo run; exit 2'");
    // Decided at once, waiting 100 ms: restarting, counted.
    expect(state(s, 'rr')).toBe('restarting 2 1\n');
    expect(s.run("docker ps --format '{{.Status}}'").stdout).toBe(
      'Restarting (2) Less than a second ago\n',
    );
    s.run('sleep 0.15'); // second run at 100 ms, next wait 200 ms
    expect(state(s, 'rr')).toBe('restarting 2 2\n');
    s.run('sleep 0.2'); // third run at 300 ms, next wait 400 ms
    expect(state(s, 'rr')).toBe('restarting 2 3\n');
    s.run('sleep 0.3'); // 650 ms: still waiting for 700 ms
    expect(s.run('docker logs rr').stdout).toBe('run\nrun\nrun\n');
    s.run('sleep 0.1');
    expect(state(s, 'rr')).toBe('exited 2 3\n');
    expect(s.run('docker logs rr').stdout).toBe('run\nrun\nrun\nrun\n');
    s.run('sleep 10');
    expect(state(s, 'rr')).toBe('exited 2 3\n');
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('on-failure leaves a container that exits 0 alone; always restarts it', () => {
    const s = session();
    s.run('docker run -d --name ok --restart on-failure busybox true');
    s.run('docker run -d --name again --restart always busybox true');
    s.run('sleep 1');
    expect(state(s, 'ok')).toBe('exited 0 0\n');
    expect(Number(state(s, 'again').split(' ')[2])).toBeGreaterThan(2);
  });

  it('docker stop ends the loop, and docker start begins a fresh count', () => {
    const s = session();
    s.run("docker run -d --name loop --restart unless-stopped busybox sh -c 'exit 1'");
    s.run('sleep 1');
    expect(s.run('docker stop loop')).toMatchObject({ stdout: 'loop\n', exitCode: 0 });
    expect(state(s, 'loop')).toMatch(/^exited 1 \d+\n$/);
    s.run('sleep 60');
    const before = state(s, 'loop');
    expect(state(s, 'loop')).toBe(before);
    s.run('docker start loop');
    expect(state(s, 'loop')).toBe('restarting 1 1\n');
    expect(s.run('docker rm loop').stderr).toMatch(
      /^Error response from daemon: You cannot remove a restarting container [0-9a-f]{64}\. Stop the container before attempting removal or force remove\n$/,
    );
    expect(s.run('docker rm -f loop').exitCode).toBe(0);
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('a container that ran for 10 s or more starts the back-off over at 100 ms', () => {
    const s = session();
    s.run('docker run -d --name long --restart always busybox sleep 12');
    s.run('sleep 12.05');
    expect(state(s, 'long')).toBe('restarting 0 1\n');
    s.run('sleep 0.1');
    expect(s.run("docker inspect -f '{{.State.Status}}' long").stdout).toBe('running\n');
  });

  it('refuses bad policies with dockerd and CLI wording', () => {
    const s = session();
    expect(s.run('docker run --restart sometimes busybox true')).toMatchObject({
      stderr:
        "docker: Error response from daemon: invalid restart policy 'sometimes'.\nSee 'docker run --help'.\n",
      exitCode: 125,
    });
    expect(s.run('docker run --restart always:2 busybox true').stderr).toContain(
      "maximum retry count cannot be used with restart policy 'always'",
    );
    expect(s.run('docker run --restart on-failure:x busybox true').stderr).toBe(
      "docker: maximum retry count must be an integer.\nSee 'docker run --help'.\n",
    );
    expect(s.run('docker run --rm --restart always busybox true').stderr).toBe(
      "docker: Conflicting options: --restart and --rm.\nSee 'docker run --help'.\n",
    );
  });
});
