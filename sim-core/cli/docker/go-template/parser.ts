// Go text/template's parser (parse.go, Go 1.19): items to a tree of nodes, with the same
// checks at parse time (undefined functions and variables, {{break}} outside {{range}}, empty
// pipelines) and the same messages, "template: :LINE: ...".
import { describeItem, goQuote, lex, type Item } from './lexer.ts';

export type Arg =
  | { kind: 'field'; pos: number; ident: string[] }
  | { kind: 'variable'; pos: number; ident: string[] }
  | { kind: 'dot'; pos: number }
  | { kind: 'nil'; pos: number }
  | { kind: 'bool'; pos: number; value: boolean }
  | { kind: 'number'; pos: number; text: string; value: number; isFloat: boolean }
  | { kind: 'string'; pos: number; quoted: string; text: string }
  | { kind: 'identifier'; pos: number; name: string }
  | { kind: 'chain'; pos: number; node: Arg; fields: string[] }
  | ({ kind: 'pipe' } & Pipe);

export interface Command {
  kind: 'command';
  pos: number;
  args: Arg[];
}

export interface Pipe {
  pos: number;
  isAssign: boolean;
  decl: string[];
  cmds: Command[];
}

export type Node =
  | { kind: 'text'; pos: number; text: string }
  | { kind: 'action'; pos: number; pipe: Pipe }
  | ControlNode
  | { kind: 'break' | 'continue'; pos: number }
  | { kind: 'template'; pos: number; name: string; pipe: Pipe | null };

export interface ControlNode {
  kind: 'if' | 'range' | 'with';
  pos: number;
  pipe: Pipe;
  list: Node[];
  elseList: Node[] | null;
}

export interface ParsedTemplate {
  source: string;
  root: Node[];
  /** {{define}} and {{block}} bodies by name. */
  defined: Map<string, Node[]>;
}

export class TemplateParseError extends Error {}

/** The functions a template may name; anything else is "function %q not defined". */
export type FunctionNames = ReadonlySet<string>;

type Control = { kind: 'end'; pos: number } | { kind: 'else'; pos: number };

