// `docker diff`: what the container's writable layer holds, against its image. A for a path the
// image did not have, C for one it changed (directories that hold a change count as changed),
// D for a whiteout.
import type { DeepReadonly } from '../../world/world.ts';
import type { UpperEntry } from './file-tree.ts';
import { fileSize } from './file-tree.ts';

export interface DiffLine {
  kind: 'A' | 'C' | 'D';
  path: string;
}

export function containerDiff(
  lowers: readonly DeepReadonly<Record<string, UpperEntry>>[],
  upper: DeepReadonly<Record<string, UpperEntry>>,
): DiffLine[] {
  const inImage = (path: string) => lowers.some((layer) => layer[path] !== undefined);
  return Object.keys(upper)
    .sort()
    .map((path) => {
      const entry = upper[path]!;
      if (entry.kind === 'whiteout') return { kind: 'D' as const, path };
      return { kind: inImage(path) ? ('C' as const) : ('A' as const), path };
    });
}

/** The writable layer's size: what `docker ps -s` shows before "(virtual ...)". */
export function upperSizeBytes(upper: DeepReadonly<Record<string, UpperEntry>>): number {
  return Object.values(upper).reduce((sum, entry) => sum + fileSize(entry as UpperEntry), 0);
}
