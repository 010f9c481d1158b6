// Building blocks for the rest of a script that stopped to wait (see Suspend in io.ts): each
// frame the suspension unwinds through wraps what is left into ordinary syntax-tree nodes, so the
// continuation is plain data the engine can store in the world and run later.

import type { Command, ListItem, Redirect, SimpleCommand, Word } from './ast.ts';

export const itemOf = (command: Command): ListItem => ({
  andOr: { first: { negated: false, commands: [command] }, rest: [] },
  background: false,
});

export const groupOf = (items: ListItem[], redirects: Redirect[] = []): Command => ({
  kind: 'group',
  body: { items },
  redirects,
});

/** A word that is exactly `text` (a `for` item already expanded). */
export const literalWord = (text: string): Word => ({
  parts: [{ kind: 'literal', text, quoted: true }],
});

/** `cmd > file` goes on writing where it stopped: the file must not be truncated a second time. */
export const reopened = (redirects: Redirect[]): Redirect[] =>
  redirects.map((redirect) => (redirect.op === '>' ? { ...redirect, op: '>>' } : redirect));

/** `exit` with no argument: ends the shell with $? (after `exec sleep 5` the sleep's status). */
export const exitWithStatus = (line: number): SimpleCommand => ({
  kind: 'simple',
  line,
  assignments: [],
  words: [literalWord('exit')],
  redirects: [],
});
