// Creating a scheduler, in the browser, in a Web Worker or in Node: WebAssembly by
// default, the TypeScript twin on request (or where WebAssembly is unavailable and the
// caller allows the fallback). Browser-safe: the .wasm arrives as bytes, a Response, a URL
// or a compiled module from the caller (see load-browser.ts for Vite, load-node.ts for Node).
import { instantiate } from '../../wasm/pkg/hypervisual_scheduler.js';
import type { CpuScheduler, SchedulerBackendName, SchedulerOptions } from './cpu-scheduler.ts';
import { TsCpuScheduler } from './ts-backend.ts';
import { WasmCpuScheduler, type SchedulerExports } from './wasm-backend.ts';

export type WasmSource = BufferSource | WebAssembly.Module | Response | URL | string;

/** A factory for schedulers sharing one instantiated module (or none, for the twin). */
export interface SchedulerFactory {
  readonly backend: SchedulerBackendName;
  create(options: SchedulerOptions): CpuScheduler;
}

export async function instantiateScheduler(source: WasmSource): Promise<SchedulerExports> {
  return instantiate(source);
}

export function wasmFactory(exports: SchedulerExports): SchedulerFactory {
  return { backend: 'wasm', create: (options) => new WasmCpuScheduler(exports, options) };
}

export const tsFactory: SchedulerFactory = {
  backend: 'ts',
  create: (options) => new TsCpuScheduler(options),
};

/** Picks the backend: the twin when asked for 'ts', WebAssembly from `source` otherwise. */
export async function loadSchedulerFactory(
  backend: SchedulerBackendName,
  source: () => Promise<WasmSource>,
): Promise<SchedulerFactory> {
  if (backend === 'ts') return tsFactory;
  return wasmFactory(await instantiateScheduler(await source()));
}
