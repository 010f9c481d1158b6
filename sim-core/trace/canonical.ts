// Canonical encoding: the bytes the trace hash is computed over. Object keys are sorted and
// only JSON values are allowed, so two equal events always encode to the same string,
// whatever order their fields were written in, on any machine.

export type Canonical =
  null | boolean | number | string | Canonical[] | { [key: string]: Canonical };

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`canonical encoding: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value)
        ? encodeArray(value)
        : encodeObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonical encoding: ${typeof value} is not data`);
  }
}

function encodeArray(items: unknown[]): string {
  return `[${items.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
}

function encodeObject(record: Record<string, unknown>): string {
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}
