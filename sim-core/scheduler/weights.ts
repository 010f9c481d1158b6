// Load weights and the kernel's fixed-point division (kernel/sched/core.c, fair.c), the
// TypeScript twin of wasm/src/weights.rs. Weights are unscaled (NICE_0_LOAD = 1024).
// Every value stays an exact integer below 2^53; the one product that can exceed it
// (delta * factor in __calc_delta) falls back to BigInt.

export const NICE_0_LOAD = 1024;
/** `WMULT_CONST`: inverse weights are 2^32 / weight, stored in 32 bits. */
export const WMULT_CONST = 0xffff_ffff;
const TWO_POW_32 = 4_294_967_296;
/** cgroup cpu.shares bounds (`MIN_SHARES`, `MAX_SHARES`). */
export const MIN_SHARES = 2;
export const MAX_SHARES = 262_144;

/** nice -20..19 -> weight: each nice level is ~10% CPU, a factor of 1.25 between levels. */
export const PRIO_TO_WEIGHT: readonly number[] = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904,
  3906, 3121, 2501, 1991, 1586, 1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87,
  70, 56, 45, 36, 29, 23, 18, 15,
];

/** The kernel's precalculated 2^32 / weight for task weights. */
export const PRIO_TO_WMULT: readonly number[] = [
  48388, 59856, 76040, 92818, 118348, 147320, 184698, 229616, 287308, 360437, 449829, 563644,
  704093, 875809, 1099582, 1376151, 1717300, 2157191, 2708050, 3363326, 4194304, 5237765, 6557202,
  8165337, 10153587, 12820798, 15790321, 19976592, 24970740, 31350126, 39045157, 49367440, 61356676,
  76695844, 95443717, 119304647, 148102320, 186737708, 238609294, 286331153,
];

export function niceIndex(nice: number): number {
  if (!Number.isInteger(nice) || nice < -20 || nice > 19) throw new RangeError('nice out of range');
  return nice + 20;
}

/** `__update_inv_weight` for loads that are not a task's (cfs_rq and group weights). */
export function invWeight(weight: number): number {
  if (weight >= WMULT_CONST) return 1;
  if (weight === 0) return WMULT_CONST;
  return Math.floor(WMULT_CONST / weight);
}

/** `fls` for a value below 2^32: 1-based index of the highest set bit. */
function fls(x: number): number {
  return 32 - Math.clz32(x);
}

/** (a * mul) >> shift, exactly: the kernel's `mul_u64_u32_shr`. */
function mulShift(a: number, mul: number, shift: number): number {
  const product = a * mul;
  // Below 2^53 the float product is exact, and so is dividing by a power of two.
  if (product < Number.MAX_SAFE_INTEGER) return Math.floor(product / 2 ** shift);
  return Number(BigInt.asUintN(64, (BigInt(a) * BigInt(mul)) >> BigInt(shift)));
}

/** `__calc_delta`: delta * weight / lw.weight by multiplying with the inverse weight. */
export function calcDelta(delta: number, weight: number, inv: number): number {
  let fact = weight;
  let shift = 32;
  let hi = Math.floor(fact / TWO_POW_32);
  if (hi !== 0) {
    const fs = fls(hi);
    shift -= fs;
    fact = Math.floor(fact / 2 ** fs);
  }
  fact *= inv;
  hi = Math.floor(fact / TWO_POW_32);
  if (hi !== 0) {
    const fs = fls(hi);
    shift -= fs;
    fact = Math.floor(fact / 2 ** fs);
  }
  return mulShift(delta, fact, shift);
}
