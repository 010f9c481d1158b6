// busybox grep: lines of files (or standard input) that match a pattern. Basic regular
// expressions by default (\( \) \{ \} \| \+ \? are the operators), extended with -E, fixed
// strings with -F; -i -v -c -q -n -l -L -o -w -x -h -H -s -e. Status 0 when a line was selected,
// 1 when none, 2 on an error (an unreadable file without -s, a bad option).

const USAGE =
  'Usage: grep [-HhnlLoqvsrRiwFEz] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n';
const FLAGS = 'HhnlLoqvsiwFExc';

export interface GrepInput {
  args: string[];
  stdin: string;
  /** A file's text, or the reason it cannot be read ("No such file or directory"). */
  read: (path: string) => { ok: true; text: string } | { ok: false; reason: string };
}

export interface GrepResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A basic regular expression in JavaScript's syntax: escaped operators become bare, and back. */
function fromBasic(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i]!;
      out += '(){}|+?'.includes(next) ? next : `\\${next}`;
    } else if ('(){}|+?'.includes(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

const escapeLiteral = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function compile(patterns: string[], flags: Set<string>): RegExp | string {
  const sources = patterns.map((pattern) => {
    const body = flags.has('F')
      ? escapeLiteral(pattern)
      : flags.has('E')
        ? pattern
        : fromBasic(pattern);
    if (flags.has('x')) return `^(?:${body})$`;
    if (flags.has('w')) return `(?<![A-Za-z0-9_])(?:${body})(?![A-Za-z0-9_])`;
    return `(?:${body})`;
  });
  try {
    return new RegExp(sources.join('|'), flags.has('i') ? 'gi' : 'g');
  } catch {
    return `grep: bad regex '${patterns.join('')}'\n`;
  }
}

export function grep({ args, stdin, read }: GrepInput): GrepResult {
  const flags = new Set<string>();
  const patterns: string[] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j]!;
      if (flag === 'e') {
        const pattern = arg.length > j + 1 ? arg.slice(j + 1) : args[++i];
        if (pattern === undefined)
          return {
            exitCode: 2,
            stdout: '',
            stderr: `grep: option requires an argument -- 'e'\n${USAGE}`,
          };
        patterns.push(pattern);
        break;
      }
      if (!FLAGS.includes(flag))
        return { exitCode: 2, stdout: '', stderr: `grep: invalid option -- '${flag}'\n${USAGE}` };
      flags.add(flag);
    }
  }
  if (patterns.length === 0) {
    const pattern = operands.shift();
    if (pattern === undefined) return { exitCode: 2, stdout: '', stderr: USAGE };
    patterns.push(pattern);
  }
  const regex = compile(patterns, flags);
  if (typeof regex === 'string') return { exitCode: 2, stdout: '', stderr: regex };
  const files = operands.length > 0 ? operands : ['-'];
  const named = flags.has('H') || (files.length > 1 && !flags.has('h'));
  let stdout = '';
  let stderr = '';
  let selectedAny = false;
  let failed = false;
  for (const file of files) {
    const text = file === '-' ? { ok: true as const, text: stdin } : read(file);
    if (!text.ok) {
      if (!flags.has('s')) stderr += `grep: ${file}: ${text.reason}\n`;
      failed = true;
      continue;
    }
    const label = file === '-' ? '(standard input)' : file;
    const lines = text.text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    let count = 0;
    lines.forEach((line, index) => {
      regex.lastIndex = 0;
      const matches = regex.test(line) !== flags.has('v');
      if (!matches) return;
      count++;
      if (flags.has('q') || flags.has('l') || flags.has('L') || flags.has('c')) return;
      const prefix = `${named ? `${label}:` : ''}${flags.has('n') ? `${index + 1}:` : ''}`;
      if (flags.has('o') && !flags.has('v')) {
        regex.lastIndex = 0;
        for (const match of line.matchAll(regex))
          if (match[0] !== '') stdout += `${prefix}${match[0]}\n`;
      } else stdout += `${prefix}${line}\n`;
    });
    if (count > 0) selectedAny = true;
    if (flags.has('q') && selectedAny) return { exitCode: 0, stdout: '', stderr };
    if (flags.has('c')) stdout += `${named ? `${label}:` : ''}${count}\n`;
    if (flags.has('l') && count > 0) stdout += `${label}\n`;
    if (flags.has('L') && count === 0) stdout += `${label}\n`;
  }
  if (flags.has('q')) stdout = '';
  const exitCode = failed && !(flags.has('q') && selectedAny) ? 2 : selectedAny ? 0 : 1;
  return { exitCode, stdout, stderr };
}
