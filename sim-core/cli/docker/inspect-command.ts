// The shape every `docker ... inspect` shares: look each name up, print the objects as a JSON
// array (or each through a Go template), and name the ones that do not exist on stderr. Template
// errors are Docker's: a malformed template exits 64, one that fails on the data exits 1.
import type { StepContext } from '../../world/context.ts';
import { renderTemplate } from './go-template.ts';
import type { DockerCommand } from './image-commands.ts';

export interface InspectDefinition {
  path: string;
  usage: string;
  summary: string;
  /** The object's inspect JSON, or null when there is no such object. */
  find: (ctx: StepContext, daemonId: string, name: string) => unknown;
  missing: (name: string) => string;
}

export function inspectCommand(definition: InspectDefinition): DockerCommand {
  return {
    spec: {
      path: definition.path,
      usage: definition.usage,
      summary: definition.summary,
      flags: [
        {
          long: 'format',
          short: 'f',
          valueName: 'string',
          description: 'Format the output using the given Go template',
          parse: (value: string) => ({ ok: true as const, value }),
        },
      ],
      args: { min: 1, max: 100 },
    },
    run: (ctx, daemonId, flags, names) => {
      const found: unknown[] = [];
      const missing: string[] = [];
      for (const name of names) {
        const item = definition.find(ctx, daemonId, name);
        if (item === null) missing.push(name);
        else found.push(item);
      }
      const format = flags.get('format') as string | undefined;
      const fail = () => {
        for (const name of missing) ctx.err(definition.missing(name));
        return missing.length > 0 ? 1 : 0;
      };
      if (!format) {
        ctx.out(`${JSON.stringify(found, null, 4)}\n`);
        return fail();
      }
      for (const item of found) {
        const rendered = renderTemplate(format, item, { rawFallback: true });
        if (!rendered.ok) {
          // Docker prints the (empty) line it was writing, then the template's error.
          if (rendered.phase === 'exec') ctx.out('\n');
          ctx.err(rendered.error);
          return rendered.phase === 'parse' ? 64 : 1;
        }
        ctx.out(`${rendered.text}\n`);
      }
      if (found.length === 0) ctx.out('\n');
      return fail();
    },
  };
}
