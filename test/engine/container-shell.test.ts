// A container's `sh -c` over simulated time, as a learner sees it through the docker CLI: the
// script goes on after its sleeps, docker wait and attached runs wait for it, signals reach its
// traps, --init forwards them, and --pids-limit makes its forks fail.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  newContainerShell,
  nextWakeNs,
  settle,
  startShell,
} from '../../sim-core/engine/containers/shell-process.ts';
import { Session } from '../../sim-core/trace/session.ts';
import { newShellEnv, type Program } from '../../sim-core/userland/shell/index.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';
import { fakeFs, fakePrograms } from '../userland/shell/fake-world.ts';

function run(lines: string[]) {
  const session = new Session({ seed: 1 });
  session.run('docker pull busybox');
  const records = lines.map((line) => session.run(line));
  expect(checkInvariants(session.headWorld)).toEqual([]);
  return { session, records };
}

describe('a container shell over simulated time', () => {
  it('goes on after its sleep: docker wait waits for it and prints its status', () => {
    const { records } = run([
      "docker run -d --name hv-w busybox sh -c 'echo start; sleep 0.5; echo end; exit 7'",
      'docker logs hv-w',
      'docker wait hv-w',
      'docker logs hv-w',
      "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' hv-w",
    ]);
    expect(records[1]!.stdout).toBe('start\n');
    expect(records[2]!.stdout).toBe('7\n');
    expect(records[3]!.stdout).toBe('start\nend\n');
    expect(records[4]!.stdout).toBe('exited 7\n');
  });

  it('keeps an attached docker run until the script ends, and lets the time pass', () => {
    const { records, session } = run([
      "docker run --rm busybox sh -c 'for i in 1 2 3; do echo $i; sleep 1; done; exit 3'",
    ]);
    expect(records[0]).toMatchObject({ stdout: '1\n2\n3\n', exitCode: 3 });
    expect(session.headWorld.clockNs).toBeGreaterThanOrEqual(3_000_000_000);
  });

  it('runs the trap of a signal docker kill sends, once the current sleep ends', () => {
    const { records } = run([
      `docker run -d --name hv-s busybox sh -c 'trap "echo got HUP" HUP; while :; do sleep 0.1; done'`,
      'docker kill -s HUP hv-s',
      'docker logs hv-s',
      'sleep 1',
      'docker logs hv-s',
      "docker inspect -f '{{.State.Status}}' hv-s",
      'docker kill -s NOSUCHSIG hv-s',
    ]);
    expect(records[2]!.stdout).toBe('');
    expect(records[4]!.stdout).toBe('got HUP\n');
    expect(records[5]!.stdout).toBe('running\n');
    expect(records[6]).toMatchObject({
      exitCode: 1,
      stderr: 'Error response from daemon: Invalid signal: NOSUCHSIG\n',
    });
  });

  it('exits by its TERM trap on docker stop; without one, PID 1 waits for SIGKILL', () => {
    const { records } = run([
      `docker run -d --name hv-t busybox sh -c 'trap "exit 143" TERM; while :; do sleep 0.1; done'`,
      `docker run -d --name hv-n busybox sh -c 'while :; do sleep 0.1; done'`,
      'docker stop -t 2 hv-t',
      'docker stop -t 1 hv-n',
      'docker wait hv-t hv-n',
    ]);
    expect(records[4]!.stdout).toBe('143\n137\n');
  });

  it('with --init, docker-init is PID 1 and forwards the signal the program dies of', () => {
    const { records, session } = run([
      'docker run -d --init --name hv-i busybox sleep 300',
      'docker top hv-i',
      'docker stop hv-i',
      'docker wait hv-i',
      "docker run --rm --init busybox sh -c 'kill -TERM $$'",
      "docker run --rm busybox sh -c 'kill -TERM $$; echo still here'",
    ]);
    expect(records[1]!.stdout).toContain('/sbin/docker-init -- sleep 300');
    expect(records[3]!.stdout).toBe('143\n');
    expect(records[4]!.exitCode).toBe(143);
    expect(records[5]).toMatchObject({ exitCode: 0, stdout: 'still here\n' });
    expect(session.headWorld.clockNs).toBeLessThan(10_000_000_000);
  });

  it('fails to fork at --pids-limit with ash words, and waits for jobs below it', () => {
    const loop = (limit: number, seconds: string) =>
      `docker run --rm --pids-limit ${limit} busybox sh -c 'i=0; while [ $i -lt 20 ]; do sleep ${seconds} & i=$((i+1)); done; wait; echo done'`;
    const { records } = run([loop(8, '2'), loop(30, '0.2')]);
    expect(records[0]).toMatchObject({
      exitCode: 2,
      stdout: '',
      stderr: "sh: can't fork: Resource temporarily unavailable\n",
    });
    expect(records[1]).toMatchObject({ exitCode: 0, stdout: 'done\n', stderr: '' });
  });

  it('reports a job killed by a signal when it is waited for', () => {
    const { records } = run(["docker run --rm busybox sh -c 'sleep 300 & kill -TERM $!; wait $!'"]);
    expect(records[0]).toMatchObject({ exitCode: 143, stderr: 'Terminated\n' });
  });

  it('burns the CPU in a busy loop, and a fork bomb stays at its pids limit', () => {
    const { records } = run([
      "docker run -d --name busy busybox sh -c 'while :; do :; done'",
      "docker run -d --name bomb --pids-limit 10 busybox sh -c 'f() { f | f & }; f; sleep 1000'",
      'sleep 2',
      "docker stats --no-stream --format '{{.Name}} {{.CPUPerc}}'",
      'docker logs bomb',
    ]);
    expect(records[3]!.stdout).toContain('busy 100.00%');
    expect(records[3]!.stdout).toContain('bomb 100.00%');
    expect(records[4]!.stderr).toContain("sh: can't fork: Resource temporarily unavailable\n");
  });

  it('refuses -it without a terminal before creating anything', () => {
    const { records } = run(['docker run --rm -it busybox true', 'docker ps -aq']);
    expect(records[0]).toMatchObject({ exitCode: 1, stderr: 'the input device is not a TTY\n' });
    expect(records[1]!.stdout).toBe('');
  });

  it('keeps a docker exec attached while its shell sleeps', () => {
    const { records } = run([
      'docker run -d --name hv-e busybox sleep 300',
      "docker exec hv-e sh -c 'cd /proc/self/ns && echo $(readlink pid | cut -c1-4); sleep 1; exit 4'",
    ]);
    expect(records[1]!.exitCode).toBe(4);
  });
});

