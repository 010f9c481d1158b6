// docker pull, images, rmi, tag, history and image inspect.
import { shortId, type Image } from '../../engine/images/image.ts';
import { findImageId } from '../../engine/images/lookup.ts';
import { listImages, parseFilterWords } from '../../engine/images/list.ts';
import { humanSizeFour } from '../../engine/build/context.ts';
import { pullImage } from '../../engine/images/pull.ts';
import { commitContainer } from '../../engine/images/commit.ts';
import { removeImage, tagImage } from '../../engine/images/remove.ts';
import {
  familiarName,
  familiarRepository,
  parseReference,
  type ImageReference,
} from '../../engine/registry/reference.ts';
import { pushImage } from '../../engine/images/push.ts';
import { importImage } from '../../engine/images/import.ts';
import { resolvePath } from '../../client/workdir.ts';
import { isoTimestamp, simUnixSeconds } from '../../world/epoch.ts';
import type { StepContext } from '../../world/context.ts';
import type { DeepReadonly } from '../../world/world.ts';
import { UserError } from '../../world/user-error.ts';
import type { CommandSpec, FlagSpec } from '../flags.ts';
import { formatTable } from '../table.ts';
import { renderTemplate } from './go-template.ts';
import { inspectCommand } from './inspect-command.ts';
import { imageInspectJson } from './image-inspect.ts';
import { ellipsis, humanDuration, humanSize } from './human.ts';

export interface DockerCommand {
  spec: CommandSpec;
  /** Needs no daemon (docker context ...): runs even when the current endpoint is unreachable. */
  clientOnly?: boolean;
  run: (ctx: StepContext, daemonId: string, flags: Map<string, unknown>, args: string[]) => number;
}

const text = (value: string) => ({ ok: true as const, value });

function ago(ctx: StepContext, unixSeconds: number): string {
  return `${humanDuration(simUnixSeconds(ctx.nowNs) - unixSeconds)} ago`;
}

function templateOrFail(ctx: StepContext, template: string, data: unknown): boolean {
  const result = renderTemplate(template, data);
  if (!result.ok) {
    ctx.err(result.error);
    return false;
  }
  ctx.out(`${result.text}\n`);
  return true;
}

/**
 * docker pull and docker push both name one image: parsed as the CLI does (latest when no tag
 * is given, said aloud), then one POST to dockerd, which talks to the registry.
 */
function registryCall(
  ctx: StepContext,
  daemonId: string,
  name: string,
  path: (ref: ImageReference) => string,
): ImageReference {
  const parsed = parseReference(name);
  if (!parsed.ok) throw new UserError(parsed.error);
  if (!parsed.ref.tagGiven && !parsed.ref.digest) ctx.out('Using default tag: latest');
  ctx.emit({ kind: 'api.request', daemonId, method: 'POST', path: path(parsed.ref), status: 200 });
  return parsed.ref;
}

const pull: DockerCommand = {
  spec: {
    path: 'docker pull',
    usage: 'docker pull [OPTIONS] NAME[:TAG|@DIGEST]',
    summary: 'Pull an image or a repository from a registry',
    flags: [{ long: 'quiet', short: 'q', description: 'Suppress verbose output' }],
    args: { min: 1, max: 1 },
  },
  run: (ctx, daemonId, flags, [name]) => {
    const ref = registryCall(
      ctx,
      daemonId,
      name!,
      (parsed) => `/v1.41/images/create?fromImage=${parsed.path}&tag=${parsed.tag}`,
    );
    const result = pullImage(ctx, daemonId, ref);
    ctx.out(`${(flags.get('quiet') ? result.lines.slice(-1) : result.lines).join('\n')}\n`);
    return 0;
  },
};

const push: DockerCommand = {
  spec: {
    path: 'docker push',
    usage: 'docker push [OPTIONS] NAME[:TAG]',
    summary: 'Push an image or a repository to a registry',
    flags: [{ long: 'quiet', short: 'q', description: 'Suppress verbose output' }],
    args: { min: 1, max: 1 },
  },
  run: (ctx, daemonId, flags, [name]) => {
    const ref = registryCall(
      ctx,
      daemonId,
      name!,
      (parsed) => `/v1.41/images/${familiarRepository(parsed)}/push?tag=${parsed.tag}`,
    );
    const result = pushImage(ctx, daemonId, ref);
    const shown = flags.get('quiet') ? (result.error ? [] : [name!]) : result.lines;
    if (shown.length > 0) ctx.out(`${shown.join('\n')}\n`);
    if (result.error === null) return 0;
    ctx.err(result.error);
    return 1;
  },
};

