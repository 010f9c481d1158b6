// Docker conformance scenarios: the text format of test/fixtures/docker/scenarios/*.sh and the
// JSON shape of the recordings in test/fixtures/docker/recorded/*.json.
//
// The same parser feeds the recorder (which runs each line with the real docker CLI) and the
// conformance test (which runs each line through `npm run sim -- --json`), so both see exactly
// the same steps in the same order.
//
// A scenario is one docker command per line. Lines starting with `#` are comments, except:
//   # why: TEXT          the simulator differs from the recording on purpose at the next step
//                        (before the first command: for the whole scenario), and TEXT says why
//   # compare: F1,F2     which fields the conformance test compares for the next step
//                        (exit, stdout, stderr, stdout-unordered); default: exit, stdout
//                        and stderr
//   # capture: NAME      the next step's stdout, trimmed, becomes NAME; a later docker line
//                        may use ${NAME} (NAME is upper case) anywhere in its words. This is how
//                        a scenario refers to an image ID it cannot know in advance; the
//                        recording keeps the line as written, with ${NAME} unexpanded.
// A heredoc `cat > FILE <<'EOF'` ... `EOF` writes FILE in the scenario's working directory
// (used for Dockerfiles and files that `docker build` or `docker cp` reads). It is a step
// too, so the recorded steps line up one to one with the scenario's lines.
// A line ending in a backslash continues on the next line. Words are split like a POSIX
// shell splits them (single quotes, double quotes, backslashes) but nothing is expanded: no
// variables, no globs, no pipes. Everything after the words goes to docker as is.

/**
 * What the conformance test compares for a step. `stdout-unordered` compares stdout's lines
 * as a multiset: the real engine's order is not stable there (docker diff walks the upper
 * directory in readdir order; images with equal creation times list in any order).
 */
export type CompareField = 'exit' | 'stdout' | 'stderr' | 'stdout-unordered';

/** The default: everything, in order. */
export const ALL_COMPARE_FIELDS: readonly CompareField[] = ['exit', 'stdout', 'stderr'];

const KNOWN_COMPARE_FIELDS: readonly CompareField[] = [...ALL_COMPARE_FIELDS, 'stdout-unordered'];

/** True when a step compares the default fields (the recording then omits `compare`). */
export function comparesEverything(fields: readonly CompareField[]): boolean {
  return (
    fields.length === ALL_COMPARE_FIELDS.length &&
    ALL_COMPARE_FIELDS.every((field) => fields.includes(field))
  );
}

export interface DockerStep {
  kind: 'docker';
  /** The line as written in the scenario (continuations joined with a space). */
  cmd: string;
  /** The words, with quotes removed; argv[0] is `docker`. */
  argv: string[];
  why?: string;
  compare: CompareField[];
  /** Store this step's trimmed stdout under this name for later `${NAME}` words. */
  capture?: string;
}

export interface FileStep {
  kind: 'file';
  /** The whole heredoc, first line to terminator, as written. */
  cmd: string;
  /** Relative path inside the scenario's working directory. */
  path: string;
  content: string;
  why?: string;
  compare: CompareField[];
}

export type ScenarioStep = DockerStep | FileStep;

export interface Scenario {
  /** File name without `.sh`, e.g. `07-exit-codes`. */
  name: string;
  /** Every object the scenario creates is named with this prefix, e.g. `hv07-`. */
  prefix: string;
  /** The leading comment block, without the `#`. */
  description: string;
  /** `# why:` lines before the first step: the scenario as a whole differs on purpose. */
  why?: string;
  steps: ScenarioStep[];
}

/** One recorded command, in the shape of the simulator's `--json` lines. */
export interface RecordedStep {
  cmd: string;
  stdout: string;
  stderr: string;
  exit: number;
  why?: string;
  compare?: CompareField[];
  capture?: string;
}

export interface EngineInfo {
  version: string;
  apiVersion: string;
  storageDriver: string;
  cgroupVersion: string;
  cgroupDriver: string;
  kernelVersion: string;
  cliVersion: string;
}

