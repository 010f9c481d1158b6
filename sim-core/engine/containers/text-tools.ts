// busybox's text filters: grep, head, tail and wc. Each reads the files it names (kernel pseudo
// files included, so `grep CapEff /proc/self/status` works) or, without one, its standard input
// (the pipe before it in a script). Their messages and exit codes are busybox 1.35's.
import {
  exits,
  parseCount,
  readPath,
  runs,
  type Program,
  type ProgramEnvironment,
  type ProgramPlan,
} from './program-kit.ts';

interface Input {
  name: string;
  text: string;
}

/** The inputs a filter reads: each named file ("-" is stdin), or stdin alone. */
function openInputs(
  env: ProgramEnvironment,
  tool: string,
  files: string[],
  message: (file: string, reason: string) => string = (file, reason) =>
    `${tool}: ${file}: ${reason}\n`,
): { inputs: Input[]; stderr: string } {
  if (files.length === 0) return { inputs: [{ name: '-', text: env.stdin ?? '' }], stderr: '' };
  const inputs: Input[] = [];
  let stderr = '';
  for (const file of files) {
    if (file === '-') {
      inputs.push({ name: '-', text: env.stdin ?? '' });
      continue;
    }
    const read = readPath(env, file);
    if (read.ok) inputs.push({ name: file, text: read.text });
    else stderr += message(file, read.reason);
  }
  return { inputs, stderr };
}

/** Lines of a text, each keeping its newline (the last may have none). */
function linesOf(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

/** Options in busybox's getopt style: -n5, -n 5, -vc; returns null on an unknown letter. */
function options(
  args: string[],
  flags: string,
  valued: string,
): {
  set: Set<string>;
  values: Map<string, string>;
  /** Every value of a repeated option (grep -e A -e B), in order. */
  repeated: Map<string, string[]>;
  rest: string[];
  bad: string | null;
} {
  const set = new Set<string>();
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  const rest: string[] = [];
  let bad: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      rest.push(arg);
      continue;
    }
    // head -5 / tail -5: the old count form.
    if (/^-\d+$/.test(arg) && valued.includes('n')) {
      values.set('n', arg.slice(1));
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (valued.includes(letter)) {
        const value = arg.slice(j + 1) || args[++i];
        if (value === undefined) bad = bad ?? letter;
        else {
          values.set(letter, value);
          repeated.set(letter, [...(repeated.get(letter) ?? []), value]);
        }
        break;
      }
      if (flags.includes(letter)) set.add(letter);
      else bad = bad ?? letter;
    }
  }
  return { set, values, repeated, rest, bad };
}

/** POSIX basic regular expressions (grep without -E) in JavaScript's syntax. */
function basicToJs(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i]!;
      out += '(){}|+?'.includes(next) ? next : `\\${next}`;
    } else if ('(){}|+?'.includes(char)) out += `\\${char}`;
    else if (char === '[') {
      // A bracket expression passes through whole, ] first in it being literal.
      const end = pattern.indexOf(']', pattern[i + 1] === ']' ? i + 2 : i + 1);
      if (end < 0) return out + '\\[' + pattern.slice(i + 1);
      out += pattern.slice(i, end + 1);
      i = end;
    } else out += char;
  }
  return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const GREP_USAGE =
  'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFEz] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n\nSearch for PATTERN in FILEs (or stdin)\n';

export const grep: Program = (env) => {
  const parsed = options(env.args, 'HhnlLoqvsiwxFEc', 'em');
  const patterns = [...(parsed.repeated.get('e') ?? [])];
  const rest = [...parsed.rest];
  if (patterns.length === 0 && rest.length > 0) patterns.push(rest.shift()!);
  if (parsed.bad !== null || patterns.length === 0) {
    const complaint = parsed.bad !== null ? `grep: invalid option -- '${parsed.bad}'\n` : '';
    return exits(2, '', complaint + GREP_USAGE);
  }
  const on = (letter: string) => parsed.set.has(letter);
  // Several patterns (-e A -e B) match a line if any one does.
  let source = patterns
    .map((pattern) => (on('F') ? escapeRegExp(pattern) : on('E') ? pattern : basicToJs(pattern)))
    .map((pattern) => `(?:${pattern})`)
    .join('|');
  if (on('w')) source = `(?<![\\w])(?:${source})(?![\\w])`;
  if (on('x')) source = `^(?:${source})$`;
  let regex: RegExp;
  try {
    regex = new RegExp(source, on('i') ? 'i' : '');
  } catch {
    return exits(2, '', `grep: bad regex '${patterns[0]}'\n`);
  }
  const { inputs, stderr } = openInputs(env, 'grep', rest, (file, reason) =>
    on('s') ? '' : `grep: ${file}: ${reason}\n`,
  );
  const named = (rest.length > 1 || on('H')) && !on('h');
  const max = parsed.values.has('m') ? Number(parsed.values.get('m')) : Infinity;
  let stdout = '';
  let matched = false;
  for (const input of inputs) {
    const prefix = named ? `${input.name === '-' ? '(standard input)' : input.name}:` : '';
    let count = 0;
    const lines = linesOf(input.text);
    for (const [index, raw] of lines.entries()) {
      if (count >= max) break;
      const line = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
      if (regex.test(line) === on('v')) continue;
      count++;
      if (on('q') || on('l') || on('L') || on('c')) continue;
      stdout += `${prefix}${on('n') ? `${index + 1}:` : ''}${line}\n`;
    }
    if (count > 0) matched = true;
    if (on('c')) stdout += `${prefix}${count}\n`;
    if (on('l') && count > 0) stdout += `${input.name === '-' ? '(standard input)' : input.name}\n`;
    if (on('L') && count === 0)
      stdout += `${input.name === '-' ? '(standard input)' : input.name}\n`;
  }
  if (on('q')) return exits(matched ? 0 : stderr ? 2 : 1);
  return exits(stderr ? 2 : matched ? 0 : 1, stdout, stderr);
};

