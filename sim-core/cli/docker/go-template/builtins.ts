// The functions a Docker --format template can call: Go's builtins (and, or, not, len, index,
// slice, eq, ne, lt, le, gt, ge, print, printf, println, html, js, urlquery, call) and the ones
// Docker's CLI adds (json, split, join, title, lower, upper, pad, truncate).
import { goJson, sprint, sprintf, sprintln } from './fmt.ts';
import {
  GoFloat,
  isNil,
  isTrue,
  JsonNumber,
  kindOf,
  numberOf,
  stringOf,
  typeName,
  type Kind,
} from './values.ts';
import { formatValue } from './fmt.ts';

/** What a parameter accepts: anything, a string, an int, or a []string. */
export type ArgType = 'any' | 'string' | 'int' | 'strings';

export type CallResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface Builtin {
  params: ArgType[];
  /** The type of further arguments for a variadic function. */
  variadic?: ArgType;
  shortCircuit?: 'and' | 'or';
  call: (args: unknown[], context: { interfaceValues: boolean }) => CallResult;
}

const ok = (value: unknown): CallResult => ({ ok: true, value });
const failed = (error: string): CallResult => ({ ok: false, error });

export type GoMethod = ((...args: unknown[]) => unknown) & { builtin: Builtin };

/** A method a row object offers to templates, like {{.Label "com.example"}}. */
export function goMethod(params: ArgType[], call: (...args: unknown[]) => unknown): GoMethod {
  const method = (...args: unknown[]) => call(...args);
  return Object.assign(method, {
    builtin: { params, call: (args: unknown[]) => ok(call(...args)) },
  });
}

/** The signature of a method field; a bare function is a method without arguments. */
export function methodOf(fn: (...args: unknown[]) => unknown): Builtin {
  return (fn as Partial<GoMethod>).builtin ?? { params: [], call: () => ok(fn()) };
}

function length(item: unknown): CallResult {
  switch (kindOf(item)) {
    case 'invalid':
      return failed('reflect: call of reflect.Value.Type on zero Value');
    case 'nil':
      return failed('len of nil pointer');
    case 'string':
      return ok(new TextEncoder().encode(stringOf(item)).length);
    case 'slice':
      return ok((item as unknown[]).length);
    case 'map':
      return ok(Object.keys(item as object).length);
    default:
      return failed(`len of type ${typeName(item)}`);
  }
}

function indexArg(
  index: unknown,
  cap: number,
): { ok: true; value: number } | { ok: false; error: string } {
  const kind = kindOf(index);
  if (kind === 'invalid' || kind === 'nil') {
    return { ok: false, error: 'cannot index slice/array with nil' };
  }
  if (kind !== 'int') {
    return { ok: false, error: `cannot index slice/array with type ${typeName(index)}` };
  }
  const x = index as number;
  if (x < 0 || x > cap) return { ok: false, error: `index out of range: ${x}` };
  return { ok: true, value: x };
}

function index(item: unknown, indexes: unknown[]): CallResult {
  if (item === undefined) return failed('index of untyped nil');
  let current: unknown = item;
  for (const key of indexes) {
    if (isNil(current)) return failed('index of nil pointer');
    const kind = kindOf(current);
    if (kind === 'slice' || kind === 'string') {
      const isString = kind === 'string';
      const bytes = isString ? new TextEncoder().encode(stringOf(current)) : null;
      const size = bytes ? bytes.length : (current as unknown[]).length;
      const x = indexArg(key, size);
      if (!x.ok) return x;
      if (x.value === size) return failed(`index out of range: ${x.value}`);
      current = bytes ? bytes[x.value]! : (current as unknown[])[x.value];
    } else if (kind === 'map') {
      if (key === undefined || key === null)
        return failed('value is nil; should be of type string');
      if (typeof key !== 'string')
        return failed(`value has type ${typeName(key)}; should be string`);
      const map = current as Record<string, unknown>;
      current = Object.hasOwn(map, key) ? map[key] : null;
    } else return failed(`can't index item of type ${typeName(current)}`);
  }
  return ok(current);
}