export interface Recording {
  scenario: string;
  description: string;
  why?: string;
  engine: EngineInfo;
  recordedAt: string;
  steps: RecordedStep[];
}

export class ScenarioSyntaxError extends Error {
  constructor(scenario: string, lineNumber: number, message: string) {
    super(`${scenario}:${lineNumber}: ${message}`);
    this.name = 'ScenarioSyntaxError';
  }
}

const HEREDOC = /^cat\s*>\s*([A-Za-z0-9._/-]+)\s*<<\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2\s*$/;

/** `07-exit-codes` -> `hv07-`. */
export function scenarioPrefix(name: string): string {
  const match = /^(\d+)-/.exec(name);
  if (!match) throw new Error(`scenario name must start with a number: ${name}`);
  return `hv${match[1]}-`;
}

export function parseScenario(name: string, text: string): Scenario {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const steps: ScenarioStep[] = [];
  const descriptionLines: string[] = [];
  let inHeader = true;
  let scenarioWhy: string | undefined;
  let pendingWhy: string | undefined;
  let pendingCompare: CompareField[] | undefined;
  let pendingCapture: string | undefined;

  const takePending = (): { why?: string; compare: CompareField[] } => {
    const taken = {
      ...(pendingWhy !== undefined ? { why: pendingWhy } : {}),
      compare: pendingCompare ?? [...ALL_COMPARE_FIELDS],
    };
    pendingWhy = undefined;
    pendingCompare = undefined;
    return taken;
  };

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const raw = lines[index] ?? '';
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#!')) {
      if (trimmed === '' && descriptionLines.length > 0) inHeader = false;
      continue;
    }
    if (trimmed.startsWith('#')) {
      const body = trimmed.replace(/^#\s?/, '');
      const why = /^why:\s*(.*)$/.exec(body);
      const compare = /^compare:\s*(.*)$/.exec(body);
      const capture = /^capture:\s*(.*)$/.exec(body);
      if (capture) {
        const captureName = (capture[1] ?? '').trim();
        if (!/^[A-Z][A-Z0-9_]*$/.test(captureName)) {
          throw new ScenarioSyntaxError(
            name,
            lineNumber,
            `capture name must be UPPER_CASE: ${captureName}`,
          );
        }
        pendingCapture = captureName;
      } else if (why) {
        const reason = (why[1] ?? '').trim();
        if (reason === '')
          throw new ScenarioSyntaxError(name, lineNumber, '`# why:` needs a reason');
        if (steps.length === 0) scenarioWhy = joinText(scenarioWhy, reason);
        else pendingWhy = joinText(pendingWhy, reason);
      } else if (compare) {
        pendingCompare = parseCompare(name, lineNumber, compare[1] ?? '');
      } else if (inHeader && steps.length === 0) {
        descriptionLines.push(body);
      }
      continue;
    }
    inHeader = false;

    const heredoc = HEREDOC.exec(trimmed);
    if (heredoc) {
      const path = heredoc[1] ?? '';
      const terminator = heredoc[3] ?? '';
      checkRelativePath(name, lineNumber, path);
      const body: string[] = [];
      let end = index + 1;
      while (end < lines.length && lines[end] !== terminator) body.push(lines[end++] ?? '');
      if (end >= lines.length) {
        throw new ScenarioSyntaxError(name, lineNumber, `heredoc not closed by ${terminator}`);
      }
      if (pendingCapture !== undefined) {
        throw new ScenarioSyntaxError(name, lineNumber, '`# capture:` must precede a docker line');
      }
      const content = body.length === 0 ? '' : `${body.join('\n')}\n`;
      steps.push({
        kind: 'file',
        cmd: [trimmed, ...body, terminator].join('\n'),
        path,
        content,
        ...takePending(),
      });
      index = end;
      continue;
    }

    // Join continuation lines: the backslash and the newline go, the rest stays.
    let joined = trimmed;
    while (joined.endsWith('\\') && index + 1 < lines.length) {
      joined = `${joined.slice(0, -1).trimEnd()} ${(lines[++index] ?? '').trim()}`;
    }
    const argv = splitWords(joined, name, lineNumber);
    if (argv[0] !== 'docker') {
      throw new ScenarioSyntaxError(name, lineNumber, `a step must be a docker command: ${joined}`);
    }
    const capture = pendingCapture;
    pendingCapture = undefined;
    steps.push({
      kind: 'docker',
      cmd: joined,
      argv,
      ...takePending(),
      ...(capture !== undefined ? { capture } : {}),
    });
  }
  if (pendingWhy !== undefined || pendingCompare !== undefined || pendingCapture !== undefined) {
    throw new ScenarioSyntaxError(
      name,
      lines.length,
      '`# why:`, `# compare:` or `# capture:` after the last step',
    );
  }
  return {
    name,
    prefix: scenarioPrefix(name),
    description: descriptionLines.join('\n').trim(),
    ...(scenarioWhy !== undefined ? { why: scenarioWhy } : {}),
    steps,
  };
}

