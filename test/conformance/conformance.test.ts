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
  '04-stop-trap-term',
  '05-kill',
  '06-pause-unpause',
  '07-rm-running',
  '08-exit-codes-shell',
  '09-exit-125-cli-errors',
  '10-exit-125-unknown-image',
  '11-exit-126-not-executable',
  '12-exit-127-not-found',
  '13-oom-kill',
  '14-name-conflict',
  '15-exec',
  '16-logs',
  '17-inspect-templates',
  '18-ps-filters-format',
  '19-rename',
  '20-wait',
  '21-update',
  '22-run-rm',
  '23-env-workdir',
  '24-hostname',
  '25-entrypoint',
  '26-user',
  '27-read-only',
  '28-pids-limit',
  '29-ns-pid-share',
  '30-ns-ipc-uts',
  '31-ns-net-share',
  '32-ns-loopback-share',
  '33-ns-all-links',
  '34-network-none',
  '35-network-default-here',
  '36-proc-cgroup-id-ps',
  '37-diff',
  '38-build-history',
  '39-build-cache',
  '40-build-errors',
  '41-layers-commit',
  '42-tag-rmi',
  '43-image-prune',
  '44-volumes',
  '45-volumes-anonymous-auto',
  '46-networks',
  '47-network-connect',
  '48-system-df',
  '49-cp',
  '50-top',
  '51-port',
  '52-stats',
  '53-not-found-errors',
  '54-restart-policy',
  '55-help-usage',
  '56-overlay2-paths-size',
  '57-cgroup-files',
  '58-capabilities',
  '59-images-list',
  '60-prune-by-label',
  '61-inspect-json',
  '62-signals-start-restart',
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
