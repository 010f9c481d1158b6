// The container's filesystem as its processes see it: the overlay root with the kernel's
// pseudo filesystems mounted over it (procfs at /proc, sysfs and the cgroup mounts under /sys).
// Their files come from the ProcView, their directories are the paths leading to them, and they
// cannot be written: Docker mounts /sys read-only, and /proc's files here are the read-only ones.
import type { FileStat, ShellFs } from '../../userland/shell/index.ts';
import { parentOf } from '../storage/file-tree.ts';
import type { ProcView } from './proc-view.ts';

const PSEUDO_ROOTS = ['/proc', '/sys'];

function underPseudo(path: string): boolean {
  return PSEUDO_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));
}

export class KernelFiles implements ShellFs {
  private readonly dirs = new Set<string>();

  constructor(
    private readonly proc: ProcView,
    private readonly fs: ShellFs | null,
  ) {
    for (const path of [...Object.keys(proc.files), ...Object.keys(proc.links)])
      for (let at = parentOf(path); at !== '/'; at = parentOf(at)) this.dirs.add(at);
  }

  /** A pseudo file's text, or undefined for a path the kernel does not provide. */
  pseudo(path: string): string | undefined {
    return Object.hasOwn(this.proc.files, path) ? this.proc.files[path] : undefined;
  }

  isDir(path: string): boolean {
    return this.dirs.has(path);
  }

  /** Names in a pseudo directory, sorted. */
  list(dir: string): string[] {
    const prefix = `${dir}/`;
    const names = new Set<string>();
    for (const path of [
      ...Object.keys(this.proc.files),
      ...Object.keys(this.proc.links),
      ...this.dirs,
    ])
      if (path.startsWith(prefix)) names.add(path.slice(prefix.length).split('/')[0]!);
    return [...names].sort();
  }

  stat(path: string): FileStat | null {
    const text = this.pseudo(path);
    const base = { executable: false, readable: true, writable: false, symlink: false };
    if (text !== undefined) return { ...base, kind: 'file', sizeBytes: 0 };
    if (this.dirs.has(path)) return { ...base, kind: 'directory', sizeBytes: 0, executable: true };
    if (Object.hasOwn(this.proc.links, path))
      return { ...base, kind: 'other', sizeBytes: 0, symlink: true };
    if (underPseudo(path) && !this.fs?.stat(path)) return null;
    return this.fs?.stat(path) ?? null;
  }

  readFile(path: string): { ok: true; text: string } | { ok: false; reason: string } {
    const text = this.pseudo(path);
    if (text !== undefined) return { ok: true, text };
    if (this.dirs.has(path)) return { ok: false, reason: 'Is a directory' };
    return this.fs?.readFile(path) ?? { ok: false, reason: 'No such file or directory' };
  }

  writeFile(
    path: string,
    text: string,
    append: boolean,
  ): { ok: true } | { ok: false; reason: string } {
    if (this.pseudo(path) !== undefined || this.dirs.has(path) || path.startsWith('/sys/'))
      return { ok: false, reason: 'Read-only file system' };
    return this.fs?.writeFile(path, text, append) ?? { ok: false, reason: 'Read-only file system' };
  }
}
