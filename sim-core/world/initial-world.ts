// The world a session starts from: empty but for one server, `host1`, so a script or a learner
// can begin at once. Its creation is part of the starting state, not of the trace.
import { StepContext } from './context.ts';
import { addHost } from '../hardware/add-host.ts';
import { GIB } from './units.ts';
import { emptyWorld, type World } from './world.ts';

export const DEFAULT_HOST = {
  name: 'host1',
  cpuCount: 8,
  memoryBytes: 32 * GIB,
  diskBytes: 500 * GIB,
} as const;

export function initialWorld(seed: number): World {
  const world = emptyWorld(seed);
  const ctx = new StepContext(world);
  addHost(ctx, { ...DEFAULT_HOST });
  return world;
}
