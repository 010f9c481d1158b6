// A shell that stops to wait (sleep, wait for jobs) and goes on later from the rest of its script,
// which is plain data. What a learner notices: what is printed, in which order, after how much
// time, and the status at the end.
import { describe, expect, it } from 'vitest';
import {
  newShellEnv,
  resumeScript,
  runShellText,
  type JobState,
  type Program,
  type RunResult,
  type ShellHost,
} from '../../../sim-core/userland/shell/index.ts';

const SECOND_NS = 1_000_000_000;

const programs: Record<string, Program> = {
  sleep: ({ argv }) => ({ exitCode: 0, durationNs: Math.round(Number(argv[1]) * SECOND_NS) }),
  echo: ({ argv }) => ({ exitCode: 0, stdout: `${argv.slice(1).join(' ')}\n` }),
  cat: ({ stdin }) => ({ exitCode: 0, stdout: stdin }),
};

/** Runs a script to its end, resuming it after each sleep; the output with the time it waited. */
function runOverTime(text: string, host?: ShellHost) {
  const options = { stepBudget: 10_000, ...(host ? { host } : {}) };
  let result: RunResult = runShellText(text, newShellEnv({ pid: 1 }), programs, options);
  let output = result.stdout + result.stderr;
  let waitedNs = 0;
  for (let turn = 0; result.status === 'suspended' && turn < 100; turn++) {
    expect(structuredClone(result.rest)).toEqual(result.rest);
    expect(JSON.parse(JSON.stringify(result.rest))).toEqual(result.rest);
    if (result.wait.kind === 'sleep') {
      waitedNs += result.wait.durationNs;
      output += `<${result.wait.durationNs / SECOND_NS}s>`;
    } else output += '<jobs>';
    result = resumeScript(result.rest, result.env, result.waitStatus, programs, options);
    output += result.stdout + result.stderr;
  }
  return { result, output, waitedNs };
}

describe('a shell that sleeps', () => {
  it('goes on after the sleep and ends with the status it chose', () => {
    const { result, output } = runOverTime('echo start; sleep 0.5; echo end; exit 7');
    expect(output).toBe('start\n<0.5s>end\n');
    expect(result).toMatchObject({ status: 'exited', exitCode: 7 });
  });

  it('keeps its loop: a while loop counting with $((...)) and a for loop that breaks', () => {
    expect(
      runOverTime('i=0; while [ $i -lt 3 ]; do sleep 1; i=$((i+1)); echo $i; done').output,
    ).toBe('<1s>1\n<1s>2\n<1s>3\n');
    const { output } = runOverTime(
      'for n in a b c; do echo $n; sleep 1; [ $n = b ] && break; done; echo out',
    );
    expect(output).toBe('a\n<1s>b\n<1s>out\n');
  });

  it('keeps break 2 and continue working across nested loops it stopped in', () => {
    const { output } = runOverTime(
      'for i in 1 2; do for j in x y; do sleep 1; [ $j = y ] && continue 2; echo $i$j; done; done; echo end',
    );
    expect(output).toBe('<1s>1x\n<1s><1s>2x\n<1s>end\n');
  });

  it('returns from a function it stopped in, with its arguments still $1', () => {
    const { output } = runOverTime('f() { echo in $1; sleep 1; echo $1; return 4; }; f x; echo $?');
    expect(output).toBe('in x\n<1s>x\n4\n');
  });

  it('goes on with && || and if after a sleep, and with what is left of an exec', () => {
    expect(runOverTime('sleep 1 && echo yes || echo no').output).toBe('<1s>yes\n');
    expect(runOverTime('if ! sleep 1; then echo t; else echo f; fi').output).toBe('<1s>f\n');
    const exec = runOverTime('exec sleep 2; echo never');
    expect(exec.output).toBe('<2s>');
    expect(exec.result).toMatchObject({ status: 'exited', exitCode: 0 });
  });

  it('appends after a sleep to what a redirected block wrote before it', () => {
    const files = new Map<string, string>();
    const fs = {
      stat: () => null,
      readFile: (path: string) => {
        const text = files.get(path);
        return text === undefined
          ? { ok: false as const, reason: 'x' }
          : { ok: true as const, text };
      },
      writeFile: (path: string, text: string, append: boolean) => {
        files.set(path, (append ? (files.get(path) ?? '') : '') + text);
        return { ok: true as const };
      },
    };
    const options = { stepBudget: 1000, fs };
    let result = runShellText(
      '{ echo a; sleep 1; echo b; } > /f',
      newShellEnv(),
      programs,
      options,
    );
    while (result.status === 'suspended')
      result = resumeScript(result.rest, result.env, result.waitStatus, programs, options);
    expect(files.get('/f')).toBe('a\nb\n');
  });

  it('waits once for the sleeps inside a pipeline or $(...), then goes on', () => {
    const { output, waitedNs } = runOverTime('echo $(sleep 1; echo sub) | cat; echo after');
    expect(output).toBe('sub\n<1s>after\n');
    expect(waitedNs).toBe(SECOND_NS);
  });

  it('runs its EXIT trap when it ends after the sleep, not when it starts waiting', () => {
    expect(runOverTime('trap "echo bye" EXIT; sleep 1; echo hi').output).toBe('<1s>hi\nbye\n');
  });
});

