// Canonical encoding: the bytes the trace hash is computed over. Object keys are sorted and
// only JSON values are allowed, so two equal events always encode to the same string,
// whatever order their fields were written in, on any machine.
//
// Every event of a session goes through here (about twenty per container started), so the
// encoder appends to one string instead of building and joining an array per object.

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
      // For finite numbers JSON's text is the Number-to-String conversion (-0 gives "0").
      return String(value);
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
  let text = '[';
  for (let index = 0; index < items.length; index++) {
    if (index > 0) text += ',';
    const item = items[index];
    text += canonicalJson(item === undefined ? null : item);
  }
  return `${text}]`;
}

/**
 * `"key":` for a key, remembered: events reuse a few dozen field names, and quoting them anew
 * for every object was a good part of the encoder's time. Keys that are data (file paths,
 * label names) are quoted without being remembered, so the table stays small.
 */
const quotedKeys = new Map<string, string>();
const MAX_REMEMBERED_KEYS = 4096;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < MAX_REMEMBERED_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function encodeObject(record: Record<string, unknown>): string {
  const keys = Object.keys(record).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const field = record[key];
    if (field === undefined) continue;
    if (!first) text += ',';
    first = false;
    text += quotedKey(key);
    text += canonicalJson(field);
  }
  return `${text}}`;
}
