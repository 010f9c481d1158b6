// How JSON-shaped data stands in for Go values inside a template. Docker's CLI runs a template
// on its typed structs first and, when that fails, on the raw JSON decoded into
// map[string]interface{} with json.Number for numbers; both views are modelled here.
//
//   undefined       an invalid reflect.Value ("<no value>": a missing map key)
//   null            a nil interface (a JSON null)
//   number          an int (a float when not integral)
//   GoFloat         a float constant written in the template (1.0 prints as 1)
//   JsonNumber      a number in the raw view: a string underneath (len works, eq with 0 fails)
//   string, boolean, arrays
//   objects         Go maps, or structs when marked with goStruct()
//   functions       methods: fields that take arguments ({{.Label "x"}})

export class GoFloat {
  constructor(readonly value: number) {}
}

export class JsonNumber {
  constructor(readonly text: string) {}
}

export interface StructInfo {
  /** The Go type, for %T and "can't evaluate field X in type T". */
  type: string;
  /** Fields the struct has but the JSON omits (omitempty), with their zero values. */
  omitted?: Record<string, unknown>;
  /** Fields whose Go name differs from their JSON key (NanoCpus is NanoCPUs), by JSON key. */
  goNames?: Record<string, string>;
  /** What a null field is in Go: a nil slice prints [], a nil map map[], a nil pointer <nil>. */
  nils?: Record<string, NilKind>;
}

export type NilKind = 'slice' | 'map' | 'pointer';

/** A typed nil pointer (*types.Health): prints <nil>, is false, marshals to null. */
export const NIL_POINTER: object = Object.freeze({});
/** Typed nil slices and maps: empty when printed or ranged, null in JSON. */
const nilCollections = new WeakSet<object>();

export function typedNil(kind: NilKind): unknown {
  if (kind === 'pointer') return NIL_POINTER;
  const value = kind === 'slice' ? [] : {};
  nilCollections.add(value);
  return value;
}

export function isTypedNilCollection(value: unknown): boolean {
  return typeof value === 'object' && value !== null && nilCollections.has(value);
}

/** nil in any of its forms: no value, a JSON null, a typed nil pointer. */
export function isNil(value: unknown): boolean {
  return value === undefined || value === null || value === NIL_POINTER;
}

const structs = new WeakMap<object, StructInfo>();
/** Arrays and objects of the raw view: []interface {} and map[string]interface {} in errors. */
const raw = new WeakSet<object>();

/** Marks an object as a Go struct: it prints as {a b}, and a missing field is an error. */
export function goStruct<T extends object>(value: T, info: StructInfo): T {
  structs.set(value, info);
  return value;
}

export function structInfo(value: unknown): StructInfo | undefined {
  return typeof value === 'object' && value !== null ? structs.get(value) : undefined;
}

export type Kind =
  'invalid' | 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'struct' | 'func';

export function kindOf(value: unknown): Kind {
  if (value === undefined) return 'invalid';
  if (value === null || value === NIL_POINTER) return 'nil';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (value instanceof GoFloat) return 'float';
  if (typeof value === 'string' || value instanceof JsonNumber) return 'string';
  if (Array.isArray(value)) return 'slice';
  if (typeof value === 'function') return 'func';
  return structs.has(value as object) ? 'struct' : 'map';
}

/** The string underneath a string-kinded value. */
export function stringOf(value: unknown): string {
  return value instanceof JsonNumber ? value.text : (value as string);
}

export function numberOf(value: unknown): number {
  return value instanceof GoFloat ? value.value : (value as number);
}

/** Entries of a map in Go's order (fmt and range sort map keys) or of a struct in field order. */
export function entriesOf(value: object): [string, unknown][] {
  const info = structs.get(value);
  if (info) {
    const omitted = Object.entries(info.omitted ?? {}).filter(
      ([key]) => !Object.hasOwn(value, key),
    );
    return [...Object.entries(value), ...omitted].map(([key, item]): [string, unknown] => {
      const nilKind = info.nils?.[key];
      return [key, (item === null || item === undefined) && nilKind ? typedNil(nilKind) : item];
    });
  }
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** reflect's Type.String() for a value. */
export function typeName(value: unknown): string {
  switch (kindOf(value)) {
    case 'invalid':
    case 'nil':
      return '<nil>';
    case 'bool':
      return 'bool';
    case 'int':
      return 'int';
    case 'float':
      return 'float64';
    case 'string':
      return value instanceof JsonNumber ? 'json.Number' : 'string';
    case 'slice': {
      const items = value as unknown[];
      return !raw.has(items) && items.length > 0 && items.every((item) => typeof item === 'string')
        ? '[]string'
        : '[]interface {}';
    }
    case 'map': {
      const items = Object.values(value as object);
      return !raw.has(value as object) &&
        items.length > 0 &&
        items.every((item) => typeof item === 'string')
        ? 'map[string]string'
        : 'map[string]interface {}';
    }
    case 'struct':
      return structs.get(value as object)!.type;
    case 'func':
      return 'func(...interface {}) interface {}';
  }
}

/** Go's truth: zero values are false; structs are always true. */
export function isTrue(value: unknown): boolean {
  switch (kindOf(value)) {
    case 'invalid':
    case 'nil':
      return false;
    case 'bool':
      return value as boolean;
    case 'int':
    case 'float':
      return numberOf(value) !== 0;
    case 'string':
      return stringOf(value).length > 0;
    case 'slice':
      return (value as unknown[]).length > 0;
    case 'map':
      return Object.keys(value as object).length > 0;
    case 'struct':
    case 'func':
      return true;
  }
}

/** The raw view: what json.Unmarshal into interface{} (with UseNumber) would give. */
export function rawView(value: unknown): unknown {
  if (typeof value === 'number') return new JsonNumber(jsonNumberText(value));
  if (value instanceof GoFloat) return new JsonNumber(jsonNumberText(value.value));
  if (Array.isArray(value)) {
    const items = value.map(rawView);
    raw.add(items);
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined && typeof item !== 'function') out[key] = rawView(item);
    }
    raw.add(out);
    return out;
  }
  return value;
}

function jsonNumberText(value: number): string {
  return JSON.stringify(value);
}
