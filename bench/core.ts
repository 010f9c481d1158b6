// Core benchmark: how fast the simulator steps, hashes and travels in time, and how much memory
// a long session holds. Figures are measured here, never asserted by timed tests.
import { Session } from '../sim-core/trace/session.ts';
import { TraceHasher } from '../sim-core/trace/trace-hash.ts';

const TARGETS = { seekMedianMs: 50, memoryMb: 200 };

/** One lifecycle of a VM and an app: about fifty events of varied kinds. */
function cycle(i: number): string[] {
  const vm = `vm${i}`;
  return [
    `hv vm create --name ${vm} --on host1 --vcpus 2 --memory 2g`,
    `hv vm start ${vm}`,
    `hv app run --on ${vm} --name app${i} --cpu-demand 1 --memory 256m`,
    `hv app run --on host1 --name bare${i} --cpu-demand 2 --memory 128m`,
    'sleep 1',
    `hv app stop bare${i}`,
    `hv vm stop ${vm}`,
    `hv vm rm ${vm}`,
  ];
}

function buildSession(targetEvents: number): {
  session: Session;
  commands: number;
  wallMs: number;
} {
  const session = new Session({ seed: 7 });
  session.run('hv hypervisor install --on host1 --type 1');
  let commands = 1;
  const start = performance.now();
  for (let i = 0; session.events.length < targetEvents; i++) {
    for (const line of cycle(i)) {
      session.run(line);
      commands += 1;
    }
    // A growing world too: a new server every 50 cycles.
    if (i % 50 === 49) {
      session.run(`hv host add --name rack${i} --cpus 16 --memory 64g`);
      commands += 1;
    }
  }
  return { session, commands, wallMs: performance.now() - start };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function heapMb(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export async function run(): Promise<Record<string, unknown>> {
  const heapBefore = heapMb();
  const { session, commands, wallMs } = buildSession(100_000);
  const heapAfter = heapMb();
  const events = session.events.length;

  // Trace hashing alone: re-hash the whole trace.
  const hashStart = performance.now();
  const hasher = new TraceHasher();
  for (const event of session.events) hasher.add(event);
  const hashMs = performance.now() - hashStart;
  const hashBytes = session.events.reduce(
    (sum, event) => sum + JSON.stringify(event).length + 1,
    0,
  );

  // Seek to random points (a fixed LCG so runs are comparable).
  let x = 12345;
  const seekMs: number[] = [];
  for (let i = 0; i < 200; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const point = x % (events + 1);
    const t0 = performance.now();
    session.seek(point);
    seekMs.push(performance.now() - t0);
  }

  const memoryMb = heapAfter - heapBefore;
  const seekMedianMs = median(seekMs);
  return {
    gcExposed: typeof globalThis.gc === 'function',
    commands,
    events,
    stepCommandsPerSecond: Math.round((commands / wallMs) * 1000),
    stepEventsPerSecond: Math.round((events / wallMs) * 1000),
    traceHashEventsPerSecond: Math.round((events / hashMs) * 1000),
    traceHashMegabytesPerSecond: Number(((hashBytes / 2 ** 20 / hashMs) * 1000).toFixed(1)),
    seekMedianMs: Number(seekMedianMs.toFixed(2)),
    seekP95Ms: Number(
      [...seekMs].sort((a, b) => a - b)[Math.floor(seekMs.length * 0.95)]!.toFixed(2),
    ),
    memoryMbFor100kEvents: Number(memoryMb.toFixed(1)),
    targets: {
      seekMedianMs: {
        target: `<= ${TARGETS.seekMedianMs}`,
        measured: seekMedianMs,
        pass: seekMedianMs <= TARGETS.seekMedianMs,
      },
      memoryMb: {
        target: `<= ${TARGETS.memoryMb}`,
        measured: memoryMb,
        pass: memoryMb <= TARGETS.memoryMb,
      },
    },
  };
}
