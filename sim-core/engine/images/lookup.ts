// Finding an image the way dockerd does: by reference (busybox, busybox:latest), by full id,
// or by a unique id prefix (a416a98b71e2).
import { sha256Hex } from '../../trace/sha256.ts';
import type { DeepReadonly } from '../../world/world.ts';
import type { Daemon } from '../daemon.ts';
import { familiarName, parseReference } from '../registry/reference.ts';

export function findImageId(daemon: DeepReadonly<Daemon>, text: string): string | null {
  const parsed = parseReference(text);
  if (parsed.ok) {
    const byTag = daemon.tags[familiarName(parsed.ref)];
    if (byTag) return byTag;
  }
  const hex = text.replace(/^sha256:/, '');
  if (!/^[a-f0-9]{1,64}$/.test(hex)) return null;
  const matches = Object.keys(daemon.images).filter((id) => id.slice(7).startsWith(hex));
  return matches.length === 1 ? matches[0]! : null;
}

export function tagsOf(daemon: DeepReadonly<Daemon>, imageId: string): string[] {
  return Object.entries(daemon.tags)
    .filter(([, id]) => id === imageId)
    .map(([ref]) => ref);
}

/** OCI chain ids: the first layer's is its diff id, each next one hashes the chain so far. */
export function chainIds(diffIds: readonly string[]): string[] {
  const chain: string[] = [];
  for (const diffId of diffIds) {
    const previous = chain[chain.length - 1];
    chain.push(previous === undefined ? diffId : `sha256:${sha256Hex(`${previous} ${diffId}`)}`);
  }
  return chain;
}
