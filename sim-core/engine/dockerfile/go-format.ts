// Go's fmt verbs as the builder uses them in history and error text: %q of a string
// (strconv.Quote), %q of a []string (`["a" "b"]`) and %v of a []string (`[a b]`).

const NAMED_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** strconv.Quote: printable characters as they are, the rest escaped. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const named = NAMED_ESCAPES[ch];
    const code = ch.codePointAt(0)!;
    if (named) out += named;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** fmt.Sprintf("%q", []string{...}). */
export function goQuoteList(items: readonly string[]): string {
  return `[${items.map(goQuote).join(' ')}]`;
}

/** fmt.Sprintf("%v", []string{...}). */
export function goList(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}
