// The timeline reads a docker run hop by hop in words: the REST call, containerd, runc's clone
// flags, the overlay mount and a copy-up, each naming the container and what it costs.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { describeEvent } from '../../web/timeline/event-words.ts';
import { ENGINE_EVENT_KINDS } from '../../web/timeline/engine-words.ts';

function wordsFor(lines: string[]): { kind: string; text: string }[] {
  const session = new Session({ seed: 3 });
  const out: { kind: string; text: string }[] = [];
  for (const line of lines) {
    const record = session.run(line);
    expect(record.stderr).toBe('');
    const world = session.worldAt(record.endEvent);
    for (const event of session.events.slice(record.firstEvent, record.endEvent))
      out.push({ kind: event.kind, text: describeEvent(event, world) });
  }
  return out;
}

describe('the engine path in plain words', () => {
  const words = wordsFor([
    'hv host add --name h1 --cpus 2 --memory 4g',
    'docker pull busybox',
    "docker run --name web busybox sh -c 'echo more >> /etc/passwd'",
    'docker rm web',
  ]);
  const textOf = (kind: string) => words.filter((word) => word.kind === kind).map((w) => w.text);

  it('describes every engine event it meets instead of printing its kind', () => {
    const engine = words.filter((word) =>
      (ENGINE_EVENT_KINDS as readonly string[]).includes(word.kind),
    );
    expect(engine.length).toBeGreaterThan(10);
    for (const word of engine) expect(word.text).not.toBe(word.kind.replace(/[._]/g, ' '));
  });

  it('follows the call from the client to runc', () => {
    expect(
      textOf('api.request').some((text) => text.includes('POST /v1.41/containers/create')),
    ).toBe(true);
    expect(textOf('runc.create').join('\n')).toMatch(/runc clones .* web with .*CLONE_NEWPID/);
    expect(textOf('overlay.mount').join('\n')).toContain('one writable upper layer');
    expect(textOf('container.state').join('\n')).toContain('Container web: running -> exited');
  });

  it('says what a copy-up copies and how long it takes', () => {
    expect(textOf('cow.copyUp')).toEqual([
      expect.stringMatching(
        /^Copy-on-write: \/etc\/passwd \(.+\) is copied up .* web changes it, 340 ns$/,
      ),
    ]);
  });
});
