// The world's one source of chance: xoshiro128** (Blackman and Vigna, 2018), seeded through
// splitmix32. It is small, fast, has a 2^128 - 1 period, and uses only 32-bit integer maths,
// so TypeScript and Rust (and every JS engine) produce the same stream for the same seed.

/** Four 32-bit words, stored in the world so a snapshot carries the exact RNG position. */
export type RngState = [number, number, number, number];

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function seedRng(seed: number): RngState {
  const next = splitmix32(seed);
  const state: RngState = [next(), next(), next(), next()];
  // The all-zero state is the one state xoshiro can never leave.
  if (state.every((word) => word === 0)) state[0] = 1;
  return state;
}

function rotl(value: number, shift: number): number {
  return ((value << shift) | (value >>> (32 - shift))) >>> 0;
}

/** Advances `state` in place and returns the next 32-bit unsigned integer. */
export function nextUint32(state: RngState): number {
  const [s0, s1, s2, s3] = state;
  const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
  const t = (s1 << 9) >>> 0;
  let n2 = (s2 ^ s0) >>> 0;
  let n3 = (s3 ^ s1) >>> 0;
  const n1 = (s1 ^ n2) >>> 0;
  const n0 = (s0 ^ n3) >>> 0;
  n2 = (n2 ^ t) >>> 0;
  n3 = rotl(n3, 11);
  state[0] = n0;
  state[1] = n1;
  state[2] = n2;
  state[3] = n3;
  return result;
}

/** A uniform integer in [0, bound), without modulo bias (Lemire's rejection method). */
export function nextBelow(state: RngState, bound: number): number {
  if (!Number.isInteger(bound) || bound <= 0 || bound > 0x1_0000_0000) {
    throw new RangeError(`rng bound must be an integer in 1..2^32, got ${bound}`);
  }
  const threshold = (0x1_0000_0000 - bound) % bound;
  for (;;) {
    const value = nextUint32(state);
    if (value >= threshold) return value % bound;
  }
}

/** `length` lowercase hex digits, as Docker's random IDs and MAC suffixes look. */
export function nextHex(state: RngState, length: number): string {
  let out = '';
  while (out.length < length) out += nextUint32(state).toString(16).padStart(8, '0');
  return out.slice(0, length);
}
