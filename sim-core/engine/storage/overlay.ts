// overlay2's merged view: a path is looked up in the writable upper layer first, then in each
// read-only lower layer from the top down. A whiteout in the upper layer hides a lower file (a
// deletion); an opaque directory hides everything the lowers had below it (a replacement).
import type { DeepReadonly } from '../../world/world.ts';
import { isUnder, parentOf, type FileNode, type UpperEntry } from './file-tree.ts';

export interface OverlayView {
  /** Image layers, topmost first. */
  lowers: readonly DeepReadonly<Record<string, UpperEntry>>[];
  upper: DeepReadonly<Record<string, UpperEntry>>;
}

function ancestors(path: string): string[] {
  const chain: string[] = [];
  for (let at = parentOf(path); at !== '/'; at = parentOf(at)) chain.unshift(at);
  return chain;
}

/** What the lowers have at `path`, unless the upper layer hides it. */
export function lowerNode(view: OverlayView, path: string): DeepReadonly<FileNode> | null {
  for (const dir of ancestors(path)) {
    const entry = view.upper[dir];
    if (
      entry?.kind === 'whiteout' ||
      entry?.kind === 'opaque' ||
      entry?.kind === 'file' ||
      entry?.kind === 'symlink'
    )
      return null;
  }
  for (const layer of view.lowers) {
    const node = layer[path];
    if (!node) continue;
    // A layer built by a step that deleted the path hides it from the layers below.
    if (node.kind === 'whiteout') return null;
    if (node.kind === 'opaque') return { kind: 'dir', mode: node.mode };
    return node;
  }
  return null;
}

export function lookup(view: OverlayView, path: string): DeepReadonly<FileNode> | null {
  if (path === '/') return { kind: 'dir', mode: 0o755 };
  const entry = view.upper[path];
  if (entry) {
    if (entry.kind === 'whiteout') return null;
    if (entry.kind === 'opaque') return { kind: 'dir', mode: entry.mode };
    return entry;
  }
  // A whiteout or replaced directory above hides the lowers; a dir created in upper does not.
  for (const dir of ancestors(path)) {
    const above = view.upper[dir];
    if (above?.kind === 'whiteout' || above?.kind === 'file' || above?.kind === 'symlink')
      return null;
  }
  return lowerNode(view, path);
}

/** Names directly inside `dir`, as `ls` lists them. */
export function listDirectory(view: OverlayView, dir: string): string[] {
  const names = new Set<string>();
  const consider = (path: string) => {
    if (!isUnder(path, dir)) return;
    const rest = path.slice(dir === '/' ? 1 : dir.length + 1);
    if (rest.includes('/')) return;
    if (lookup(view, path)) names.add(rest);
  };
  for (const path of Object.keys(view.upper)) consider(path);
  for (const layer of view.lowers) for (const path of Object.keys(layer)) consider(path);
  return [...names].sort();
}
