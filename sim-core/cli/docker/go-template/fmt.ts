// Go's fmt as templates reach it: print, println, printf and the plain {{.X}} (which is
// fmt.Fprint). Verbs, flags, width and precision behave as in Go, including its complaints
// in the output (%!d(string=x), %!s(MISSING), %!(EXTRA int=2)).
import { goQuote } from './lexer.ts';
import {
  entriesOf,
  GoFloat,
  isNil,
  isTypedNilCollection,
  JsonNumber,
  kindOf,
  numberOf,
  stringOf,
  structInfo,
  typeName,
} from './values.ts';

interface Flags {
  plusV?: boolean;
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | null;
  precision: number | null;
}

const NO_FLAGS: Flags = {
  minus: false,
  plus: false,
  sharp: false,
  space: false,
  zero: false,
  width: null,
  precision: null,
};

/** %v with no flags: what {{.X}} prints. */
export function formatValue(value: unknown): string {
  return formatArg(value, 'v', NO_FLAGS, 0);
}

const isStringArg = (value: unknown) => typeof value === 'string' || value instanceof JsonNumber;

/** fmt.Sprint: a space between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((arg, index) => {
    if (index > 0 && !isStringArg(arg) && !isStringArg(args[index - 1])) out += ' ';
    out += formatValue(arg);
  });
  return out;
}

export function sprintln(args: unknown[]): string {
  return `${args.map(formatValue).join(' ')}\n`;
}

export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let argIndex = 0;
  let i = 0;
  while (i < format.length) {
    const percent = format.indexOf('%', i);
    if (percent < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, percent);
    i = percent + 1;
    const flags: Flags = { ...NO_FLAGS };
    for (; i < format.length; i++) {
      const ch = format[i];
      if (ch === '-') {
        flags.minus = true;
        flags.zero = false;
      } else if (ch === '+') flags.plus = true;
      else if (ch === '#') flags.sharp = true;
      else if (ch === ' ') flags.space = true;
      else if (ch === '0') flags.zero = !flags.minus;
      else break;
    }
    let bad = '';
    if (format[i] === '*') {
      i++;
      const width = args[argIndex++];
      if (kindOf(width) !== 'int') bad = '%!(BADWIDTH)';
      else {
        flags.width = Math.abs(width as number);
        if ((width as number) < 0) {
          flags.minus = true;
          flags.zero = false;
        }
      }
    } else {
      const digits = /^[0-9]+/.exec(format.slice(i));
      if (digits) {
        flags.width = Number(digits[0]);
        i += digits[0].length;
      }
    }
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        i++;
        const precision = args[argIndex++];
        if (kindOf(precision) !== 'int' || (precision as number) < 0) bad += '%!(BADPREC)';
        else flags.precision = precision as number;
      } else {
        const digits = /^[0-9]+/.exec(format.slice(i));
        flags.precision = digits ? Number(digits[0]) : 0;
        if (digits) i += digits[0].length;
      }
    }
    out += bad;
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    // %+v shows struct field names; the plus is not a sign there (fmt's plusV).
    const plusV = verb === 'v' && flags.plus;
    out += formatArg(args[argIndex++], verb, plusV ? { ...flags, plus: false, plusV } : flags, 0);
  }
  if (argIndex < args.length) {
    const extra = args
      .slice(argIndex)
      .map((arg) =>
        arg === null || arg === undefined ? '<nil>' : `${typeName(arg)}=${formatValue(arg)}`,
      );
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

function pad(text: string, flags: Flags, zeroAllowed = false): string {
  const width = flags.width ?? 0;
  const length = [...text].length;
  if (length >= width) return text;
  const fill = width - length;
  if (flags.minus) return text + ' '.repeat(fill);
  if (flags.zero && zeroAllowed) {
    const sign = /^[+\- ]/.test(text) ? text[0]! : '';
    return sign + '0'.repeat(fill) + text.slice(sign.length);
  }
  return ' '.repeat(fill) + text;
}

function badVerb(value: unknown, verb: string): string {
  if (isNil(value)) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(value)}=${formatValue(value)})`;
}

function formatArg(value: unknown, verb: string, flags: Flags, depth: number): string {
  if (verb === 'T')
    return pad(value === null || value === undefined ? '<nil>' : typeName(value), flags);
  const kind = kindOf(value);
  switch (kind) {
    case 'invalid':
    case 'nil':
      if (verb === 'v') return pad('<nil>', flags);
      return badVerb(value, verb);
    case 'bool':
      if (verb === 'v' || verb === 't') return pad(String(value), flags);
      return badVerb(value, verb);
    case 'int':
      return formatInteger(value as number, verb, flags) ?? badVerb(value, verb);
    case 'float':
      return formatFloat(numberOf(value), verb, flags) ?? badVerb(value, verb);
    case 'string':
      return formatString(stringOf(value), verb, flags) ?? badVerb(value, verb);
    case 'slice': {
      const items = (value as unknown[]).map((item) =>
        formatArg(item, verb, { ...flags, width: null }, depth + 1),
      );
      if (verb === 'v' && flags.sharp) return pad(`${typeName(value)}{${items.join(', ')}}`, flags);
      return pad(`[${items.join(' ')}]`, flags);
    }
    case 'map':
    case 'struct': {
      const inner = { ...flags, width: null };
      const entries = entriesOf(value as object).filter(([, item]) => typeof item !== 'function');
      if (kind === 'struct') {
        const fields = entries.map(([key, item]) =>
          flags.plusV && verb === 'v'
            ? `${key}:${formatArg(item, verb, inner, depth + 1)}`
            : formatArg(item, verb, inner, depth + 1),
        );
        // A struct reached through a pointer below the top level prints as its address in Go;
        // the simulator has no addresses, so it prints the fields as the top level does.
        return pad(`{${fields.join(' ')}}`, flags);
      }
      const pairs = entries.map(
        ([key, item]) =>
          `${formatArg(key, verb, inner, depth + 1)}:${formatArg(item, verb, inner, depth + 1)}`,
      );
      return pad(`map[${pairs.join(' ')}]`, flags);
    }
    case 'func':
      return verb === 'v' ? pad('0x0', flags) : badVerb(value, verb);
  }
}

function formatInteger(value: number, verb: string, flags: Flags): string | null {
  const negative = value < 0;
  const magnitude = Math.abs(value);
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'v':
    case 'd':
      digits = String(magnitude);
      break;
    case 'b':
      digits = magnitude.toString(2);
      if (flags.sharp) prefix = '0b';
      break;
    case 'o':
    case 'O':
      digits = magnitude.toString(8);
      if (verb === 'O') prefix = '0o';
      else if (flags.sharp) prefix = '0';
      break;
    case 'x':
      digits = magnitude.toString(16);
      if (flags.sharp) prefix = '0x';
      break;
    case 'X':
      digits = magnitude.toString(16).toUpperCase();
      if (flags.sharp) prefix = '0X';
      break;
    case 'c':
      return pad(String.fromCodePoint(validRune(value)), flags);
    case 'q':
      return pad(quoteRune(validRune(value)), flags);
    case 'U': {
      const hex = magnitude.toString(16).toUpperCase().padStart(4, '0');
      const rune = validRune(value);
      return pad(flags.sharp ? `U+${hex} '${String.fromCodePoint(rune)}'` : `U+${hex}`, flags);
    }
    default:
      return null;
  }
  if (flags.precision !== null) {
    digits = value === 0 && flags.precision === 0 ? '' : digits.padStart(flags.precision, '0');
  }
  const sign = negative ? '-' : flags.plus ? '+' : flags.space ? ' ' : '';
  return pad(sign + prefix + digits, flags, flags.precision === null);
}

function validRune(value: number): number {
  return value >= 0 && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff) ? value : 0xfffd;
}

function quoteRune(rune: number): string {
  const ch = String.fromCodePoint(rune);
  if (ch === "'") return "'\\''";
  const quoted = goQuote(ch).slice(1, -1);
  return `'${quoted === '\\"' ? '"' : quoted}'`;
}

/** strconv.FormatFloat(f, 'g', precision, 64), which fmt's %v and %g use. */
export function formatGoFloat(value: number, precision: number | null = null): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const shortest = precision === null;
  const exponential = shortest
    ? value.toExponential()
    : value.toExponential(Math.max(precision - 1, 0));
  const [mantissa, exponentText] = exponential.split('e');
  const exponent = Number(exponentText);
  // strconv's 'g': shortest output switches to an exponent from 1e+06 on.
  const limit = shortest ? 6 : Math.max(precision, 1);
  if (exponent < -4 || exponent >= limit) {
    const sign = exponent < 0 ? '-' : '+';
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    let m = mantissa!;
    if (!shortest && m.includes('.')) m = m.replace(/\.?0+$/, '');
    return `${m}e${sign}${magnitude}`;
  }
  if (shortest) return String(value);
  return String(Number(value.toPrecision(Math.max(precision, 1))));
}

