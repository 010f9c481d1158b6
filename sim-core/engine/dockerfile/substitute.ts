// Variable substitution in Dockerfile words, as the builder's shell lexer does for FROM, ENV,
// ARG, WORKDIR, COPY/ADD, USER, LABEL, EXPOSE, VOLUME and STOPSIGNAL (RUN, CMD and ENTRYPOINT
// are left to the container's shell). It removes quotes and escapes as it goes: `"a b"` is one
// word `a b`, `'$X'` stays literal, `\$X` is a literal `$X`. Supported forms: $NAME, ${NAME},
// ${NAME:-default}, ${NAME:+alternative}, ${NAME:?message}. Unset names expand to nothing.

import { goQuote } from './go-format.ts';

export type Substituted<T> = { ok: true; value: T } | { ok: false; error: string };

type Lookup = (name: string) => string | undefined;

class WordReader {
  pos = 0;
  /** Field boundaries for EXPOSE's many-words mode: unquoted whitespace splits. */
  readonly fields: string[] = [];
  current = '';
  constructor(
    readonly text: string,
    readonly escapeToken: string,
    readonly lookup: Lookup,
    readonly splitFields: boolean,
  ) {}

  peek(): string | undefined {
    return this.text[this.pos];
  }

  /** Text from unquoted context: whitespace splits fields in many-words mode. */
  emitUnquoted(text: string): void {
    if (!this.splitFields) {
      this.current += text;
      return;
    }
    for (const ch of text) {
      if (/\s/.test(ch)) this.endField();
      else this.current += ch;
    }
  }

  endField(): void {
    if (this.current.length > 0) this.fields.push(this.current);
    this.current = '';
  }
}

const isNameChar = (ch: string): boolean => /[\p{L}\p{N}_]/u.test(ch);

function readName(reader: WordReader): string {
  const first = reader.peek();
  if (first === undefined) return '';
  if (/\d/.test(first)) {
    let digits = '';
    while (reader.peek() !== undefined && /\d/.test(reader.peek()!))
      digits += reader.text[reader.pos++];
    return digits;
  }
  let name = '';
  while (reader.peek() !== undefined && isNameChar(reader.peek()!))
    name += reader.text[reader.pos++];
  return name;
}

/** After a `$`: the expansion's text. */
function readDollar(reader: WordReader): Substituted<string> {
  if (reader.peek() !== '{') {
    const name = readName(reader);
    return { ok: true, value: name === '' ? '$' : (reader.lookup(name) ?? '') };
  }
  reader.pos++;
  const name = readName(reader);
  const next = reader.text[reader.pos++];
  if (next === '}') return { ok: true, value: reader.lookup(name) ?? '' };
  if (next !== ':') return { ok: false, error: "missing ':' in substitution" };
  const modifier = reader.text[reader.pos++];
  const word = readUntil(reader, '}');
  if (!word.ok) return word;
  const value = reader.lookup(name) ?? '';
  switch (modifier) {
    case '-':
      return { ok: true, value: value === '' ? word.value : value };
    case '+':
      return { ok: true, value: value === '' ? '' : word.value };
    case '?':
      if (value !== '') return { ok: true, value };
      return { ok: false, error: `${name}: ${word.value || 'is not allowed to be unset'}` };
    default:
      return { ok: false, error: `unsupported modifier (${modifier ?? ''}) in substitution` };
  }
}

function readSingleQuoted(reader: WordReader): Substituted<string> {
  let text = '';
  for (;;) {
    const ch = reader.text[reader.pos++];
    if (ch === undefined)
      return {
        ok: false,
        error: 'unexpected end of statement while looking for matching single-quote',
      };
    if (ch === "'") return { ok: true, value: text };
    text += ch;
  }
}

function readDoubleQuoted(reader: WordReader): Substituted<string> {
  let text = '';
  for (;;) {
    const ch = reader.text[reader.pos++];
    if (ch === undefined)
      return {
        ok: false,
        error: 'unexpected end of statement while looking for matching double-quote',
      };
    if (ch === '"') return { ok: true, value: text };
    if (ch === '$') {
      const expanded = readDollar(reader);
      if (!expanded.ok) return expanded;
      text += expanded.value;
    } else if (ch === reader.escapeToken) {
      const next = reader.text[reader.pos];
      if (next === undefined) continue;
      reader.pos++;
      // Inside double quotes the escape only removes itself before ", $ and itself.
      text += next === '"' || next === '$' || next === reader.escapeToken ? next : ch + next;
    } else text += ch;
  }
}

/** Reads until `stop` (consumed) or the end; used for ${NAME:-word}'s word and whole words. */
function readUntil(reader: WordReader, stop: string | null): Substituted<string> {
  const start = reader.current;
  reader.current = '';
  for (;;) {
    const ch = reader.text[reader.pos++];
    if (ch === undefined || ch === stop) break;
    let piece: Substituted<string>;
    if (ch === "'") piece = readSingleQuoted(reader);
    else if (ch === '"') piece = readDoubleQuoted(reader);
    else if (ch === '$') {
      piece = readDollar(reader);
      if (piece.ok) reader.emitUnquoted(piece.value);
      if (!piece.ok) return piece;
      continue;
    } else if (ch === reader.escapeToken) {
      const next = reader.text[reader.pos++];
      piece = { ok: true, value: next ?? '' };
    } else {
      reader.emitUnquoted(ch);
      continue;
    }
    if (!piece.ok) return piece;
    reader.current += piece.value;
  }
  const value = reader.current;
  reader.current = start;
  return { ok: true, value };
}

function failed(word: string, error: string): { ok: false; error: string } {
  return { ok: false, error: `failed to process ${goQuote(word)}: ${error}` };
}

/** One word in, one word out (ENV values, paths, USER...). */
export function substituteWord(
  word: string,
  lookup: Lookup,
  escapeToken = '\\',
): Substituted<string> {
  const reader = new WordReader(word, escapeToken, lookup, false);
  const result = readUntil(reader, null);
  return result.ok ? result : failed(word, result.error);
}

/** One word in, several out: EXPOSE $PORTS with PORTS="80 443" gives two ports. */
export function substituteWords(
  word: string,
  lookup: Lookup,
  escapeToken = '\\',
): Substituted<string[]> {
  const reader = new WordReader(word, escapeToken, lookup, true);
  reader.current = '';
  const result = readUntil(reader, null);
  if (!result.ok) return failed(word, result.error);
  reader.current = result.value;
  reader.endField();
  return { ok: true, value: reader.fields };
}
