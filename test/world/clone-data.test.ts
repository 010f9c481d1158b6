// The reducer's copy of event payloads: equal to the original, sharing nothing with it, so a
// change to the world can never rewrite the event log.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneData } from '../../sim-core/world/clone-data.ts';
import { recordValues } from '../../sim-core/world/record-values.ts';

function objectsIn(value: unknown, into: object[] = []): object[] {
  if (value !== null && typeof value === 'object') {
    into.push(value);
    for (const inner of Object.values(value)) objectsIn(inner, into);
  }
  return into;
}

describe('cloneData', () => {
  it('copies any JSON value exactly, keys in the same order, with no object shared', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = cloneData(value);
        expect(copy).toEqual(value);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
        const originals = new Set(objectsIn(value));
        for (const inner of objectsIn(copy)) expect(originals.has(inner)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps fields that are undefined, as the events that carry them have them', () => {
    const copy = cloneData({ a: undefined, b: [1, { c: null }] });
    expect(Object.keys(copy)).toEqual(['a', 'b']);
    expect(copy.b[1]).toEqual({ c: null });
  });
});

describe('recordValues', () => {
  it('lists the same values in the same order as Object.values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (record) => {
        expect(recordValues(record)).toEqual(Object.values(record));
      }),
    );
    const mixed: Record<string, number> = { b: 1, 10: 2, a: 3, 2: 4, 4026532160: 5 };
    expect(recordValues(mixed)).toEqual(Object.values(mixed));
  });
});
