// compareRuns decides what the conformance test fails on: only differences a learner would
// notice, never run-to-run noise, and never a difference the scenario explains with # why:.
import { describe, expect, it } from 'vitest';
import { compareRuns } from './compare.ts';
import { loadRecording } from './fixtures.ts';
import type { RecordedStep } from './scenario.ts';

function replaceStep(
  steps: readonly RecordedStep[],
  cmdStart: string,
  change: (step: RecordedStep) => RecordedStep,
): RecordedStep[] {
  const index = steps.findIndex((step) => step.cmd.startsWith(cmdStart));
  if (index < 0) throw new Error(`no step ${cmdStart}`);
  return steps.map((step, at) => (at === index ? change(step) : step));
}

describe('compareRuns', () => {
  it('finds no difference between a recording and itself', () => {
    const steps = loadRecording('13-oom-kill').steps;
    expect(compareRuns(steps, steps)).toEqual({ mismatches: [], expectedDifferences: [] });
  });

  it('reports a wrong exit code (a 137 OOM kill that became 0)', () => {
    const steps = loadRecording('13-oom-kill').steps;
    const wrong = replaceStep(steps, 'docker run --name hv13-hog', (step) => ({
      ...step,
      exit: 0,
    }));
    const { mismatches } = compareRuns(steps, wrong);
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatchObject({ field: 'exit', expected: '137', actual: '0' });
  });

  it('reports an OOMKilled flag that differs', () => {
    const steps = loadRecording('13-oom-kill').steps;
    const wrong = replaceStep(steps, "docker inspect -f '{{.State.Status}}", (step) => ({
      ...step,
      stdout: step.stdout.replace('true', 'false'),
    }));
    expect(compareRuns(steps, wrong).mismatches[0]).toMatchObject({ field: 'stdout' });
  });

  it('accepts another order of docker diff lines, but not another set', () => {
    const steps = loadRecording('37-diff').steps;
    const reversed = replaceStep(steps, 'docker diff hv37-d', (step) => ({
      ...step,
      stdout: `${step.stdout.trimEnd().split('\n').reverse().join('\n')}\n`,
    }));
    expect(compareRuns(steps, reversed).mismatches).toEqual([]);
    const missingLine = replaceStep(steps, 'docker diff hv37-d', (step) => ({
      ...step,
      stdout: step.stdout.replace('D /etc/shadow\n', ''),
    }));
    expect(compareRuns(steps, missingLine).mismatches[0]).toMatchObject({
      field: 'stdout-unordered',
    });
  });

  it('lists differences at # why: steps as expected, not as failures', () => {
    const steps = loadRecording('51-port').steps;
    const simulated = replaceStep(steps, 'docker port hv51-default', (step) => ({
      ...step,
      stdout: '80/tcp -> 127.0.0.1:18454\n',
    }));
    const result = compareRuns(steps, simulated);
    expect(result.mismatches).toEqual([]);
    expect(result.expectedDifferences).toHaveLength(1);
    expect(result.expectedDifferences[0]?.why).toMatch(/no default bridge/);
  });

  it('reports steps the other run did not produce', () => {
    const steps = loadRecording('01-run-hello').steps;
    const { mismatches } = compareRuns(steps, steps.slice(0, -1));
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatchObject({ field: 'missing', index: steps.length - 1 });
  });
});