function slice(item: unknown, indexes: unknown[]): CallResult {
  if (item === undefined) return failed('slice of untyped nil');
  if (indexes.length > 3) return failed(`too many slice indexes: ${indexes.length}`);
  const kind = kindOf(item);
  let size: number;
  if (kind === 'string') {
    if (indexes.length === 3) return failed('cannot 3-index slice a string');
    size = new TextEncoder().encode(stringOf(item)).length;
  } else if (kind === 'slice') size = (item as unknown[]).length;
  else return failed(`can't slice item of type ${typeName(item)}`);
  const bounds = [0, size, size];
  for (let i = 0; i < indexes.length; i++) {
    const x = indexArg(indexes[i], size);
    if (!x.ok) return x;
    bounds[i] = x.value;
  }
  if (bounds[0]! > bounds[1]!) return failed(`invalid slice index: ${bounds[0]} > ${bounds[1]}`);
  if (indexes.length === 3 && bounds[1]! > bounds[2]!) {
    return failed(`invalid slice index: ${bounds[1]} > ${bounds[2]}`);
  }
  if (kind === 'string') {
    const bytes = new TextEncoder().encode(stringOf(item)).slice(bounds[0], bounds[1]);
    const text = new TextDecoder().decode(bytes);
    return ok(item instanceof JsonNumber ? new JsonNumber(text) : text);
  }
  return ok((item as unknown[]).slice(bounds[0], bounds[1]));
}

type BasicKind = 'bool' | 'int' | 'float' | 'string';

function basicKind(value: unknown): BasicKind | null {
  const kind: Kind = kindOf(value);
  return kind === 'bool' || kind === 'int' || kind === 'float' || kind === 'string' ? kind : null;
}

function basicValue(value: unknown): unknown {
  if (value instanceof GoFloat) return value.value;
  if (value instanceof JsonNumber) return value.text;
  return value;
}

function eq(first: unknown, others: unknown[]): CallResult {
  if (others.length === 0) return failed('missing argument for comparison');
  const k1 = basicKind(first);
  for (const other of others) {
    const k2 = basicKind(other);
    const firstNil = isNil(first);
    const otherNil = isNil(other);
    let truth: boolean;
    if (k1 !== k2) {
      if (!firstNil && !otherNil) {
        if (k1 === null || k2 === null) {
          const bad = k1 === null ? first : other;
          return failed(`non-comparable type ${formatValue(bad)}: ${typeName(bad)}`);
        }
        return failed('incompatible types for comparison');
      }
      truth = firstNil && otherNil;
    } else if (k1 !== null) {
      truth = basicValue(first) === basicValue(other);
    } else {
      if (firstNil || otherNil) truth = firstNil === otherNil;
      else return failed(`non-comparable type ${formatValue(other)}: ${typeName(other)}`);
    }
    if (truth) return ok(true);
  }
  return ok(false);
}

function lt(a: unknown, b: unknown): CallResult {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === null || k1 === 'bool' || k2 === null || k2 === 'bool') {
    return failed('invalid type for comparison');
  }
  if (k1 !== k2) return failed('incompatible types for comparison');
  if (k1 === 'string') return ok(stringOf(a) < stringOf(b));
  return ok(numberOf(a) < numberOf(b));
}

function compare(op: (less: boolean, equal: boolean) => boolean) {
  return (args: unknown[]): CallResult => {
    const less = lt(args[0], args[1]);
    if (!less.ok) return less;
    const equal = eq(args[0], [args[1]]);
    if (!equal.ok) return equal;
    return ok(op(less.value as boolean, equal.value as boolean));
  };
}

