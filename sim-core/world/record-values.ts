// The values of a world record, in the record's own order: what Object.values gives, faster.
// Records holding thousands of entries (a daemon's containers, a kernel's cgroups) are kept by
// V8 as hash tables, and Object.values on one of them costs tens of milliseconds for ten
// thousand entries; Object.keys followed by lookups builds the same array several times faster.
// Same order guaranteed: both list integer-like keys ascending, then the rest as inserted.
export function recordValues<T>(record: Readonly<Record<string, T>>): T[] {
  const keys = Object.keys(record);
  const values = new Array<T>(keys.length);
  for (let index = 0; index < keys.length; index++) values[index] = record[keys[index]!]!;
  return values;
}