/**
 * Output larger than this is not built as text: the program is still copying when the step
 * ends (at a few GB/s through a pipe, a 1 GB copy outlasts a step), so it counts as running.
 */
export const MAX_STREAM_BYTES = 128 * 1024 * 1024;

/** Character devices whose reads never end, and the byte they give (random ones are not modelled). */
const ENDLESS_DEVICES: Record<string, string> = { '/dev/zero': '\0' };

/** head and tail of a file or of input. */
function headTail(which: 'head' | 'tail'): Program {
  return (env) => {
    const parsed = options(env.args, 'qv', 'nc');
    if (parsed.bad !== null) return exits(1, '', `${which}: invalid option -- '${parsed.bad}'\n`);
    const bytesText = parsed.values.get('c');
    const linesText = parsed.values.get('n');
    const bytes = bytesText === undefined ? null : parseCount(bytesText);
    const lines = linesText === undefined ? 10 : parseCount(linesText);
    if ((bytesText !== undefined && bytes === null) || lines === null)
      return exits(1, '', `${which}: invalid number '${bytesText ?? linesText}'\n`);
    const files = parsed.rest;
    // Reading an endless device: head takes what it asked for; tail would read for ever.
    const endless = files.find((file) => Object.hasOwn(ENDLESS_DEVICES, file));
    if (endless !== undefined && files.length === 1) {
      if (which === 'tail') return runs({ cpuDemandMilli: 1000 });
      // Lines of a device with no newlines never end either.
      const count = bytes ?? Infinity;
      if (count > MAX_STREAM_BYTES) return runs({ cpuDemandMilli: 1000 });
      return exits(0, ENDLESS_DEVICES[endless]!.repeat(count));
    }
    const { inputs, stderr } = openInputs(env, which, files);
    const banner = (files.length > 1 && !parsed.set.has('q')) || parsed.set.has('v');
    let stdout = '';
    let peak = 0;
    inputs.forEach((input, index) => {
      if (banner)
        stdout += `${index > 0 ? '\n' : ''}==> ${input.name === '-' ? 'standard input' : input.name} <==\n`;
      const text = input.text;
      let part: string;
      if (bytes !== null)
        part =
          which === 'head' ? text.slice(0, bytes) : text.slice(Math.max(0, text.length - bytes));
      else {
        const all = linesOf(text);
        part = (
          which === 'head' ? all.slice(0, lines) : all.slice(Math.max(0, all.length - lines))
        ).join('');
      }
      stdout += part;
      // tail keeps what it may still print in memory until its input ends: the last lines,
      // which for input without newlines is all of it.
      if (which === 'tail') peak = Math.max(peak, part.length);
    });
    const plan = exits(stderr ? 1 : 0, stdout, stderr);
    if (which === 'tail' && plan.kind === 'exits') plan.peakMemoryBytes = peak;
    return plan;
  };
}

export const head = headTail('head');
export const tail = headTail('tail');

/**
 * wc's counts in one pass over the text, without copies: input may be a 100 MB pipe. Bytes are
 * UTF-8 bytes, characters code points, words runs of non-space.
 */
function countText(text: string): Record<string, number> {
  let l = 0;
  let w = 0;
  let c = 0;
  let m = 0;
  let longest = 0;
  let line = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || (code >= 9 && code <= 13);
    if (!space && !inWord) w++;
    inWord = !space;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      c += 4;
      m++;
      line++;
      i++;
      continue;
    }
    c += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
    m++;
    if (code === 10) {
      l++;
      longest = Math.max(longest, line);
      line = 0;
    } else line++;
  }
  return { l, w, c, m, L: Math.max(longest, line) };
}

export const wc: Program = (env) => {
  const parsed = options(env.args, 'clwmL', '');
  if (parsed.bad !== null) return exits(1, '', `wc: invalid option -- '${parsed.bad}'\n`);
  const chosen = ['l', 'w', 'c', 'm', 'L'].filter((letter) => parsed.set.has(letter));
  const columns = chosen.length > 0 ? chosen : ['l', 'w', 'c'];
  const { inputs, stderr } = openInputs(env, 'wc', parsed.rest);
  const counts = countText;
  // One column for at most one input prints the bare number; otherwise each is 9 wide.
  const bare = columns.length === 1 && parsed.rest.length <= 1;
  const row = (values: Record<string, number>, name: string) =>
    `${columns.map((letter) => (bare ? String(values[letter]) : String(values[letter]).padStart(9))).join(' ')}${name === '-' ? '' : ` ${name}`}\n`;
  let stdout = '';
  const total: Record<string, number> = { l: 0, w: 0, c: 0, m: 0, L: 0 };
  for (const input of inputs) {
    const values = counts(input.text);
    for (const letter of Object.keys(total))
      total[letter] =
        letter === 'L'
          ? Math.max(total[letter]!, values[letter]!)
          : total[letter]! + values[letter]!;
    stdout += row(values, input.name);
  }
  if (parsed.rest.length > 1) stdout += row(total, 'total');
  return exits(stderr ? 1 : 0, stdout, stderr) as ProgramPlan;
};
