// The WebAssembly build and the TypeScript twin must agree bit for bit: the same random
// workload gives the same per-task runtime, the same cgroup cpu.stat (usage and
// throttling) and the same event-trace hash in both. A learner switching backends (or a
// browser without WebAssembly) must never see a different number.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tsFactory, type SchedulerFactory } from '../../sim-core/scheduler/load.ts';
import { loadNodeSchedulerFactory } from '../../sim-core/scheduler/load-node.ts';
import { replay, workloadArbitrary, type Workload } from './workload.ts';

const RUNS = 1000;

function outcome(factory: SchedulerFactory, w: Workload) {
  const s = factory.create({ cpus: w.cpus, tickNs: w.tickNs, seed: w.seed });
  try {
    return replay(s, w);
  } finally {
    s.dispose();
  }
}

describe('WASM and TypeScript schedulers agree', () => {
  it(`give identical runtimes, cpu.stat and trace hashes on ${RUNS} random workloads`, async () => {
    const wasm = await loadNodeSchedulerFactory('wasm');
    let events = 0;
    let throttledRuns = 0;
    fc.assert(
      fc.property(workloadArbitrary, (w) => {
        const fromWasm = outcome(wasm, w);
        const fromTs = outcome(tsFactory, w);
        expect(fromWasm).toEqual(fromTs);
        events += fromWasm.events;
        if (fromWasm.groups.some((g) => g.nrThrottled > 0)) throttledRuns += 1;
      }),
      { numRuns: RUNS },
    );
    // The workloads must actually exercise the scheduler, throttling included.
    expect(events).toBeGreaterThan(RUNS * 10);
    expect(throttledRuns).toBeGreaterThan(RUNS / 50);
  });
});
