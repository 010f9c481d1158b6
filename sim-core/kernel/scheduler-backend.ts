// Which scheduler backend the world measures CPU with. Both agree bit for bit (the
// differential tests prove it), so the choice changes speed, never a result. The TypeScript
// twin is ready at once; hosts that have loaded the WebAssembly module switch to it.
import { tsFactory, type SchedulerFactory } from '../scheduler/index.ts';

let current: SchedulerFactory = tsFactory;

export function schedulerFactory(): SchedulerFactory {
  return current;
}

export function useSchedulerFactory(factory: SchedulerFactory): void {
  current = factory;
}
