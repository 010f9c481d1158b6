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
const DENIED = 'Permission denied';

/** Who is asking: the process's user and group, and whether root's capabilities apply. */
export interface FsCredentials {
  uid: number;
  gid: number;
  /** CAP_DAC_OVERRIDE: ignore permission bits. */
  dacOverride: boolean;
  /** CAP_CHOWN: give files away. */
  chown: boolean;
  /** CAP_FOWNER: act as the owner of any file (the sticky bit, chmod). */
  fowner: boolean;
}

const ROOT_CREDENTIALS: FsCredentials = {
  uid: 0,
  gid: 0,
  dacOverride: true,
  chown: true,
  fowner: true,
};

/** May `who` do `want` (2 write, 1 search) on a node with this mode and owner? */
function permits(
  who: FsCredentials,
  node: { mode: number; uid?: number; gid?: number },
  want: number,
): boolean {
  if (who.dacOverride) return true;
  const shift = (node.uid ?? 0) === who.uid ? 6 : (node.gid ?? 0) === who.gid ? 3 : 0;
  return ((node.mode >> shift) & want) === want;
}

/** A volume mounted in the container: its files, seen at `target`. */
export interface MountedVolume {
  name: string;
  target: string;
  readOnly: boolean;
  files: DeepReadonly<Record<string, UpperEntry>>;
  /** A tmpfs (its files live with the running container) rather than a named volume. */
  tmpfs?: boolean;
  /** A bind mount: the host path its files come from and go back to. */
  bindSource?: string;
}

interface OpenVolume {
  mount: MountedVolume;
  files: Record<string, UpperEntry>;
}

export interface VolumeChange {
  /** The volume's name, or the tmpfs mount point. */
  name: string;
  tmpfs?: boolean;
  path: string;
  entry: UpperEntry | null;
  /** Set for a bind mount: the change is to the host's file under this path. */
  bindSource?: string;
}

/** Owner fields to store: none for root, so image-like entries stay as they were. */
function ownerOf(who: { uid?: number; gid?: number }): { uid?: number; gid?: number } {
  return {
    ...(who.uid ? { uid: who.uid } : {}),
    ...(who.gid ? { gid: who.gid } : {}),
  };
}

export class ContainerFs implements ShellFs {
  readonly changes: FsChange[] = [];
  /** The process the next operations are done for; root until the caller says otherwise. */
  credentials: FsCredentials = ROOT_CREDENTIALS;
  readonly volumeChanges: VolumeChange[] = [];
  private readonly upper: Record<string, UpperEntry>;
  private readonly volumes: OpenVolume[];

  constructor(
    private readonly lowers: OverlayView['lowers'],
    upper: DeepReadonly<Record<string, UpperEntry>>,
    private readonly readOnly: boolean,
    mounts: readonly MountedVolume[] = [],
  ) {
    this.upper = { ...(upper as Record<string, UpperEntry>) };
    this.volumes = mounts.map((mount) => ({
      mount,
      files: { ...(mount.files as Record<string, UpperEntry>) },
    }));
  }

  /** The volume a path lives on, and the path inside it; null when it is in the overlay. */
  private onVolume(path: string): { volume: OpenVolume; inner: string } | null {
    for (const volume of this.volumes) {
      const target = volume.mount.target;
      if (path === target) return { volume, inner: '/' };
      if (path.startsWith(`${target}/`)) return { volume, inner: path.slice(target.length) };
    }
    return null;
  }

  private volumeNode(on: { volume: OpenVolume; inner: string }): DeepReadonly<FileNode> | null {
    // A bind-mounted file is the mount itself; anything else is a directory at the target.
    const bound = on.volume.files['/'];
    if (on.inner === '/') return bound?.kind === 'file' ? bound : { kind: 'dir', mode: 0o755 };
    const entry = on.volume.files[on.inner];
    return entry && entry.kind !== 'whiteout' && entry.kind !== 'opaque'
      ? entry
      : entry?.kind === 'opaque'
        ? { kind: 'dir', mode: entry.mode }
        : null;
  }