function formatFloat(value: number, verb: string, flags: Flags): string | null {
  let text: string;
  switch (verb) {
    case 'v':
      text = formatGoFloat(value, flags.precision);
      break;
    case 'g':
    case 'G':
      text = formatGoFloat(value, flags.precision);
      if (verb === 'G') text = text.toUpperCase();
      break;
    case 'f':
    case 'F':
      text = Number.isFinite(value)
        ? Math.abs(value).toFixed(flags.precision ?? 6)
        : formatGoFloat(value);
      if (value < 0 || Object.is(value, -0)) text = `-${text}`;
      break;
    case 'e':
    case 'E': {
      const [mantissa, exponent] = Math.abs(value)
        .toExponential(flags.precision ?? 6)
        .split('e');
      const e = Number(exponent);
      text = `${value < 0 ? '-' : ''}${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
      if (verb === 'E') text = text.toUpperCase();
      break;
    }
    default:
      return null;
  }
  if (!text.startsWith('-') && !text.startsWith('+')) {
    if (flags.plus) text = `+${text}`;
    else if (flags.space) text = ` ${text}`;
  }
  return pad(text, flags, Number.isFinite(value));
}

function formatString(value: string, verb: string, flags: Flags): string | null {
  const truncated =
    flags.precision === null ? value : [...value].slice(0, flags.precision).join('');
  switch (verb) {
    case 'v':
    case 's':
      return pad(truncated, flags, true);
    case 'q':
      if (flags.sharp && canBackquote(truncated)) {
        return pad(`\`${truncated}\``, flags);
      }
      return pad(goQuote(truncated), flags);
    case 'x':
    case 'X': {
      const bytes = [...new TextEncoder().encode(truncated)].map((byte) =>
        byte.toString(16).padStart(2, '0'),
      );
      let hex = bytes.join(flags.space ? ' ' : '');
      if (flags.sharp) hex = flags.space ? bytes.map((b) => `0x${b}`).join(' ') : `0x${hex}`;
      return pad(verb === 'X' ? hex.toUpperCase() : hex, flags);
    }
    default:
      return null;
  }
}

/** encoding/json with SetEscapeHTML(false), as Docker's {{json}} uses it. */
export function goJson(value: unknown): string {
  if (isNil(value) || isTypedNilCollection(value)) return 'null';
  if (value instanceof GoFloat) return formatJsonFloat(value.value);
  if (value instanceof JsonNumber) return value.text;
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : formatJsonFloat(value);
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'null';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const entries = entriesOf(object).filter(
    ([, item]) => item !== undefined && typeof item !== 'function',
  );
  const isStruct = structInfo(object) !== undefined;
  // Structs keep their JSON (omitempty) shape: only the fields the object carries.
  const shown = isStruct
    ? Object.entries(object).filter(([, item]) => item !== undefined && typeof item !== 'function')
    : entries;
  return `{${shown.map(([key, item]) => `${jsonString(key)}:${goJson(item)}`).join(',')}}`;
}

function formatJsonFloat(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(value);
}

function jsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, (ch) =>
    ch === '\u2028' ? '\\u2028' : '\\u2029',
  );
}

/** strconv.CanBackquote: no backquote and no control characters other than tab. */
function canBackquote(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '`' || code === 0x7f || (code < 0x20 && ch !== '\t')) return false;
  }
  return true;
}
