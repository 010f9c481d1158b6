// Script text to tokens: words (with their quoting and $-expansions already structured),
// operators, redirections and newlines. Command substitutions `$(...)` and backticks are parsed
// recursively through a callback, so their syntax errors are reported like the outer script's.

import type { Script, Word, WordPart } from './ast.ts';

type ParameterOp = Extract<WordPart, { kind: 'parameter' }>['op'];

export type Token =
  /** `line`: 0-based, as ash numbers the lines of an `sh -c` script in its messages. */
  | { kind: 'word'; word: Word; raw: string; line: number }
  | { kind: 'operator'; op: '&&' | '||' | ';;' | ';' | '&' | '|' | '(' | ')' }
  | { kind: 'redirect'; fd: number; op: '>' | '>>' | '<' | '>&' | '<&'; line: number }
  | { kind: 'newline' }
  | { kind: 'eof' }
  /** Where the text stops making sense; the parser reports it only if it gets that far. */
  | { kind: 'error'; message: string };

/** Parses a command substitution's text (`inSubstitution` set). */
type SubParse = (
  text: string,
  inSubstitution?: boolean,
) => { ok: true; script: Script } | { ok: false; error: string };

class LexError {
  constructor(readonly message: string) {}
}

const SPECIAL_PARAMETERS = '?$#@*!-0123456789';
const WORD_END = ' \t\n;&|()<>';

class Lexer {
  pos = 0;
  constructor(
    readonly text: string,
    readonly subParse: SubParse,
  ) {}

  private countedTo = 0;
  private countedLines = 0;

  /** Newlines before `pos`, counted once as the lexer moves forward. */
  lineAt(pos: number): number {
    for (; this.countedTo < pos; this.countedTo++) {
      if (this.text[this.countedTo] === '\n') this.countedLines++;
    }
    return this.countedLines;
  }

  peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  /** Tokens up to the end, or up to an error token: ash reads and runs a line before lexing on. */
  tokens(): Token[] {
    const tokens: Token[] = [];
    for (;;) {
      let token: Token;
      try {
        token = this.next();
      } catch (error) {
        if (!(error instanceof LexError)) throw error;
        token = { kind: 'error', message: error.message };
      }
      tokens.push(token);
      if (token.kind === 'eof' || token.kind === 'error') return tokens;
    }
  }

  next(): Token {
    this.skipBlanks();
    const ch = this.peek();
    if (ch === undefined) return { kind: 'eof' };
    if (ch === '\n') {
      this.pos++;
      return { kind: 'newline' };
    }
    for (const op of ['&&', '||', ';;', ';', '&', '|', '(', ')'] as const) {
      if (this.text.startsWith(op, this.pos)) {
        this.pos += op.length;
        return { kind: 'operator', op };
      }
    }
    if (ch === '<' || ch === '>') return this.redirect(ch === '<' ? 0 : 1);
    return this.word();
  }

  skipBlanks(): void {
    for (;;) {
      const ch = this.peek();
      if (ch === ' ' || ch === '\t') this.pos++;
      else if (ch === '\\' && this.peek(1) === '\n') this.pos += 2;
      else if (ch === '#') {
        while (this.peek() !== undefined && this.peek() !== '\n') this.pos++;
      } else return;
    }
  }

  redirect(fd: number): Token {
    const rest = this.text.slice(this.pos);
    const op = (['>>', '>&', '<&', '>|', '>', '<'] as const).find((candidate) =>
      rest.startsWith(candidate),
    )!;
    this.pos += op.length;
    if (op === '<' && this.peek() === '<') throw new LexError('here-documents are not supported');
    return { kind: 'redirect', fd, op: op === '>|' ? '>' : op, line: this.lineAt(this.pos) };
  }

  word(): Token {
    const start = this.pos;
    const parts: WordPart[] = [];
    const literal = (text: string, quoted: boolean) => {
      const last = parts[parts.length - 1];
      if (last?.kind === 'literal' && last.quoted === quoted) last.text += text;
      else parts.push({ kind: 'literal', text, quoted });
    };
    for (let ch = this.peek(); ch !== undefined && !WORD_END.includes(ch); ch = this.peek()) {
      if (ch === "'") parts.push(...this.singleQuoted());
      else if (ch === '"') parts.push(...this.doubleQuoted());
      else if (ch === '\\') {
        this.pos++;
        const next = this.peek();
        if (next === '\n') this.pos++;
        else if (next !== undefined) {
          this.pos++;
          literal(next, true);
        }
      } else if (ch === '$' || ch === '`') {
        const part = this.dollar(false);
        if (part.kind === 'literal') literal(part.text, false);
        else parts.push(part);
      } else {
        this.pos++;
        literal(ch, false);
      }
    }
    const raw = this.text.slice(start, this.pos);
    const next = this.peek();
    if (/^\d+$/.test(raw) && (next === '<' || next === '>')) return this.redirect(Number(raw));
    return { kind: 'word', word: { parts }, raw, line: this.lineAt(start) };
  }

  singleQuoted(): WordPart[] {
    const end = this.text.indexOf("'", this.pos + 1);
    if (end === -1) throw new LexError('unterminated quoted string');
    const text = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return [{ kind: 'literal', text, quoted: true }];
  }

