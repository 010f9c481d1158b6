// No template, however malformed, throws out of the engine: it renders or returns Go's error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goStruct, renderTemplate } from '../../../sim-core/cli/docker/go-template.ts';

const PIECES = [
  '{{',
  '}}',
  '{{-',
  '-}}',
  ' ',
  '.',
  '.Name',
  '.Tags',
  '.Labels',
  '.Nested.Inner',
  '.Nothing',
  '$',
  '$x',
  '$k, $v :=',
  ':=',
  '=',
  '|',
  '(',
  ')',
  ',',
  'range',
  'if',
  'else',
  'end',
  'with',
  'break',
  'continue',
  'define "t"',
  'template "t"',
  'block "b" .',
  'nil',
  'true',
  '"str"',
  '`raw`',
  "'c'",
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x1F',
  'len',
  'index',
  'slice',
  'eq',
  'lt',
  'and',
  'or',
  'not',
  'printf',
  '"%d %s %v %5.2f %x %q %T %!"',
  'print',
  'println',
  'json',
  'join',
  'split',
  'upper',
  'title',
  'pad',
  'truncate',
  'call',
  'html',
  'js',
  'urlquery',
  '/*',
  '*/',
  '\n',
  'text',
];

const data = goStruct(
  {
    Name: 'web',
    Count: 3,
    Tags: ['a', 'b'],
    Labels: { b: '1', a: '2' },
    Nested: { Inner: { Deep: 'x' } },
    Nothing: null,
  },
  { type: '*types.Test', omitted: { Hidden: null } },
);

const template = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((pieces) => pieces.join('')),
  fc.string({ maxLength: 40 }).map((text) => `{{${text}}}`),
  fc.string({ maxLength: 40 }),
);

describe('random templates', () => {
  it('never throw, in either view, and errors carry Go\'s "template: " prefix', () => {
    fc.assert(
      fc.property(template, fc.boolean(), (source, rawFallback) => {
        const result = renderTemplate(source, data, { rawFallback });
        if (!result.ok) expect(result.goError.startsWith('template: ')).toBe(true);
        else expect(typeof result.text).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });
});