describe('container shells on any input', () => {
  const PIECES = [
    'sleep',
    '1',
    '&',
    ';',
    'wait',
    'kill',
    '$!',
    '$$',
    'while',
    ':',
    'do',
    'done',
    'trap',
    '"echo t"',
    'TERM',
    'f()',
    '{',
    '}',
    'f',
    '|',
    'exit',
    '3',
    'echo',
    'x',
    '(',
    ')',
  ];
  const scriptLike = fc
    .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })), { maxLength: 25 })
    .map((parts) => parts.join(' '));

  it('run with jobs and a pids limit without throwing, never above the limit', () => {
    const sleep: Program = ({ argv }) => ({ exitCode: 0, durationNs: (argv.length + 1) * 1000 });
    fc.assert(
      fc.property(scriptLike, fc.integer({ min: 1, max: 6 }), (text, pidsMax) => {
        const fs = fakeFs();
        const tools = { programs: fakePrograms(fs, { sleep }), fs };
        const shell = newContainerShell(false, pidsMax);
        let outcome = startShell(text, newShellEnv({ cwd: '/work' }), shell, tools, 0);
        for (let turn = 0; outcome.exitCode === null && turn < 20; turn++) {
          expect(structuredClone(outcome.shell)).toEqual(outcome.shell);
          expect(outcome.shell.tasks.length).toBeLessThanOrEqual(pidsMax);
          const wake = nextWakeNs(outcome.shell);
          if (wake === null) break;
          outcome = settle(structuredClone(outcome.shell), tools, wake);
        }
        if (outcome.exitCode !== null)
          expect(outcome.exitCode >= 0 && outcome.exitCode <= 255).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