  private volumeWrite(
    on: { volume: OpenVolume; inner: string },
    entry: UpperEntry | null,
  ): string | null {
    if (on.volume.mount.readOnly) return READ_ONLY;
    if (entry) on.volume.files[on.inner] = entry;
    else delete on.volume.files[on.inner];
    const bind = on.volume.mount.bindSource;
    this.volumeChanges.push({
      name: on.volume.mount.name,
      path: on.inner,
      entry,
      ...(on.volume.mount.tmpfs ? { tmpfs: true } : {}),
      ...(bind !== undefined ? { bindSource: bind } : {}),
    });
    return null;
  }

  private view(): OverlayView {
    return { lowers: this.lowers, upper: this.upper };
  }

  node(path: string): DeepReadonly<FileNode> | null {
    const on = this.onVolume(path);
    if (on) return this.volumeNode(on);
    const node = lookup(this.view(), path);
    // A mount point shows as a directory even where the image has none.
    if (!node && this.volumes.some((volume) => volume.mount.target.startsWith(`${path}/`)))
      return { kind: 'dir', mode: 0o755 };
    return node;
  }

  list(dir: string): string[] {
    const on = this.onVolume(dir);
    const names = new Set<string>();
    if (on) {
      const prefix = on.inner === '/' ? '/' : `${on.inner}/`;
      for (const path of Object.keys(on.volume.files)) {
        if (
          path.startsWith(prefix) &&
          !path.slice(prefix.length).includes('/') &&
          this.volumeNode({ volume: on.volume, inner: path })
        )
          names.add(path.slice(prefix.length));
      }
    } else {
      for (const name of listDirectory(this.view(), dir)) names.add(name);
      for (const volume of this.volumes) {
        const target = volume.mount.target;
        if (parentOf(target) === dir) names.add(target.slice(dir === '/' ? 1 : dir.length + 1));
      }
    }
    return [...names].sort();
  }

  /**
   * Put a file or directory at `path` as it is (size, mode, content), making missing parents:
   * what a build's COPY/ADD does, which copies nodes rather than writing text through a shell.
   */
  placeNode(path: string, node: DeepReadonly<FileNode>): string | null {
    if (this.readOnly) return READ_ONLY;
    const existing = this.node(path);
    if (node.kind === 'dir') {
      if (existing?.kind === 'dir') return null;
      const error = this.mkdir(path, true);
      return error;
    }
    if (existing?.kind === 'dir') return 'Is a directory';
    const parentError = this.mkdir(parentOf(path), true);
    if (parentError) return parentError;
    this.ensureParents(path);
    this.record(path, structuredClone(node) as FileNode);
    return null;
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
    const on = this.onVolume(path);
    if (on) {
      const existing = this.volumeNode(on);
      if (existing?.kind === 'dir') return { ok: false, reason: 'Is a directory' };
      if (!this.node(parentOf(path))) return { ok: false, reason: 'nonexistent directory' };
      const content = (append && existing?.kind === 'file' ? (existing.content ?? '') : '') + text;
      const error = this.volumeWrite(on, {
        kind: 'file',
        mode: 0o644,
        sizeBytes: byteLength(content),
        content,
      });
      return error ? { ok: false, reason: error } : { ok: true };
    }
    if (this.readOnly) return { ok: false, reason: READ_ONLY };
    const parent = this.node(parentOf(path));
    if (!parent || parent.kind !== 'dir') return { ok: false, reason: 'nonexistent directory' };
    const existing = this.node(path);
    if (existing?.kind === 'dir') return { ok: false, reason: 'Is a directory' };
    // Creating needs write and search on the directory; changing needs write on the file.
    if (
      existing
        ? !permits(this.credentials, existing as FileNode & { mode: number }, 2)
        : !permits(this.credentials, parent, 3)
    )
      return { ok: false, reason: DENIED };
    const fromLower = !this.upper[path] && existing !== null;
    const before = existing?.kind === 'file' ? (existing.content ?? '') : '';
    const content = append ? before + text : text;
    const sizeBytes =
      append && existing?.kind === 'file' && existing.content === null
        ? existing.sizeBytes + byteLength(text)
        : byteLength(content);
    this.ensureParents(path);
    const mode = existing?.kind === 'file' ? existing.mode : 0o644;
    const owner =
      existing?.kind === 'file'
        ? ownerOf(existing)
        : ownerOf({ uid: this.credentials.uid, gid: this.credentials.gid });
    this.record(
      path,
      { kind: 'file', mode, sizeBytes, content, ...owner },
      fromLower && existing?.kind === 'file' ? existing.sizeBytes : undefined,
    );
    return { ok: true };
  }

