// Sizes as Docker's CLI reads them (go-units RAMInBytes): "512m", "2g", "1.5GiB", "1024"; the
// suffixes are powers of 1024. The error wording is Docker's.

const MULTIPLIER: Record<string, number> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

const SIZE = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseSize(text: string): Parsed<number> {
  const match = SIZE.exec(text);
  if (!match) return { ok: false, error: `invalid size: '${text}'` };
  const bytes = Math.floor(Number(match[1]) * MULTIPLIER[(match[2] ?? '').toLowerCase()]!);
  if (!Number.isSafeInteger(bytes))
    return { ok: false, error: `invalid size: '${text}' (too large)` };
  return { ok: true, value: bytes };
}

/** A positive whole number, as for --cpus and --vcpus. */
export function parsePositiveInt(text: string, max = 1_000_000): Parsed<number> {
  if (!/^\d+$/.test(text)) return { ok: false, error: `"${text}" is not a positive whole number` };
  const value = Number(text);
  if (value < 1) return { ok: false, error: 'must be at least 1' };
  if (value > max) return { ok: false, error: `must be at most ${max}` };
  return { ok: true, value };
}

/** A decimal number of cores (0.5, 2), returned in thousandths of a core. */
export function parseCoresMilli(text: string, maxCores = 1024): Parsed<number> {
  if (!/^\d+(\.\d+)?$/.test(text))
    return { ok: false, error: `"${text}" is not a number of cores` };
  const milli = Math.round(Number(text) * 1000);
  if (milli <= 0) return { ok: false, error: 'must be more than 0' };
  if (milli > maxCores * 1000) return { ok: false, error: `must be at most ${maxCores}` };
  return { ok: true, value: milli };
}
