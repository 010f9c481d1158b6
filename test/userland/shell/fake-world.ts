// A fake container for shell tests: an in-memory filesystem and a few programs, standing in for
// the simulated busybox tools and overlay filesystem the engine will supply.
import type {
  FileStat,
  Program,
  ProgramTable,
  ShellFs,
} from '../../../sim-core/userland/shell/index.ts';

export interface FakeFs extends ShellFs {
  files: Map<string, string>;
  directories: Set<string>;
}

const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';

export function fakeFs(
  directories: string[] = ['/', '/work', '/tmp'],
  files: Record<string, string> = {},
): FakeFs {
  const state = { files: new Map(Object.entries(files)), directories: new Set(directories) };
  const stat = (path: string): FileStat | null => {
    const base = { executable: false, readable: true, writable: true, symlink: false };
    if (state.directories.has(path))
      return { kind: 'directory', sizeBytes: 4096, ...base, executable: true };
    const text = state.files.get(path);
    return text === undefined ? null : { kind: 'file', sizeBytes: text.length, ...base };
  };
  return {
    ...state,
    stat,
    readFile: (path) => {
      const text = state.files.get(path);
      return text === undefined ? { ok: false, reason: 'no such file' } : { ok: true, text };
    },
    writeFile: (path, text, append) => {
      if (!state.directories.has(parentOf(path)))
        return { ok: false, reason: 'nonexistent directory' };
      if (state.directories.has(path)) return { ok: false, reason: 'Is a directory' };
      state.files.set(path, (append ? (state.files.get(path) ?? '') : '') + text);
      return { ok: true };
    },
  };
}

/** busybox cat over the fake filesystem: files named on the command line, else stdin. */
export function fakeCat(fs: FakeFs): Program {
  return ({ argv, stdin, cwd }) => {
    if (argv.length === 1) return { exitCode: 0, stdout: stdin };
    let stdout = '';
    let stderr = '';
    for (const name of argv.slice(1)) {
      const text = fs.files.get(name.startsWith('/') ? name : `${cwd === '/' ? '' : cwd}/${name}`);
      if (text === undefined) stderr += `cat: can't open '${name}': No such file or directory\n`;
      else stdout += text;
    }
    return { exitCode: stderr ? 1 : 0, stdout, stderr, stdinConsumed: false };
  };
}

export function fakePrograms(fs: FakeFs, extra: Record<string, Program> = {}): ProgramTable {
  return { cat: fakeCat(fs), ...extra };
}
