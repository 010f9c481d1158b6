// parseScript: `sh -c` text to a syntax tree, by recursive descent over the lexer's tokens.
// Errors carry busybox ash's wording, which a learner sees after "sh: syntax error: ":
//   unexpected "done"    unexpected end of file (expecting "fi")    unterminated quoted string
// Never throws: every outcome is a ParsedScript value.

import type {
  AndOr,
  Case,
  Command,
  FunctionDefinition,
  For,
  If,
  Loop,
  Pipeline,
  Redirect,
  Script,
  SimpleCommand,
  Word,
} from './ast.ts';
import { SPECIAL_BUILTINS } from './builtins.ts';
import { lex, type Token } from './lexer.ts';

/**
 * A failed parse keeps the complete lines before the error: ash reads, parses and runs a script
 * one line at a time, so `echo a` on line 1 runs before line 2's syntax error is reported.
 */
export type ParsedScript =
  { ok: true; script: Script } | { ok: false; error: string; partial: Script };

class SyntaxError_ {
  constructor(readonly message: string) {}
}

/** Words that end a list when they appear where a command would start. */
const LIST_ENDERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', '}', 'esac', 'in']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set([
  '!',
  '{',
  '}',
  'case',
  'do',
  'done',
  'elif',
  'else',
  'esac',
  'fi',
  'for',
  'if',
  'in',
  'then',
  'until',
  'while',
]);

/** How ash names a token in "unexpected ...": keywords and operators quoted, words as `word`. */
function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of file';
    case 'newline':
      return 'newline';
    case 'operator':
      return `"${token.op}"`;
    case 'redirect':
      return 'redirection';
    case 'word': {
      const keyword = reserved(token);
      return keyword !== null && KEYWORDS.has(keyword) ? `"${keyword}"` : 'word';
    }
    case 'error':
      return token.message;
  }
}

/** The reserved word a token spells, if it is one plain unquoted word. */
function reserved(token: Token): string | null {
  if (token.kind !== 'word') return null;
  const only = token.word.parts[0];
  if (token.word.parts.length !== 1 || only?.kind !== 'literal' || only.quoted) return null;
  return only.text;
}

class Parser {
  index = 0;
  constructor(readonly tokens: Token[]) {}

