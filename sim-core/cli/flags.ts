// Command-line flags as Docker's CLI (cobra + pflag) reads them: --name value, --name=value,
// -n value, boolean flags, `--` to end flags, and the same error wording:
//   unknown flag: --foo
//   flag needs an argument: --name
//   invalid argument "2q" for "-m, --memory" flag: invalid size: '2q'
//   required flag(s) "name" not set
import type { Parsed } from './sizes.ts';
import { typographicDashError } from './tokenize.ts';

export interface FlagSpec<T = unknown> {
  long: string;
  short?: string;
  valueName?: string;
  description: string;
  required?: boolean;
  /** Absent: a boolean flag. Present: the flag takes a value, parsed by this. */
  parse?: (text: string) => Parsed<T>;
  defaultText?: string;
  /** May be given several times (-e A -e B); the values collect into an array. */
  repeatable?: boolean;
}

export interface CommandSpec {
  /** The words that name the command: "hv vm create". */
  path: string;
  usage: string;
  summary: string;
  flags: FlagSpec[];
  /** How many positional arguments it takes. */
  args: { min: number; max: number; names?: string };
  examples?: string[];
  /** Everything after the first argument belongs to it (docker run IMAGE COMMAND --flag). */
  stopAtFirstPositional?: boolean;
}

export type ParsedFlags =
  | { ok: true; help: boolean; values: Map<string, unknown>; positionals: string[] }
  | { ok: false; error: string; kind: 'flag' | 'args' };

function label(flag: FlagSpec): string {
  return flag.short ? `-${flag.short}, --${flag.long}` : `--${flag.long}`;
}

export function parseFlags(spec: CommandSpec, given: string[]): ParsedFlags {
  // Shorthand booleans group as in pflag (-aq is -a -q); the loop splits them as it meets them.
  const args = [...given];
  const values = new Map<string, unknown>();
  const positionals: string[] = [];
  const fail = (error: string): ParsedFlags => ({ ok: false, error, kind: 'flag' });
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const dashError = typographicDashError(arg);
    if (dashError) return fail(dashError);
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (spec.stopAtFirstPositional) {
        positionals.push(...args.slice(i));
        break;
      }
      positionals.push(arg);
      continue;
    }
    const isLong = arg.startsWith('--');
    const eq = arg.indexOf('=');
    const name = isLong ? arg.slice(2, eq === -1 ? undefined : eq) : arg.slice(1, 2);
    const flag = spec.flags.find((candidate) =>
      isLong ? candidate.long === name : candidate.short === name,
    );
    if (!flag)
      return fail(
        isLong ? `unknown flag: --${name}` : `unknown shorthand flag: '${name}' in ${arg}`,
      );
    let text: string | undefined;
    if (isLong && eq !== -1) text = arg.slice(eq + 1);
    else if (!isLong && arg.length > 2) text = arg.slice(arg[2] === '=' ? 3 : 2);
    if (!flag.parse) {
      if (!isLong && text !== undefined && arg[2] !== '=') {
        values.set(flag.long, true);
        args.splice(i + 1, 0, `-${text}`);
        continue;
      }
      if (text !== undefined && text !== 'true' && text !== 'false') {
        return fail(
          `invalid argument "${text}" for "${label(flag)}" flag: strconv.ParseBool: parsing "${text}": invalid syntax`,
        );
      }
      values.set(flag.long, text !== 'false');
      continue;
    }
    if (text === undefined) {
      if (i + 1 >= args.length)
        return fail(
          isLong
            ? `flag needs an argument: --${name}`
            : `flag needs an argument: '${name}' in -${name}`,
        );
      text = args[++i]!;
    }
    const parsed = flag.parse(text);
    if (!parsed.ok)
      return fail(`invalid argument "${text}" for "${label(flag)}" flag: ${parsed.error}`);
    if (flag.repeatable) {
      values.set(flag.long, [
        ...((values.get(flag.long) as unknown[] | undefined) ?? []),
        parsed.value,
      ]);
    } else {
      values.set(flag.long, parsed.value);
    }
  }
  if (help) return { ok: true, help, values, positionals };
  const missing = spec.flags
    .filter((flag) => flag.required && !values.has(flag.long))
    .map((flag) => `"${flag.long}"`);
  if (missing.length > 0) return fail(`required flag(s) ${missing.join(', ')} not set`);
  if (positionals.length < spec.args.min || positionals.length > spec.args.max) {
    return { ok: false, error: argCountError(spec, positionals.length), kind: 'args' };
  }
  return { ok: true, help, values, positionals };
}

function argCountError(spec: CommandSpec, got: number): string {
  const { min, max } = spec.args;
  if (max === 0) return `"${spec.path}" accepts no arguments.`;
  if (min === max) return `"${spec.path}" requires exactly ${min} argument${min === 1 ? '' : 's'}.`;
  if (got < min) return `"${spec.path}" requires at least ${min} argument${min === 1 ? '' : 's'}.`;
  return `"${spec.path}" requires at most ${max} argument${max === 1 ? '' : 's'}.`;
}

/** Help text in Docker's layout: Usage, summary, Options, examples. */
export function helpText(spec: CommandSpec): string {
  const rows = spec.flags.map((flag) => {
    const left = `${flag.short ? `-${flag.short}, ` : '    '}--${flag.long}${flag.valueName ? ` ${flag.valueName}` : ''}`;
    const extra = [
      flag.required ? '(required)' : '',
      flag.defaultText ? `(default ${flag.defaultText})` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return { left, right: `${flag.description}${extra ? ` ${extra}` : ''}` };
  });
  const width = Math.max(0, ...rows.map((row) => row.left.length)) + 3;
  const lines = [`Usage:  ${spec.usage}`, '', spec.summary];
  if (rows.length > 0) {
    lines.push('', 'Options:');
    for (const row of rows) lines.push(`  ${row.left.padEnd(width)}${row.right}`);
  }
  if (spec.examples && spec.examples.length > 0) {
    lines.push('', 'Examples:');
    for (const example of spec.examples) lines.push(`  ${example}`);
  }
  return `${lines.join('\n')}\n`;
}
