// Go text/template's lexer (text/template/parse/lex.go, Go 1.19, which Docker 20.10.24's CLI is
// built with): the same item kinds and the same error texts, because learners see those texts.

export type ItemType =
  | 'error'
  | 'eof'
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'leftParen'
  | 'rightParen'
  | 'space'
  | 'pipe'
  | 'declare'
  | 'assign'
  | 'char'
  | 'field'
  | 'identifier'
  | 'variable'
  | 'string'
  | 'rawString'
  | 'charConstant'
  | 'number'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'keyword';

export interface Item {
  type: ItemType;
  /** Byte offset (UTF-16 unit offset here) of the item in the template. */
  pos: number;
  val: string;
  line: number;
}

export const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'nil',
  'template',
  'with',
]);

/** How Go prints an item inside "unexpected %s in %s". */
export function describeItem(item: Item): string {
  if (item.type === 'eof') return 'EOF';
  if (item.type === 'error') return item.val;
  if (item.type === 'keyword') return `<${item.val}>`;
  if (item.val.length > 10) return `${goQuote(item.val.slice(0, 10))}...`;
  return goQuote(item.val);
}

/** strconv.Quote for the characters templates contain. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** fmt's %#U: U+007D '}'. */
function unicodeName(ch: string): string {
  const code = ch.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return code >= 0x20 && code !== 0x7f ? `U+${hex} '${ch}'` : `U+${hex}`;
}

const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isAlphaNumeric = (ch: string) => ch === '_' || /^[\p{L}\p{Nd}]$/u.test(ch);

