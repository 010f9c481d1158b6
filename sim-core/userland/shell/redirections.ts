// Redirections as ash applies them, left to right on a copy of the descriptor table: `2>&1`
// points 2 where 1 points at that moment, `>` creates or truncates, `>>` appends, `<` reads, and
// /dev/null is the shell's own. Failures print ash's message and give status 1.

import type { Redirect, Word } from './ast.ts';
import type { ShellFs } from './environment.ts';
import type { Io } from './io.ts';

export interface RedirectContext {
  fs: ShellFs | undefined;
  /** An absolute path for a target as typed. */
  resolve: (path: string) => string;
  expand: (word: Word) => string;
}

/** Applies redirections in order; a number is the failure status after ash's message. */
export function applyRedirects(
  redirects: Redirect[],
  io: Io,
  context: RedirectContext,
): Io | number {
  const result: Io = { stdin: io.stdin, fds: new Map(io.fds) };
  const stderr = (text: string) => io.fds.get(2)?.(text);
  for (const redirect of redirects) {
    const target = context.expand(redirect.target);
    if (redirect.op === '>&' || redirect.op === '<&') {
      const source = /^\d+$/.test(target) ? result.fds.get(Number(target)) : undefined;
      if (target === '-') result.fds.delete(redirect.fd);
      else if (!source && !(redirect.fd === 0 && target === '0')) {
        stderr(`sh: ${target}: Bad file descriptor\n`);
        return 1;
      } else if (source) result.fds.set(redirect.fd, source);
      continue;
    }
    const failure = openFile(redirect, context.resolve(target), target, result, context.fs);
    if (failure !== null) {
      stderr(failure);
      return 1;
    }
  }
  return result;
}

/** Opens a redirection's file into `io`; ash's message on failure. */
function openFile(
  redirect: Redirect,
  path: string,
  typed: string,
  io: Io,
  fs: ShellFs | undefined,
): string | null {
  if (path === '/dev/null') {
    if (redirect.op === '<') io.stdin = { text: '' };
    else io.fds.set(redirect.fd, () => undefined);
    return null;
  }
  if (redirect.op === '<') {
    const read = fs?.readFile(path) ?? { ok: false, reason: 'no such file' };
    if (!read.ok) return `sh: can't open ${typed}: ${read.reason}\n`;
    if (redirect.fd === 0) io.stdin = { text: read.text };
    return null;
  }
  // Without a filesystem there is nowhere to create a file.
  const opened = fs?.writeFile(path, '', redirect.op === '>>') ?? {
    ok: false,
    reason: 'nonexistent directory',
  };
  if (!opened.ok || !fs)
    return `sh: can't create ${typed}: ${opened.ok ? 'no filesystem' : opened.reason}\n`;
  io.fds.set(redirect.fd, (text) => void fs.writeFile(path, text, true));
  return null;
}
