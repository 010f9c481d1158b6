// The few shell commands the learner's client machine has besides docker, hv and kubectl:
// enough to write files for builds and manifests (heredocs), look at them, and let time pass.
import { listDirectory, resolvePath } from '../client/workdir.ts';
import type { StepContext } from '../world/context.ts';
import { passTime } from '../world/pass-time.ts';
import { NS_PER_SECOND } from '../world/units.ts';
import type { HeredocText } from './heredoc.ts';
import { tokenize } from './tokenize.ts';

/** The longest single `sleep`: 30 days keeps the nanosecond clock far from 2^53. */
const MAX_SLEEP_SECONDS = 30 * 24 * 3600;
/** Simulated time stops at 90 days: integer nanoseconds stay exact below 2^53 (about 104 days). */
export const MAX_CLOCK_NS = 90 * 24 * 3600 * NS_PER_SECOND;

export function sleep(ctx: StepContext, args: string[]): number {
  if (args.length !== 1) {
    ctx.err(args.length === 0 ? 'sleep: missing operand' : `sleep: extra operand '${args[1]}'`);
    return 1;
  }
  const text = args[0]!;
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text);
  if (!match) {
    ctx.err(`sleep: invalid time interval '${text}'`);
    return 1;
  }
  const seconds = Number(match[1]) * (match[2] === 'h' ? 3600 : match[2] === 'm' ? 60 : 1);
  if (seconds > MAX_SLEEP_SECONDS) {
    ctx.err(`sleep: at most ${MAX_SLEEP_SECONDS} seconds (30 days) at a time in the simulator`);
    return 1;
  }
  const durationNs = Math.round(seconds * NS_PER_SECOND);
  if (ctx.nowNs + durationNs > MAX_CLOCK_NS) {
    ctx.err('sleep: the simulated clock stops at 90 days; start a new scenario to go on');
    return 1;
  }
  passTime(ctx, durationNs, `sleep ${text}`);
  return 0;
}

export function cat(ctx: StepContext, args: string[]): number {
  let status = 0;
  if (args.length === 0) {
    ctx.err('cat: reading standard input is not supported here; name a file');
    return 1;
  }
  for (const arg of args) {
    const path = resolvePath(ctx.world.client.cwd, arg);
    const content = ctx.world.client.files[path];
    if (content !== undefined) {
      ctx.out(content);
      continue;
    }
    const isDir = Object.keys(ctx.world.client.files).some((file) => file.startsWith(`${path}/`));
    ctx.err(isDir ? `cat: ${arg}: Is a directory` : `cat: ${arg}: No such file or directory`);
    status = 1;
  }
  return status;
}

export function ls(ctx: StepContext, args: string[]): number {
  const targets = args.filter((arg) => !arg.startsWith('-'));
  const long = args.some((arg) => arg.startsWith('-') && arg.includes('l'));
  let status = 0;
  for (const target of targets.length > 0 ? targets : ['.']) {
    const path = resolvePath(ctx.world.client.cwd, target);
    const file = ctx.world.client.files[path];
    if (file !== undefined) {
      ctx.out(
        long
          ? `-rw-r--r-- 1 learner learner ${String(new TextEncoder().encode(file).length).padStart(6)} ${target}`
          : target,
      );
      continue;
    }
    const entries = listDirectory(ctx.world.client, path);
    const isKnownDir = path === ctx.world.client.cwd || entries.length > 0;
    if (!isKnownDir) {
      ctx.err(`ls: cannot access '${target}': No such file or directory`);
      status = 2;
      continue;
    }
    if (targets.length > 1) ctx.out(`${target}:`);
    for (const entry of entries) {
      const content = ctx.world.client.files[`${path === '/' ? '' : path}/${entry.name}`];
      const size = content === undefined ? 4096 : new TextEncoder().encode(content).length;
      ctx.out(
        long
          ? `${entry.isDir ? 'd' : '-'}rw-r--r-- 1 learner learner ${String(size).padStart(6)} ${entry.name}`
          : entry.name,
      );
    }
  }
  return status;
}

export function echo(ctx: StepContext, args: string[]): number {
  const noNewline = args[0] === '-n';
  const text = (noNewline ? args.slice(1) : args).join(' ');
  ctx.out(noNewline ? text : `${text}\n`);
  return 0;
}

/** `cat > FILE <<'EOF'` (or `>>` to append): write the heredoc body into the working directory. */
export function writeHeredoc(ctx: StepContext, parsed: HeredocText): number {
  const tokens = tokenize(parsed.heredoc.commandLine);
  if (!tokens.ok) {
    ctx.err(`sh: ${tokens.error}`);
    return 2;
  }
  const words = tokens.words;
  const redirect = words.findIndex(
    (word) => word === '>' || word === '>>' || /^>>?[^>]/.test(word),
  );
  if (words[0] !== 'cat' || redirect === -1) {
    ctx.err("sh: here-documents are supported as: cat > FILE <<'EOF'");
    return 2;
  }
  const operator = words[redirect]!;
  const append = operator.startsWith('>>');
  const inline = operator.replace(/^>>?/, '');
  const target = inline !== '' ? inline : words[redirect + 1];
  if (!target) {
    ctx.err("sh: syntax error near unexpected token `newline'");
    return 2;
  }
  if (!parsed.terminated)
    ctx.err(
      `sh: warning: here-document delimited by end-of-file (wanted \`${parsed.heredoc.delimiter}')`,
    );
  const path = resolvePath(ctx.world.client.cwd, target);
  const before = append ? (ctx.world.client.files[path] ?? '') : '';
  ctx.emit({ kind: 'file.write', path, content: before + parsed.body });
  return 0;
}
