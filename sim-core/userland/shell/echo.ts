// busybox echo: `-n` drops the newline, `-e` interprets backslash escapes, `-E` turns them off;
// options stop at the first argument that is not made only of those letters. `\c` stops output.

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Interprets escapes; `stopped` when `\c` cut the output short. */
function unescape(text: string): { text: string; stopped: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch !== '\\' || next === undefined) {
      out += ch;
      continue;
    }
    i++;
    if (next === 'c') return { text: out, stopped: true };
    if (Object.hasOwn(SIMPLE_ESCAPES, next)) out += SIMPLE_ESCAPES[next];
    else if (next === '0') {
      const digits = /^[0-7]{0,3}/.exec(text.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(digits || '0', 8) & 0xff);
      i += digits.length;
    } else if (next === 'x' && /^[0-9a-fA-F]/.test(text[i + 1] ?? '')) {
      const digits = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(digits, 16));
      i += digits.length;
    } else out += `\\${next}`;
  }
  return { text: out, stopped: false };
}

export function echo(args: readonly string[]): string {
  let newline = true;
  let escapes = false;
  let index = 0;
  for (; index < args.length; index++) {
    const arg = args[index]!;
    if (!/^-[neE]+$/.test(arg)) break;
    for (const flag of arg.slice(1)) {
      if (flag === 'n') newline = false;
      else escapes = flag === 'e';
    }
  }
  const text = args.slice(index).join(' ');
  if (!escapes) return newline ? `${text}\n` : text;
  const result = unescape(text);
  return result.stopped || !newline ? result.text : `${result.text}\n`;
}