export function parseTemplate(source: string, functions: FunctionNames): ParsedTemplate {
  const items = lex(source);
  let index = 0;
  let current: Item = items[0]!;
  let vars: string[] = ['$'];
  let rangeDepth = 0;
  let actionLine = 0;
  const defined = new Map<string, Node[]>();

  const fail = (message: string, line = current.line): never => {
    throw new TemplateParseError(`template: :${line}: ${message}`);
  };
  const next = (): Item => {
    current = items[Math.min(index, items.length - 1)]!;
    index++;
    return current;
  };
  const backup = () => {
    index--;
  };
  const peek = (): Item => items[Math.min(index, items.length - 1)]!;
  const nextNonSpace = (): Item => {
    let item = next();
    while (item.type === 'space') item = next();
    return item;
  };
  const peekNonSpace = (): Item => {
    const item = nextNonSpace();
    backup();
    return item;
  };
  const unexpected = (item: Item, context: string): never => {
    if (item.type === 'error') {
      const extra =
        actionLine !== 0 && actionLine !== item.line ? ` in action started at :${actionLine}` : '';
      return fail(`${item.val}${extra}`, item.line);
    }
    return fail(`unexpected ${describeItem(item)} in ${context}`, item.line);
  };
  const expect = (type: Item['type'], context: string): Item => {
    const item = nextNonSpace();
    if (item.type !== type) unexpected(item, context);
    return item;
  };
  const isKeyword = (item: Item, word: string) => item.type === 'keyword' && item.val === word;

  const unquote = (item: Item): string => {
    if (item.type === 'rawString') return item.val.slice(1, -1).replaceAll('\r', '');
    const parsed = unquoteGo(item.val);
    if (parsed === null) return fail('invalid syntax', item.line);
    return parsed;
  };

  const useVar = (pos: number, name: string): Arg => {
    const ident = name.split('.');
    if (!vars.includes(ident[0]!)) fail(`undefined variable ${goQuote(ident[0]!)}`);
    return { kind: 'variable', pos, ident };
  };

  const term = (): Arg | null => {
    const item = nextNonSpace();
    switch (item.type) {
      case 'identifier':
        if (!functions.has(item.val)) fail(`function ${goQuote(item.val)} not defined`);
        return { kind: 'identifier', pos: item.pos, name: item.val };
      case 'dot':
        return { kind: 'dot', pos: item.pos };
      case 'nil':
        return { kind: 'nil', pos: item.pos };
      case 'variable':
        return useVar(item.pos, item.val);
      case 'field':
        return { kind: 'field', pos: item.pos, ident: [item.val.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos: item.pos, value: item.val === 'true' };
      case 'charConstant':
      case 'number':
        return numberNode(item);
      case 'leftParen': {
        const pipe = pipeline('parenthesized pipeline', 'rightParen');
        return { kind: 'pipe', ...pipe };
      }
      case 'string':
      case 'rawString':
        return { kind: 'string', pos: item.pos, quoted: item.val, text: unquote(item) };
      default:
        backup();
        return null;
    }
  };

  const numberNode = (item: Item): Arg => {
    if (item.type === 'charConstant') {
      const text = unquoteGo(`"${item.val.slice(1, -1).replaceAll('"', '\\"')}"`);
      if (text === null || [...text].length !== 1)
        return fail(`malformed character constant: ${item.val}`);
      return {
        kind: 'number',
        pos: item.pos,
        text: item.val,
        value: text.codePointAt(0)!,
        isFloat: false,
      };
    }
    const value = parseGoNumber(item.val);
    if (value === null) return fail(`illegal number syntax: ${goQuote(item.val)}`);
    return { kind: 'number', pos: item.pos, text: item.val, ...value };
  };

  const operand = (): Arg | null => {
    const node = term();
    if (node === null) return null;
    if (peek().type !== 'field') return node;
    const pos = peek().pos;
    const fields: string[] = [];
    while (peek().type === 'field') fields.push(next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { kind: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return fail(`unexpected . after term ${goQuote(argString(node))}`);
      default:
        return { kind: 'chain', pos, node, fields };
    }
  };

  const command = (): Command => {
    const cmd: Command = { kind: 'command', pos: peekNonSpace().pos, args: [] };
    for (;;) {
      peekNonSpace();
      const node = operand();
      if (node !== null) cmd.args.push(node);
      const item = next();
      if (item.type === 'space') continue;
      if (item.type === 'rightDelim' || item.type === 'rightParen') backup();
      else if (item.type !== 'pipe') unexpected(item, 'operand');
      break;
    }
    if (cmd.args.length === 0) fail('empty command');
    return cmd;
  };

  const pipeline = (context: string, end: 'rightDelim' | 'rightParen'): Pipe => {
    const pipe: Pipe = { pos: peekNonSpace().pos, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const variable = peekNonSpace();
      if (variable.type !== 'variable') break;
      next();
      const afterVariable = peek();
      const following = peekNonSpace();
      if (following.type === 'assign' || following.type === 'declare') {
        pipe.isAssign = following.type === 'assign';
        nextNonSpace();
        pipe.decl.push(variable.val);
        vars.push(variable.val);
        break;
      }
      if (following.type === 'char' && following.val === ',') {
        nextNonSpace();
        pipe.decl.push(variable.val);
        vars.push(variable.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const then = peekNonSpace().type;
          if (then === 'variable' || then === 'rightDelim' || then === 'rightParen') continue;
          fail('range can only initialize variables');
        }
        fail(`too many declarations in ${context}`);
      }
      // "$x foo": the variable is an argument, not a declaration.
      index -= afterVariable.type === 'space' ? 2 : 1;
      void afterVariable;
      break;
    }
    for (;;) {
      const item = nextNonSpace();
      if (item.type === end) {
        if (pipe.cmds.length === 0) fail(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((cmd, stage) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(cmd.args[0]!.kind)) {
            fail(`non executable command in pipeline stage ${stage + 2}`);
          }
        });
        return pipe;
      }
      if (
        [
          'bool',
          'charConstant',
          'dot',
          'field',
          'identifier',
          'number',
          'nil',
          'rawString',
          'string',
          'variable',
          'leftParen',
        ].includes(item.type)
      ) {
        backup();
        pipe.cmds.push(command());
      } else unexpected(item, context);
    }
  };

  const itemList = (): { list: Node[]; next: Control } => {
    const list: Node[] = [];
    while (peekNonSpace().type !== 'eof') {
      const node = textOrAction();
      if (node.kind === 'end' || node.kind === 'else') return { list, next: node };
      list.push(node);
    }
    return fail('unexpected EOF');
  };

  const parseControl = (
    allowElseIf: boolean,
    context: 'if' | 'range' | 'with',
  ): { pipe: Pipe; list: Node[]; elseList: Node[] | null } => {
    const saved = vars.length;
    const pipe = pipeline(context, 'rightDelim');
    if (context === 'range') rangeDepth++;
    const body = itemList();
    if (context === 'range') rangeDepth--;
    let elseList: Node[] | null = null;
    if (body.next.kind === 'else') {
      if (allowElseIf && isKeyword(peek(), 'if')) {
        // {{else if b}} is {{else}}{{if b}}...{{end}}{{end}} with one {{end}}.
        next();
        elseList = [ifControl()];
      } else {
        const rest = itemList();
        elseList = rest.list;
        if (rest.next.kind !== 'end') fail(`expected end; found ${controlString(rest.next)}`);
      }
    }
    vars = vars.slice(0, saved);
    return { pipe, list: body.list, elseList };
  };

  const ifControl = (): Node => ({ kind: 'if', ...controlPos(parseControl(true, 'if')) });
  const controlPos = <T extends { pipe: Pipe }>(control: T) => ({
    pos: control.pipe.pos,
    ...control,
  });

  const templateName = (item: Item, context: string): string => {
    if (item.type === 'string' || item.type === 'rawString') return unquote(item);
    return unexpected(item, context);
  };

  const action = (): Node | Control => {
    const item = nextNonSpace();
    if (item.type === 'keyword') {
      switch (item.val) {
        case 'block': {
          const context = 'block clause';
          const nameItem = nextNonSpace();
          const name = templateName(nameItem, context);
          const pipe = pipeline(context, 'rightDelim');
          const savedVars = vars;
          vars = ['$'];
          const body = itemList();
          vars = savedVars;
          if (body.next.kind !== 'end')
            fail(`unexpected ${controlString(body.next)} in ${context}`);
          defined.set(name, body.list);
          return { kind: 'template', pos: nameItem.pos, name, pipe };
        }
        case 'break':
        case 'continue': {
          const close = nextNonSpace();
          if (close.type !== 'rightDelim') unexpected(close, `{{${item.val}}}`);
          if (rangeDepth === 0) fail(`{{${item.val}}} outside {{range}}`);
          return { kind: item.val, pos: item.pos };
        }
        case 'else': {
          const following = peekNonSpace();
          if (isKeyword(following, 'if')) return { kind: 'else', pos: following.pos };
          return { kind: 'else', pos: expect('rightDelim', 'else').pos };
        }
        case 'end':
          return { kind: 'end', pos: expect('rightDelim', 'end').pos };
        case 'if':
          return ifControl();
        case 'range':
          return { kind: 'range', ...controlPos(parseControl(false, 'range')) };
        case 'with':
          return { kind: 'with', ...controlPos(parseControl(false, 'with')) };
        case 'template': {
          const context = 'template clause';
          const nameItem = nextNonSpace();
          const name = templateName(nameItem, context);
          let pipe: Pipe | null = null;
          if (nextNonSpace().type !== 'rightDelim') {
            backup();
            pipe = pipeline(context, 'rightDelim');
          }
          return { kind: 'template', pos: nameItem.pos, name, pipe };
        }
      }
    }
    backup();
    return { kind: 'action', pos: peek().pos, pipe: pipeline('command', 'rightDelim') };
  };

  const textOrAction = (): Node | Control => {
    const item = nextNonSpace();
    if (item.type === 'text') return { kind: 'text', pos: item.pos, text: item.val };
    if (item.type === 'leftDelim') {
      actionLine = item.line;
      try {
        return action();
      } finally {
        actionLine = 0;
      }
    }
    return unexpected(item, 'input');
  };

  const parseDefinition = () => {
    const context = 'define clause';
    const name = templateName(nextNonSpace(), context);
    expect('rightDelim', context);
    const savedVars = vars;
    vars = ['$'];
    const body = itemList();
    vars = savedVars;
    if (body.next.kind !== 'end') fail(`unexpected ${controlString(body.next)} in ${context}`);
    defined.set(name, body.list);
  };

  const root: Node[] = [];
  while (peek().type !== 'eof') {
    if (peek().type === 'leftDelim') {
      const delimIndex = index;
      next();
      if (isKeyword(nextNonSpace(), 'define')) {
        parseDefinition();
        continue;
      }
      index = delimIndex;
    }
    const node = textOrAction();
    if (node.kind === 'end' || node.kind === 'else') fail(`unexpected ${controlString(node)}`);
    root.push(node as Node);
  }
  return { source, root, defined };
}

function controlString(node: Control): string {
  return node.kind === 'end' ? '{{end}}' : '{{else}}';
}

/** How Go's nodes print themselves in "executing ... at <%s>". */
export function argString(arg: Arg): string {
  switch (arg.kind) {
    case 'field':
      return arg.ident.map((name) => `.${name}`).join('');
    case 'variable':
      return arg.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(arg.value);
    case 'number':
      return arg.text;
    case 'string':
      return arg.quoted;
    case 'identifier':
      return arg.name;
    case 'chain': {
      const inner = arg.node.kind === 'pipe' ? `(${argString(arg.node)})` : argString(arg.node);
      return inner + arg.fields.map((name) => `.${name}`).join('');
    }
    case 'pipe':
      return pipeString(arg);
  }
}

export function commandString(cmd: Command): string {
  return cmd.args
    .map((arg) => (arg.kind === 'pipe' ? `(${argString(arg)})` : argString(arg)))
    .join(' ');
}

export function pipeString(pipe: Pipe): string {
  const decl = pipe.decl.length > 0 ? `${pipe.decl.join(', ')} ${pipe.isAssign ? '=' : ':='} ` : '';
  return decl + pipe.cmds.map(commandString).join(' | ');
}

/** strconv.Unquote for a double-quoted Go string literal; null when it is malformed. */
export function unquoteGo(quoted: string): string | null {
  const body = quoted.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const escape = body[++i];
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      '"': '"',
      "'": "'",
    };
    if (escape !== undefined && escape in simple) {
      out += simple[escape];
      continue;
    }
    const lengths: Record<string, number> = { x: 2, u: 4, U: 8 };
    if (escape !== undefined && escape in lengths) {
      const hex = body.slice(i + 1, i + 1 + lengths[escape]!);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== lengths[escape]) return null;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return null;
      out += escape === 'x' ? String.fromCharCode(code) : String.fromCodePoint(code);
      i += hex.length;
      continue;
    }
    if (escape !== undefined && /[0-7]/.test(escape)) {
      const octal = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(octal) || parseInt(octal, 8) > 255) return null;
      out += String.fromCharCode(parseInt(octal, 8));
      i += 2;
      continue;
    }
    return null;
  }
  return out;
}

/** A Go number literal: ints (decimal, 0x, 0o, 0b, underscores) and floats. */
export function parseGoNumber(text: string): { value: number; isFloat: boolean } | null {
  if (text.endsWith('i')) return null;
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '');
  if (/(^_|_$|__)/.test(body)) return null;
  const clean = body.replaceAll('_', '');
  let match: RegExpExecArray | null;
  if ((match = /^0[xX]([0-9a-fA-F]+)$/.exec(clean)))
    return { value: sign * parseInt(match[1]!, 16), isFloat: false };
  if ((match = /^0[oO]?([0-7]+)$/.exec(clean)))
    return { value: sign * parseInt(match[1]!, 8), isFloat: false };
  if ((match = /^0[bB]([01]+)$/.exec(clean)))
    return { value: sign * parseInt(match[1]!, 2), isFloat: false };
  if (/^(0|[1-9][0-9]*)$/.test(clean)) return { value: sign * Number(clean), isFloat: false };
  if (/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(clean)) {
    return { value: sign * Number(clean), isFloat: true };
  }
  return null;
}
