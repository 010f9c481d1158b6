// Go's path.Match, which Docker uses for COPY wildcards (filepath.Match) and for the reference
// filter of `docker images` (reference.FamiliarMatch): * and ? never match "/", [...] is a
// character class ([^...] negated), a backslash escapes the next character.

/** Go's filepath.Match for one pattern against one path (* and ? stop at "/", [...] classes). */
export function globMatch(pattern: string, path: string): boolean {
  let regex = '^';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    if (char === '*') regex += '[^/]*';
    else if (char === '?') regex += '[^/]';
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) return false;
      let inner = pattern.slice(i + 1, end);
      if (inner.startsWith('^')) inner = `^${inner.slice(1)}`;
      regex += `[${inner.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (char === '\\' && i + 1 < pattern.length) {
      i += 1;
      regex += pattern[i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else regex += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`${regex}$`).test(path);
}