const images: DockerCommand = {
  spec: {
    path: 'docker images',
    usage: 'docker images [OPTIONS] [REPOSITORY[:TAG]]',
    summary: 'List images',
    flags: [
      {
        long: 'all',
        short: 'a',
        description: 'Show all images (default hides intermediate images)',
      },
      { long: 'digests', description: 'Show digests' },
      {
        long: 'filter',
        short: 'f',
        valueName: 'filter',
        description: 'Filter output based on conditions provided',
        parse: text,
        repeatable: true,
      },
      {
        long: 'filter',
        short: 'f',
        valueName: 'filter',
        description: 'Filter output based on conditions provided',
        parse: text,
        repeatable: true,
      },
      {
        long: 'format',
        valueName: 'string',
        description: 'Pretty-print images using a Go template',
        parse: text,
      },
      { long: 'no-trunc', description: "Don't truncate output" },
      { long: 'quiet', short: 'q', description: 'Only show image IDs' },
    ],
    args: { min: 0, max: 1 },
  },
  run: (ctx, daemonId, flags, [repository]) => {
    const daemon = ctx.world.daemons[daemonId]!;
    const filters = parseFilterWords((flags.get('filter') as string[] | undefined) ?? []);
    const rows = listImages(daemon, {
      all: Boolean(flags.get('all')),
      filters,
      ...(repository !== undefined ? { repository } : {}),
    });
    const id = (image: DeepReadonly<Image>) =>
      flags.get('no-trunc') ? image.id : shortId(image.id);
    if (flags.get('quiet')) {
      const ids = rows.map((row) => id(row.image));
      if (ids.length > 0) ctx.out(`${ids.join('\n')}\n`);
      return 0;
    }
    const format = flags.get('format') as string | undefined;
    if (format) {
      for (const row of rows) {
        const data = {
          Repository: row.repository,
          Tag: row.tag,
          Digest: row.digest ?? '<none>',
          ID: id(row.image),
          CreatedSince: ago(ctx, row.image.createdUnixSeconds),
          // Go's time.Time String(), as the CLI prints CreatedAt.
          CreatedAt: isoTimestamp(row.image.createdUnixSeconds).replace(
            /^(.*)T(.*)Z$/,
            '$1 $2 +0000 UTC',
          ),
          Size: humanSize(row.image.sizeBytes),
          VirtualSize: humanSizeFour(row.image.sizeBytes),
          SharedSize: 'N/A',
          UniqueSize: 'N/A',
          Containers: 'N/A',
        };
        if (!templateOrFail(ctx, format, data)) return 1;
      }
      return 0;
    }
    const digests = Boolean(flags.get('digests'));
    ctx.out(
      formatTable(
        digests
          ? ['REPOSITORY', 'TAG', 'DIGEST', 'IMAGE ID', 'CREATED', 'SIZE']
          : ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'],
        rows.map((row) => [
          row.repository,
          row.tag,
          ...(digests ? [row.digest ?? '<none>'] : []),
          id(row.image),
          ago(ctx, row.image.createdUnixSeconds),
          humanSize(row.image.sizeBytes),
        ]),
      ),
    );
    return 0;
  },
};

const rmi: DockerCommand = {
  spec: {
    path: 'docker rmi',
    usage: 'docker rmi [OPTIONS] IMAGE [IMAGE...]',
    summary: 'Remove one or more images',
    flags: [{ long: 'force', short: 'f', description: 'Force removal of the image' }],
    args: { min: 1, max: 100 },
  },
  run: (ctx, daemonId, flags, names) => {
    let status = 0;
    for (const name of names) {
      try {
        ctx.emit({
          kind: 'api.request',
          daemonId,
          method: 'DELETE',
          path: `/v1.41/images/${name}`,
          status: 200,
        });
        ctx.out(`${removeImage(ctx, daemonId, name, Boolean(flags.get('force'))).join('\n')}\n`);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        ctx.err(error.message);
        status = 1;
      }
    }
    return status;
  },
};

const tag: DockerCommand = {
  spec: {
    path: 'docker tag',
    usage: 'docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
    summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
    flags: [],
    args: { min: 2, max: 2 },
  },
  run: (ctx, daemonId, _flags, [source, target]) => {
    tagImage(ctx, daemonId, source!, target!);
    return 0;
  },
};

