// The pieces of the command line: words, sizes, heredocs, scripts.
import { describe, expect, it } from 'vitest';
import { needsMoreInput, readHeredoc } from '../../sim-core/cli/heredoc.ts';
import { splitScript } from '../../sim-core/cli/script.ts';
import { parseSize } from '../../sim-core/cli/sizes.ts';
import { tokenize } from '../../sim-core/cli/tokenize.ts';

describe('tokenize', () => {
  it('splits words as a shell does', () => {
    expect(tokenize(`hv app run --name "my app" --on 'h 1' a\\ b ""`)).toEqual({
      ok: true,
      words: ['hv', 'app', 'run', '--name', 'my app', '--on', 'h 1', 'a b', ''],
    });
    expect(tokenize('echo "say \\"hi\\""')).toEqual({ ok: true, words: ['echo', 'say "hi"'] });
    expect(tokenize('echo "open')).toEqual({
      ok: false,
      error: 'syntax error: unterminated double quote',
    });
  });
});

describe('sizes (Docker RAMInBytes)', () => {
  it.each([
    ['1024', 1024],
    ['512m', 512 * 2 ** 20],
    ['2g', 2 * 2 ** 30],
    ['2GiB', 2 * 2 ** 30],
    ['1.5g', 1.5 * 2 ** 30],
    ['64 MB', 64 * 2 ** 20],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toEqual({ ok: true, value: bytes });
  });
  it.each(['2q', '-1g', '', 'g', '1..5g', '9999999999999999p'])('%s is refused', (text) => {
    expect(parseSize(text).ok).toBe(false);
  });
});

describe('heredocs and scripts', () => {
  it('knows when a typed heredoc is still open', () => {
    expect(needsMoreInput("cat > f <<'EOF'")).toBe(true);
    expect(needsMoreInput("cat > f <<'EOF'\nline")).toBe(true);
    expect(needsMoreInput("cat > f <<'EOF'\nline\nEOF")).toBe(false);
    expect(needsMoreInput('hv ps')).toBe(false);
  });

  it('reads the body literally and strips tabs with <<-', () => {
    expect(readHeredoc('cat > f <<EOF\n$HOME is literal\nEOF')?.body).toBe('$HOME is literal\n');
    expect(readHeredoc('cat > f <<-EOF\n\tindented\n\tEOF')?.body).toBe('indented\n');
  });

  it('splits a script into commands, skipping comments and keeping heredocs whole', () => {
    const script =
      "# setup\nhv ps\n\ncat > Dockerfile <<'EOF'\nFROM busybox\n# not a comment here\nEOF\nsleep 1\n";
    expect(splitScript(script)).toEqual([
      { text: 'hv ps', lineNumber: 2 },
      { text: "cat > Dockerfile <<'EOF'\nFROM busybox\n# not a comment here\nEOF", lineNumber: 4 },
      { text: 'sleep 1', lineNumber: 8 },
    ]);
  });
});
