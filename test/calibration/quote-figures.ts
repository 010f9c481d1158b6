// Checks that a calibrated value really follows from the sentence quoted for it.
// A quote's figures are read with their units, converted to the entry's base unit, and the
// value must equal one of them or follow by one of the derivations the table's notes use.
//
// Accepted conversions (documented here, applied by `inUnit`):
// - time: ns, µs/us, ms, s  -> ns
// - size: KiB/MiB/GiB exactly; KB/MB/GB both as decimal (10^3n) and as binary (2^10n), since
//   vendors write "512 MB" for 512 MiB of RAM; a bare integer is already bytes (osinfo-db)
// - percent: "80%" or a bare number; ratio: "2.69x", "2.69×" or a bare number
// - bandwidth: Gbps (10^9 bits, / 8 for bytes), GiB/s, MB/s and GB/s (decimal or binary)
//   -> bytes/s
// - Go duration constants in source code: "100 * time.Millisecond", "1 * time.Minute" -> ns
// - words: "half" = 50%, "doubles" = +100%, "no overhead" / "almost identical" = 0%,
//   "two orders of magnitude" = a factor of 100
// Accepted derivations: the figure itself; the midpoint of two figures; for percent, 100 - a
// figure (a "> 95% of native" bound) and the relative drop (a - b) / a of two figures.
import type { CalibrationEntry, CalibrationUnit } from '../../sim-core/calibration/index.ts';

export interface QuotedFigure {
  amount: number;
  unit: string | null;
}

const UNIT = '(GiB/s|GB/s|MB/s|Gbps|ns|µs|us|ms|s|KiB|MiB|GiB|KB|MB|GB|bytes|%|x|×)';
const NUMBER = '(\\d+(?:\\.\\d+)?)';
const RANGE = new RegExp(`${NUMBER}\\s*(?:-|–|to)\\s*${NUMBER}\\s*${UNIT}(?![A-Za-z])`, 'g');
const SINGLE = new RegExp(`${NUMBER}\\s*${UNIT}?(?![A-Za-z0-9.])`, 'g');

/** A Go duration constant, as source code states a figure: `1 * time.Minute`. */
const GO_DURATION = /(\d+) \* time\.(Millisecond|Second|Minute)\b/g;
const GO_UNIT: Record<string, string> = { Millisecond: 'ms', Second: 's', Minute: 'min' };

const WORDS: readonly { pattern: RegExp; figure: QuotedFigure }[] = [
  { pattern: /\bhalf\b/i, figure: { amount: 50, unit: '%' } },
  { pattern: /\bdoubles\b/i, figure: { amount: 100, unit: '%' } },
  { pattern: /\bno overhead\b/i, figure: { amount: 0, unit: '%' } },
  { pattern: /\balmost identical\b/i, figure: { amount: 0, unit: '%' } },
  { pattern: /\btwo orders of magnitude\b/i, figure: { amount: 100, unit: 'x' } },
];

/** Every figure a text states: numbers with their units, ranges ("8-10 ms"), and words. */
export function figuresIn(text: string): QuotedFigure[] {
  const figures: QuotedFigure[] = [];
  for (const match of text.matchAll(RANGE)) {
    const unit = match[3] ?? null;
    figures.push({ amount: Number(match[1]), unit }, { amount: Number(match[2]), unit });
  }
  for (const match of text.matchAll(SINGLE)) {
    figures.push({ amount: Number(match[1]), unit: match[2] ?? null });
  }
  for (const match of text.matchAll(GO_DURATION))
    figures.push({ amount: Number(match[1]), unit: GO_UNIT[match[2]!]! });
  for (const { pattern, figure } of WORDS) if (pattern.test(text)) figures.push(figure);
  return figures;
}

const TIME_NS: Record<string, number> = {
  ns: 1,
  µs: 1e3,
  us: 1e3,
  ms: 1e6,
  s: 1e9,
  min: 60e9,
};
const BINARY: Record<string, number> = { KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30 };
const EITHER: Record<string, [number, number]> = {
  KB: [1e3, 2 ** 10],
  MB: [1e6, 2 ** 20],
  GB: [1e9, 2 ** 30],
};

/** What a figure can mean in `unit` (several readings for "MB"; none if it does not fit). */
export function inUnit(figure: QuotedFigure, unit: CalibrationUnit): number[] {
  const { amount, unit: written } = figure;
  if (unit === 'ns')
    return written !== null && written in TIME_NS ? [amount * TIME_NS[written]!] : [];
  if (unit === 'bytes') {
    if (written === null || written === 'bytes') return [amount];
    if (written in BINARY) return [amount * BINARY[written]!];
    if (written in EITHER) return EITHER[written]!.map((factor) => amount * factor);
    return [];
  }
  if (unit === 'percent') return written === null || written === '%' ? [amount] : [];
  if (unit === 'ratio')
    return written === null || written === 'x' || written === '×' ? [amount] : [];
  if (unit === 'bytesPerSecond') {
    if (written === 'Gbps') return [(amount * 1e9) / 8];
    if (written === 'GiB/s') return [amount * 2 ** 30];
    if (written === 'MB/s') return [amount * 1e6, amount * 2 ** 20];
    if (written === 'GB/s') return [amount * 1e9, amount * 2 ** 30];
    return [];
  }
  return written === null ? [amount] : [];
}

function close(actual: number, expected: number, unit: CalibrationUnit): boolean {
  const tolerance = unit === 'percent' ? 0.5 : Math.max(1e-9, Math.abs(expected) * 1e-6);
  return Math.abs(actual - expected) <= tolerance;
}

/** Every number the quote (and its `where`, which holds table cells) supports in `unit`. */
export function derivable(entry: Pick<CalibrationEntry, 'unit' | 'source'>): number[] {
  const text = `${entry.source.quote}\n${entry.source.where ?? ''}`;
  const direct = figuresIn(text).flatMap((figure) => inUnit(figure, entry.unit));
  const derived = [...direct];
  for (const a of direct) {
    for (const b of direct) derived.push((a + b) / 2);
    if (entry.unit === 'percent') {
      derived.push(100 - a);
      for (const b of direct) if (a > 0 && b < a) derived.push(((a - b) / a) * 100);
    }
  }
  return derived;
}

/** True when `target` follows from the entry's quote by a documented conversion. */
export function quoteSupports(
  entry: Pick<CalibrationEntry, 'unit' | 'source'>,
  target: number,
): boolean {
  return derivable(entry).some((candidate) => close(candidate, target, entry.unit));
}
