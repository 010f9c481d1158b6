// No input can throw out of the Dockerfile parser, and what it returns is plain data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacheKey, createdBy, parseDockerfile } from '../../../sim-core/engine/dockerfile/index.ts';

const WORDS = [
  'FROM',
  'from',
  'RUN',
  'COPY',
  'ADD',
  'ENV',
  'ARG',
  'WORKDIR',
  'USER',
  'LABEL',
  'EXPOSE',
  'VOLUME',
  'CMD',
  'ENTRYPOINT',
  'SHELL',
  'ONBUILD',
  'HEALTHCHECK',
  'STOPSIGNAL',
  'AS',
  'busybox',
  '--from=0',
  '--chown=',
  '--platform=x',
  '--mount=a',
  '$A',
  '${A:-b}',
  '${',
  '${A:?}',
  '[',
  ']',
  '"',
  "'",
  '\\',
  '`',
  '#',
  '# escape=`',
  '# syntax=x',
  '=',
  'A=1',
  '\n',
  ' ',
  '\t',
  '["a", 1]',
  '["x"]',
  '80/udp',
  '1-0',
];

const dockerfileLike = fc
  .array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 6 })), { maxLength: 40 })
  .map((parts) => parts.join(' '));

describe('parseDockerfile on any input', () => {
  it('never throws and returns structured-clone-equal plain data', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), dockerfileLike), (text) => {
        const result = parseDockerfile(text, { buildArgs: { A: 'x' } });
        expect(structuredClone(result)).toEqual(result);
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
        if (!result.ok) {
          expect(typeof result.error).toBe('string');
          expect(result.error.length).toBeGreaterThan(0);
          return;
        }
        for (const stage of result.stages) {
          for (const instruction of stage.instructions) {
            expect(instruction.line).toBeGreaterThanOrEqual(1);
            expect(instruction.endLine).toBeGreaterThanOrEqual(instruction.line);
            const text = createdBy(instruction);
            expect(text === null || typeof text === 'string').toBe(true);
            expect(cacheKey('parent', instruction, 'file:x')).toMatch(/^[0-9a-f]{64}$/);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
