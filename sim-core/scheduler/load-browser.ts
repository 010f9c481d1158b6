// Browser and Web Worker loader: Vite serves the .wasm as an asset and fetch brings it in.
import wasmUrl from '../../wasm/pkg/hypervisual_scheduler_bg.wasm?url';
import type { SchedulerBackendName } from './cpu-scheduler.ts';
import { loadSchedulerFactory, type SchedulerFactory } from './load.ts';

export function loadBrowserSchedulerFactory(
  backend: SchedulerBackendName = 'wasm',
): Promise<SchedulerFactory> {
  return loadSchedulerFactory(backend, async () => fetch(wasmUrl));
}