export function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;
  const peek = () => input[pos] ?? '';
  const next = () => {
    const ch = input[pos] ?? '';
    if (ch !== '') pos += ch.length;
    if (ch === '\n') line++;
    return ch;
  };
  const backup = (ch: string) => {
    if (ch === '') return;
    pos -= ch.length;
    if (ch === '\n') line--;
  };
  const emit = (type: ItemType) => {
    items.push({ type, pos: start, val: input.slice(start, pos), line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = () => {
    line += countNewlines(input.slice(start, pos));
    start = pos;
    startLine = line;
  };
  const fail = (message: string): false => {
    items.push({ type: 'error', pos: start, val: message, line: startLine });
    return false;
  };
  // Text up to the next "{{"; returns false at the end of input.
  const lexText = (): boolean => {
    const found = input.indexOf('{{', pos);
    if (found < 0) {
      pos = input.length;
      line = startLine + countNewlines(input.slice(start, pos));
      if (pos > start) emit('text');
      items.push({ type: 'eof', pos, val: '', line });
      return false;
    }
    let textEnd = found;
    const trimLeft =
      input.startsWith('{{- ', found) || /^\{\{-[\t\r\n ]/.test(input.slice(found, found + 4));
    if (trimLeft) {
      while (textEnd > start && isSpace(input[textEnd - 1]!)) textEnd--;
    }
    pos = textEnd;
    line = startLine + countNewlines(input.slice(start, pos));
    if (pos > start) emit('text');
    pos = found;
    line = startLine + countNewlines(input.slice(start, pos));
    ignore();
    return true;
  };
  // "{{" and an optional trim marker, or a whole comment.
  const lexLeftDelim = (): boolean => {
    pos += 2;
    const trimmed = /^-[\t\r\n ]/.test(input.slice(pos, pos + 2));
    const afterMarker = trimmed ? pos + 2 : pos;
    if (input.startsWith('/*', afterMarker)) {
      pos = afterMarker;
      ignore();
      const close = input.indexOf('*/', pos + 2);
      if (close < 0) return fail('unclosed comment');
      pos = close + 2;
      const rightTrim = /^[\t\r\n ]-\}\}/.test(input.slice(pos, pos + 4));
      if (!rightTrim && !input.startsWith('}}', pos)) {
        return fail('comment ends before closing delimiter');
      }
      pos += rightTrim ? 4 : 2;
      ignore();
      if (rightTrim) skipSpace();
      return true;
    }
    emit('leftDelim');
    if (trimmed) {
      pos += 2;
      ignore();
    }
    parenDepth = 0;
    return lexInsideAction();
  };
  const skipSpace = () => {
    while (isSpace(peek())) next();
    ignore();
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (/^[\t\r\n ]-\}\}/.test(input.slice(pos, pos + 4))) return { delim: true, trim: true };
    return { delim: input.startsWith('}}', pos), trim: false };
  };
  const lexInsideAction = (): boolean => {
    for (;;) {
      const right = atRightDelim();
      if (right.delim && parenDepth > 0) return fail('unclosed left paren');
      if (right.delim) {
        if (right.trim) {
          pos += 2;
          ignore();
        }
        pos += 2;
        emit('rightDelim');
        if (right.trim) skipSpace();
        return true;
      }
      const ch = next();
      if (ch === '') return fail('unclosed action');
      if (isSpace(ch)) {
        backup(ch);
        if (!lexSpace()) return false;
      } else if (ch === '=') emit('assign');
      else if (ch === ':') {
        if (next() !== '=') return fail('expected :=');
        emit('declare');
      } else if (ch === '|') emit('pipe');
      else if (ch === '"') {
        if (!lexQuote()) return false;
      } else if (ch === '`') {
        const close = input.indexOf('`', pos);
        if (close < 0) return fail('unterminated raw quoted string');
        line += countNewlines(input.slice(pos, close));
        pos = close + 1;
        emit('rawString');
      } else if (ch === '$') {
        if (!lexFieldOrVariable('variable')) return false;
      } else if (ch === "'") {
        if (!lexChar()) return false;
      } else if (ch === '.') {
        if (pos < input.length && /[0-9]/.test(peek())) {
          backup(ch);
          if (!lexNumber()) return false;
        } else if (!lexFieldOrVariable('field')) return false;
      } else if (ch === '+' || ch === '-' || /[0-9]/.test(ch)) {
        backup(ch);
        if (!lexNumber()) return false;
      } else if (isAlphaNumeric(ch)) {
        backup(ch);
        if (!lexIdentifier()) return false;
      } else if (ch === '(') {
        emit('leftParen');
        parenDepth++;
      } else if (ch === ')') {
        // Go emits the paren before the error, and its parser usually complains first.
        emit('rightParen');
        parenDepth--;
        if (parenDepth < 0) return fail(`unexpected right paren ${unicodeName(ch)}`);
      } else if (ch.codePointAt(0)! <= 0x7f && /[!-/:-@[-`{-~]/.test(ch)) emit('char');
      else return fail(`unrecognized character in action: ${unicodeName(ch)}`);
    }
  };
  const lexSpace = (): boolean => {
    let spaces = 0;
    for (;;) {
      const ch = peek();
      if (!isSpace(ch)) break;
      next();
      spaces++;
    }
    // A space followed by "-}}" is a trim marker, not a space item.
    if (/^-\}\}/.test(input.slice(pos, pos + 3)) && spaces > 0) {
      backup(input[pos - 1]!);
      if (pos === start) return true;
    }
    emit('space');
    return true;
  };
  const lexQuote = (): boolean => {
    for (;;) {
      const ch = next();
      if (ch === '\\') {
        const escaped = next();
        if (escaped !== '' && escaped !== '\n') continue;
        return fail('unterminated quoted string');
      }
      if (ch === '' || ch === '\n') return fail('unterminated quoted string');
      if (ch === '"') break;
    }
    emit('string');
    return true;
  };
  const lexChar = (): boolean => {
    for (;;) {
      const ch = next();
      if (ch === '\\') {
        const escaped = next();
        if (escaped !== '' && escaped !== '\n') continue;
        return fail('unterminated character constant');
      }
      if (ch === '' || ch === '\n') return fail('unterminated character constant');
      if (ch === "'") break;
    }
    emit('charConstant');
    return true;
  };
  const lexNumber = (): boolean => {
    const match =
      /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[oObB][0-9_]*|[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?)i?/.exec(
        input.slice(pos),
      )!;
    pos += match[0].length;
    if (isAlphaNumeric(peek())) {
      next();
      return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
    }
    emit('number');
    return true;
  };
  // Go's atTerminator: what may directly follow a field, variable or identifier.
  const atTerminator = () => {
    const ch = peek();
    return (
      isSpace(ch) || ['', '.', ',', '|', ':', ')', '('].includes(ch) || input.startsWith('}}', pos)
    );
  };
  const lexFieldOrVariable = (type: 'field' | 'variable'): boolean => {
    if (atTerminator()) {
      emit(type === 'variable' ? 'variable' : 'dot');
      return true;
    }
    while (isAlphaNumeric(peek())) next();
    if (!atTerminator()) return fail(`bad character ${unicodeName(peek())}`);
    emit(type);
    return true;
  };
  const lexIdentifier = (): boolean => {
    while (isAlphaNumeric(peek())) next();
    if (!atTerminator()) return fail(`bad character ${unicodeName(peek())}`);
    const word = input.slice(start, pos);
    if (KEYWORDS.has(word)) emit(word === 'nil' ? 'nil' : 'keyword');
    else if (word === 'true' || word === 'false') emit('bool');
    else emit('identifier');
    return true;
  };

  for (;;) {
    if (!lexText()) break;
    if (!lexLeftDelim()) break;
  }
  return items;
}

function countNewlines(text: string): number {
  let count = 0;
  for (const ch of text) if (ch === '\n') count++;
  return count;
}
