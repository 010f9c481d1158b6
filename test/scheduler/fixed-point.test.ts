// The kernel's fixed-point arithmetic in the TypeScript twin: exact 64-bit results even
// where a float would round, so vruntime never drifts from the Rust build's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PRIO_TO_WEIGHT,
  PRIO_TO_WMULT,
  calcDelta,
  invWeight,
} from '../../sim-core/scheduler/weights.ts';

/** __calc_delta written directly in 64-bit BigInt arithmetic, as fair.c does it. */
function reference(delta: bigint, weight: bigint, inv: bigint): bigint {
  let fact = weight;
  let shift = 32n;
  const fls = (x: bigint): bigint => BigInt(x.toString(2).length);
  if (fact >> 32n !== 0n) {
    const fs = fls(fact >> 32n);
    shift -= fs;
    fact >>= fs;
  }
  fact = BigInt.asUintN(64, fact * inv);
  if (fact >> 32n !== 0n) {
    const fs = fls(fact >> 32n);
    shift -= fs;
    fact >>= fs;
  }
  return BigInt.asUintN(64, (delta * fact) >> shift);
}

describe('__calc_delta in TypeScript', () => {
  // Simulated times stay far below 2^53 ns (104 days), so every result does too.
  it('matches 64-bit integer arithmetic for every result a simulation can reach', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 47 }),
        fc.integer({ min: 2, max: 262_144 }),
        fc.integer({ min: 2, max: 2 ** 40 }),
        (delta, weight, load) => {
          const inv = invWeight(load);
          const exact = reference(BigInt(delta), BigInt(weight), BigInt(inv));
          fc.pre(exact <= BigInt(Number.MAX_SAFE_INTEGER));
          expect(BigInt(calcDelta(delta, weight, inv))).toBe(exact);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('makes a nice-1 task age 1.25 times faster than a nice-0 one', () => {
    const nice0 = calcDelta(1_000_000, 1024, PRIO_TO_WMULT[20]!);
    const nice1 = calcDelta(1_000_000, 1024, PRIO_TO_WMULT[21]!);
    expect(nice0).toBe(1_000_000);
    expect(nice1 / nice0).toBeCloseTo(1024 / PRIO_TO_WEIGHT[21]!, 3);
  });
});