  get token(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind === 'error') throw new SyntaxError_(token.message);
    return token;
  }

  /** A method, not the getter, so TypeScript does not narrow across advance(). */
  at(kind: Token['kind']): boolean {
    return this.token.kind === kind;
  }

  advance(): Token {
    const token = this.token;
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** ash names what it expected when a keyword or bracket is missing, not when a list is empty. */
  unexpected(expecting?: string): never {
    const suffix = expecting ? ` (expecting ${expecting})` : '';
    throw new SyntaxError_(`unexpected ${describe(this.token)}${suffix}`);
  }

  isOperator(op: string): boolean {
    return this.token.kind === 'operator' && this.token.op === op;
  }

  skipNewlines(): void {
    while (this.token.kind === 'newline') this.advance();
  }

  expectWord(word: string): void {
    if (reserved(this.token) !== word) this.unexpected(`"${word}"`);
    this.advance();
  }

  startsCommand(): boolean {
    const token = this.token;
    if (token.kind === 'word') return !LIST_ENDERS.has(reserved(token) ?? '');
    return token.kind === 'redirect' || (token.kind === 'operator' && token.op === '(');
  }

  /**
   * A list of and-or items. Empty is an error (ash rejects `{ }` and `then fi`), except at the end
   * of the input, where the caller's missing keyword is the better message: `while` alone says
   * (expecting "do").
   */
  list(oneLine = false): Script {
    this.skipNewlines();
    const items: Script['items'] = [];
    while (this.startsCommand()) {
      const andOr = this.andOr();
      let background = false;
      if (this.isOperator('&') || this.isOperator(';'))
        background = (this.advance() as { op: string }).op === '&';
      else if (this.token.kind !== 'newline') {
        items.push({ andOr, background });
        break;
      }
      items.push({ andOr, background });
      if (oneLine && this.at('newline')) break;
      this.skipNewlines();
      // After `;`, `&` or a newline only a list's end may follow; `a; && b` fails at `&&`.
      const next = this.token;
      if (next.kind === 'operator' && !['(', ')', ';;'].includes(next.op)) this.unexpected();
    }
    if (items.length === 0 && !this.at('eof')) this.unexpected();
    return { items };
  }

  andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    while (this.isOperator('&&') || this.isOperator('||')) {
      const op = (this.advance() as { op: '&&' | '||' }).op;
      this.skipNewlines();
      rest.push({ op, pipeline: this.pipeline() });
    }
    return { first, rest };
  }

  pipeline(): Pipeline {
    let negated = false;
    while (reserved(this.token) === '!') {
      this.advance();
      negated = !negated;
    }
    const commands = [this.command()];
    while (this.isOperator('|')) {
      this.advance();
      this.skipNewlines();
      // ash allows `!` only at the start of a pipeline.
      if (reserved(this.token) === '!') this.unexpected();
      commands.push(this.command());
    }
    return { negated, commands };
  }

  command(): Command {
    const word = reserved(this.token);
    if (this.isOperator('(')) {
      this.advance();
      const body = this.list();
      if (!this.isOperator(')')) this.unexpected('")"');
      this.advance();
      return { kind: 'subshell', body, redirects: this.redirects() };
    }
    if (word === '{') {
      this.advance();
      const body = this.list();
      this.expectWord('}');
      return { kind: 'group', body, redirects: this.redirects() };
    }
    if (word === 'if') return this.ifCommand();
    if (word === 'while' || word === 'until') return this.loop(word);
    if (word === 'for') return this.forCommand();
    if (word === 'case') return this.caseCommand();
    if (!this.startsCommand()) this.unexpected();
    return this.simple();
  }

  caseCommand(): Case {
    this.advance();
    if (this.token.kind !== 'word') this.unexpected('word');
    const subject = (this.advance() as { word: Word }).word;
    this.skipNewlines();
    if (reserved(this.token) !== 'in') this.unexpected('"in"');
    this.advance();
    const items: Case['items'] = [];
    for (;;) {
      this.skipNewlines();
      if (reserved(this.token) === 'esac') {
        this.advance();
        return { kind: 'case', subject, items, redirects: this.redirects() };
      }
      items.push(this.caseItem());
    }
  }

  /** `[(] pattern [| pattern]... ) [list] [;;]` */
  caseItem(): Case['items'][number] {
    if (this.isOperator('(')) this.advance();
    const patterns: Word[] = [];
    for (;;) {
      if (this.token.kind !== 'word') this.unexpected('")"');
      patterns.push((this.advance() as { word: Word }).word);
      if (!this.isOperator('|')) break;
      this.advance();
    }
    if (!this.isOperator(')')) this.unexpected('")"');
    this.advance();
    this.skipNewlines();
    const empty = this.isOperator(';;') || reserved(this.token) === 'esac';
    const body = empty ? { items: [] } : this.list();
    this.skipNewlines();
    if (this.isOperator(';;')) this.advance();
    else if (reserved(this.token) !== 'esac') this.unexpected('";;"');
    return { patterns, body };
  }

  ifCommand(): If {
    this.advance();
    const branches: If['branches'] = [];
    let elseBody: Script | null = null;
    for (;;) {
      const condition = this.list();
      this.expectWord('then');
      branches.push({ condition, body: this.list() });
      const next = reserved(this.token);
      if (next !== 'elif' && next !== 'else' && next !== 'fi') this.unexpected('"fi"');
      this.advance();
      if (next === 'elif') continue;
      if (next === 'else') {
        elseBody = this.list();
        this.expectWord('fi');
      }
      return { kind: 'if', branches, elseBody, redirects: this.redirects() };
    }
  }

  loop(kind: 'while' | 'until'): Loop {
    this.advance();
    const condition = this.list();
    const body = this.doGroup();
    return { kind, condition, body, redirects: this.redirects() };
  }

  doGroup(): Script {
    this.expectWord('do');
    const body = this.list();
    this.expectWord('done');
    return body;
  }

  forCommand(): For {
    this.advance();
    if (this.at('eof')) this.unexpected('word');
    if (this.token.kind !== 'word') throw new SyntaxError_('bad for loop variable');
    const variable = (this.advance() as { raw: string }).raw;
    if (!NAME.test(variable)) throw new SyntaxError_('bad for loop variable');
    let items: Word[] | null = null;
    this.skipNewlines();
    if (reserved(this.token) === 'in') {
      this.advance();
      items = [];
      while (this.token.kind === 'word') items.push((this.advance() as { word: Word }).word);
      if (!this.isOperator(';') && !this.at('newline')) this.unexpected();
      this.advance();
    } else if (this.isOperator(';')) this.advance();
    this.skipNewlines();
    const body = this.doGroup();
    return { kind: 'for', variable, items, body, redirects: this.redirects() };
  }

  redirect(): Redirect {
    const token = this.advance() as Extract<Token, { kind: 'redirect' }>;
    if (this.token.kind !== 'word') this.unexpected();
    const target = (this.advance() as { word: Word }).word;
    return { fd: token.fd, op: token.op, target };
  }

  redirects(): Redirect[] {
    const redirects: Redirect[] = [];
    while (this.token.kind === 'redirect') redirects.push(this.redirect());
    return redirects;
  }

  /** `name (`: one unquoted word so far, nothing else. */
  startsFunction(command: SimpleCommand): boolean {
    const only = command.words[0]?.parts;
    return (
      command.words.length === 1 &&
      command.assignments.length === 0 &&
      command.redirects.length === 0 &&
      only?.length === 1 &&
      only[0]!.kind === 'literal' &&
      !only[0]!.quoted
    );
  }

  simple(): SimpleCommand | FunctionDefinition {
    const first = this.token;
    const line = first.kind === 'word' || first.kind === 'redirect' ? first.line : 0;
    const command: SimpleCommand = {
      kind: 'simple',
      line,
      assignments: [],
      words: [],
      redirects: [],
    };
    for (;;) {
      const token = this.token;
      if (token.kind === 'redirect') command.redirects.push(this.redirect());
      else if (this.isOperator('(') && this.startsFunction(command)) {
        // `name()` starts a function definition in ash; keywords are plain words there.
        this.advance();
        if (!this.isOperator(')')) {
          const what = this.token.kind === 'word' ? 'word' : describe(this.token);
          throw new SyntaxError_(`unexpected ${what} (expecting ")")`);
        }
        this.advance();
        this.skipNewlines();
        const name = (command.words[0]!.parts[0] as { text: string }).text;
        if (!NAME.test(name) || SPECIAL_BUILTINS.has(name))
          throw new SyntaxError_('bad function name');
        return { kind: 'function', name, body: this.command() };
      } else if (token.kind === 'word') {
        this.advance();
        const assignment = command.words.length === 0 ? asAssignment(token) : null;
        if (assignment) command.assignments.push(assignment);
        else command.words.push(token.word);
      } else return command;
    }
  }
}

