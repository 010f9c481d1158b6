// parseDockerfile: Dockerfile text to build stages, in the three passes Docker 20.10's classic
// builder makes, so each error appears with the wording and at the moment the real one does:
//   1. the parser (logical lines, directives, JSON arrays, ENV/LABEL pairs):
//      "failed to parse Dockerfile: ...";
//   2. the instructions (argument counts, flags, stage names):
//      "dockerfile parse error line N: ...", or "no build stage in current context";
//   3. each step as the builder reaches it (substitution, ports, signals).
// It never throws: every outcome is a DockerfileParse value.

import { dispatchInstruction, newStageScope, type StageScope } from './dispatch.ts';
import type {
  ArgInstruction,
  DockerfileParse,
  FromInstruction,
  Instruction,
  Stage,
} from './instruction.ts';
import { logicalLines } from './logical-lines.ts';
import { substituteWord } from './substitute.ts';
import { syntaxNode, type SyntaxNode } from './syntax-node.ts';
import { typedInstruction } from './typed-instruction.ts';

export interface ParseOptions {
  /** `docker build --build-arg NAME=value`. */
  buildArgs?: Readonly<Record<string, string>>;
  /** The name in "the Dockerfile (NAME) cannot be empty" (`docker build -f`). */
  fileName?: string;
}

type Failure = Extract<DockerfileParse, { ok: false }>;

function failure(
  error: string,
  line: number,
  phase: Failure['phase'],
  stages: Stage[] = [],
): Failure {
  return { ok: false, error, line, phase, stages };
}

/** Pass 1: every logical line becomes a syntax node, or the file is rejected. */
function readNodes(
  text: string,
):
  | { nodes: SyntaxNode[]; escapeToken: '\\' | '`'; syntax: string | null; warnings: string[] }
  | Failure {
  const lines = logicalLines(text);
  if (!lines.ok) return failure(`failed to parse Dockerfile: ${lines.error}`, lines.line, 'file');
  if (lines.lines.length === 0) {
    const lastLine = text.split('\n').length;
    return failure('failed to parse Dockerfile: file with no instructions', lastLine, 'file');
  }
  const nodes: SyntaxNode[] = [];
  for (const line of lines.lines) {
    const node = syntaxNode(line, lines.escapeToken);
    if (!node.ok)
      return failure(`failed to parse Dockerfile: ${node.error}`, line.startLine, 'file');
    nodes.push(node.node);
  }
  return { nodes, escapeToken: lines.escapeToken, syntax: lines.syntax, warnings: lines.warnings };
}

interface Outline {
  metaArgs: ArgInstruction[];
  stages: { from: FromInstruction; instructions: Instruction[] }[];
}

/** Pass 2: typed instructions grouped into stages; ARGs before the first FROM are meta args. */
function outline(nodes: SyntaxNode[]): Outline | Failure {
  const result: Outline = { metaArgs: [], stages: [] };
  for (const node of nodes) {
    const typed = typedInstruction(node);
    if (!typed.ok)
      return failure(
        `dockerfile parse error line ${node.startLine}: ${typed.error}`,
        node.startLine,
        'instruction',
      );
    const instruction = typed.instruction;
    if (instruction.kind === 'FROM') result.stages.push({ from: instruction, instructions: [] });
    else if (result.stages.length > 0)
      result.stages[result.stages.length - 1]!.instructions.push(instruction);
    else if (instruction.kind === 'ARG') result.metaArgs.push(instruction);
    else return failure('no build stage in current context', node.startLine, 'instruction');
  }
  return result;
}

/** Meta ARG values: defaults substituted from earlier meta ARGs, overridden by --build-arg. */
function metaArgValues(
  metaArgs: ArgInstruction[],
  buildArgs: Readonly<Record<string, string>>,
  escapeToken: string,
): Map<string, string | null> | { error: string; line: number } {
  const values = new Map<string, string | null>();
  const lookup = (name: string) => values.get(name) ?? undefined;
  for (const instruction of metaArgs) {
    for (const arg of instruction.args) {
      let value: string | null = null;
      if (arg.value !== null) {
        const substituted = substituteWord(arg.value, lookup, escapeToken);
        if (!substituted.ok) return { error: substituted.error, line: instruction.line };
        value = substituted.value;
      }
      values.set(arg.key, Object.hasOwn(buildArgs, arg.key) ? buildArgs[arg.key]! : value);
    }
  }
  return values;
}

export function parseDockerfile(text: string, options: ParseOptions = {}): DockerfileParse {
  if (text.length === 0)
    return failure(
      `the Dockerfile (${options.fileName ?? 'Dockerfile'}) cannot be empty`,
      0,
      'file',
    );
  const read = readNodes(text);
  if ('ok' in read) return read;
  const shape = outline(read.nodes);
  if ('ok' in shape) return shape;
  const buildArgs = options.buildArgs ?? {};
  const metaArgs = metaArgValues(shape.metaArgs, buildArgs, read.escapeToken);
  if (!(metaArgs instanceof Map)) return failure(metaArgs.error, metaArgs.line, 'step');
  const context = { escapeToken: read.escapeToken, buildArgs, metaArgs };
  const stages: Stage[] = [];
  const usedNames = new Set<string>();
  for (const [index, outlined] of shape.stages.entries()) {
    const from = outlined.from;
    const image = substituteWord(
      from.image,
      (name) => metaArgs.get(name) ?? undefined,
      read.escapeToken,
    );
    if (!image.ok) return failure(image.error, from.line, 'step', stages);
    if (image.value === '')
      return failure(`base name (${from.image}) should not be blank`, from.line, 'step', stages);
    if (from.stageName !== null && usedNames.has(from.stageName))
      return failure(`${from.stageName} stage name already used`, from.line, 'step', stages);
    if (from.stageName !== null) usedNames.add(from.stageName);
    const stage: Stage = {
      index,
      name: from.stageName,
      from: { ...from, image: image.value },
      instructions: [],
    };
    stages.push(stage);
    const scope: StageScope = newStageScope(index, from.stageName);
    for (const instruction of outlined.instructions) {
      const dispatched = dispatchInstruction(instruction, scope, context);
      if (!dispatched.ok) return failure(dispatched.error, instruction.line, 'step', stages);
      stage.instructions.push(dispatched.instruction);
    }
  }
  return {
    ok: true,
    stages,
    metaArgs: shape.metaArgs,
    escapeToken: read.escapeToken,
    syntax: read.syntax,
    warnings: read.warnings,
  };
}
