// Node loader (tests, the headless runner, benchmarks): reads the committed .wasm from disk.
// Not for the browser: it imports node:fs.
import { readFile } from 'node:fs/promises';
import type { SchedulerBackendName } from './cpu-scheduler.ts';
import { loadSchedulerFactory, type SchedulerFactory } from './load.ts';

export const wasmFileUrl = new URL('../../wasm/pkg/hypervisual_scheduler_bg.wasm', import.meta.url);

export function loadNodeSchedulerFactory(
  backend: SchedulerBackendName = 'wasm',
): Promise<SchedulerFactory> {
  return loadSchedulerFactory(backend, () => readFile(wasmFileUrl));
}
