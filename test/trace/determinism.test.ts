// Same seed and commands, same trace hash; the trace rebuilds every earlier world; looking back
// never changes history. These are what make a shared scenario URL and the timeline trustworthy.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { applyEvent } from '../../sim-core/world/apply-event.ts';
import { initialWorld } from '../../sim-core/world/initial-world.ts';
import { step, stepInPlace } from '../../sim-core/world/step.ts';
import { traceHash } from '../../sim-core/trace/trace-hash.ts';
import { commandSequence } from '../support/commands.ts';

function runAll(seed: number, lines: string[], snapshotEvery?: number): Session {
  // A spacing asked for is kept exactly (no byte budget), so seeks cross snapshots that often.
  const session = new Session({
    seed,
    ...(snapshotEvery ? { snapshotEvery, snapshotBytesPerEvent: Infinity } : {}),
  });
  for (const line of lines) session.run(line);
  return session;
}

describe('determinism', () => {
  it('gives the same trace hash and outputs for the same seed and commands', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), commandSequence, (seed, lines) => {
        const a = runAll(seed, lines);
        const b = runAll(seed, lines);
        expect(a.traceHash).toBe(b.traceHash);
        expect(a.commands).toEqual(b.commands);
        expect(a.headWorld).toEqual(b.headWorld);
      }),
      { numRuns: 60 },
    );
  });

  it('hashes the events as they were when emitted: nothing changes an event afterwards', () => {
    // The session hashes its events only when asked; that is the same hash only if no handler
    // or reducer touches an event once it has been emitted.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), commandSequence, (seed, lines) => {
        const world = initialWorld(seed);
        const asEmitted: unknown[] = [];
        const session = new Session({ seed });
        for (const line of lines) {
          stepInPlace(world, line, (event) => asEmitted.push(structuredClone(event)));
          session.run(line);
        }
        expect(session.events).toEqual(asEmitted);
        expect(session.traceHash).toBe(traceHash(asEmitted));
      }),
      { numRuns: 40 },
    );
  });

  it('gives a different trace for a different seed once randomness is used', () => {
    const lines = ['hv host add --name h2 --cpus 4 --memory 8g'];
    expect(runAll(1, lines).traceHash).not.toBe(runAll(2, lines).traceHash);
  });

  it('rebuilds the head world exactly by replaying the events from the initial world', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), commandSequence, (seed, lines) => {
        const session = runAll(seed, lines);
        const replayed = initialWorld(seed);
        for (const event of session.events) applyEvent(replayed, structuredClone(event));
        expect(JSON.parse(JSON.stringify(replayed))).toEqual(
          JSON.parse(JSON.stringify(session.headWorld)),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('step() is pure: the input world is untouched and the result equals a session run', () => {
    fc.assert(
      fc.property(commandSequence, (lines) => {
        let world = initialWorld(5);
        const session = new Session({ seed: 5 });
        for (const line of lines) {
          const before = JSON.stringify(world);
          const result = step(world, line);
          expect(JSON.stringify(world)).toBe(before);
          const record = session.run(line);
          expect(result.stdout).toBe(record.stdout);
          expect(result.exitCode).toBe(record.exitCode);
          world = result.world;
        }
        expect(world).toEqual(session.headWorld);
      }),
      { numRuns: 30 },
    );
  });
});

