// Running scripts the way the engine will: programs from a table, a container filesystem, a step
// budget for scripts that never end, and `&` jobs handed back to the caller.
import { describe, expect, it } from 'vitest';
import {
  newShellEnv,
  parseScript,
  runScript,
  runShellText,
  type Program,
  type ProgramContext,
} from '../../../sim-core/userland/shell/index.ts';
import { fakeFs, fakePrograms } from './fake-world.ts';

const env = () =>
  newShellEnv({
    cwd: '/work',
    pid: 1,
    vars: { HOME: '/root', PATH: '/bin' },
    exported: ['HOME', 'PATH'],
  });

function run(text: string, extra: Record<string, Program> = {}, stepBudget = 1000) {
  const fs = fakeFs();
  const result = runShellText(text, env(), fakePrograms(fs, extra), { stepBudget, fs });
  return { ...result, fs };
}

describe('programs', () => {
  it('get their argv, the exported environment plus NAME=value prefixes, stdin and the directory', () => {
    const calls: ProgramContext[] = [];
    const record: Program = (context) => {
      calls.push(context);
      return { exitCode: 0, stdout: 'ok\n' };
    };
    const result = run('LOCAL=1; export SHOWN=2; cd /tmp; echo input | GREETING=hi env -i "a b"', {
      env: record,
    });
    expect(result.stdout).toBe('ok\n');
    expect(calls).toEqual([
      {
        argv: ['env', '-i', 'a b'],
        env: { HOME: '/root', PATH: '/bin', SHOWN: '2', GREETING: 'hi' },
        stdin: 'input\n',
        cwd: '/tmp',
      },
    ]);
  });

  it('are found by absolute path in the usual bin directories', () => {
    const ls: Program = () => ({ exitCode: 0, stdout: 'bin\n' });
    expect(run('/bin/ls; /usr/bin/ls; /opt/ls', { ls }).output).toEqual([
      { stream: 'stdout', text: 'bin\nbin\n' },
      { stream: 'stderr', text: 'sh: /opt/ls: not found\n' },
    ]);
  });

  it('give 127 and "sh: NAME: not found" when missing, and $? carries the code on', () => {
    const result = run('curl http://web; echo "status $?"');
    expect(result.stderr).toBe('sh: curl: not found\n');
    expect(result.stdout).toBe('status 127\n');
    expect(result.status === 'exited' && result.exitCode).toBe(0);
  });

  it('end the script with their own exit code when last', () => {
    const fail: Program = () => ({ exitCode: 42, stderr: 'boom\n' });
    const result = run('echo start; fail', { fail });
    expect(result.status === 'exited' && result.exitCode).toBe(42);
    expect(result.output.map((chunk) => chunk.stream)).toEqual(['stdout', 'stderr']);
  });
});

describe('&& and ||', () => {
  it('short-circuit: the skipped side never runs', () => {
    const ran: string[] = [];
    const mark =
      (name: string, exitCode: number): Program =>
      () => {
        ran.push(name);
        return { exitCode };
      };
    run('ok && bad && never; bad || ok || never; bad && never || ok', {
      ok: mark('ok', 0),
      bad: mark('bad', 1),
      never: mark('never', 0),
    });
    expect(ran).toEqual(['ok', 'bad', 'bad', 'ok', 'bad', 'ok']);
  });
});

describe('redirections into the container filesystem', () => {
  it('create, truncate and append files relative to the working directory', () => {
    const { fs, stdout } = run(
      'echo one > notes.txt; echo two >> notes.txt; echo three > /tmp/t; cat notes.txt',
    );
    expect(fs.files.get('/work/notes.txt')).toBe('one\ntwo\n');
    expect(fs.files.get('/tmp/t')).toBe('three\n');
    expect(stdout).toBe('one\ntwo\n');
  });

  it('send stderr where 2>&1 points at that moment, and discard into /dev/null', () => {
    const { fs } = run('nosuch > log 2>&1; echo hidden > /dev/null; nosuch 2>&1 >> log');
    expect(fs.files.get('/work/log')).toBe('sh: nosuch: not found\n');
  });

  it("fail with ash's message and status 1 when the directory is missing", () => {
    const result = run('echo x > /nope/file');
    expect(result.stderr).toBe("sh: can't create /nope/file: nonexistent directory\n");
    expect(result.status === 'exited' && result.exitCode).toBe(1);
  });

  it('answer file tests through the filesystem', () => {
    const result = run(
      '[ -d /tmp ] && echo dir; [ -f /tmp ] || echo "not a file"; echo x > f; [ -s f ] && echo nonempty',
    );
    expect(result.stdout).toBe('dir\nnot a file\nnonempty\n');
  });
});

