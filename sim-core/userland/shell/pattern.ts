// Shell patterns for `case`: `*`, `?` and `[a-z]`/`[!a-z]` classes, where quoted characters (and
// those from quoted expansions) match only themselves, as in `case "$x" in "a*")`. Pathname
// expansion is not modelled, so patterns are used only by `case`.

import type { Word } from './ast.ts';
import { expandToString, type ExpandContext } from './expand.ts';

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** Regex source for an unquoted stretch of pattern text. */
function globSource(text: string): string {
  let source = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '*') source += '[\\s\\S]*';
    else if (ch === '?') source += '[\\s\\S]';
    else if (ch === '\\' && i + 1 < text.length) source += escapeRegex(text[++i]!);
    else if (ch === '[') {
      const negated = text[i + 1] === '!' || text[i + 1] === '^';
      const start = i + (negated ? 2 : 1);
      // A `]` right after the opening bracket is a member, not the end.
      const close = text.indexOf(']', start + 1);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      const members = text.slice(start, close).replace(/[\\\]^[]/g, '\\$&');
      source += `[${negated ? '^' : ''}${members}]`;
      i = close;
    } else source += escapeRegex(ch);
  }
  return source;
}

export function patternMatches(pattern: Word, subject: string, context: ExpandContext): boolean {
  let source = '';
  for (const part of pattern.parts) {
    const text = part.kind === 'literal' ? part.text : expandToString({ parts: [part] }, context);
    source += part.quoted ? escapeRegex(text) : globSource(text);
  }
  try {
    return new RegExp(`^${source}$`, 'u').test(subject);
  } catch {
    // A class like [z-a] is no valid range: ash then compares the text literally.
    return expandToString(pattern, context) === subject;
  }
}
