// `docker build [-t TAG] [--no-cache] [-q] [-f FILE] PATH`: the context is the learner's
// working directory (files written with heredocs), sent to the daemon, built step by step.
import { buildImage } from '../../engine/build/build.ts';
import { contextTarBytes, humanSizeFour, readContext } from '../../engine/build/context.ts';
import { resolvePath } from '../../client/workdir.ts';
import { parseReference } from '../../engine/registry/reference.ts';
import { UserError } from '../../world/user-error.ts';
import type { DockerCommand } from './image-commands.ts';

const text = (value: string) => ({ ok: true as const, value });

export const build: DockerCommand = {
  spec: {
    path: 'docker build',
    usage: 'docker build [OPTIONS] PATH | URL | -',
    summary: 'Build an image from a Dockerfile',
    flags: [
      {
        long: 'tag',
        short: 't',
        valueName: 'list',
        description: "Name and optionally a tag in the 'name:tag' format",
        parse: text,
      },
      {
        long: 'file',
        short: 'f',
        valueName: 'string',
        description: "Name of the Dockerfile (Default is 'PATH/Dockerfile')",
        parse: text,
      },
      { long: 'no-cache', description: 'Do not use cache when building the image' },
      {
        long: 'quiet',
        short: 'q',
        description: 'Suppress the build output and print image ID on success',
      },
    ],
    args: { min: 1, max: 1 },
  },
  run: (ctx, daemonId, flags, [path]) => {
    const tag = (flags.get('tag') as string | undefined) ?? null;
    if (tag !== null) {
      const parsed = parseReference(tag);
      if (!parsed.ok)
        throw new UserError(`invalid argument "${tag}" for "-t, --tag" flag: ${parsed.error}`, 125);
    }
    const dir = resolvePath(ctx.world.client.cwd, path!);
    const context = readContext(ctx.world.client.files, dir);
    const dockerfileName = (flags.get('file') as string | undefined) ?? 'Dockerfile';
    const quiet = Boolean(flags.get('quiet'));
    // The CLI redraws this line while the context uploads; two carriage returns are left of it.
    if (!quiet)
      ctx.out(
        `Sending build context to Docker daemon  ${humanSizeFour(contextTarBytes(context))}\r\r`,
      );
    ctx.emit({
      kind: 'api.request',
      daemonId,
      method: 'POST',
      path: `/v1.41/build?t=${tag ?? ''}`,
      status: 200,
    });
    const outcome = buildImage(ctx, daemonId, {
      context,
      dockerfileName,
      tag,
      noCache: Boolean(flags.get('no-cache')),
    });
    if (quiet) {
      if (outcome.imageId) ctx.out(outcome.imageId);
    } else if (outcome.lines.length > 0) ctx.out(outcome.lines.join('\n'));
    for (const error of outcome.errors) ctx.err(error);
    return outcome.exitCode;
  },
};
