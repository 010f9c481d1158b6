// The first pass over a logical line, as BuildKit's parser builds its AST node: the instruction
// word (lower-cased), leading `--flags`, and the arguments split the way that instruction splits
// them. Errors found here are the parser's ("failed to parse Dockerfile: ..."), reported before
// any instruction is checked.

import { goQuote } from './go-format.ts';
import type { LogicalLine } from './logical-lines.ts';
import {
  extractFlags,
  parseJsonArray,
  splitOnWhitespace,
  splitWordsKeepingQuotes,
} from './words.ts';

export interface SyntaxNode {
  /** Lower-case instruction word, as written otherwise. */
  command: string;
  /** The instruction word as written, for "unknown instruction: FOO". */
  written: string;
  flags: string[];
  args: string[];
  /** True when the arguments were a JSON array (exec form). */
  json: boolean;
  original: string;
  startLine: number;
  endLine: number;
}

type Split = { ok: true; args: string[]; json: boolean } | { ok: false; error: string };

const plain = (args: string[]): Split => ({ ok: true, args, json: false });

/** CMD, ENTRYPOINT, RUN, SHELL: a JSON array, or the whole rest as one shell string. */
function maybeJson(rest: string): Split {
  if (rest === '') return plain([]);
  const parsed = parseJsonArray(rest);
  if (parsed.kind === 'error') return { ok: false, error: parsed.error };
  if (parsed.kind === 'json') return { ok: true, args: parsed.values, json: true };
  return plain([rest]);
}

/** COPY, ADD, VOLUME: a JSON array, or whitespace-separated words. */
function maybeJsonToList(rest: string): Split {
  const parsed = parseJsonArray(rest);
  if (parsed.kind === 'error') return { ok: false, error: parsed.error };
  if (parsed.kind === 'json') return { ok: true, args: parsed.values, json: true };
  return plain(splitOnWhitespace(rest));
}

/** ENV and LABEL: `key=value ...`, or the legacy `key value with spaces`. Args come in pairs. */
function nameValues(rest: string, command: string, escapeToken: string): Split {
  const words = splitWordsKeepingQuotes(rest, escapeToken);
  if (words.length === 0) return plain([]);
  if (!words[0]!.includes('=')) {
    const parts = rest.split(/[\t\v\f\r ]+/);
    if (parts.length < 2) return { ok: false, error: `${command} must have two arguments` };
    const key = parts[0]!;
    const value = rest.slice(rest.indexOf(key) + key.length).replace(/^[\t\v\f\r ]+/, '');
    return plain([key, value]);
  }
  const args: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq === -1)
      return {
        ok: false,
        error: `Syntax error - can't find = in ${goQuote(word)}. Must be of the form: name=value`,
      };
    args.push(word.slice(0, eq), word.slice(eq + 1));
  }
  return plain(args);
}

function splitArguments(command: string, rest: string, escapeToken: string): Split {
  switch (command) {
    case 'run':
    case 'cmd':
    case 'entrypoint':
    case 'shell':
      return maybeJson(rest);
    case 'copy':
    case 'add':
    case 'volume':
      return maybeJsonToList(rest);
    case 'env':
    case 'label':
      return nameValues(rest, command.toUpperCase(), escapeToken);
    case 'arg':
      return plain(splitWordsKeepingQuotes(rest, escapeToken));
    case 'from':
    case 'expose':
    case 'healthcheck':
      return plain(splitOnWhitespace(rest));
    case 'user':
    case 'workdir':
    case 'maintainer':
    case 'stopsignal':
    case 'onbuild':
      return plain(rest === '' ? [] : [rest]);
    default:
      return plain([]);
  }
}

export type NodeResult = { ok: true; node: SyntaxNode } | { ok: false; error: string };

export function syntaxNode(line: LogicalLine, escapeToken: string): NodeResult {
  const trimmed = line.text.trim();
  const cut = trimmed.search(/[\t\v\f\r ]/);
  const written = cut === -1 ? trimmed : trimmed.slice(0, cut);
  const afterCommand = cut === -1 ? '' : trimmed.slice(cut).replace(/^[\t\v\f\r ]+/, '');
  const { flags, rest } = extractFlags(afterCommand);
  const command = written.toLowerCase();
  const split = splitArguments(command, rest, escapeToken);
  if (!split.ok) return split;
  return {
    ok: true,
    node: {
      command,
      written,
      flags,
      args: split.args,
      json: split.json,
      original: line.text,
      startLine: line.startLine,
      endLine: line.endLine,
    },
  };
}
