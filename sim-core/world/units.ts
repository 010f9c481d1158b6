// Integer units for the simulated clock and for sizes. Time is integer nanoseconds so that
// every sum is exact; a JS number holds them exactly up to 2^53 ns (about 104 days).
export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_SECOND = 1_000_000_000;

export const KIB = 1024;
export const MIB = 1024 * KIB;
export const GIB = 1024 * MIB;
export const TIB = 1024 * GIB;

/** Human size as Docker prints it (base 1024 for memory): "512MiB", "1.5GiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text =
    unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
  return `${text}${units[unit]}`;
}

/** Seconds with up to three decimals, for boot times and durations shown to learners. */
export function formatSeconds(durationNs: number): string {
  const seconds = durationNs / NS_PER_SECOND;
  if (seconds >= 100) return `${seconds.toFixed(0)} s`;
  if (seconds >= 1) return `${seconds.toFixed(1).replace(/\.0$/, '')} s`;
  const ms = durationNs / NS_PER_MS;
  if (ms >= 1) return `${ms.toFixed(ms >= 10 ? 0 : 1).replace(/\.0$/, '')} ms`;
  return `${(durationNs / NS_PER_US).toFixed(0)} µs`;
}
