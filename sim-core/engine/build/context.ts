// The build context: the files under the directory given to `docker build`, sent to the
// daemon as a tar stream. Its size is the tar's: a 512-byte header per file, the content padded
// to 512 bytes, and two empty blocks at the end, which is the figure the CLI prints.
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
  for (const content of Object.values(context.files))
    total += block + Math.ceil(byteLength(content) / block) * block;
  return total;
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
