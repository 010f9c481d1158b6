// Files as the overlay filesystem stores them: each layer is a tree of paths; a container's
// writable (upper) layer also holds whiteouts (a file deleted from a lower layer) and opaque
// directories (a directory replaced as a whole). Plain data, so it lives in the world.

// Owners are numeric, as the kernel keeps them; absent means root (0), as for image files.
export type FileNode =
  | { kind: 'dir'; mode: number; uid?: number; gid?: number }
  | {
      kind: 'file';
      mode: number;
      sizeBytes: number;
      content: string | null;
      uid?: number;
      gid?: number;
    }
  | { kind: 'symlink'; target: string };

export type UpperEntry = FileNode | { kind: 'whiteout' } | { kind: 'opaque'; mode: number };

export type FileTree = Record<string, FileNode>;

export function normalizePath(path: string, cwd = '/'): string {
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function isUnder(path: string, dir: string): boolean {
  return dir === '/' ? path !== '/' : path.startsWith(`${dir}/`);
}

/** Text size in bytes (UTF-8), as a file holding it would have. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function fileSize(node: FileNode | UpperEntry | undefined): number {
  return node?.kind === 'file' ? node.sizeBytes : 0;
}
