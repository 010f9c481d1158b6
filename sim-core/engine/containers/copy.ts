// docker cp inside dockerd: the archive endpoints read a path out of a container's merged
// filesystem (GET /containers/ID/archive) or unpack files into it (PUT). Both work on a stopped
// container too, since its writable layer stays on disk. What goes in lands in the writable
// layer like any other write (a copy-up for a file the image had, parents marked changed), so
// docker diff shows it; under a volume it goes to the volume.
import type { StepContext } from '../../world/context.ts';
import { commitFsChanges, containerFs } from '../storage/commit-changes.ts';
import { byteLength, parentOf } from '../storage/file-tree.ts';

/** One file of a copied tree, by its path relative to the tree's root ('' for a lone file). */
export interface CopiedFile {
  relPath: string;
  content: string;
  sizeBytes: number;
}

export interface CopiedTree {
  isDir: boolean;
  /** Directories below the root, relative ('a', 'a/b'), parents first. */
  dirs: string[];
  files: CopiedFile[];
}

export type PathKind = 'dir' | 'file' | 'other';

/** HEAD /containers/ID/archive: what is at `path` in the container, or null. */
export function statContainerPath(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  path: string,
): PathKind | null {
  const node = containerFs(ctx, daemonId, containerId).node(path);
  if (!node) return null;
  return node.kind === 'dir' ? 'dir' : node.kind === 'file' ? 'file' : 'other';
}

/** GET /containers/ID/archive?path=...: the file, or the directory and everything under it. */
export function readContainerTree(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  path: string,
): CopiedTree | null {
  const fs = containerFs(ctx, daemonId, containerId);
  const root = fs.node(path);
  if (!root) return null;
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'GET',
    path: `/v1.41/containers/${containerId}/archive?path=${path}`,
    status: 200,
  });
  if (root.kind === 'file')
    return {
      isDir: false,
      dirs: [],
      files: [{ relPath: '', content: root.content ?? '', sizeBytes: root.sizeBytes }],
    };
  const tree: CopiedTree = { isDir: true, dirs: [], files: [] };
  const walk = (dir: string, rel: string) => {
    for (const name of fs.list(dir)) {
      const full = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const relPath = rel === '' ? name : `${rel}/${name}`;
      const node = fs.node(full);
      if (node?.kind === 'dir') {
        tree.dirs.push(relPath);
        walk(full, relPath);
      } else if (node?.kind === 'file')
        tree.files.push({ relPath, content: node.content ?? '', sizeBytes: node.sizeBytes });
    }
  };
  if (root.kind === 'dir') walk(path, '');
  return tree;
}

/** Why a PUT failed: the extraction directory is missing (404), or dockerd's message. */
export type WriteError = { kind: 'not-found'; path: string } | { kind: 'refused'; message: string };

/**
 * PUT /containers/ID/archive: unpack `tree` so that its root becomes `target` (a file, or a
 * directory holding the tree). Returns dockerd's error, or null once every change is applied.
 */
export function writeContainerTree(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  target: string,
  tree: CopiedTree,
): WriteError | null {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  const fs = containerFs(ctx, daemonId, containerId);
  const extractionPoint = fs.node(parentOf(target));
  // dockerd: "Could not find the file ... in container ...", which the CLI reports as a 404.
  if (!extractionPoint) return { kind: 'not-found', path: parentOf(target) };
  const refused = (message: string): WriteError => ({ kind: 'refused', message });
  if (extractionPoint.kind !== 'dir') return refused('extraction point is not a directory');
  if (container.hostConfig.readOnlyRootfs) return refused('container rootfs is marked read-only');
  const failed = (reason: string | null) =>
    reason === null ? null : refused(`Error extracting tar: ${reason}`);
  const join = (rel: string) => (rel === '' ? target : `${target}/${rel}`);
  if (tree.isDir) {
    for (const rel of ['', ...tree.dirs]) {
      if (fs.node(join(rel))?.kind === 'dir') continue;
      const error = failed(fs.mkdir(join(rel), false));
      if (error) return error;
    }
  }
  for (const file of tree.files) {
    const written = fs.writeFile(join(file.relPath), file.content, false);
    if (!written.ok) return refused(`Error extracting tar: ${written.reason}`);
  }
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'PUT',
    path: `/v1.41/containers/${containerId}/archive?path=${parentOf(target)}`,
    status: 200,
  });
  commitFsChanges(ctx, daemonId, containerId, fs);
  return null;
}

/** A tree of client files (text) as docker cp packs them. */
export function treeOfTexts(isDir: boolean, dirs: string[], texts: [string, string][]): CopiedTree {
  return {
    isDir,
    dirs,
    files: texts.map(([relPath, content]) => ({
      relPath,
      content,
      sizeBytes: byteLength(content),
    })),
  };
}
