// busybox ash's `read [-r] [NAME...]`: takes one line from standard input, splits it on blanks,
// gives each name a field and the last name the rest of the line. Without -r a backslash escapes
// the next character (and joins a line ending in one with the next). At end of input it returns 1.

import type { BuiltinContext, BuiltinResult } from './builtins.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Takes one logical line off the input; null when the input is exhausted. */
function takeLine(stdin: { text: string }, raw: boolean): string | null {
  if (stdin.text === '') return null;
  let line = '';
  let pos = 0;
  const text = stdin.text;
  while (pos < text.length && text[pos] !== '\n') {
    const ch = text[pos]!;
    if (!raw && ch === '\\' && pos + 1 < text.length) {
      // A backslash-newline joins lines; any other escaped character is kept as itself.
      if (text[pos + 1] !== '\n') line += text[pos + 1];
      pos += 2;
      continue;
    }
    line += ch;
    pos++;
  }
  stdin.text = text.slice(pos + 1);
  return line;
}

export function readBuiltin(args: string[], { env, stdin }: BuiltinContext): BuiltinResult {
  const raw = args[0] === '-r';
  const names = raw ? args.slice(1) : args;
  const bad = names.find((name) => !NAME.test(name));
  if (bad !== undefined) return { exitCode: 1, stderr: `sh: read: '${bad}': bad variable name\n` };
  const targets = names.length > 0 ? names : ['REPLY'];
  const line = takeLine(stdin, raw);
  let rest = (line ?? '').replace(/^[ \t]+/, '');
  targets.forEach((name, i) => {
    if (i === targets.length - 1) {
      env.vars[name] = rest.replace(/[ \t]+$/, '');
      return;
    }
    const match = /^([^ \t]*)[ \t]*/.exec(rest)!;
    env.vars[name] = match[1]!;
    rest = rest.slice(match[0].length);
  });
  return { exitCode: line === null ? 1 : 0 };
}
