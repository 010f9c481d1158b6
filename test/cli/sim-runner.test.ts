// `npm run sim`: the headless runner a teacher or CI uses. Same script and seed, byte-identical
// output, every time.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const TOUR = 'test/fixtures/sim/tour.sh';
const tsx = 'node_modules/.bin/tsx';

function sim(args: string[], input?: string) {
  return spawnSync(tsx, ['sim-core/cli/sim-main.ts', ...args], { encoding: 'utf8', input });
}

describe('npm run sim', () => {
  it('prints one JSON line per command and a summary line, identical on every run', () => {
    const first = sim(['--json', '--seed', '7', TOUR]);
    const second = sim(['--json', '--seed', '7', TOUR]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    const lines = first.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const commands = readFileSync(TOUR, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    // The heredoc's three lines are one command.
    expect(lines).toHaveLength(commands.length - 2 + 1);
    for (const line of lines.slice(0, -1))
      expect(Object.keys(line)).toEqual(['cmd', 'stdout', 'stderr', 'exit']);
    const summary = lines.at(-1)!;
    expect(Object.keys(summary)).toEqual(['traceHash', 'simTimeNs', 'events']);
    expect(summary.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.simTimeNs).toBeGreaterThan(30e9);
    expect(lines.at(-2)).toMatchObject({
      cmd: 'hv vm start nosuch',
      stderr: 'Error: No such VM: nosuch\n',
      exit: 1,
    });
  });

  it('a different seed gives a different trace', () => {
    const a = sim(['--json', '--seed', '7', TOUR]).stdout.trimEnd().split('\n').at(-1);
    const b = sim(['--json', '--seed', '8', TOUR]).stdout.trimEnd().split('\n').at(-1);
    expect(a).not.toBe(b);
  });

  it('reads a script from standard input with -, and prints terminal-like text without --json', () => {
    const result = sim(['-'], 'hv ps\nhv nope\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\$ hv ps\nNAME +KIND/);
    expect(result.stdout).toMatch(
      /\$ hv nope\nhv: 'nope' is not an hv command\.\nSee 'hv --help'\.\n\[exit 1\]\n/,
    );
    expect(result.stdout).toMatch(/# trace [0-9a-f]{64}/);
  });

  it('explains its own usage errors', () => {
    const missing = sim([]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/sim: no script given\nusage: npm run sim/);
    expect(sim(['--seed', 'x', TOUR]).stderr).toMatch(/--seed takes a whole number/);
    expect(sim(['no/such/file.sh']).stderr).toMatch(/cannot read no\/such\/file\.sh: ENOENT/);
  });

  it('is what `npm run sim` runs', () => {
    const out = execFileSync(
      'npm',
      ['run', '--silent', 'sim', '--', '--json', '--seed', '7', TOUR],
      { encoding: 'utf8' },
    );
    expect(out).toBe(sim(['--json', '--seed', '7', TOUR]).stdout);
  });
});