  mkdir(path: string, parents: boolean): string | null {
    const on = this.onVolume(path);
    if (on) {
      if (this.volumeNode(on)) return parents ? null : 'File exists';
      if (!this.node(parentOf(path))) {
        if (!parents) return 'No such file or directory';
        const error = this.mkdir(parentOf(path), true);
        if (error) return error;
      }
      return this.volumeWrite(on, { kind: 'dir', mode: 0o755 });
    }
    if (this.readOnly) return READ_ONLY;
    const existing = this.node(path);
    if (existing) return parents && existing.kind === 'dir' ? null : 'File exists';
    const parent = this.node(parentOf(path));
    if (!parent) {
      if (!parents) return 'No such file or directory';
      const error = this.mkdir(parentOf(path), true);
      if (error) return error;
    } else if (parent.kind !== 'dir') return 'Not a directory';
    else if (!permits(this.credentials, parent, 3)) return DENIED;
    this.ensureParents(path);
    // A directory that was deleted from a lower layer comes back empty: opaque.
    const wasWhiteout = this.upper[path]?.kind === 'whiteout';
    const owner = ownerOf({ uid: this.credentials.uid, gid: this.credentials.gid });
    this.record(
      path,
      wasWhiteout ? { kind: 'opaque', mode: 0o755 } : { kind: 'dir', mode: 0o755, ...owner },
    );
    return null;
  }

  /**
   * runc makes a mount point that the image lacks (mkdir -p in the root filesystem, before it
   * is made read-only): the directory stays in the writable layer, so docker diff shows it.
   */
  ensureMountPoint(target: string): void {
    if (lookup(this.view(), target)) return;
    this.ensureParents(target);
    this.record(target, { kind: 'dir', mode: 0o755 });
  }

  /** chown(2): a new owner, copied up like any other change; busybox's reason on failure. */
  chown(path: string, uid: number, gid: number | null): string | null {
    const node = this.node(path);
    if (!node) return 'No such file or directory';
    if (this.onVolume(path)) return 'Operation not supported';
    if (!this.credentials.chown) return 'Operation not permitted';
    if (this.readOnly) return READ_ONLY;
    if (node.kind === 'symlink') return null;
    const fromLower = !this.upper[path];
    this.ensureParents(path);
    const owner = ownerOf({ uid, gid: gid ?? node.gid ?? 0 });
    const { uid: _uid, gid: _gid, ...rest } = node as FileNode & { uid?: number; gid?: number };
    this.record(
      path,
      { ...(rest as FileNode), ...owner } as FileNode,
      fromLower && node.kind === 'file' ? node.sizeBytes : undefined,
    );
    return null;
  }

  remove(path: string, recursive: boolean): string | null {
    const on = this.onVolume(path);
    if (on) {
      const node = this.volumeNode(on);
      if (!node || on.inner === '/')
        return node ? 'Device or resource busy' : 'No such file or directory';
      if (node.kind === 'dir' && !recursive) return 'Is a directory';
      for (const inner of Object.keys(on.volume.files).filter((candidate) =>
        candidate.startsWith(`${on.inner}/`),
      )) {
        const error = this.volumeWrite({ volume: on.volume, inner }, null);
        if (error) return error;
      }
      return this.volumeWrite(on, null);
    }
    if (this.readOnly) return READ_ONLY;
    const node = this.node(path);
    if (!node) return 'No such file or directory';
    if (node.kind === 'dir' && !recursive) return 'Is a directory';
    // Unlinking needs write on the directory; with its sticky bit (/tmp), owning the file too.
    const parent = this.node(parentOf(path));
    if (parent?.kind === 'dir') {
      const sticky = (parent.mode & 0o1000) !== 0;
      const owns =
        this.credentials.fowner || ('uid' in node ? (node.uid ?? 0) : 0) === this.credentials.uid;
      if (!permits(this.credentials, parent, 3) || (sticky && !owns)) return DENIED;
    }
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
