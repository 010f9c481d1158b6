// The World: everything the simulator knows, as plain serialisable data. Entities live in
// insertion-ordered records keyed by stable ids, so iteration order never depends on the
// machine. The only way a world changes is an event applied by a reducer (world/apply-event.ts).
import type { App } from '../apps/app.ts';
import type { Daemon } from '../engine/daemon.ts';
import { HOME_DIR, type ClientWorkdir } from '../client/workdir.ts';
import type { Host } from '../hardware/host.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { Hypervisor } from '../virt/hypervisor.ts';
import type { Vm } from '../virt/vm.ts';
import { seedRng, type RngState } from './rng.ts';

export const WORLD_SCHEMA_VERSION = 1;

export interface World {
  schema: number;
  seed: number;
  rng: RngState;
  clockNs: number;
  /** Per kind, how many ids have been handed out: ids are `${kind}-${n}` and never reused. */
  counters: Record<string, number>;
  hosts: Record<string, Host>;
  kernels: Record<string, Kernel>;
  hypervisors: Record<string, Hypervisor>;
  vms: Record<string, Vm>;
  apps: Record<string, App>;
  /** Docker Engines, one per host that runs one. */
  daemons: Record<string, Daemon>;
  /** Name -> entity, for hosts, VMs and apps (one shared namespace); kept by the reducer. */
  names: Record<string, { kind: 'host' | 'vm' | 'app'; id: string }>;
  client: ClientWorkdir;
  /** Exit code of the last command, as `$?`. */
  lastExitCode: number;
}

export function emptyWorld(seed: number): World {
  return {
    schema: WORLD_SCHEMA_VERSION,
    seed,
    rng: seedRng(seed),
    clockNs: 0,
    counters: {},
    hosts: {},
    kernels: {},
    hypervisors: {},
    vms: {},
    apps: {},
    daemons: {},
    names: {},
    client: { cwd: HOME_DIR, files: {} },
    lastExitCode: 0,
  };
}

/** The id the next entity of `kind` will get. Reading it changes nothing. */
export function peekId(
  world: { readonly counters: { readonly [kind: string]: number } },
  kind: string,
): string {
  return `${kind}-${(world.counters[kind] ?? 0) + 1}`;
}

/** A deep copy. Worlds are plain data, so structured cloning is exact. */
export function cloneWorld(world: World): World {
  return structuredClone(world);
}

export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
