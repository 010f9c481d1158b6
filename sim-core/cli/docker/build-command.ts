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
        long: 'build-arg',
        valueName: 'list',
        description: 'Set build-time variables',
        parse: text,
        repeatable: true,
      },
      {
        long: 'tag',
        short: 't',
        valueName: 'list',
        description: "Name and optionally a tag in the 'name:tag' format",
        parse: text,
        repeatable: true,
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
    const tags = (flags.get('tag') as string[] | undefined) ?? [];
    for (const tag of tags) {
      const parsed = parseReference(tag);
      if (!parsed.ok)
        throw new UserError(`invalid argument "${tag}" for "-t, --tag" flag: ${parsed.error}`, 125);
    }
    const buildArgs: Record<string, string> = {};
    for (const pair of (flags.get('build-arg') as string[] | undefined) ?? []) {
      const eq = pair.indexOf('=');
      // NAME alone takes the value from the client's environment, which is empty here.
      if (eq !== -1) buildArgs[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const dir = resolvePath(ctx.world.client.cwd, path!);
    const context = readContext(ctx.world.client.files, dir);
    const dockerfileName = (flags.get('file') as string | undefined) ?? 'Dockerfile';
    // The CLI checks the context and the Dockerfile before it sends anything.
    if (dir !== ctx.world.client.cwd && Object.keys(context.files).length === 0)
      throw new UserError(`unable to prepare context: path "${path}" not found`);
    if (context.files[dockerfileName] === undefined)
      throw new UserError(
        `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${dir === '/' ? '' : dir}/${dockerfileName}: no such file or directory`,
      );
    const quiet = Boolean(flags.get('quiet'));
    // The CLI redraws this line while the context uploads; two carriage returns are left of it.
    const sending = `Sending build context to Docker daemon  ${humanSizeFour(contextTarBytes(context))}\r\r\n`;
    if (!quiet) ctx.write('stdout', sending);
    ctx.emit({
      kind: 'api.request',
      daemonId,
      method: 'POST',
      path: `/v1.41/build?${tags.map((tag) => `t=${tag}`).join('&')}`,
      status: 200,
    });
    const outcome = buildImage(ctx, daemonId, {
      context,
      dockerfileName,
      tags,
      noCache: Boolean(flags.get('no-cache')),
      buildArgs,
    });
    if (quiet) {
      // -q keeps the progress and shows it (on stderr) only when the build fails.
      if (outcome.imageId) ctx.write('stdout', `${outcome.imageId}\n`);
      else ctx.write('stderr', `${sending}${outcome.output}${outcome.error ?? ''}\n`);
    } else {
      ctx.write('stdout', outcome.output);
      if (outcome.error !== null) ctx.write('stderr', `${outcome.error}\n`);
    }
    return outcome.exitCode;
  },
};
