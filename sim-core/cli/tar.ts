// `tar` on the learner's client machine, as GNU tar: `tar -cf app.tar [-C DIR] PATH...` packs
// files of the working directory into a ustar archive (which `ADD app.tar /dir` unpacks in a
// build), `tar -tf app.tar` lists one. Paths are stored as given, directories before their files.
import { resolvePath } from '../client/workdir.ts';
import { readTar, toByteString, writeTar, type TarEntry } from '../engine/build/tar-archive.ts';
import type { StepContext } from '../world/context.ts';

function usageError(ctx: StepContext, message: string): number {
  ctx.err(`tar: ${message}\nTry 'tar --help' or 'tar --usage' for more information.`);
  return 2;
}

export function tar(ctx: StepContext, args: string[]): number {
  let mode: 'c' | 't' | null = null;
  let archive: string | null = null;
  let dir = ctx.world.client.cwd;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '-C') {
      const next = args[(i += 1)];
      if (next === undefined) return usageError(ctx, "option requires an argument -- 'C'");
      dir = resolvePath(ctx.world.client.cwd, next);
    } else if (/^-?[ctvf]+$/.test(arg) && (arg.startsWith('-') || i === 0)) {
      for (const letter of arg.replace(/^-/, '')) {
        if (letter === 'c' || letter === 't') {
          if (mode !== null && mode !== letter)
            return usageError(
              ctx,
              "You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option",
            );
          mode = letter;
        } else if (letter === 'f') {
          const next = args[(i += 1)];
          if (next === undefined) return usageError(ctx, "option requires an argument -- 'f'");
          archive = next;
        }
      }
    } else paths.push(arg);
  }
  if (mode === null)
    return usageError(
      ctx,
      "You must specify one of the '-Acdtrux', '--delete' or '--test-label' options",
    );
  if (archive === null)
    return usageError(ctx, 'Refusing to write archive contents to terminal (missing -f option?)');
  const files = ctx.world.client.files;
  if (mode === 't') {
    const content = files[resolvePath(ctx.world.client.cwd, archive)];
    if (content === undefined) {
      ctx.err(
        `tar: ${archive}: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now`,
      );
      return 2;
    }
    const entries = readTar(content);
    if (!entries) {
      ctx.err(
        'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors',
      );
      return 2;
    }
    for (const entry of entries) ctx.out(entry.stored ?? entry.path);
    return 0;
  }
  if (paths.length === 0) return usageError(ctx, 'Cowardly refusing to create an empty archive');
  const entries: TarEntry[] = [];
  let failed = false;
  for (const path of paths) {
    const absolute = resolvePath(dir, path);
    const prefix = path === '.' ? '.' : path.replace(/\/+$/, '');
    const below = Object.keys(files)
      .filter((file) => file.startsWith(`${absolute === '/' ? '' : absolute}/`))
      .sort();
    if (files[absolute] !== undefined) {
      entries.push({
        path: prefix,
        kind: 'file',
        mode: 0o644,
        content: toByteString(files[absolute]),
      });
    } else if (below.length > 0) {
      const dirs = new Set<string>([prefix]);
      for (const file of below) {
        const relative = file.slice(absolute.length + 1);
        const parts = relative.split('/');
        for (let i = 1; i < parts.length; i += 1)
          dirs.add(`${prefix}/${parts.slice(0, i).join('/')}`);
      }
      for (const name of [...dirs].sort())
        entries.push({ path: name, kind: 'dir', mode: 0o755, content: '' });
      for (const file of below)
        entries.push({
          path: `${prefix}/${file.slice(absolute.length + 1)}`,
          kind: 'file',
          mode: 0o644,
          content: toByteString(files[file]!),
        });
    } else {
      ctx.err(`tar: ${path}: Cannot stat: No such file or directory`);
      failed = true;
    }
  }
  ctx.emit({
    kind: 'file.write',
    path: resolvePath(ctx.world.client.cwd, archive),
    content: writeTar(entries),
  });
  if (failed) {
    ctx.err('tar: Exiting with failure status due to previous errors');
    return 2;
  }
  return 0;
}
