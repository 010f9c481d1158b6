// A script is one command per line; `# comments` and blank lines are skipped, and a line that
// opens a here-document takes the lines after it up to its delimiter.
import { findHeredoc } from './heredoc.ts';

export interface ScriptCommand {
  text: string;
  /** 1-based line number of the command's first line, for error messages. */
  lineNumber: number;
}

export function isComment(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

export function splitScript(source: string): ScriptCommand[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const commands: ScriptCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isComment(line)) continue;
    const heredoc = findHeredoc(line);
    if (!heredoc) {
      commands.push({ text: line.trim(), lineNumber: i + 1 });
      continue;
    }
    const start = i;
    const taken = [line.trim()];
    while (i + 1 < lines.length) {
      const next = lines[++i]!;
      taken.push(next);
      const candidate = heredoc.stripTabs ? next.replace(/^\t+/, '') : next;
      if (candidate === heredoc.delimiter) break;
    }
    commands.push({ text: taken.join('\n'), lineNumber: start + 1 });
  }
  return commands;
}
