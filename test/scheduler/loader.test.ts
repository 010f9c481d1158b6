// The loader: WebAssembly by default, the TypeScript twin on request, and every way a page
// or a Web Worker hands over the .wasm (bytes, a fetch Response, a compiled module).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadSchedulerFactory } from '../../sim-core/scheduler/load.ts';
import { loadNodeSchedulerFactory, wasmFileUrl } from '../../sim-core/scheduler/load-node.ts';

function runOneSecond(
  create: (o: { cpus: number }) => import('../../sim-core/scheduler/cpu-scheduler.ts').CpuScheduler,
) {
  const s = create({ cpus: 2 });
  s.addTask(0);
  s.addTask(0, { nice: 5 });
  s.advance(1_000_000_000);
  return [s.eventCount(), s.traceHash()];
}

describe('loading the scheduler', () => {
  it('uses WebAssembly by default in Node', async () => {
    const factory = await loadNodeSchedulerFactory();
    expect(factory.backend).toBe('wasm');
    expect(factory.create({ cpus: 1 }).backend).toBe('wasm');
  });

  it('gives the TypeScript twin on request without touching the .wasm', async () => {
    let asked = false;
    const factory = await loadSchedulerFactory('ts', async () => {
      asked = true;
      return new Uint8Array();
    });
    expect(factory.backend).toBe('ts');
    expect(asked).toBe(false);
  });

  it('accepts a fetch Response (the browser path) and a compiled module (a Worker message)', async () => {
    const bytes = await readFile(wasmFileUrl);
    const viaResponse = await loadSchedulerFactory(
      'wasm',
      async () => new Response(bytes, { headers: { 'content-type': 'application/wasm' } }),
    );
    const module = await WebAssembly.compile(bytes);
    const viaModule = await loadSchedulerFactory('wasm', async () => module);
    const twin = await loadSchedulerFactory('ts', async () => bytes);
    const expected = runOneSecond(twin.create);
    expect(runOneSecond(viaResponse.create)).toEqual(expected);
    expect(runOneSecond(viaModule.create)).toEqual(expected);
  });
});
