// The world's RNG: the same seed gives the same stream on every machine, different seeds give
// different streams, and bounded draws are in range and roughly uniform.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextBelow, nextHex, nextUint32, seedRng } from '../../sim-core/world/rng.ts';

describe('xoshiro128** RNG', () => {
  it('matches the reference algorithm (a 64-bit BigInt re-implementation) for any seed', () => {
    const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & 0xffffffffn;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const state = seedRng(seed);
        let [a, b, c, d] = state.map(BigInt) as [bigint, bigint, bigint, bigint];
        for (let i = 0; i < 20; i++) {
          const expected = (rotl((b * 5n) & 0xffffffffn, 7n) * 9n) & 0xffffffffn;
          const t = (b << 9n) & 0xffffffffn;
          c ^= a;
          d ^= b;
          b ^= c;
          a ^= d;
          c ^= t;
          d = rotl(d, 11n);
          expect(nextUint32(state)).toBe(Number(expected));
        }
        expect(state).toEqual([a, b, c, d].map(Number));
      }),
      { numRuns: 50 },
    );
  });

  it('gives different streams for different seeds', () => {
    const first = (seed: number) => nextHex(seedRng(seed), 16);
    expect(new Set([0, 1, 2, 3, 4, 5].map(first)).size).toBe(6);
  });

  it('draws bounded integers in range, covering every value', () => {
    const state = seedRng(42);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[nextBelow(state, 6)] += 1;
    for (const count of counts) expect(count).toBeGreaterThan(850);
    expect(() => nextBelow(state, 0)).toThrow(RangeError);
  });
});
