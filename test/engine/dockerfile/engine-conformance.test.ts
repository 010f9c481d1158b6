// The parser against what a real engine said. fixtures/engine-builds.json was recorded from
// Docker 20.10's classic builder by fixtures/record.py: for each Dockerfile, the error
// `docker build` printed, or the history rows and layer count of the image it built.
import { describe, expect, it } from 'vitest';
import recorded from './fixtures/engine-builds.json' with { type: 'json' };
import {
  createdBy,
  historyRow,
  parseDockerfile,
  rootFsLayerCount,
  type Instruction,
} from '../../../sim-core/engine/dockerfile/index.ts';

interface RecordedCase {
  dockerfile: string;
  exit: number;
  error?: string;
  stepsShown?: number;
  history?: string[];
  rootFsLayers?: number;
  baseRootFsLayers?: number;
}

const cases = Object.entries(recorded.cases as Record<string, RecordedCase>);
const DAEMON_PREFIX = 'Error response from daemon: ';
const SOURCE_HASH = /(?:file|dir|multi):[0-9a-f]{64}/;

/**
 * How many paths a step changed, as the recorded builds' filesystems had it: the busybox base
 * image has no /tmp, so every WORKDIR made a directory; `RUN true` and a RUN that only echoes
 * changed nothing.
 */
function changedPaths(instruction: Instruction): number {
  if (instruction.kind !== 'RUN') return 1;
  const script = instruction.command.join(' ');
  return script === 'true' ||
    (/^echo\b/.test(script) && !script.includes('>') && !script.includes('mkdir'))
    ? 0
    : 1;
}

describe('errors match the real engine', () => {
  for (const [name, recordedCase] of cases.filter(([, c]) => c.exit !== 0)) {
    it(`${name}: ${recordedCase.error}`, () => {
      const result = parseDockerfile(recordedCase.dockerfile);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBe(recordedCase.error!.replace(DAEMON_PREFIX, ''));
      // Errors the engine prints after "Step N/M" lines are found when the step is reached.
      expect(result.phase === 'step').toBe((recordedCase.stepsShown ?? 0) > 0);
    });
  }
});

describe('history rows match the real engine', () => {
  for (const [name, recordedCase] of cases.filter(([, c]) => c.exit === 0)) {
    it(`${name}: CREATED BY of every step, newest first, and the RootFS layer count`, () => {
      const result = parseDockerfile(recordedCase.dockerfile);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const finalStage = result.stages[result.stages.length - 1]!;
      const steps = [...finalStage.instructions].reverse();
      const expected = recordedCase.history!.map((row) => row.slice(0, row.lastIndexOf('|')));
      const rows = steps.map((instruction, i) =>
        historyRow(instruction, changedPaths(instruction), {
          sourceHash: SOURCE_HASH.exec(expected[i] ?? '')?.[0],
        }),
      );
      expect(rows.map((row) => row?.createdBy)).toEqual(expected);
      const nonNull = rows.filter((row) => row !== null);
      expect(rootFsLayerCount(recordedCase.baseRootFsLayers!, nonNull)).toBe(
        recordedCase.rootFsLayers,
      );
    });
  }
});

describe('the repository scenario 38-build-history', () => {
  it('renders the same CREATED BY column as the recorded `docker history --no-trunc`', async () => {
    const scenario = (
      await import('../../fixtures/docker/recorded/38-build-history.json', {
        with: { type: 'json' },
      })
    ).default as { steps: { cmd: string; stdout: string }[] };
    const dockerfile = scenario.steps[0]!.cmd.split('\n').slice(1, -1).join('\n') + '\n';
    const history = scenario.steps.find((step) => step.cmd.includes('--no-trunc'))!;
    const expected = history.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.slice(0, line.lastIndexOf(' | ')))
      .slice(0, -1);
    const result = parseDockerfile(dockerfile);
    if (!result.ok) throw new Error(result.error);
    const rendered = [...result.stages[0]!.instructions]
      .reverse()
      .map((instruction) =>
        createdBy(instruction, { sourceHash: SOURCE_HASH.exec(expected.join('\n'))?.[0] }),
      );
    expect(rendered).toEqual(expected);
  });
});
