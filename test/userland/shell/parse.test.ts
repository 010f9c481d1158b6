// The syntax tree for the one-liners people type in containers.
import { describe, expect, it } from 'vitest';
import { parseScript, type Script } from '../../../sim-core/userland/shell/index.ts';

function parsed(text: string): Script {
  const result = parseScript(text);
  if (!result.ok) throw new Error(result.error);
  return result.script;
}

const literal = (text: string, quoted = false) => ({ parts: [{ kind: 'literal', text, quoted }] });

describe('parseScript', () => {
  it('reads a busy loop as a while loop whose condition and body are `:`', () => {
    const colon = {
      items: [
        {
          andOr: {
            first: {
              negated: false,
              commands: [
                { kind: 'simple', line: 0, assignments: [], words: [literal(':')], redirects: [] },
              ],
            },
            rest: [],
          },
          background: false,
        },
      ],
    };
    expect(parsed('while :; do :; done')).toEqual({
      items: [
        {
          andOr: {
            first: {
              negated: false,
              commands: [{ kind: 'while', condition: colon, body: colon, redirects: [] }],
            },
            rest: [],
          },
          background: false,
        },
      ],
    });
  });

  it('reads for loops with their items, and `for i; do` over the positional parameters', () => {
    const loop = parsed('for i in 1 "2 3"; do echo $i; done').items[0]!.andOr.first.commands[0]!;
    expect(loop).toMatchObject({
      kind: 'for',
      variable: 'i',
      items: [literal('1'), { parts: [{ kind: 'literal', text: '2 3', quoted: true }] }],
    });
    expect(parsed('for i; do :; done').items[0]!.andOr.first.commands[0]).toMatchObject({
      items: null,
    });
  });

  it('reads if/elif/else with test brackets as ordinary words', () => {
    const command = parsed(
      'if [ -f x ]; then echo file; elif [ -d x ]; then echo dir; else echo none; fi',
    ).items[0]!.andOr.first.commands[0]!;
    expect(command.kind).toBe('if');
    if (command.kind !== 'if') return;
    expect(command.branches).toHaveLength(2);
    expect(command.branches[0]!.condition.items[0]!.andOr.first.commands[0]).toMatchObject({
      words: [literal('['), literal('-f'), literal('x'), literal(']')],
    });
    expect(command.elseBody).not.toBeNull();
  });

  it('splits lists, and-or chains, pipelines and background jobs', () => {
    const script = parsed('a && b || ! c | d & e; (f); { g; }');
    expect(script.items.map((item) => item.background)).toEqual([true, false, false, false]);
    expect(script.items[0]!.andOr.rest.map((link) => link.op)).toEqual(['&&', '||']);
    expect(script.items[0]!.andOr.rest[1]!.pipeline).toMatchObject({
      negated: true,
      commands: [{ words: [literal('c')] }, { words: [literal('d')] }],
    });
    expect(script.items.slice(2).map((item) => item.andOr.first.commands[0]!.kind)).toEqual([
      'subshell',
      'group',
    ]);
  });

  it('reads redirections with their descriptors', () => {
    expect(
      parsed('cmd >out 2>&1 <in 2>>err >/dev/null').items[0]!.andOr.first.commands[0],
    ).toMatchObject({
      redirects: [
        { fd: 1, op: '>', target: literal('out') },
        { fd: 2, op: '>&', target: literal('1') },
        { fd: 0, op: '<', target: literal('in') },
        { fd: 2, op: '>>', target: literal('err') },
        { fd: 1, op: '>', target: literal('/dev/null') },
      ],
    });
  });

  it('reads NAME=value prefixes as assignments and parameters as expansions', () => {
    expect(
      parsed('A=b B="c d" cmd ${X:-y} $? "$@"').items[0]!.andOr.first.commands[0],
    ).toMatchObject({
      assignments: [
        { name: 'A', value: literal('b') },
        { name: 'B', value: { parts: [{ kind: 'literal', text: 'c d', quoted: true }] } },
      ],
      words: [
        literal('cmd'),
        { parts: [{ kind: 'parameter', name: 'X', op: ':-', word: literal('y') }] },
        { parts: [{ kind: 'parameter', name: '?', op: '' }] },
        {
          parts: [
            { kind: 'literal', text: '' },
            { kind: 'parameter', name: '@', quoted: true },
          ],
        },
      ],
    });
  });

  it('reads case items with their patterns, and function definitions', () => {
    const command = parsed('case $f in *.txt|*.md) echo doc;; (*) ;; esac').items[0]!.andOr.first
      .commands[0]!;
    expect(command).toMatchObject({
      kind: 'case',
      items: [
        { patterns: [literal('*.txt'), literal('*.md')], body: { items: [{}] } },
        { patterns: [literal('*')], body: { items: [] } },
      ],
    });
    expect(parsed('greet() { echo hi; }').items[0]!.andOr.first.commands[0]).toMatchObject({
      kind: 'function',
      name: 'greet',
      body: { kind: 'group' },
    });
  });

  it('drops comments and accepts newlines between commands', () => {
    expect(parsed('echo a # note\n\necho b\n').items).toHaveLength(2);
    expect(parsed('# nothing here').items).toEqual([]);
  });

  it("gives ash's messages for what it cannot read", () => {
    expect(parseScript('echo $((1+2))')).toMatchObject({ ok: true });
    expect(parseScript('cat <<EOF')).toMatchObject({
      ok: false,
      error: 'here-documents are not supported',
    });
    expect(parseScript('exit() { :; }')).toMatchObject({ ok: false, error: 'bad function name' });
    expect(parseScript('for i in 1\ndo echo $i\ndone')).toMatchObject({ ok: true });
  });
});
