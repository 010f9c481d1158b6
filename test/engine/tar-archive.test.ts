// ustar archives in the client's files: what tar -cf writes, ADD reads back; anything that is
// not an archive is recognised as such (ADD then copies the file as it is), never a crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromByteString,
  isTarArchive,
  readTar,
  toByteString,
  writeTar,
} from '../../sim-core/engine/build/tar-archive.ts';

describe('tar archives', () => {
  it('round-trips files and directories, padded to GNU tar’s 10240-byte records', () => {
    const archive = writeTar([
      { path: 'dir', kind: 'dir', mode: 0o755, content: '' },
      { path: 'dir/a.txt', kind: 'file', mode: 0o644, content: toByteString('héllo\n') },
    ]);
    expect(archive.length).toBe(10240);
    expect(isTarArchive(archive)).toBe(true);
    const entries = readTar(archive)!;
    expect(entries.map((entry) => [entry.stored, entry.kind, entry.mode])).toEqual([
      ['dir/', 'dir', 0o755],
      ['dir/a.txt', 'file', 0o644],
    ]);
    expect(fromByteString(entries[1]!.content)).toBe('héllo\n');
  });

  it('tells any text from an archive without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        expect(readTar(text)).toBeNull();
      }),
    );
    expect(isTarArchive('x'.repeat(257) + 'ustar' + 'x'.repeat(300))).toBe(false);
  });
});
