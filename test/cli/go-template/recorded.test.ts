// Every template recorded against Docker 20.10.24's `docker inspect -f` (fixtures/docker/
// go-templates.json) prints the same stdout and stderr and exits the same here, on the same
// inspect document: output, Go's parse errors (exit 64) and exec errors (exit 1).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markContainerInspect } from '../../../sim-core/cli/docker/container-inspect-types.ts';
import { renderTemplate } from '../../../sim-core/cli/docker/go-template.ts';

interface Recorded {
  template: string;
  stdout: string;
  stderr: string;
  exit: number;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/docker/go-templates.json', import.meta.url), 'utf8'),
) as { inspect: Record<string, unknown>; cases: Recorded[] };

/** What docker inspect -f prints for one container, as inspect-command.ts does. */
function inspectWith(template: string) {
  const doc = markContainerInspect(structuredClone(fixture.inspect));
  const result = renderTemplate(template, doc, { rawFallback: true });
  if (result.ok) return { stdout: `${result.text}\n`, stderr: '', exit: 0 };
  return {
    stdout: result.phase === 'exec' ? '\n' : '',
    stderr: `${result.error}\n`,
    exit: result.phase === 'parse' ? 64 : 1,
  };
}

describe('templates recorded on Docker 20.10.24', () => {
  it.each(fixture.cases.map((recorded) => [recorded.template, recorded] as const))(
    '%s',
    (template, recorded) => {
      expect(inspectWith(template)).toEqual({
        stdout: recorded.stdout,
        stderr: recorded.stderr,
        exit: recorded.exit,
      });
    },
  );
});
