// Names learners give to hosts, VMs and apps. They share one namespace so `hv inspect NAME`
// is never ambiguous, and follow Docker's rule for container names.
import { UserError } from './user-error.ts';
import type { DeepReadonly, World } from './world.ts';

export type NamedEntity =
  { kind: 'host'; id: string } | { kind: 'vm'; id: string } | { kind: 'app'; id: string };

const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function checkNewName(world: DeepReadonly<World>, name: string): void {
  if (!VALID_NAME.test(name) || name.length > 63) {
    throw new UserError(
      `invalid name "${name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, at most 63 characters`,
      125,
    );
  }
  const existing = findByName(world, name);
  if (existing)
    throw new UserError(
      `Conflict. The name "${name}" is already in use by ${existing.kind} ${existing.id}.`,
    );
}

export function findByName(world: DeepReadonly<World>, name: string): NamedEntity | null {
  const found = Object.hasOwn(world.names, name) ? world.names[name] : undefined;
  return found ? { kind: found.kind, id: found.id } : null;
}

export function hostByName(world: DeepReadonly<World>, name: string) {
  const found = findByName(world, name);
  const host = found?.kind === 'host' ? world.hosts[found.id] : undefined;
  if (!host) throw new UserError(`No such host: ${name}`);
  return host;
}

export function vmByName(world: DeepReadonly<World>, name: string) {
  const found = findByName(world, name);
  const vm = found?.kind === 'vm' ? world.vms[found.id] : undefined;
  if (!vm) throw new UserError(`No such VM: ${name}`);
  return vm;
}