describe('time travel', () => {
  it('seek(n) equals the world after the first n events, from any snapshot spacing', () => {
    fc.assert(
      fc.property(
        commandSequence,
        fc.integer({ min: 1, max: 40 }),
        fc.nat(),
        (lines, snapshotEvery, pick) => {
          const session = runAll(3, lines, snapshotEvery);
          const n = pick % (session.events.length + 1);
          const expected = initialWorld(3);
          for (const event of session.events.slice(0, n))
            applyEvent(expected, structuredClone(event));
          expect(session.seek(n)).toEqual(JSON.parse(JSON.stringify(expected)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('seeking back and forward reproduces the same states and never changes history', () => {
    fc.assert(
      fc.property(
        commandSequence,
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        (lines, picks) => {
          const session = runAll(9, lines, 16);
          const hash = session.traceHash;
          const eventsBefore = JSON.stringify(session.events);
          const seen = new Map<number, string>();
          for (const value of picks) {
            const n = value % (session.events.length + 1);
            const world = JSON.stringify(session.seek(n));
            if (seen.has(n)) expect(world).toBe(seen.get(n));
            seen.set(n, world);
          }
          expect(session.traceHash).toBe(hash);
          expect(JSON.stringify(session.events)).toBe(eventsBefore);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('stepBack and stepForward move one event at a time and stop at the ends', () => {
    const session = runAll(1, [
      'hv hypervisor install --on host1 --type 1',
      'hv vm create --name vm1 --on host1 --vcpus 2 --memory 4g',
      'hv vm start vm1',
    ]);
    const end = session.events.length;
    expect(session.cursor).toBe(end);
    session.stepBack();
    expect(session.cursor).toBe(end - 1);
    session.seek(0);
    session.stepBack();
    expect(session.cursor).toBe(0);
    expect(Object.keys(session.view().vms)).toEqual([]);
    for (let i = 0; i < end + 3; i++) session.stepForward();
    expect(session.cursor).toBe(end);
    expect(session.view().vms['vm-1']?.state).toBe('running');
  });

  it('shows the VM booting part-way through its start command', () => {
    const session = runAll(1, [
      'hv hypervisor install --on host1 --type 1',
      'hv vm create --name vm1 --on host1 --vcpus 2 --memory 4g',
      'hv vm start vm1',
    ]);
    const kernelPhase = session.events.findIndex(
      (event) => event.kind === 'vm.boot.phase' && event.phase === 'kernel',
    );
    const midBoot = session.seek(kernelPhase + 1);
    expect(midBoot.vms['vm-1']?.state).toBe('booting');
    expect(midBoot.vms['vm-1']?.boot.map((phase) => phase.phase)).toEqual([
      'firmware',
      'bootloader',
      'kernel',
    ]);
  });

  it('running a command while looking at the past appends at the head and keeps everything', () => {
    const session = runAll(1, ['hv host add --name h2 --cpus 4 --memory 8g']);
    const count = session.events.length;
    session.seek(0);
    session.run('hv host add --name h3 --cpus 4 --memory 8g');
    expect(session.events.length).toBeGreaterThan(count);
    expect(Object.values(session.view().hosts).map((host) => host.name)).toEqual([
      'host1',
      'h2',
      'h3',
    ]);
  });

  it('keeps snapshots within their byte budget as the world grows, and seeks stay exact', () => {
    const lines = ['docker pull busybox'];
    for (let i = 0; i < 60; i++) lines.push(`docker run -d --name c${i} busybox sleep 3600`);
    const budgeted = new Session({ seed: 4, snapshotEvery: 1, snapshotBytesPerEvent: 64 });
    const every = new Session({ seed: 4, snapshotEvery: 1, snapshotBytesPerEvent: Infinity });
    for (const line of lines) {
      budgeted.run(line);
      every.run(line);
    }
    const events = budgeted.events.length;
    // Every snapshot but the newest is paid for by the events after it: 64 bytes each.
    const { count, bytes } = budgeted.snapshotStats;
    const newest = JSON.stringify(budgeted.headWorld).length;
    expect(bytes).toBeLessThanOrEqual(64 * events + newest);
    expect(count).toBeLessThan(every.snapshotStats.count / 4);
    for (const n of [0, 1, events >> 2, events >> 1, events - 3, events]) {
      expect(budgeted.worldAt(n)).toEqual(every.worldAt(n));
    }
  });

  it('refuses points outside the trace', () => {
    const session = runAll(1, ['hv ps']);
    expect(() => session.seek(-1)).toThrow(RangeError);
    expect(() => session.seek(session.events.length + 1)).toThrow(RangeError);
  });
});
