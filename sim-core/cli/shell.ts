// The learner's shell on the client machine: one command (possibly with a here-document) in,
// an exit code out. It routes to hv, to the client builtins, and to the docker and kubectl
// clients as they are added. Nothing here throws for bad input: every mistake is a message.
import type { StepContext } from '../world/context.ts';
import { UserError } from '../world/user-error.ts';
import { cat, echo, ls, sleep, writeHeredoc } from './builtins.ts';
import { readHeredoc } from './heredoc.ts';
import { runDocker } from './docker/docker.ts';
import { runHv } from './hv/hv.ts';
import { tar } from './tar.ts';
import { liveAttachment, runAttachedLine } from './attached-shell.ts';
import { tokenize, typographicDashError } from './tokenize.ts';

/** Longer lines are refused, not parsed: nothing a learner types legitimately comes close. */
export const MAX_COMMAND_BYTES = 64 * 1024;

type Program = (ctx: StepContext, args: string[]) => number;

const PROGRAMS: Record<string, Program> = {
  hv: runHv,
  docker: runDocker,
  sleep,
  cat,
  ls,
  echo,
  tar,
  pwd: (ctx) => {
    ctx.out(ctx.world.client.cwd);
    return 0;
  },
  true: () => 0,
  false: () => 1,
};

export function knownPrograms(): string[] {
  return Object.keys(PROGRAMS);
}

export function runCommandLine(ctx: StepContext, text: string): number {
  if (text.length > MAX_COMMAND_BYTES) {
    ctx.err(`sh: command too long (${text.length} characters; the limit is ${MAX_COMMAND_BYTES})`);
    return 2;
  }
  const attached = liveAttachment(ctx);
  if (attached) return runAttachedLine(ctx, attached, text);
  const heredoc = readHeredoc(text);
  if (heredoc) return writeHeredoc(ctx, heredoc);
  const firstLine = text.split('\n')[0]!.trim();
  if (firstLine === '' || firstLine.startsWith('#')) return 0;
  const tokens = tokenize(firstLine);
  if (!tokens.ok) {
    ctx.err(`sh: ${tokens.error}`);
    return 2;
  }
  const [name, ...args] = tokens.words;
  if (name === undefined) return 0;
  const program = Object.hasOwn(PROGRAMS, name) ? PROGRAMS[name] : undefined;
  if (!program) {
    const dash = typographicDashError(name);
    ctx.err(dash ? `sh: ${dash}` : `sh: ${name}: command not found`);
    return 127;
  }
  try {
    return program(ctx, args);
  } catch (error) {
    if (error instanceof UserError) {
      ctx.err(error.message);
      return error.exitCode;
    }
    throw error;
  }
}
