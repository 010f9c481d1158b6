// No input can throw out of the shell parser or interpreter; parse results are plain data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  newShellEnv,
  parseScript,
  resumeScript,
  runShellText,
  type Program,
  type RunResult,
} from '../../../sim-core/userland/shell/index.ts';
import { fakeFs, fakePrograms } from './fake-world.ts';

const PIECES = [
  'while',
  'until',
  'for',
  'in',
  'do',
  'done',
  'if',
  'then',
  'elif',
  'else',
  'fi',
  '{',
  '}',
  '(',
  ')',
  ';',
  '&',
  '&&',
  '||',
  '|',
  '!',
  '>',
  '>>',
  '<',
  '2>&1',
  '>&3',
  '$',
  '$?',
  '$$',
  '$#',
  '"$@"',
  '${X:-y}',
  '${',
  '$(',
  '`',
  "'",
  '"',
  '\\',
  '#',
  '\n',
  ':',
  'true',
  'false',
  'echo',
  '-n',
  '-e',
  'exit',
  'test',
  '[',
  ']',
  '-f',
  '-eq',
  'export',
  'unset',
  'cd',
  'set',
  '-e',
  'shift',
  'break',
  'continue',
  'sh',
  '-c',
  'cat',
  'f',
  '/dev/null',
  'X=1',
  '1',
  'a',
  'sleep',
  '0.5',
  'wait',
  'kill',
  '-TERM',
  '$!',
  '$((',
  '))',
  'i+1',
  'trap',
];

const scriptLike = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 5 })), { maxLength: 30 })
  .map((parts) => parts.join(' '));

const anyText = fc.oneof(fc.string({ maxLength: 200 }), scriptLike);

describe('the shell on any input', () => {
  it('parses without throwing, into structured-clone-equal plain data', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseScript(text);
        expect(structuredClone(result)).toEqual(result);
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      }),
      { numRuns: 2000 },
    );
  });

  it('runs without throwing, within its budget, with an exit code in 0..255', () => {
    const seq: Program = ({ argv }) => ({ exitCode: argv.length % 3, stdout: argv.join(' ') });
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 300 }), (text, stepBudget) => {
        const fs = fakeFs();
        const result = runShellText(
          text,
          newShellEnv({ cwd: '/work' }),
          fakePrograms(fs, { seq }),
          { stepBudget, fs },
        );
        expect(result.stepsUsed).toBeLessThanOrEqual(stepBudget);
        expect(typeof result.stdout).toBe('string');
        if (result.status === 'exited')
          expect(result.exitCode >= 0 && result.exitCode <= 255).toBe(true);
        expect(structuredClone(result.env)).toEqual(result.env);
      }),
      { numRuns: 1500 },
    );
  });

  it('survives deep nesting', () => {
    for (const text of [
      '('.repeat(5000),
      '$('.repeat(3000),
      '{ '.repeat(5000),
      'if '.repeat(5000),
    ]) {
      expect(parseScript(text).ok).toBe(false);
      expect(runShellText(text, newShellEnv(), {}, { stepBudget: 10 }).status).toBe('exited');
    }
  });

  it('stops to wait and goes on from plain-data rests without throwing, to a status in 0..255', () => {
    const sleep: Program = ({ argv }) => ({ exitCode: 0, durationNs: (argv.length + 1) * 1000 });
    fc.assert(
      fc.property(anyText, (text) => {
        const fs = fakeFs();
        const programs = fakePrograms(fs, { sleep });
        const options = { stepBudget: 300, fs };
        let result: RunResult = runShellText(
          text,
          newShellEnv({ cwd: '/work' }),
          programs,
          options,
        );
        for (let turn = 0; result.status === 'suspended' && turn < 20; turn++) {
          expect(structuredClone(result.rest)).toEqual(result.rest);
          result = resumeScript(result.rest, result.env, result.waitStatus, programs, options);
        }
        if (result.status === 'exited')
          expect(result.exitCode >= 0 && result.exitCode <= 255).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
