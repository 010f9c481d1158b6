// Word expansion: parameters ($X, ${X:-d}, $?, $$, $#, "$@"), command substitution (through a
// callback into the interpreter), then field splitting of unquoted results on blanks. Quoted
// text is never split; a word that expands to nothing unquoted disappears, as in sh.

import type { Script, Word, WordPart } from './ast.ts';
import type { ShellEnv } from './environment.ts';
import { evaluateArithmetic } from './arithmetic.ts';

export interface ExpandContext {
  env: ShellEnv;
  /** Runs a `$(...)` script and returns its stdout. */
  substitute: (script: Script) => string;
}

/** ${X?msg} on an unset X: the shell reports it and the command fails with status 2. */
export class ExpansionError {
  constructor(readonly message: string) {}
}

function special(name: string, env: ShellEnv): string | undefined {
  switch (name) {
    case '?':
      return String(env.lastExitCode);
    case '$':
      return String(env.pid);
    case '#':
      return String(env.positional.length);
    case '@':
    case '*':
      return env.positional.join(' ');
    case '!':
      return env.lastJobPid === null ? '' : String(env.lastJobPid);
    case '-':
      return '';
    case '0':
      return env.scriptName;
    default:
      if (/^\d+$/.test(name)) return env.positional[Number(name) - 1];
      return Object.hasOwn(env.vars, name) ? env.vars[name] : undefined;
  }
}

function parameterValue(
  part: Extract<WordPart, { kind: 'parameter' }>,
  context: ExpandContext,
): string {
  const value = special(part.name, context.env);
  if (part.op === '') return value ?? '';
  if (part.op === 'length') return String((value ?? '').length);
  const wordText = () => (part.word ? expandToString(part.word, context) : '');
  const missing = part.op.startsWith(':')
    ? value === undefined || value === ''
    : value === undefined;
  switch (part.op) {
    case ':-':
    case '-':
      return missing ? wordText() : value!;
    case ':+':
    case '+':
      return missing ? '' : wordText();
    case ':=':
    case '=':
      if (!missing) return value!;
      context.env.vars[part.name] = wordText();
      return context.env.vars[part.name]!;
    default: {
      if (!missing) return value!;
      const message =
        wordText() || (part.op === ':?' ? 'parameter not set or null' : 'parameter not set');
      throw new ExpansionError(`${part.name}: ${message}`);
    }
  }
}

const BLANKS = /[ \t\n]+/;

const isQuotedAt = (part: WordPart): boolean =>
  part.kind === 'parameter' && part.name === '@' && part.op === '' && part.quoted;

/** $((...)): the expression with its $X expanded, then evaluated over the shell's variables. */
function arithmeticValue(
  part: Extract<WordPart, { kind: 'arithmetic' }>,
  context: ExpandContext,
): string {
  const vars = context.env.vars;
  return evaluateArithmetic(expandToString(part.expression, context), {
    get: (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined),
    set: (name, value) => (vars[name] = value),
  });
}

/** The text of one part of a word, before any field splitting. */
function partText(part: WordPart, context: ExpandContext): string {
  if (part.kind === 'literal') return part.text;
  if (part.kind === 'parameter') return parameterValue(part, context);
  if (part.kind === 'arithmetic') return arithmeticValue(part, context);
  return context.substitute(part.script).replace(/\n+$/, '');
}

/** Expands a word into fields (arguments). */
export function expandWord(word: Word, context: ExpandContext): string[] {
  const fields: string[] = [];
  let current = '';
  let started = false;
  const splitInto = (text: string) => {
    const pieces = text.split(BLANKS);
    pieces.forEach((piece, i) => {
      if (i > 0) {
        if (started) fields.push(current);
        current = '';
        started = false;
      }
      if (piece !== '') {
        current += piece;
        started = true;
      }
    });
  };
  const hasQuotedAt = word.parts.some(isQuotedAt);
  for (const part of word.parts) {
    // `"$@"` with no parameters is no field at all, so its empty quotes must not make one.
    if (hasQuotedAt && part.kind === 'literal' && part.quoted && part.text === '') continue;
    if (isQuotedAt(part)) {
      // "$@": one field per positional parameter, glued to the text around it.
      context.env.positional.forEach((arg, i) => {
        if (i > 0) {
          fields.push(current);
          current = '';
        }
        current += arg;
        started = true;
      });
      continue;
    }
    const text = partText(part, context);
    if (part.quoted) {
      current += text;
      started = true;
    } else if (part.kind === 'literal') {
      current += text;
      started ||= text !== '';
    } else splitInto(text);
  }
  if (started) fields.push(current);
  return fields;
}

/** Expands without field splitting: assignments, redirect targets, ${X:-word}. */
export function expandToString(word: Word, context: ExpandContext): string {
  return word.parts.map((part) => partText(part, context)).join('');
}