describe('$((...))', () => {
  const value = (text: string) => runShellText(text, newShellEnv(), programs, { stepBudget: 100 });

  it('follows C precedence over 64-bit integers, with assignments and variables', () => {
    expect(
      value('x=5; echo $((3+4*2)) $((x*=2)) $x $((x>3?1:0)) $((0x10 + 010)) $((-7/2))').stdout,
    ).toBe('11 10 10 1 24 -3\n');
    expect(value('echo $(( (1<<62) * 4 ))').stdout).toBe('0\n');
  });

  it('fails as ash does: divide by zero and a syntax error end the shell with 2', () => {
    expect(value('echo $((7/0)); echo no')).toMatchObject({
      exitCode: 2,
      stderr: 'sh: divide by zero\n',
    });
    expect(value('echo $((1+)); echo no')).toMatchObject({
      exitCode: 2,
      stderr: 'sh: arithmetic syntax error\n',
    });
  });
});

/** A host with jobs that end when told to, and a pids limit. */
function fakeHost(limit: number) {
  const jobs = new Map<number, JobState>();
  let next = 7;
  const host: ShellHost = {
    fork: () => {
      if (jobs.size + 1 >= limit) return null;
      jobs.set(next, { running: true });
      return next++;
    },
    job: (pid) => jobs.get(pid) ?? null,
    runningJobs: () => [...jobs].filter(([, state]) => state.running).map(([pid]) => pid),
    signal: (pid, signal) => {
      if (!jobs.has(pid)) return false;
      jobs.set(pid, { running: false, exitCode: signal === 'TERM' ? 143 : 129, signal });
      return true;
    },
    isInit: true,
  };
  return { host, jobs };
}

describe('jobs, wait and kill', () => {
  it('fails to fork at the pids limit with ash words, ending the shell with 2', () => {
    const { host } = fakeHost(4);
    const result = runShellText(
      'i=0; while [ $i -lt 20 ]; do sleep 2 & i=$((i+1)); done; echo done',
      newShellEnv(),
      programs,
      { stepBudget: 1000, host },
    );
    expect(result).toMatchObject({
      status: 'exited',
      exitCode: 2,
      stdout: '',
      stderr: "sh: can't fork: Resource temporarily unavailable\n",
    });
  });

  it('waits for running jobs, and reports one killed by a signal as ash does', () => {
    const { host, jobs } = fakeHost(10);
    const first = runShellText('sleep 300 & echo $!; wait; echo waited', newShellEnv(), programs, {
      stepBudget: 100,
      host,
    });
    expect(first).toMatchObject({ status: 'suspended', stdout: '7\n', wait: { kind: 'jobs' } });
    jobs.set(7, { running: false, exitCode: 0, signal: null });
    if (first.status !== 'suspended') return;
    const after = resumeScript(first.rest, first.env, 0, programs, { stepBudget: 100, host });
    expect(after).toMatchObject({ status: 'exited', stdout: 'waited\n' });

    const killed = runShellText('sleep 300 & kill -HUP $!; wait $!', newShellEnv(), programs, {
      stepBudget: 100,
      host,
    });
    expect(killed).toMatchObject({ exitCode: 129, stderr: 'Hangup\n' });
    const missing = runShellText('wait 999; echo $?; kill 999', newShellEnv(), programs, {
      stepBudget: 100,
      host,
    });
    expect(missing).toMatchObject({
      exitCode: 1,
      stdout: '127\n',
      stderr: "sh: can't kill pid 999: No such process\n",
    });
  });

  it('runs its trap for a signal to itself; without one, init ignores it and others die', () => {
    const trapped = runShellText(
      'trap "echo T" USR1; kill -USR1 $$; echo after; exit 3',
      newShellEnv({ pid: 1 }),
      programs,
      { stepBudget: 100, host: fakeHost(10).host },
    );
    expect(trapped).toMatchObject({ exitCode: 3, stdout: 'T\nafter\n' });
    const init = runShellText('kill -TERM $$; echo still here', newShellEnv({ pid: 1 }), programs, {
      stepBudget: 100,
      host: fakeHost(10).host,
    });
    expect(init).toMatchObject({ exitCode: 0, stdout: 'still here\n' });
    const child = runShellText('kill -USR2 $$; echo never', newShellEnv({ pid: 7 }), programs, {
      stepBudget: 100,
      host: { ...fakeHost(10).host, isInit: false },
    });
    expect(child).toMatchObject({ exitCode: 140, stdout: '' });
  });
});
