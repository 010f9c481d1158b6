// docker pull, images, rmi, tag, history and image inspect.
import { shortId, type Image } from '../../engine/images/image.ts';
import { findImageId, tagsOf } from '../../engine/images/lookup.ts';
import { pullImage } from '../../engine/images/pull.ts';
import { commitContainer } from '../../engine/images/commit.ts';
import { removeImage, tagImage } from '../../engine/images/remove.ts';
import { familiarName, parseReference } from '../../engine/registry/reference.ts';
import { simUnixSeconds } from '../../world/epoch.ts';
import type { StepContext } from '../../world/context.ts';
import type { DeepReadonly } from '../../world/world.ts';
import { UserError } from '../../world/user-error.ts';
import type { CommandSpec } from '../flags.ts';
import { formatTable } from '../table.ts';
import { renderTemplate } from './go-template.ts';
import { inspectCommand } from './inspect-command.ts';
import { imageInspectJson } from './image-inspect.ts';
import { ellipsis, humanDuration, humanSize } from './human.ts';

export interface DockerCommand {
  spec: CommandSpec;
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

const pull: DockerCommand = {
  spec: {
    path: 'docker pull',
    usage: 'docker pull [OPTIONS] NAME[:TAG|@DIGEST]',
    summary: 'Pull an image or a repository from a registry',
    flags: [{ long: 'quiet', short: 'q', description: 'Suppress verbose output' }],
    args: { min: 1, max: 1 },
  },
  run: (ctx, daemonId, flags, [name]) => {
    const parsed = parseReference(name!);
    if (!parsed.ok) throw new UserError(parsed.error);
    if (!parsed.ref.tagGiven && !parsed.ref.digest) ctx.out('Using default tag: latest');
    ctx.emit({
      kind: 'api.request',
      daemonId,
      method: 'POST',
      path: `/v1.41/images/create?fromImage=${parsed.ref.path}&tag=${parsed.ref.tag}`,
      status: 200,
    });
    const result = pullImage(ctx, daemonId, parsed.ref);
    ctx.out(`${(flags.get('quiet') ? result.lines.slice(-1) : result.lines).join('\n')}\n`);
    return 0;
  },
};

function imageRows(
  daemon: DeepReadonly<{ images: Record<string, Image>; tags: Record<string, string> }>,
) {
  const rows: { repository: string; tag: string; image: DeepReadonly<Image> }[] = [];
  for (const image of Object.values(daemon.images)) {
    const tags = tagsOf(daemon as never, image.id);
    if (tags.length === 0) rows.push({ repository: '<none>', tag: '<none>', image });
    for (const ref of tags) {
      const cut = ref.lastIndexOf(':');
      rows.push({ repository: ref.slice(0, cut), tag: ref.slice(cut + 1), image });
    }
  }
  // Newest first, as dockerd lists them; ties by name so the order never depends on history.
  return rows.sort(
    (a, b) =>
      b.image.createdUnixSeconds - a.image.createdUnixSeconds ||
      (`${a.repository}:${a.tag}` < `${b.repository}:${b.tag}` ? -1 : 1),
  );
}

const images: DockerCommand = {
  spec: {
    path: 'docker images',
    usage: 'docker images [OPTIONS] [REPOSITORY[:TAG]]',
    summary: 'List images',
    flags: [
      { long: 'quiet', short: 'q', description: 'Only show image IDs' },
      {
        long: 'all',
        short: 'a',
        description: 'Show all images (default hides intermediate images)',
      },
      { long: 'no-trunc', description: "Don't truncate output" },
      {
        long: 'format',
        valueName: 'string',
        description: 'Pretty-print images using a Go template',
        parse: text,
      },
    ],
    args: { min: 0, max: 1 },
  },
  run: (ctx, daemonId, flags, [filter]) => {
    const daemon = ctx.world.daemons[daemonId]!;
    // Without -a, intermediate images (untagged parents of other images, left by builds) are hidden.
    const parents = new Set(Object.values(daemon.images).map((image) => image.parentId));
    let rows = imageRows(daemon).filter(
      (row) => flags.get('all') || row.repository !== '<none>' || !parents.has(row.image.id),
    );
    if (filter) {
      const [repo, tag] = filter.includes(':') ? filter.split(':') : [filter, undefined];
      rows = rows.filter(
        (row) => row.repository === repo && (tag === undefined || row.tag === tag),
      );
    }
    const id = (image: DeepReadonly<Image>) =>
      flags.get('no-trunc') ? image.id : shortId(image.id);
    if (flags.get('quiet')) {
      const ids = [...new Set(rows.map((row) => id(row.image)))];
      if (ids.length > 0) ctx.out(`${ids.join('\n')}\n`);
      return 0;
    }
    const format = flags.get('format') as string | undefined;
    if (format) {
      for (const row of rows) {
        const data = {
          Repository: row.repository,
          Tag: row.tag,
          ID: id(row.image),
          CreatedSince: ago(ctx, row.image.createdUnixSeconds),
          Size: humanSize(row.image.sizeBytes),
        };
        if (!templateOrFail(ctx, format, data)) return 1;
      }
      return 0;
    }
    ctx.out(
      formatTable(
        ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'],
        rows.map((row) => [
          row.repository,
          row.tag,
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

const commit: DockerCommand = {
  spec: {
    path: 'docker commit',
    usage: 'docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
    summary: "Create a new image from a container's changes",
    flags: [
      {
        long: 'change',
        short: 'c',
        valueName: 'list',
        description: 'Apply Dockerfile instruction to the created image',
        parse: text,
        repeatable: true,
      },
      {
        long: 'message',
        short: 'm',
        valueName: 'string',
        description: 'Commit message',
        parse: text,
      },
    ],
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

export const IMAGE_COMMANDS: Record<string, DockerCommand> = {
  commit,
  'container commit': { ...commit, spec: { ...commit.spec, path: 'docker container commit' } },
  pull,
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
  'image rm': { ...rmi, spec: { ...rmi.spec, path: 'docker image rm' } },
  'image tag': { ...tag, spec: { ...tag.spec, path: 'docker image tag' } },
  'image history': { ...history, spec: { ...history.spec, path: 'docker image history' } },
  'image inspect': imageInspect,
};
