// Splitting a command line into words as a POSIX shell does for simple commands: whitespace
// separates words, single quotes keep everything literal, double quotes keep spaces but allow
// backslash escapes, a backslash outside quotes escapes the next character.

export type Tokens = { ok: true; words: string[] } | { ok: false; error: string };

export function tokenize(line: string): Tokens {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!))
        word += line[++i]!;
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 < line.length) word += line[++i]!;
      inWord = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote)
    return {
      ok: false,
      error: `syntax error: unterminated ${quote === "'" ? 'single' : 'double'} quote`,
    };
  if (inWord) words.push(word);
  return { ok: true, words };
}

/** Dashes that look like '-' but are not: a common paste from documents and slides. */
const TYPOGRAPHIC_DASHES: Record<string, string> = {
  '\u2010': 'hyphen',
  '\u2011': 'non-breaking hyphen',
  '\u2012': 'figure dash',
  '\u2013': 'en dash',
  '\u2014': 'em dash',
  '\u2015': 'horizontal bar',
  '\u2212': 'minus sign',
  '\uFE63': 'small hyphen-minus',
  '\uFF0D': 'fullwidth hyphen-minus',
};

/** A clear message if a word starts with a dash that is not ASCII '-'. */
export function typographicDashError(word: string): string | null {
  const first = word[0];
  if (first === undefined || !(first in TYPOGRAPHIC_DASHES)) return null;
  const rest = word.replace(/^[\u2010-\u2015\u2212\uFE63\uFF0D-]+/, '');
  const code = first.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `"${word}" starts with a typographic dash (${TYPOGRAPHIC_DASHES[first]}, U+${code}), not '-': type --${rest}`;
}