/** Replaces `${NAME}` by captured values; names that were not captured stay as written. */
export function expandCaptures(argv: string[], captured: ReadonlyMap<string, string>): string[] {
  return argv.map((word) =>
    word.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (whole, key: string) => captured.get(key) ?? whole),
  );
}

function joinText(previous: string | undefined, next: string): string {
  return previous === undefined ? next : `${previous} ${next}`;
}

function parseCompare(name: string, lineNumber: number, text: string): CompareField[] {
  const fields = text
    .split(/[\s,]+/)
    .filter((field) => field !== '')
    .map((field) => field.toLowerCase());
  for (const field of fields) {
    if (!(KNOWN_COMPARE_FIELDS as readonly string[]).includes(field)) {
      throw new ScenarioSyntaxError(name, lineNumber, `unknown compare field: ${field}`);
    }
  }
  if (fields.length === 0)
    throw new ScenarioSyntaxError(name, lineNumber, '`# compare:` needs fields');
  return fields as CompareField[];
}

function checkRelativePath(name: string, lineNumber: number, path: string): void {
  if (path.startsWith('/') || path.split('/').includes('..')) {
    throw new ScenarioSyntaxError(
      name,
      lineNumber,
      `heredoc path must stay in the working dir: ${path}`,
    );
  }
}

/**
 * Splits a command line into words the way a POSIX shell does for quoting only:
 * 'single' keeps everything, "double" lets \" \\ \$ \` escape, a bare backslash escapes the
 * next character. Nothing is expanded.
 */
export function splitWords(line: string, name = '<line>', lineNumber = 1): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let index = 0;
  while (index < line.length) {
    const char = line[index] ?? '';
    if (char === ' ' || char === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      index++;
    } else if (char === "'") {
      const end = line.indexOf("'", index + 1);
      if (end < 0) throw new ScenarioSyntaxError(name, lineNumber, 'unclosed single quote');
      word += line.slice(index + 1, end);
      inWord = true;
      index = end + 1;
    } else if (char === '"') {
      index++;
      inWord = true;
      for (;;) {
        if (index >= line.length) {
          throw new ScenarioSyntaxError(name, lineNumber, 'unclosed double quote');
        }
        const inner = line[index] ?? '';
        if (inner === '"') break;
        const next = line[index + 1] ?? '';
        if (inner === '\\' && ['"', '\\', '$', '`'].includes(next)) {
          word += next;
          index += 2;
        } else {
          word += inner;
          index++;
        }
      }
      index++;
    } else if (char === '\\') {
      if (index + 1 >= line.length) {
        throw new ScenarioSyntaxError(name, lineNumber, 'backslash at end of line');
      }
      word += line[index + 1];
      inWord = true;
      index += 2;
    } else {
      word += char;
      inWord = true;
      index++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