describe('the step budget', () => {
  it('stops `while :; do :; done` as still running instead of hanging', () => {
    const result = run('echo started; while :; do :; done; echo never', {}, 500);
    expect(result.status).toBe('running');
    expect(result.stdout).toBe('started\n');
    expect(result.stepsUsed).toBe(500);
  });

  it("counts a program's own steps, so a long sleep uses up the budget", () => {
    const sleep: Program = ({ argv }) => ({ exitCode: 0, steps: Number(argv[1]) * 100 });
    expect(run('sleep 1; echo awake', { sleep }, 1000).status).toBe('exited');
    expect(run('sleep 60; echo awake', { sleep }, 1000).status).toBe('running');
  });

  it('lets a bounded loop finish within it', () => {
    const result = run('for i in 1 2 3 4 5; do echo $i; done', {}, 20);
    expect(result.status === 'exited' && result.stdout).toBe('1\n2\n3\n4\n5\n');
  });
});

describe('background jobs', () => {
  it('are handed back, not run, with the environment they started in', () => {
    const result = run('X=1; while :; do :; done & echo "started $?"');
    expect(result.stdout).toBe('started 0\n');
    expect(result.background).toHaveLength(1);
    expect(result.background[0]!.env.vars.X).toBe('1');
    const job = runScript(
      result.background[0]!.script,
      result.background[0]!.env,
      {},
      { stepBudget: 50 },
    );
    expect(job.status).toBe('running');
  });
});

describe('environment', () => {
  it('returns the variables, exports and directory the script left', () => {
    const result = run('A=1; export B=2; cd /tmp; unset HOME');
    expect(result.env.vars).toMatchObject({ A: '1', B: '2', PWD: '/tmp' });
    expect(result.env.vars.HOME).toBeUndefined();
    expect(result.env.exported).toEqual(['PATH', 'B']);
    expect(result.env.cwd).toBe('/tmp');
  });

  it("does not change the caller's env object", () => {
    const before = env();
    const parsed = parseScript('A=changed; cd /tmp');
    if (!parsed.ok) throw new Error(parsed.error);
    runScript(parsed.script, before, {}, { stepBudget: 10, fs: fakeFs() });
    expect(before).toEqual(env());
  });

  it('reports $$ as the pid it was given', () => {
    expect(runShellText('echo $$', newShellEnv({ pid: 7 }), {}, { stepBudget: 10 }).stdout).toBe(
      '7\n',
    );
  });
});

describe('traps', () => {
  it('are left in the environment for the engine: a shell that traps TERM can stop cleanly', () => {
    const result = run('trap "echo stopping; exit 0" TERM; while :; do :; done', {}, 200);
    expect(result.status).toBe('running');
    expect(result.env.traps).toEqual({ TERM: 'echo stopping; exit 0' });
    expect(run('while :; do :; done', {}, 200).env.traps).toEqual({});
  });
});

describe('listings', () => {
  it('print variables and exports sorted and single-quoted, as busybox does', () => {
    const shell = (text: string) =>
      runShellText(text, newShellEnv(), {}, { stepBudget: 100 }).stdout;
    expect(shell(`B=2; A="it's"; set`)).toBe(`A='it'"'"'s'\nB='2'\n`);
    expect(shell('export Z=1 A=2; export')).toBe(`export A='2'\nexport Z='1'\n`);
  });
});