/** `NAME=value` before the command name sets a variable instead of naming a program. */
function asAssignment(
  token: Extract<Token, { kind: 'word' }>,
): SimpleCommand['assignments'][number] | null {
  const first = token.word.parts[0];
  if (first?.kind !== 'literal' || first.quoted) return null;
  const eq = first.text.indexOf('=');
  if (eq <= 0 || !NAME.test(first.text.slice(0, eq))) return null;
  const rest = first.text.slice(eq + 1);
  const parts = [...(rest ? [{ ...first, text: rest }] : []), ...token.word.parts.slice(1)];
  return { name: first.text.slice(0, eq), value: { parts } };
}

/**
 * Parses `sh -c` text. `inSubstitution` is for the inside of `$(...)`: there a token that ends
 * the list is reported as ash does, (expecting ")").
 */
export function parseScript(text: string, inSubstitution = false): ParsedScript {
  const items: Script['items'] = [];
  try {
    const parser = new Parser(lex(text, parseScript));
    for (;;) {
      parser.skipNewlines();
      if (parser.at('eof')) return { ok: true, script: { items } };
      const line = parser.list(true);
      if (!parser.at('newline') && !parser.at('eof'))
        parser.unexpected(inSubstitution ? '")"' : undefined);
      items.push(...line.items);
    }
  } catch (error) {
    const partial = { items };
    if (error instanceof SyntaxError_) return { ok: false, error: error.message, partial };
    // Deep nesting can exhaust the stack; report it as sh would report bad input.
    return { ok: false, error: `unexpected end of file (${String(error)})`, partial };
  }
}
