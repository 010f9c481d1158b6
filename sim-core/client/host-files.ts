// The filesystem of the machine the learner's client runs on, as far as the simulator models
// it: the files the client wrote (heredocs, docker cp) and the directories that hold them,
// plus the directories above the working directory. A bind mount shows a part of it inside a
// container; what the container writes there lands back in these files.
import type { UpperEntry } from '../engine/storage/file-tree.ts';
import { byteLength } from '../engine/storage/file-tree.ts';
import type { ClientWorkdir } from './workdir.ts';

type Files = Readonly<ClientWorkdir['files']>;

/** What is at `path` on the client's machine: a file, a directory, or nothing. */
export function hostPathKind(
  client: Readonly<{ cwd: string; files: Files }>,
  path: string,
): 'file' | 'dir' | null {
  if (client.files[path] !== undefined) return 'file';
  if (path === '/' || client.cwd === path || client.cwd.startsWith(`${path}/`)) return 'dir';
  const prefix = `${path}/`;
  return Object.keys(client.files).some((file) => file.startsWith(prefix)) ? 'dir' : null;
}

/**
 * The tree under `source` as a mount shows it: paths relative to the mount ("/a/b"), with the
 * directories that hold files; a bound file is the entry at "/".
 */
export function hostTree(files: Files, source: string): Record<string, UpperEntry> {
  const tree: Record<string, UpperEntry> = {};
  const text = files[source];
  if (text !== undefined) {
    tree['/'] = { kind: 'file', mode: 0o644, sizeBytes: byteLength(text), content: text };
    return tree;
  }
  const prefix = source === '/' ? '/' : `${source}/`;
  for (const [path, content] of Object.entries(files)) {
    if (!path.startsWith(prefix)) continue;
    const inner = `/${path.slice(prefix.length)}`;
    tree[inner] = { kind: 'file', mode: 0o644, sizeBytes: byteLength(content), content };
    for (let cut = inner.lastIndexOf('/'); cut > 0; cut = inner.lastIndexOf('/', cut - 1))
      tree[inner.slice(0, cut)] ??= { kind: 'dir', mode: 0o755 };
  }
  return tree;
}

/** The client path a mount's inner path stands for. */
export function hostPathOf(source: string, inner: string): string {
  if (inner === '/') return source;
  return source === '/' ? inner : `${source}${inner}`;
}
