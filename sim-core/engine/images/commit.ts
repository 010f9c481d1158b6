// `docker commit`: a new image from a container's current state: its image's layers plus its
// writable layer as one more, and its config (optionally changed with Dockerfile instructions).
import { canonicalJson } from '../../trace/canonical.ts';
import { sha256Hex } from '../../trace/sha256.ts';
import type { StepContext } from '../../world/context.ts';
import { registerLocalLayer } from './local-layer.ts';
import { simUnixSeconds } from '../../world/epoch.ts';
import { UserError } from '../../world/user-error.ts';
import { findContainer } from '../containers/create.ts';
import { applyChanges } from './changes.ts';
import { familiarName, parseReference } from '../registry/reference.ts';
import { upperSizeBytes } from '../storage/diff.ts';
import type { Image } from './image.ts';

export interface CommitRequest {
  container: string;
  reference: string | null;
  changes: string[];
  message: string;
}

export function commitContainer(
  ctx: StepContext,
  daemonId: string,
  request: CommitRequest,
): string {
  const daemon = ctx.world.daemons[daemonId]!;
  const containerId = findContainer(daemon, request.container);
  if (!containerId)
    throw new UserError(`Error response from daemon: No such container: ${request.container}`);
  const container = daemon.containers[containerId]!;
  const base = daemon.images[container.imageId]!;
  const config = structuredClone(base.config) as Image['config'];
  config.cmd = [...container.config.cmd];
  config.env = [...container.config.env];
  applyChanges(config, request.changes);
  const upper = structuredClone(container.upper);
  const sizeBytes = upperSizeBytes(upper);
  const diffId = `sha256:${sha256Hex(canonicalJson(upper))}`;
  registerLocalLayer(ctx, daemonId, diffId, sizeBytes, upper);
  const id = `sha256:${sha256Hex(canonicalJson({ parent: base.id, diffId, config, message: request.message, at: ctx.nowNs }))}`;
  const image: Image = {
    ...structuredClone(base as Image),
    id,
    parentId: base.id,
    repoDigests: [],
    layerDiffIds: [...base.layerDiffIds, diffId],
    history: [
      ...structuredClone(base.history as Image['history']),
      {
        createdBy: [container.config.path, ...container.config.args].join(' '),
        emptyLayer: false,
        sizeBytes,
        createdUnixSeconds: simUnixSeconds(ctx.nowNs),
        comment: request.message,
        imageId: id,
      },
    ],
    config,
    sizeBytes: base.sizeBytes + sizeBytes,
    createdUnixSeconds: simUnixSeconds(ctx.nowNs),
  };
  const tags: string[] = [];
  if (request.reference) {
    const ref = parseReference(request.reference);
    if (!ref.ok)
      throw new UserError(
        `Error parsing reference: "${request.reference}" is not a valid repository/tag: ${ref.error}`,
      );
    tags.push(familiarName(ref.ref));
  }
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'POST',
    path: `/v1.41/commit?container=${container.name}`,
    status: 201,
  });
  if (daemon.images[id])
    for (const ref of tags) ctx.emit({ kind: 'image.tag', daemonId, ref, imageId: id });
  else ctx.emit({ kind: 'image.register', daemonId, image, tags });
  return id;
}
