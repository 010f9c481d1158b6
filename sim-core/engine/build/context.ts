// The build context: the files under the directory given to `docker build`, sent to the
// daemon as a tar stream. Its size is the tar's: a 512-byte header per file and per directory,
// the content padded to 512 bytes, and two empty blocks at the end, which is the figure the CLI
// prints (a Dockerfile and a 29-byte note.txt: 3 x 1024 = "3.072kB").
import { byteLength } from '../storage/file-tree.ts';

export interface BuildContext {
  dir: string;
  /** Path relative to the context dir -> content. */
  files: Record<string, string>;
}

export function readContext(
  clientFiles: Readonly<Record<string, string>>,
  dir: string,
): BuildContext {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const files: Record<string, string> = {};
  for (const [path, content] of Object.entries(clientFiles)) {
    if (path.startsWith(prefix)) files[path.slice(prefix.length)] = content;
  }
  return { dir, files };
}

export function contextTarBytes(context: BuildContext): number {
  const block = 512;
  let total = 2 * block;
  const dirs = new Set<string>();
  for (const [path, content] of Object.entries(context.files)) {
    total += block + Math.ceil(byteLength(content) / block) * block;
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i += 1) dirs.add(parts.slice(0, i).join('/'));
  }
  return total + dirs.size * block;
}

/** go-units HumanSize (four significant digits, base 1000), as "Sending build context" shows it. */
export function humanSizeFour(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${Number(value.toPrecision(4))}${units[unit]}`;
}
