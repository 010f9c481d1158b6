// Compares a recorded scenario with another run of it (the simulator's `--json` lines, or a
// second recording) after normalising both sides, honouring each step's `compare` fields and
// `why` notes. Each side is normalised with its own numbering, so "<ID3>" means "the third
// ID this run showed" on both sides.
import { normalizeSteps, type NormalizeOptions } from './normalize.ts';
import { ALL_COMPARE_FIELDS, type CompareField, type RecordedStep } from './scenario.ts';

export interface StepMismatch {
  index: number;
  cmd: string;
  field: CompareField | 'missing';
  expected: string;
  actual: string;
  /** Set when the scenario says the simulator differs here on purpose. */
  why?: string;
}

export interface ComparisonResult {
  /** Differences nobody explained: the conformance test fails on these. */
  mismatches: StepMismatch[];
  /** Differences at steps (or in scenarios) marked `# why:`. */
  expectedDifferences: StepMismatch[];
}

function sortedLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .sort()
    .join('\n');
}

function fieldValue(step: RecordedStep, field: CompareField): string {
  switch (field) {
    case 'exit':
      return String(step.exit);
    case 'stdout':
      return step.stdout;
    case 'stderr':
      return step.stderr;
    case 'stdout-unordered':
      return sortedLines(step.stdout);
  }
}

export function compareRuns(
  recorded: readonly RecordedStep[],
  actual: readonly RecordedStep[],
  options: NormalizeOptions & { scenarioWhy?: string } = {},
): ComparisonResult {
  const expectedSteps = normalizeSteps(recorded, options);
  const actualSteps = normalizeSteps(actual, options);
  const result: ComparisonResult = { mismatches: [], expectedDifferences: [] };
  expectedSteps.forEach((expected, index) => {
    const why = expected.why ?? options.scenarioWhy;
    const report = (mismatch: StepMismatch): void => {
      if (why === undefined) result.mismatches.push(mismatch);
      else result.expectedDifferences.push({ ...mismatch, why });
    };
    const other = actualSteps[index];
    if (other === undefined) {
      report({ index, cmd: expected.cmd, field: 'missing', expected: expected.cmd, actual: '' });
      return;
    }
    for (const field of expected.compare ?? ALL_COMPARE_FIELDS) {
      const want = fieldValue(expected, field);
      const got = fieldValue(other, field);
      if (want !== got) report({ index, cmd: expected.cmd, field, expected: want, actual: got });
    }
  });
  return result;
}
