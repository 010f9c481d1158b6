// Here-documents, so a script or the terminal can write a file into the learner's working
// directory the way a shell would:
//   cat > Dockerfile <<'EOF'
//   FROM busybox
//   EOF
// The body is taken literally (no $variable expansion: the simulator has no shell variables).

const HEREDOC = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/;

export interface Heredoc {
  /** The command line with the `<<WORD` operator removed: "cat > Dockerfile". */
  commandLine: string;
  delimiter: string;
  stripTabs: boolean;
}

export function findHeredoc(firstLine: string): Heredoc | null {
  const match = HEREDOC.exec(firstLine);
  if (!match) return null;
  return {
    commandLine: (
      firstLine.slice(0, match.index) + firstLine.slice(match.index + match[0].length)
    ).trim(),
    delimiter: match[3]!,
    stripTabs: match[1] === '-',
  };
}

export interface HeredocText {
  heredoc: Heredoc;
  body: string;
  terminated: boolean;
}

/** Split a full multi-line command into its heredoc parts, or null if it has none. */
export function readHeredoc(text: string): HeredocText | null {
  const lines = text.split('\n');
  const heredoc = findHeredoc(lines[0]!);
  if (!heredoc) return null;
  const body: string[] = [];
  for (const raw of lines.slice(1)) {
    const line = heredoc.stripTabs ? raw.replace(/^\t+/, '') : raw;
    if (line === heredoc.delimiter)
      return { heredoc, body: body.map((entry) => `${entry}\n`).join(''), terminated: true };
    body.push(line);
  }
  return { heredoc, body: body.map((entry) => `${entry}\n`).join(''), terminated: false };
}

/** True while a typed command still waits for its heredoc's closing line (the terminal's "> "). */
export function needsMoreInput(text: string): boolean {
  const parsed = readHeredoc(text);
  return parsed !== null && !parsed.terminated;
}
