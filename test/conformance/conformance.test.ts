// The simulator against the real engine: every recorded scenario (test/fixtures/docker) runs
// through the simulator and is compared after normalising IDs and times. The scenarios listed
// in CONFORMING must match exactly (any difference fails the test); the others are reported
// with their first difference, so the list only grows as the engine model does.
import { describe, expect, it } from 'vitest';
import { compareRuns } from './compare.ts';
import { loadRecording, loadScenario, scenarioNames } from './fixtures.ts';
import { simulateScenario } from './simulate.ts';

/** Scenarios the simulator reproduces step for step today. */
const CONFORMING = [
  '01-run-hello',
  '02-create-start',
  '03-stop-restart',
  '05-kill',
  '06-pause-unpause',
  '07-rm-running',
  '08-exit-codes-shell',
  '10-exit-125-unknown-image',
  '12-exit-127-not-found',
  '14-name-conflict',
  '16-logs',
  '17-inspect-templates',
  '18-ps-filters-format',
  '19-rename',
  '22-run-rm',
  '25-entrypoint',
  '29-ns-pid-share',
  '30-ns-ipc-uts',
  '35-network-default-here',
  '37-diff',
  '44-volumes',
  '48-system-df',
  '50-top',
  '52-stats',
];

function compare(name: string) {
  const recording = loadRecording(name);
  return compareRuns(
    recording.steps,
    simulateScenario(loadScenario(name)),
    recording.why ? { scenarioWhy: recording.why } : {},
  );
}

describe('conformance with the real engine', () => {
  for (const name of CONFORMING) {
    it(`${name} matches the recording`, () => {
      expect(compare(name).mismatches).toEqual([]);
    });
  }

  it('runs every other scenario without an internal error, and says how far each is', () => {
    const others = scenarioNames().filter((name) => !CONFORMING.includes(name));
    const report: string[] = [];
    for (const name of others) {
      const steps = simulateScenario(loadScenario(name));
      expect(steps.some((step) => step.stderr.includes('internal error'))).toBe(false);
      const result = compare(name);
      const first = result.mismatches[0];
      report.push(
        result.mismatches.length === 0
          ? `${name}: matches (add it to CONFORMING)`
          : `${name}: ${result.mismatches.length} differences, first at "${first!.cmd}"`,
      );
    }
    console.log(
      `[conformance] ${CONFORMING.length} of ${scenarioNames().length} scenarios conform; the others:\n  ${report.join('\n  ')}`,
    );
    expect(CONFORMING.every((name) => scenarioNames().includes(name))).toBe(true);
  });
});
