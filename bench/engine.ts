// Engine benchmark: how fast containers are created and started through the whole path
// (dockerd, containerd, runc, namespaces, cgroups, overlay, network), what a world of many
// containers weighs, and how long `docker ps -a` takes on it.
import { Session } from '../sim-core/trace/session.ts';

const TARGETS = { containersPerSecond: 5000, memoryMb: 500, psMedianMs: 50 };
const CONTAINERS = 10_000;

function heapMb(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export async function run(): Promise<Record<string, unknown>> {
  const session = new Session({ seed: 11, snapshotEvery: 50_000 });
  session.run('hv host add --name big --cpus 64 --memory 1024g');
  const target = 'docker -H tcp://big:2375';
  session.run(`${target} pull busybox`);
  const heapBefore = heapMb();
  const start = performance.now();
  for (let i = 0; i < CONTAINERS; i++)
    session.run(`${target} run -d --name c${i} busybox sleep 3600`);
  const createMs = performance.now() - start;
  const memoryMb = heapMb() - heapBefore;
  const psMs: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t0 = performance.now();
    session.run(`${target} ps -a -q`);
    psMs.push(performance.now() - t0);
  }
  psMs.sort((a, b) => a - b);
  const perSecond = Math.round((CONTAINERS / createMs) * 1000);
  const psMedianMs = Number(psMs[5]!.toFixed(1));
  return {
    containers: CONTAINERS,
    events: session.events.length,
    containersCreatedAndStartedPerSecond: perSecond,
    memoryMbForWorldAndTrace: Number(memoryMb.toFixed(1)),
    psAllMedianMs: psMedianMs,
    targets: {
      containersPerSecond: {
        target: `>= ${TARGETS.containersPerSecond}`,
        measured: perSecond,
        pass: perSecond >= TARGETS.containersPerSecond,
      },
      memoryMb: {
        target: `< ${TARGETS.memoryMb}`,
        measured: memoryMb,
        pass: memoryMb < TARGETS.memoryMb,
      },
      psMedianMs: {
        target: `< ${TARGETS.psMedianMs}`,
        measured: psMedianMs,
        pass: psMedianMs < TARGETS.psMedianMs,
      },
    },
  };
}
