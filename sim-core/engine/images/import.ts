// `docker import FILE [REPOSITORY[:TAG]]`: a new image of one layer, made from a tar archive of
// a root filesystem (from `tar -cf`), with no parent and one history row: an empty CREATED BY,
// the --message as its comment, and the image's own ID (it was made here, not pulled).
import { sha256Hex } from '../../trace/sha256.ts';
import type { StepContext } from '../../world/context.ts';
import { registerLocalLayer } from './local-layer.ts';
import { simUnixSeconds } from '../../world/epoch.ts';
import { UserError } from '../../world/user-error.ts';
import { readTar, tarNodes } from '../build/tar-archive.ts';
import { familiarName, parseReference } from '../registry/reference.ts';
import type { UpperEntry } from '../storage/file-tree.ts';
import { canonicalJson } from '../../trace/canonical.ts';
import { applyChanges } from './changes.ts';
import type { Image, ImageConfig } from './image.ts';

export interface ImportRequest {
  /** The archive's name as typed, and its bytes (null: no such file on the client). */
  source: string;
  archive: string | null;
  reference: string | null;
  changes: string[];
  message: string;
}

function emptyConfig(): ImageConfig {
  return {
    cmd: null,
    entrypoint: null,
    env: [],
    workingDir: '',
    user: '',
    exposedPorts: [],
    volumes: [],
    labels: {},
  };
}

export function importImage(ctx: StepContext, daemonId: string, request: ImportRequest): string {
  let name: string | null = null;
  if (request.reference !== null) {
    const parsed = parseReference(request.reference);
    if (!parsed.ok) throw new UserError(parsed.error);
    name = familiarName(parsed.ref);
  }
  if (request.archive === null)
    throw new UserError(`open ${request.source}: no such file or directory`);
  const entries = readTar(request.archive);
  if (!entries)
    throw new UserError(
      'Error response from daemon: Error processing tar file(exit status 1): unexpected EOF',
    );
  const config = emptyConfig();
  applyChanges(config, request.changes);
  const files: Record<string, UpperEntry> = {};
  let sizeBytes = 0;
  for (const { path, node, linked } of tarNodes(entries)) {
    if (path === '') continue;
    files[`/${path}`] = node;
    if (node.kind === 'file' && !linked) sizeBytes += node.sizeBytes;
  }
  // The layer is the archive: the same archive imported twice is the same layer.
  const diffId = `sha256:${sha256Hex(request.archive)}`;
  const daemon = ctx.world.daemons[daemonId]!;
  registerLocalLayer(ctx, daemonId, diffId, sizeBytes, files);
  const created = simUnixSeconds(ctx.nowNs);
  const id = `sha256:${sha256Hex(canonicalJson({ diffId, config, message: request.message, at: ctx.nowNs }))}`;
  const image = importedImage({
    id,
    diffId,
    sizeBytes,
    createdUnixSeconds: created,
    comment: request.message,
    config,
  });
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'POST',
    path: `/v1.41/images/create?fromSrc=-${name ? `&repo=${name}` : ''}`,
    status: 200,
  });
  if (daemon.images[id]) {
    if (name) ctx.emit({ kind: 'image.tag', daemonId, ref: name, imageId: id });
  } else ctx.emit({ kind: 'image.register', daemonId, image, tags: name ? [name] : [] });
  return id;
}

/**
 * What `docker import` makes: one layer and one history row with no CREATED BY, only the
 * message as its comment. The preloaded local busybox (local-images.ts) was made this way too.
 */
export function importedImage(made: {
  id: string;
  diffId: string;
  sizeBytes: number;
  createdUnixSeconds: number;
  comment: string;
  config: ImageConfig;
}): Image {
  return {
    id: made.id,
    parentId: null,
    repoDigests: [],
    layerDiffIds: [made.diffId],
    history: [
      {
        createdBy: '',
        emptyLayer: false,
        sizeBytes: made.sizeBytes,
        createdUnixSeconds: made.createdUnixSeconds,
        comment: made.comment,
        imageId: made.id,
      },
    ],
    config: made.config,
    sizeBytes: made.sizeBytes,
    createdUnixSeconds: made.createdUnixSeconds,
    os: 'linux',
    architecture: 'amd64',
  };
}
