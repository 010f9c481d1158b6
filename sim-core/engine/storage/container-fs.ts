// A container's filesystem while a command runs in it: reads see the merged view, writes go to
// the upper layer. The first write to a file from a lower layer copies it up whole (the
// copy-on-write cost overlay2 pays); deleting a lower file leaves a whiteout. Changes are
// collected and then emitted as events, so the world changes only through the reducer.
import type { FileStat, ShellFs } from '../../userland/shell/index.ts';
import type { DeepReadonly } from '../../world/world.ts';
import { byteLength, isUnder, parentOf, type FileNode, type UpperEntry } from './file-tree.ts';
import { listDirectory, lookup, lowerNode, type OverlayView } from './overlay.ts';

export interface FsChange {
  path: string;
  /** null: the upper entry goes away (a file created and deleted in the same container). */
  entry: UpperEntry | null;
  /** Set when this change copied a lower file up first. */
  copiedUpBytes?: number;
}

const READ_ONLY = 'Read-only file system';

export class ContainerFs implements ShellFs {
  readonly changes: FsChange[] = [];
  private readonly upper: Record<string, UpperEntry>;

  constructor(
    private readonly lowers: OverlayView['lowers'],
    upper: DeepReadonly<Record<string, UpperEntry>>,
    private readonly readOnly: boolean,
  ) {
    this.upper = { ...(upper as Record<string, UpperEntry>) };
  }

  private view(): OverlayView {
    return { lowers: this.lowers, upper: this.upper };
  }

  node(path: string): DeepReadonly<FileNode> | null {
    return lookup(this.view(), path);
  }

  list(dir: string): string[] {
    return listDirectory(this.view(), dir);
  }

  private record(path: string, entry: UpperEntry | null, copiedUpBytes?: number): void {
    if (entry) this.upper[path] = entry;
    else delete this.upper[path];
    this.changes.push({ path, entry, ...(copiedUpBytes !== undefined ? { copiedUpBytes } : {}) });
  }

  /** Parent directories of a changed path exist in the upper layer too (that is what diff shows as C). */
  private ensureParents(path: string): void {
    const chain: string[] = [];
    for (let at = parentOf(path); at !== '/'; at = parentOf(at)) chain.unshift(at);
    for (const dir of chain) {
      if (this.upper[dir]) continue;
      const below = lowerNode(this.view(), dir);
      this.record(dir, { kind: 'dir', mode: below?.kind === 'dir' ? below.mode : 0o755 });
    }
  }

  stat(path: string): FileStat | null {
    const node = this.node(path);
    if (!node) return null;
    return {
      kind: node.kind === 'dir' ? 'directory' : node.kind === 'file' ? 'file' : 'other',
      sizeBytes: node.kind === 'file' ? node.sizeBytes : 0,
      executable: node.kind !== 'file' || (node.mode & 0o111) !== 0,
      readable: true,
      writable: !this.readOnly,
      symlink: node.kind === 'symlink',
    };
  }

  readFile(path: string): { ok: true; text: string } | { ok: false; reason: string } {
    const node = this.node(path);
    if (!node) return { ok: false, reason: 'No such file or directory' };
    if (node.kind === 'dir') return { ok: false, reason: 'Is a directory' };
    if (node.kind === 'symlink') return { ok: true, text: '' };
    // Files from the catalogue carry a size but no text: their bytes are not modelled.
    return { ok: true, text: node.content ?? '' };
  }

  writeFile(
    path: string,
    text: string,
    append: boolean,
  ): { ok: true } | { ok: false; reason: string } {
    if (this.readOnly) return { ok: false, reason: READ_ONLY };
    const parent = this.node(parentOf(path));
    if (!parent || parent.kind !== 'dir') return { ok: false, reason: 'nonexistent directory' };
    const existing = this.node(path);
    if (existing?.kind === 'dir') return { ok: false, reason: 'Is a directory' };
    const fromLower = !this.upper[path] && existing !== null;
    const before = existing?.kind === 'file' ? (existing.content ?? '') : '';
    const content = append ? before + text : text;
    const sizeBytes =
      append && existing?.kind === 'file' && existing.content === null
        ? existing.sizeBytes + byteLength(text)
        : byteLength(content);
    this.ensureParents(path);
    const mode = existing?.kind === 'file' ? existing.mode : 0o644;
    this.record(
      path,
      { kind: 'file', mode, sizeBytes, content },
      fromLower && existing?.kind === 'file' ? existing.sizeBytes : undefined,
    );
    return { ok: true };
  }

  mkdir(path: string, parents: boolean): string | null {
    if (this.readOnly) return READ_ONLY;
    const existing = this.node(path);
    if (existing) return parents && existing.kind === 'dir' ? null : 'File exists';
    const parent = this.node(parentOf(path));
    if (!parent) {
      if (!parents) return 'No such file or directory';
      const error = this.mkdir(parentOf(path), true);
      if (error) return error;
    } else if (parent.kind !== 'dir') return 'Not a directory';
    this.ensureParents(path);
    // A directory that was deleted from a lower layer comes back empty: opaque.
    const wasWhiteout = this.upper[path]?.kind === 'whiteout';
    this.record(path, wasWhiteout ? { kind: 'opaque', mode: 0o755 } : { kind: 'dir', mode: 0o755 });
    return null;
  }

  remove(path: string, recursive: boolean): string | null {
    if (this.readOnly) return READ_ONLY;
    const node = this.node(path);
    if (!node) return 'No such file or directory';
    if (node.kind === 'dir' && !recursive) return 'Is a directory';
    if (node.kind === 'dir') {
      for (const child of Object.keys(this.upper).filter((candidate) => isUnder(candidate, path)))
        this.record(child, null);
    }
    this.ensureParents(path);
    if (lowerNode(this.view(), path)) this.record(path, { kind: 'whiteout' });
    else this.record(path, null);
    return null;
  }
}