/** fmt.Sprint of the arguments, or the single string argument as it is (evalArgs). */
function textOf(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

function htmlEscape(text: string): string {
  return text.replace(/[\0"'&<>]/g, (ch) =>
    ch === '\0'
      ? '\uFFFD'
      : (
          { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' } as Record<
            string,
            string
          >
        )[ch]!,
  );
}

function jsEscape(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '"') out += '\\"';
    else if (ch === '<') out += '\\u003C';
    else if (ch === '>') out += '\\u003E';
    else if (ch === '&') out += '\\u0026';
    else if (ch === '=') out += '\\u003D';
    else if (code < 0x20) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

function queryEscape(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** strings.Title: the first letter of each word upper-cased. */
function title(text: string): string {
  let out = '';
  let previous = ' ';
  for (const ch of text) {
    const separator = !/[\p{L}\p{N}_]/u.test(previous);
    out += separator ? ch.toUpperCase() : ch;
    previous = ch;
  }
  return out;
}

export const BUILTINS: Record<string, Builtin> = {
  and: { params: ['any'], variadic: 'any', shortCircuit: 'and', call: () => ok(undefined) },
  or: { params: ['any'], variadic: 'any', shortCircuit: 'or', call: () => ok(undefined) },
  not: { params: ['any'], call: ([value]) => ok(!isTrue(value)) },
  len: { params: ['any'], call: ([value]) => length(value) },
  index: { params: ['any'], variadic: 'any', call: ([item, ...rest]) => index(item, rest) },
  slice: { params: ['any'], variadic: 'any', call: ([item, ...rest]) => slice(item, rest) },
  eq: { params: ['any'], variadic: 'any', call: ([first, ...rest]) => eq(first, rest) },
  ne: {
    params: ['any', 'any'],
    call: ([a, b]) => {
      const equal = eq(a, [b]);
      return equal.ok ? ok(!equal.value) : equal;
    },
  },
  lt: { params: ['any', 'any'], call: compare((less) => less) },
  le: { params: ['any', 'any'], call: compare((less, equal) => less || equal) },
  gt: { params: ['any', 'any'], call: compare((less, equal) => !less && !equal) },
  ge: { params: ['any', 'any'], call: compare((less) => !less) },
  print: { params: [], variadic: 'any', call: (args) => ok(sprint(args)) },
  println: { params: [], variadic: 'any', call: (args) => ok(sprintln(args)) },
  printf: {
    params: ['string'],
    variadic: 'any',
    call: ([format, ...args]) => ok(sprintf(format as string, args)),
  },
  html: { params: [], variadic: 'any', call: (args) => ok(htmlEscape(textOf(args))) },
  js: { params: [], variadic: 'any', call: (args) => ok(jsEscape(textOf(args))) },
  urlquery: { params: [], variadic: 'any', call: (args) => ok(queryEscape(textOf(args))) },
  call: {
    params: ['any'],
    variadic: 'any',
    call: ([fn]) =>
      fn === undefined || fn === null
        ? failed('call of nil')
        : failed(`non-function of type ${typeName(fn)}`),
  },
  json: { params: ['any'], call: ([value]) => ok(goJson(value)) },
  split: {
    params: ['string', 'string'],
    call: ([text, separator]) => ok(goSplit(text as string, separator as string)),
  },
  join: {
    params: ['strings', 'string'],
    call: ([items, separator]) => ok(((items as string[] | null) ?? []).join(separator as string)),
  },
  title: { params: ['string'], call: ([text]) => ok(title(text as string)) },
  lower: { params: ['string'], call: ([text]) => ok((text as string).toLowerCase()) },
  upper: { params: ['string'], call: ([text]) => ok((text as string).toUpperCase()) },
  pad: {
    params: ['string', 'int', 'int'],
    call: ([text, prefix, suffix]) =>
      ok(
        ' '.repeat(Math.max(0, prefix as number)) +
          (text as string) +
          ' '.repeat(Math.max(0, suffix as number)),
      ),
  },
  truncate: {
    params: ['string', 'int'],
    call: ([text, size]) => {
      const bytes = new TextEncoder().encode(text as string);
      if (bytes.length < (size as number)) return ok(text);
      if ((size as number) < 0) return failed(`slice bounds out of range [:${size as number}]`);
      return ok(new TextDecoder().decode(bytes.slice(0, size as number)));
    },
  },
};

/** strings.Split: an empty separator splits into characters. */
function goSplit(text: string, separator: string): string[] {
  if (separator === '') return [...text];
  return text.split(separator);
}

export const FUNCTION_NAMES: ReadonlySet<string> = new Set(Object.keys(BUILTINS));