  doubleQuoted(): WordPart[] {
    this.pos++;
    const parts: WordPart[] = [{ kind: 'literal', text: '', quoted: true }];
    const add = (text: string) => {
      const last = parts[parts.length - 1]!;
      if (last.kind === 'literal') last.text += text;
      else parts.push({ kind: 'literal', text, quoted: true });
    };
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) throw new LexError('unterminated quoted string');
      if (ch === '"') {
        this.pos++;
        return parts;
      }
      if (ch === '\\') {
        const next = this.peek(1);
        this.pos += 2;
        if (next === undefined) throw new LexError('unterminated quoted string');
        if (next === '\n') continue;
        add('$`"\\'.includes(next) ? next : `\\${next}`);
      } else if (ch === '$' || ch === '`') {
        const part = this.dollar(true);
        if (part.kind === 'literal') add(part.text);
        else parts.push(part);
      } else {
        this.pos++;
        add(ch);
      }
    }
  }

  /** At `$` or a backtick: an expansion, or a literal `$` when nothing follows that names one. */
  dollar(quoted: boolean): WordPart {
    if (this.peek() === '`') return this.backtick(quoted);
    this.pos++;
    const ch = this.peek();
    if (ch === '(' && this.text[this.pos + 1] === '(') {
      const arithmetic = this.arithmetic(quoted);
      if (arithmetic) return arithmetic;
    }
    if (ch === '(') return this.commandSubstitution(quoted);
    if (ch === '{') return this.braced(quoted);
    if (ch !== undefined && SPECIAL_PARAMETERS.includes(ch)) {
      this.pos++;
      return { kind: 'parameter', name: ch, op: '', word: null, quoted };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0];
    if (!name) return { kind: 'literal', text: '$', quoted };
    this.pos += name.length;
    return { kind: 'parameter', name, op: '', word: null, quoted };
  }

  braced(quoted: boolean): WordPart {
    const close = this.matching(this.pos, '{', '}');
    if (close === -1) throw new LexError("missing '}'");
    const body = this.text.slice(this.pos + 1, close);
    this.pos = close + 1;
    const length = /^#([A-Za-z_][A-Za-z0-9_]*|[?$#@*!0-9])$/.exec(body);
    if (length) return { kind: 'parameter', name: length[1]!, op: 'length', word: null, quoted };
    const match = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])(?:(:[-+=?]|[-+=?])([\s\S]*))?$/.exec(
      body,
    );
    if (!match) throw new LexError('bad substitution');
    const op = (match[2] ?? '') as ParameterOp;
    const word = match[2] === undefined ? null : this.subWord(match[3] ?? '');
    return { kind: 'parameter', name: match[1]!, op, word, quoted };
  }

  /** The word inside ${X:-word}: quotes and expansions allowed, blanks kept. */
  subWord(text: string): Word {
    const inner = new Lexer(
      text.replace(/[ \t]/g, (blank) => `\\${blank}`),
      this.subParse,
    );
    const token = inner.word();
    return token.kind === 'word'
      ? token.word
      : { parts: [{ kind: 'literal', text, quoted: true }] };
  }

  /** `$((expression))`; null when the brackets say `$( (subshell) )` instead. */
  arithmetic(quoted: boolean): WordPart | null {
    const close = this.matching(this.pos, '(', ')');
    if (close === -1) throw new LexError('unexpected end of file (expecting "))")');
    if (this.text[close - 1] !== ')' || this.matching(this.pos + 1, '(', ')') !== close - 1)
      return null;
    const body = this.text.slice(this.pos + 2, close - 1);
    this.pos = close + 1;
    return { kind: 'arithmetic', expression: new Lexer(body, this.subParse).expression(), quoted };
  }

  /** The inside of $((...)): expansions, and the rest as literal text (operators included). */
  expression(): Word {
    const parts: WordPart[] = [];
    let literal = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === '$' || ch === '`') {
        if (literal) parts.push({ kind: 'literal', text: literal, quoted: true });
        literal = '';
        parts.push(this.dollar(true));
      } else {
        literal += ch;
        this.pos++;
      }
    }
    if (literal) parts.push({ kind: 'literal', text: literal, quoted: true });
    return { parts };
  }

  commandSubstitution(quoted: boolean): WordPart {
    const close = this.matching(this.pos, '(', ')', true);
    if (close === -1) {
      // ash parses the inside as it reads it, so an error in there is the one it reports.
      const inner = this.subParse(this.text.slice(this.pos + 1), true);
      throw new LexError(inner.ok ? 'unexpected end of file (expecting ")")' : inner.error);
    }
    const body = this.text.slice(this.pos + 1, close);
    this.pos = close + 1;
    return this.substituted(body, quoted);
  }

  backtick(quoted: boolean): WordPart {
    const close = this.text.indexOf('`', this.pos + 1);
    if (close === -1) throw new LexError('unterminated quoted string');
    const body = this.text.slice(this.pos + 1, close);
    this.pos = close + 1;
    return this.substituted(body, quoted);
  }

  substituted(body: string, quoted: boolean): WordPart {
    const parsed = this.subParse(body, true);
    if (!parsed.ok) throw new LexError(parsed.error);
    return { kind: 'command', script: parsed.script, quoted };
  }

  /** Index of the bracket closing the one at `open`, skipping quoted text; -1 if none. */
  matching(open: number, left: string, right: string, comments = false): number {
    let depth = 0;
    for (let i = open; i < this.text.length; i++) {
      const ch = this.text[i]!;
      const wordStart = i === 0 || /\s/.test(this.text[i - 1]!);
      if (ch === '\\') i++;
      else if (comments && ch === '#' && wordStart) {
        while (i + 1 < this.text.length && this.text[i + 1] !== '\n') i++;
      } else if (ch === "'") {
        const end = this.text.indexOf("'", i + 1);
        if (end === -1) return -1;
        i = end;
      } else if (ch === left) depth++;
      else if (ch === right && --depth === 0) return i;
    }
    return -1;
  }
}

export function lex(text: string, subParse: SubParse): Token[] {
  return new Lexer(text, subParse).tokens();
}
