// Runs a recorded docker scenario through the simulator, step by step, in the shape of the
// recordings, so compareRuns can put the two side by side. The real engine had busybox:latest
// already, made locally by scripts/make-busybox-image.sh; the simulated host starts with the
// same image, so the scenario starts from the same place.
import { Session } from '../../sim-core/trace/session.ts';
import { expandCaptures, type RecordedStep, type Scenario } from './scenario.ts';

function quote(word: string): string {
  return /^[\w@%+=:,./{}-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The machine the recordings come from, as far as its answers depend on it: two CPUs, and
 * cgroup v1 (engine.cgroupVersion "1" in every recording), so containers see
 * /sys/fs/cgroup/memory/memory.limit_in_bytes and /docker/ID paths in /proc/self/cgroup. Its
 * busybox:latest is the local one (1.98MB, one history row "busybox-static v1.35.0 from
 * Debian", label org.hypervisual.origin), not Docker Hub's.
 */
export const RECORDING_HOST = {
  cpuCount: 2,
  cgroupVersion: 1,
  localImages: ['debian-busybox'],
} as const;

export function simulateScenario(scenario: Scenario, seed = 1): RecordedStep[] {
  const session = new Session({ seed, host: RECORDING_HOST });
  const captured = new Map<string, string>();
  const steps: RecordedStep[] = [];
  for (const step of scenario.steps) {
    const line =
      step.kind === 'file' ? step.cmd : expandCaptures(step.argv, captured).map(quote).join(' ');
    const record = session.run(line);
    if (step.kind === 'docker' && step.capture) captured.set(step.capture, record.stdout.trim());
    steps.push({
      cmd: step.cmd,
      stdout: record.stdout,
      stderr: record.stderr,
      exit: record.exitCode,
    });
  }
  return steps;
}
