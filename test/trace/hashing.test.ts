// The trace hash must be a real SHA-256 over a canonical encoding: equal events hash equally
// whatever the field order, and any change to any event changes the hash.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../sim-core/trace/canonical.ts';
import { Sha256, sha256Hex } from '../../sim-core/trace/sha256.ts';
import { traceHash } from '../../sim-core/trace/trace-hash.ts';

describe('sha256', () => {
  it('agrees with node:crypto on any text, in one piece or streamed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { maxLength: 6 }),
        (parts) => {
          const expected = createHash('sha256').update(parts.join('')).digest('hex');
          expect(sha256Hex(parts.join(''))).toBe(expected);
          const streamed = new Sha256();
          for (const part of parts) streamed.update(part);
          expect(streamed.hex()).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('encodes a lone surrogate as U+FFFD, as TextEncoder and node:crypto do', () => {
    for (const text of ['\ud800', 'a\udfffb', '\udbff\udbff\udc00', 'é€😀\ud83d']) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });
});

describe('canonical encoding and trace hash', () => {
  it('does not depend on the order fields were written in', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: 2 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}',
    );
    expect(traceHash([{ kind: 'x', atNs: 1 }])).toBe(traceHash([{ atNs: 1, kind: 'x' }]));
  });

  it('changes when any event changes, or the order does', () => {
    const events = [
      { kind: 'a', atNs: 0 },
      { kind: 'b', atNs: 5 },
    ];
    const base = traceHash(events);
    expect(
      traceHash([
        { kind: 'a', atNs: 0 },
        { kind: 'b', atNs: 6 },
      ]),
    ).not.toBe(base);
    expect(traceHash([...events].reverse())).not.toBe(base);
  });

  it('is the sorted-key JSON of any JSON value, byte for byte', () => {
    // The plain definition the fast encoder must agree with: JSON with every object's keys
    // sorted and undefined fields left out.
    const sortedJson = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
      if (value === null || typeof value !== 'object') return JSON.stringify(value);
      const entries = Object.entries(value).filter(([, inner]) => inner !== undefined);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${sortedJson(inner)}`).join(',')}}`;
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(sortedJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses values that are not data', () => {
    expect(() => canonicalJson({ x: NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/not data/);
  });
});
