// Bad input gets one clear error and a non-zero exit, never an exception, and changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { garbageCommand } from '../support/commands.ts';

function run(line: string, setup: string[] = []) {
  const session = new Session({ seed: 1 });
  for (const command of setup) session.run(command);
  const before =
    JSON.stringify(session.headWorld.hosts) +
    JSON.stringify(session.headWorld.vms) +
    JSON.stringify(session.headWorld.apps);
  const record = session.run(line);
  const after =
    JSON.stringify(session.headWorld.hosts) +
    JSON.stringify(session.headWorld.vms) +
    JSON.stringify(session.headWorld.apps);
  return { ...record, changed: before !== after };
}

describe('bad input', () => {
  const cases: [string, string, RegExp, number][] = [
    ['unknown program', 'frobnicate --now', /^sh: frobnicate: command not found\n$/, 127],
    [
      'unknown hv command',
      'hv frobnicate',
      /^hv: 'frobnicate' is not an hv command\.\nSee 'hv --help'\.\n$/,
      1,
    ],
    [
      'unknown hv subcommand',
      'hv vm explode vm1',
      /^hv: 'vm explode' is not an hv command\.\nSee 'hv vm --help'\.\n$/,
      1,
    ],
    [
      'unknown flag',
      'hv vm create --foo',
      /^unknown flag: --foo\nSee 'hv vm create --help'\.\n$/,
      125,
    ],
    ['unknown shorthand', 'hv host add -x 1', /^unknown shorthand flag: 'x' in -x\n/, 125],
    ['missing value', 'hv host add --name', /^flag needs an argument: --name\n/, 125],
    [
      'missing required flags',
      'hv host add --name h2',
      /^required flag\(s\) "cpus", "memory" not set\n/,
      125,
    ],
    [
      'malformed size',
      'hv host add --name h2 --cpus 2 --memory 2q',
      /^invalid argument "2q" for "-m, --memory" flag: invalid size: '2q'\n/,
      125,
    ],
    [
      'negative number',
      'hv host add --name h2 --cpus -2 --memory 2g',
      /^invalid argument "-2" for "--cpus" flag: "-2" is not a positive whole number\n/,
      125,
    ],
    ['zero cpus', 'hv host add --name h2 --cpus 0 --memory 4g', /must be at least 1/, 125],
    [
      'fractional vcpus',
      'hv vm create --name v --on host1 --vcpus 1.5 --memory 2g',
      /is not a positive whole number/,
      125,
    ],
    [
      'negative cpu demand',
      'hv app run --on host1 --name a --cpu-demand -1',
      /is not a number of cores/,
      125,
    ],
    [
      'bad hypervisor type',
      'hv hypervisor install --on host1 --type 3',
      /must be 1 \(bare-metal\) or 2 \(hosted\)/,
      125,
    ],
    [
      'unknown os',
      'hv host add --name h2 --cpus 2 --memory 4g --os plan9',
      /must be one of ubuntu-22.04/,
      125,
    ],
    [
      'em dash flag',
      'hv host add —name h2',
      /"—name" starts with a typographic dash \(em dash, U\+2014\), not '-': type --name/,
      125,
    ],
    ['en dash flag', 'hv host add –name h2', /en dash, U\+2013/, 125],
    [
      'unterminated quote',
      "hv host add --name 'h2",
      /^sh: syntax error: unterminated single quote\n$/,
      2,
    ],
    ['extra argument', 'hv ps extra', /"hv ps" accepts no arguments\./, 125],
    ['missing argument', 'hv vm start', /"hv vm start" requires at least 1 argument\./, 125],
    [
      'bad name',
      'hv host add --name "no spaces" --cpus 2 --memory 4g',
      /invalid name "no spaces"/,
      125,
    ],
    [
      'unknown host',
      'hv vm create --name v --on nowhere --vcpus 1 --memory 2g',
      /^No such host: nowhere\n$/,
      1,
    ],
    ['unknown object', 'hv inspect ghost', /No such object: ghost/, 1],
    ['bad sleep', 'sleep soon', /^sleep: invalid time interval 'soon'\n$/, 1],
    ['missing file', 'cat nothing.txt', /^cat: nothing.txt: No such file or directory\n$/, 1],
  ];
  for (const [what, line, message, exitCode] of cases) {
    it(`${what}: ${line}`, () => {
      const result = run(line);
      expect(result.stderr).toMatch(message);
      expect(result.exitCode).toBe(exitCode);
      expect(result.changed).toBe(false);
    });
  }

  it('refuses a 10 KB line of flags with an error, not a crash', () => {
    const line = `hv host add ${'--name x '.repeat(1200)}`;
    expect(line.length).toBeGreaterThan(10_000);
    const result = run(line);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).not.toContain('internal error');
  });

  it('refuses a line over the length limit with a clear message', () => {
    const result = run(`hv ps ${'x'.repeat(70_000)}`);
    expect(result.stderr).toMatch(/command too long/);
    expect(result.exitCode).toBe(2);
  });

  it('refuses a name conflict across hosts, VMs and apps', () => {
    const result = run('hv app run --on host1 --name host1');
    expect(result.stderr).toMatch(/Conflict\. The name "host1" is already in use by host host-1\./);
    expect(result.changed).toBe(false);
  });

  it('never throws and never reports an internal error, whatever is typed', () => {
    fc.assert(
      fc.property(fc.array(garbageCommand, { minLength: 1, maxLength: 8 }), (lines) => {
        const session = new Session({ seed: 1 });
        for (const line of lines) {
          const record = session.run(line);
          expect(record.stderr).not.toContain('internal error');
          expect(Number.isInteger(record.exitCode)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