const history: DockerCommand = {
  spec: {
    path: 'docker history',
    usage: 'docker history [OPTIONS] IMAGE',
    summary: 'Show the history of an image',
    flags: [
      { long: 'no-trunc', description: "Don't truncate output" },
      { long: 'quiet', short: 'q', description: 'Only show image IDs' },
      {
        long: 'format',
        valueName: 'string',
        description: 'Pretty-print images using a Go template',
        parse: text,
      },
    ],
    args: { min: 1, max: 1 },
  },
  run: (ctx, daemonId, flags, [name]) => {
    const daemon = ctx.world.daemons[daemonId]!;
    const imageId = findImageId(daemon, name!);
    if (!imageId) {
      // The daemon names what it looked for: the reference with its default tag (foo:latest).
      const parsed = parseReference(name!);
      if (!parsed.ok) throw new UserError(`Error response from daemon: ${parsed.error}`);
      throw new UserError(`Error response from daemon: No such image: ${familiarName(parsed.ref)}`);
    }
    const image = daemon.images[imageId]!;
    const noTrunc = Boolean(flags.get('no-trunc'));
    // Newest instruction first; only the top row is a local image, the rest came from a registry.
    const rows = [...image.history].reverse().map((entry, index) => ({
      id:
        entry.imageId !== undefined
          ? noTrunc
            ? entry.imageId
            : shortId(entry.imageId)
          : index === 0
            ? noTrunc
              ? image.id
              : shortId(image.id)
            : '<missing>',
      created: ago(ctx, entry.createdUnixSeconds),
      createdBy: noTrunc ? entry.createdBy : ellipsis(entry.createdBy, 45),
      size: humanSize(entry.sizeBytes),
      comment: entry.comment,
    }));
    if (flags.get('quiet')) {
      ctx.out(`${rows.map((row) => row.id).join('\n')}\n`);
      return 0;
    }
    const format = flags.get('format') as string | undefined;
    if (format) {
      for (const row of rows) {
        if (
          !templateOrFail(ctx, format, {
            ID: row.id,
            CreatedSince: row.created,
            CreatedBy: row.createdBy,
            Size: row.size,
            Comment: row.comment,
          })
        )
          return 1;
      }
      return 0;
    }
    ctx.out(
      formatTable(
        ['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'],
        rows.map((row) => [row.id, row.created, row.createdBy, row.size, row.comment]),
      ),
    );
    return 0;
  },
};

/** The subset of `docker image inspect` JSON the course uses, with Docker's field names. */
const imageInspect = inspectCommand({
  path: 'docker image inspect',
  usage: 'docker image inspect [OPTIONS] IMAGE [IMAGE...]',
  summary: 'Display detailed information on one or more images',
  find: (ctx, daemonId, name) => {
    const daemon = ctx.world.daemons[daemonId]!;
    const imageId = findImageId(daemon, name);
    return imageId ? imageInspectJson(daemon, imageId) : null;
  },
  missing: (name) => `Error: No such image: ${name}`,
});

/** -c/--change and -m/--message, shared by docker commit and docker import. */
const CHANGE_FLAG: FlagSpec = {
  long: 'change',
  short: 'c',
  valueName: 'list',
  description: 'Apply Dockerfile instruction to the created image',
  parse: text,
  repeatable: true,
};
const messageFlag = (description: string): FlagSpec => ({
  long: 'message',
  short: 'm',
  valueName: 'string',
  description,
  parse: text,
});

const commit: DockerCommand = {
  spec: {
    path: 'docker commit',
    usage: 'docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
    summary: "Create a new image from a container's changes",
    flags: [CHANGE_FLAG, messageFlag('Commit message')],
    args: { min: 1, max: 2 },
  },
  run: (ctx, daemonId, flags, [container, reference]) => {
    ctx.out(
      commitContainer(ctx, daemonId, {
        container: container!,
        reference: reference ?? null,
        changes: (flags.get('change') as string[] | undefined) ?? [],
        message: (flags.get('message') as string | undefined) ?? '',
      }),
    );
    return 0;
  },
};

const importCommand: DockerCommand = {
  spec: {
    path: 'docker import',
    usage: 'docker import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
    summary: 'Import the contents from a tarball to create a filesystem image',
    flags: [CHANGE_FLAG, messageFlag('Set commit message for imported image')],
    args: { min: 1, max: 2 },
  },
  run: (ctx, daemonId, flags, [source, reference]) => {
    const path = resolvePath(ctx.world.client.cwd, source!);
    ctx.out(
      importImage(ctx, daemonId, {
        source: source!,
        archive: ctx.world.client.files[path] ?? null,
        reference: reference ?? null,
        changes: (flags.get('change') as string[] | undefined) ?? [],
        message: (flags.get('message') as string | undefined) ?? '',
      }),
    );
    return 0;
  },
};

export const IMAGE_COMMANDS: Record<string, DockerCommand> = {
  commit,
  'container commit': { ...commit, spec: { ...commit.spec, path: 'docker container commit' } },
  import: importCommand,
  'image import': {
    ...importCommand,
    spec: { ...importCommand.spec, path: 'docker image import' },
  },
  pull,
  push,
  images,
  rmi,
  tag,
  history,
  'image ls': {
    ...images,
    spec: {
      ...images.spec,
      path: 'docker image ls',
      usage: images.spec.usage.replace('docker images', 'docker image ls'),
    },
  },
  'image pull': { ...pull, spec: { ...pull.spec, path: 'docker image pull' } },
  'image push': { ...push, spec: { ...push.spec, path: 'docker image push' } },
  'image rm': { ...rmi, spec: { ...rmi.spec, path: 'docker image rm' } },
  'image tag': { ...tag, spec: { ...tag.spec, path: 'docker image tag' } },
  'image history': { ...history, spec: { ...history.spec, path: 'docker image history' } },
  'image inspect': imageInspect,
};
