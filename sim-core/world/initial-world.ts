// The world a session starts from: empty but for one server, `host1`, so a script or a learner
// can begin at once. Its creation is part of the starting state, not of the trace.
import { StepContext } from './context.ts';
import { addHost, type HostRequest } from '../hardware/add-host.ts';
import { GIB } from './units.ts';
import { emptyWorld, type World } from './world.ts';

export const DEFAULT_HOST = {
  name: 'host1',
  cpuCount: 8,
  memoryBytes: 32 * GIB,
  diskBytes: 500 * GIB,
} as const;

/**
 * The starting world; `host` changes the first server (fewer CPUs, cgroup v1) to model a
 * particular machine, as the conformance run models the one its recordings came from.
 */
export function initialWorld(seed: number, host: Partial<HostRequest> = {}): World {
  const world = emptyWorld(seed);
  const ctx = new StepContext(world);
  addHost(ctx, { ...DEFAULT_HOST, ...host });
  return world;
}
