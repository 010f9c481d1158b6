// Random sessions of restart policies, prune, cp, bind mounts and contexts, mixed with the
// ordinary container commands and time passing: nothing throws out of the core, and the world
// stays consistent after every step (layer reference counts, one address per container, ...).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';
import { dockerContainerCommand, dockerLifecycleCommand } from '../support/commands.ts';

const step = fc.oneof(
  { weight: 4, arbitrary: dockerLifecycleCommand },
  { weight: 3, arbitrary: dockerContainerCommand },
  { weight: 1, arbitrary: fc.constantFrom('sleep 0.3', 'sleep 5', 'sleep 70') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "cat > Dockerfile <<'EOF'\nFROM busybox\nRUN echo a > /a\nEOF",
      'docker build -q -t app .',
      'hv host add --name h2 --cpus 2 --memory 8g',
    ),
  },
);

describe('lifecycle commands, at random', () => {
  it('never throw and keep the world consistent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(step, { minLength: 1, maxLength: 20 }),
        (seed, lines) => {
          const session = new Session({ seed });
          session.run('docker pull busybox');
          for (const line of lines) {
            const record = session.run(line);
            expect(record.stderr).not.toContain('internal error');
            expect(checkInvariants(session.headWorld)).toEqual([]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
