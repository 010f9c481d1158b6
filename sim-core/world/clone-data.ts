// A deep copy of plain data (what events and the world are made of: objects, arrays, strings,
// numbers, booleans, null). The reducer copies each event's payload into the world so that
// later changes to the world never reach the event log. structuredClone did this, at several
// times the cost for the small objects events carry, and starting a container copies a dozen.
// Like a JSON round trip (and unlike structuredClone) shared sub-objects become separate
// copies, which is also what a snapshot restored from JSON holds.
export function cloneData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = cloneData(value[index]);
    return copy as T;
  }
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) copy[key] = cloneData(source[key]);
  return copy as T;
}
