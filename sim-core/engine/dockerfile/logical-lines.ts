// From Dockerfile text to logical lines, as BuildKit's line parser does: parser directives at the
// top (`# escape=`, `# syntax=`), comments dropped, blank lines skipped, and a line that ends in
// the escape token (optionally followed by spaces) continued by the next one. Comment lines and
// blank lines inside a continuation are skipped too (the blank ones with a warning), which is
// why `RUN a \` + `# note` + `  && b` is one instruction.

export interface LogicalLine {
  text: string;
  startLine: number;
  endLine: number;
}

export type LogicalLines =
  | {
      ok: true;
      lines: LogicalLine[];
      escapeToken: '\\' | '`';
      syntax: string | null;
      warnings: string[];
    }
  | { ok: false; error: string; line: number };

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const KNOWN_DIRECTIVES = new Set(['escape', 'syntax']);

interface Directives {
  escapeToken: '\\' | '`';
  syntax: string | null;
  done: boolean;
  seen: Set<string>;
}

/** Reads a directive if the file is still in its directive header; an error string if invalid. */
function readDirective(state: Directives, line: string): string | null {
  if (state.done) return null;
  const match = DIRECTIVE.exec(line);
  const key = match?.[1]?.toLowerCase();
  if (!match || !key || !KNOWN_DIRECTIVES.has(key)) {
    state.done = true;
    return null;
  }
  if (state.seen.has(key)) return `only one ${key} parser directive can be used`;
  state.seen.add(key);
  const value = match[2]!;
  if (key === 'syntax') {
    state.syntax = value;
    return null;
  }
  if (value !== '`' && value !== '\\')
    return `invalid escape token '${value}' does not match \` or \\`;
  state.escapeToken = value;
  return null;
}

const isComment = (line: string): boolean => line.trimStart().startsWith('#');

/** Strips a trailing escape token (plus spaces/tabs); says whether the line continues. */
function trimContinuation(line: string, escapeToken: string): { text: string; continues: boolean } {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  if (end > 0 && line[end - 1] === escapeToken)
    return { text: line.slice(0, end - 1), continues: true };
  return { text: line, continues: false };
}

export function logicalLines(source: string): LogicalLines {
  // bufio.ScanLines drops a trailing \r, and the first line may carry a UTF-8 byte-order mark.
  const raw = source.replace(/^\uFEFF/, '').split('\n');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  const physical = raw.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const state: Directives = { escapeToken: '\\', syntax: null, done: false, seen: new Set() };
  const lines: LogicalLine[] = [];
  const warnings: string[] = [];
  let index = 0;
  while (index < physical.length) {
    const first = physical[index]!.trimStart();
    const directiveError = readDirective(state, first);
    if (directiveError) return { ok: false, error: directiveError, line: index + 1 };
    index++;
    const startLine = index;
    if (isComment(first)) continue;
    let { text, continues } = trimContinuation(first, state.escapeToken);
    if (!continues && text === '') continue;
    let emptyContinuation = false;
    while (continues && index < physical.length) {
      const next = physical[index]!;
      index++;
      if (isComment(next)) continue;
      if (next.trim() === '') {
        emptyContinuation = true;
        continue;
      }
      const part = trimContinuation(next, state.escapeToken);
      text += part.text;
      continues = part.continues;
    }
    if (emptyContinuation)
      warnings.push(`[WARNING]: Empty continuation line found in:\n    ${text}`);
    lines.push({ text, startLine, endLine: index });
  }
  if (warnings.length > 0)
    warnings.push('[WARNING]: Empty continuation lines will become errors in a future release.');
  return { ok: true, lines, escapeToken: state.escapeToken, syntax: state.syntax, warnings };
}
