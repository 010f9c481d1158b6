// Splitting an instruction's arguments the ways BuildKit's line parsers do. Quotes are kept here
// (they are removed later, with variable substitution), JSON arrays are recognised for the exec
// form, and leading `--flag=value` words are pulled off for COPY/ADD/FROM.

const isSpace = (ch: string): boolean => /\s/.test(ch);

/** Words separated by whitespace; quotes and escapes are kept for substitution to remove. */
export function splitWordsKeepingQuotes(rest: string, escapeToken: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | null = null;
  let blankOk = false;
  for (let pos = 0; pos < rest.length; pos++) {
    let ch = rest[pos]!;
    if (!inWord) {
      if (isSpace(ch)) continue;
      inWord = true;
    }
    if (quote === null) {
      if (isSpace(ch)) {
        if (blankOk || word.length > 0) words.push(word);
        word = '';
        inWord = false;
        blankOk = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
      } else if (ch === escapeToken) {
        if (pos + 1 === rest.length) continue;
        word += ch;
        ch = rest[++pos]!;
      }
      word += ch;
      continue;
    }
    if (ch === quote) quote = null;
    else if (ch === escapeToken && quote !== "'") {
      if (pos + 1 === rest.length) continue;
      word += ch;
      ch = rest[++pos]!;
    }
    word += ch;
  }
  if (inWord && (blankOk || word.length > 0)) words.push(word);
  return words;
}

/** Whitespace-separated fields with nothing special about quotes (FROM, EXPOSE). */
export function splitOnWhitespace(rest: string): string[] {
  return rest.length === 0 ? [] : rest.split(/[\t\v\f\r ]+/);
}

export type JsonArray =
  { kind: 'json'; values: string[] } | { kind: 'not-json' } | { kind: 'error'; error: string };

export const NOT_STRING_ARRAY =
  'when using JSON array syntax, arrays must be comprised of strings only';

/** The exec form: a JSON array of strings. Anything that does not parse is the shell form. */
export function parseJsonArray(rest: string): JsonArray {
  const trimmed = rest.trimStart();
  if (!trimmed.startsWith('[')) return { kind: 'not-json' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { kind: 'not-json' };
  }
  if (!Array.isArray(parsed)) return { kind: 'not-json' };
  if (!parsed.every((item): item is string => typeof item === 'string'))
    return { kind: 'error', error: NOT_STRING_ARRAY };
  return { kind: 'json', values: parsed };
}

/** Pulls leading `--name[=value]` words off an argument string; returns them and the rest. */
export function extractFlags(line: string): { flags: string[]; rest: string } {
  const flags: string[] = [];
  let pos = 0;
  for (;;) {
    while (pos < line.length && isSpace(line[pos]!)) pos++;
    if (!line.startsWith('--', pos)) return { flags, rest: line.slice(pos) };
    let word = '';
    let quote: string | null = null;
    let blankOk = false;
    for (; pos < line.length; pos++) {
      let ch = line[pos]!;
      if (quote === null && isSpace(ch)) break;
      if (quote === null && (ch === "'" || ch === '"')) {
        quote = ch;
        blankOk = true;
        continue;
      }
      if (quote !== null && ch === quote) {
        quote = null;
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === line.length) continue;
        ch = line[++pos]!;
      }
      word += ch;
    }
    if (word === '--') return { flags, rest: line.slice(pos).trimStart() };
    if (blankOk || word.length > 0) flags.push(word);
  }
}

export type FlagValues = { ok: true; values: Map<string, string> } | { ok: false; error: string };

/** BuildKit's BFlags: only the named flags are allowed; string flags need a value. */
export function readFlags(flags: string[], allowed: readonly string[]): FlagValues {
  const values = new Map<string, string>();
  for (const flag of flags) {
    const body = flag.slice(2);
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    if (!allowed.includes(name)) return { ok: false, error: `Unknown flag: ${name}` };
    if (values.has(name)) return { ok: false, error: `Duplicate flag specified: ${name}` };
    if (eq === -1) return { ok: false, error: `Missing a value on flag: ${name}` };
    values.set(name, body.slice(eq + 1));
  }
  return { ok: true, values };
}
