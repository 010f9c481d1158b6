// POSIX ustar archives held in a string, one character per byte, as the learner's client keeps
// files. `ADD app.tar /dir` unpacks a local archive the way the classic builder does (it knows
// an archive by its header, not by its name); `tar -cf` on the client writes one.
//
// Layout (POSIX.1-1988 ustar): a 512-byte header per entry (name at 0, mode at 100, size in
// octal at 124, type flag at 156, "ustar" magic at 257, prefix at 345, checksum at 148), the
// content padded to 512 bytes, then two zero blocks.

import type { FileNode } from '../storage/file-tree.ts';

const BLOCK = 512;

export interface TarEntry {
  /** Path inside the archive, without a leading "./" or "/"; directories end without "/". */
  path: string;
  /** The name as stored (./x.txt, dir/), which `tar -t` lists; set when read from an archive. */
  stored?: string;
  kind: 'file' | 'dir' | 'symlink' | 'hardlink';
  mode: number;
  /** Symbolic and hard links: what they point at (a hard link names an earlier entry). */
  target?: string;
  /** File content, one character per byte (latin1), as the archive stores it. */
  content: string;
}

function field(text: string, length: number): string {
  return text.slice(0, length).padEnd(length, '\0');
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

/** UTF-8 text as a byte string (one character per byte), the form archive content takes. */
export function toByteString(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) out += String.fromCharCode(byte);
  return out;
}

/** A byte string read back as UTF-8 text. */
export function fromByteString(bytes: string): string {
  const array = Uint8Array.from(bytes, (char) => char.charCodeAt(0) & 0xff);
  return new TextDecoder().decode(array);
}

function header(entry: TarEntry): string {
  const name = entry.kind === 'dir' ? `${entry.path}/` : entry.path;
  const size = entry.kind === 'file' ? entry.content.length : 0;
  const fields = [
    field(name, 100),
    octal(entry.mode, 8),
    octal(0, 8),
    octal(0, 8),
    octal(size, 12),
    octal(0, 12),
    '        ',
    { dir: '5', symlink: '2', hardlink: '1', file: '0' }[entry.kind],
    field(entry.target ?? '', 100),
    'ustar\0',
    '00',
    field('root', 32),
    field('root', 32),
    octal(0, 8),
    octal(0, 8),
    field('', 155),
    field('', 12),
  ].join('');
  let sum = 0;
  for (let i = 0; i < fields.length; i += 1) sum += fields.charCodeAt(i) & 0xff;
  return `${fields.slice(0, 148)}${sum.toString(8).padStart(6, '0')}\0 ${fields.slice(156)}`;
}

/** GNU tar writes whole records of 20 blocks: a one-file archive is 10240 bytes. */
const RECORD = 20 * BLOCK;

export function writeTar(entries: readonly TarEntry[]): string {
  let out = '';
  for (const entry of entries) {
    out += header(entry);
    if (entry.kind === 'file') {
      out += entry.content;
      const rest = entry.content.length % BLOCK;
      if (rest !== 0) out += '\0'.repeat(BLOCK - rest);
    }
  }
  out += '\0'.repeat(2 * BLOCK);
  const rest = out.length % RECORD;
  return rest === 0 ? out : out + '\0'.repeat(RECORD - rest);
}

function readString(bytes: string, start: number, length: number): string {
  const raw = bytes.slice(start, start + length);
  const end = raw.indexOf('\0');
  return end === -1 ? raw : raw.slice(0, end);
}

/** Whether a file is a tar archive: the ustar magic and a valid header checksum. */
export function isTarArchive(bytes: string): boolean {
  if (bytes.length < BLOCK || !bytes.startsWith('ustar', 257)) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 32 : bytes.charCodeAt(i) & 0xff;
  return parseInt(readString(bytes, 148, 8).trim(), 8) === sum;
}

/** The entries of an archive, or null when it is not one (ADD then copies the file as is). */
export function readTar(bytes: string): TarEntry[] | null {
  if (!isTarArchive(bytes)) return null;
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + BLOCK <= bytes.length) {
    const name = readString(bytes, offset, 100);
    if (name === '') break;
    const prefix = readString(bytes, offset + 345, 155);
    const size = parseInt(readString(bytes, offset + 124, 12).trim() || '0', 8);
    const type = bytes[offset + 156];
    const mode = parseInt(readString(bytes, offset + 100, 8).trim() || '644', 8);
    const full = (prefix ? `${prefix}/${name}` : name)
      .replace(/^(\.\/|\/)+/, '')
      .replace(/\/$/, '');
    const content = bytes.slice(offset + BLOCK, offset + BLOCK + size);
    const link = readString(bytes, offset + 157, 100);
    const kind =
      type === '5' ? 'dir' : type === '2' ? 'symlink' : type === '1' ? 'hardlink' : 'file';
    // "./" itself is kept (as path "") so a listing shows it; unpacking skips it.
    entries.push({
      path: full,
      stored: prefix ? `${prefix}/${name}` : name,
      kind,
      mode,
      content,
      ...(kind === 'symlink' || kind === 'hardlink' ? { target: link } : {}),
    });
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

/**
 * An archive's entries as filesystem nodes, by path relative to where it is unpacked ("" for
 * "./"). A hard link is one more name for an earlier file: its bytes are stored (and counted)
 * once, under the first name.
 */
export function tarNodes(
  entries: readonly TarEntry[],
): { path: string; node: FileNode; linked: boolean }[] {
  const out: { path: string; node: FileNode; linked: boolean }[] = [];
  const byPath = new Map<string, FileNode>();
  for (const entry of entries) {
    let node: FileNode;
    let linked = false;
    if (entry.kind === 'dir') node = { kind: 'dir', mode: entry.mode };
    else if (entry.kind === 'symlink') node = { kind: 'symlink', target: entry.target ?? '' };
    else if (entry.kind === 'hardlink') {
      const target = byPath.get((entry.target ?? '').replace(/^(\.\/|\/)+/, ''));
      if (!target) continue;
      node = target;
      linked = true;
    } else
      node = {
        kind: 'file',
        mode: entry.mode,
        sizeBytes: entry.content.length,
        content: fromByteString(entry.content),
      };
    byPath.set(entry.path, node);
    out.push({ path: entry.path, node, linked });
  }
  return out;
}
