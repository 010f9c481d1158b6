// `docker rmi`: untag, and delete the image once no tag holds it; its layers leave the disk
// only if no other image still uses them. Conflicts use dockerd's wording.
import type { StepContext } from '../../world/context.ts';
import { UserError } from '../../world/user-error.ts';
import { familiarName, parseReference } from '../registry/reference.ts';
import { shortId } from './image.ts';
import { chainIds, findImageId, tagsOf } from './lookup.ts';

export function removeImage(
  ctx: StepContext,
  daemonId: string,
  text: string,
  force: boolean,
): string[] {
  const daemon = ctx.world.daemons[daemonId]!;
  const imageId = findImageId(daemon, text);
  if (!imageId) throw new UserError(`Error: No such image: ${text}`);
  const tags = tagsOf(daemon, imageId);
  const parsed = parseReference(text);
  const byTag =
    parsed.ok && daemon.tags[familiarName(parsed.ref)] === imageId
      ? familiarName(parsed.ref)
      : null;
  const lines: string[] = [];
  if (byTag && tags.length > 1) {
    ctx.emit({ kind: 'image.untag', daemonId, ref: byTag });
    return [`Untagged: ${byTag}`];
  }
  if (!byTag && tags.length > 1 && !force) {
    throw new UserError(
      `Error response from daemon: conflict: unable to delete ${shortId(imageId)} (must be forced) - image is referenced in multiple repositories`,
    );
  }
  const users = Object.values(daemon.containers).filter(
    (container) => container.imageId === imageId,
  );
  const user = users.find((container) => container.state === 'running') ?? users[0];
  if (user && !force) {
    if (byTag) {
      throw new UserError(
        `Error response from daemon: conflict: unable to remove repository reference "${text}" (must force) - container ${user.id.slice(0, 12)} is using its referenced image ${shortId(imageId)}`,
      );
    }
    const how = user.state === 'running' ? 'running' : 'stopped';
    throw new UserError(
      `Error response from daemon: conflict: unable to delete ${shortId(imageId)} (must be forced) - image is being used by ${how} container ${user.id.slice(0, 12)}`,
    );
  }
  if (user && user.state === 'running') {
    throw new UserError(
      `Error response from daemon: conflict: unable to delete ${shortId(imageId)} (cannot be forced) - image is being used by running container ${user.id.slice(0, 12)}`,
    );
  }
  if (user) {
    // Forced with stopped containers: Docker only untags; the image stays for them.
    for (const ref of tags) {
      ctx.emit({ kind: 'image.untag', daemonId, ref });
      lines.push(`Untagged: ${ref}`);
    }
    return lines;
  }
  const hasChildren = Object.values(daemon.images).some((image) => image.parentId === imageId);
  if (hasChildren && !byTag)
    throw new UserError(
      `Error response from daemon: conflict: unable to delete ${shortId(imageId)} (cannot be forced) - image has dependent child images`,
    );
  const image = daemon.images[imageId]!;
  for (const ref of tags) {
    ctx.emit({ kind: 'image.untag', daemonId, ref });
    lines.push(`Untagged: ${ref}`);
  }
  for (const digest of image.repoDigests) lines.push(`Untagged: ${digest}`);
  // An image other images are built on stays (untagged) for them.
  if (hasChildren) return lines;
  lines.push(...deleteImage(ctx, daemonId, imageId));
  // Then its parents, as long as nothing else holds them: the steps of a build go with the
  // image they made, unless they are tagged, have other children or a container uses them.
  let parentId = image.parentId;
  while (parentId !== null) {
    const current = ctx.world.daemons[daemonId]!;
    const parent = current.images[parentId];
    if (
      !parent ||
      tagsOf(current, parentId).length > 0 ||
      Object.values(current.images).some((other) => other.parentId === parentId) ||
      Object.values(current.containers).some((container) => container.imageId === parentId)
    )
      break;
    lines.push(...deleteImage(ctx, daemonId, parentId));
    parentId = parent.parentId;
  }
  return lines;
}

/** Delete one image: "Deleted:" its ID, then the chain ID of each layer no other image holds. */
function deleteImage(ctx: StepContext, daemonId: string, imageId: string): string[] {
  const daemon = ctx.world.daemons[daemonId]!;
  const image = daemon.images[imageId]!;
  const chain = chainIds(image.layerDiffIds);
  const freed = image.layerDiffIds
    .map((diffId, index) => ({ diffId, chainId: chain[index]! }))
    .filter(({ diffId }) => daemon.layers[diffId]!.refCount === 1);
  ctx.emit({ kind: 'image.delete', daemonId, imageId });
  // Layers are listed top first, as dockerd releases them.
  return [
    `Deleted: ${imageId}`,
    ...[...freed].reverse().map(({ chainId }) => `Deleted: ${chainId}`),
  ];
}

export function tagImage(ctx: StepContext, daemonId: string, source: string, target: string): void {
  const targetRef = parseReference(target);
  if (!targetRef.ok)
    throw new UserError(
      `Error parsing reference: "${target}" is not a valid repository/tag: ${targetRef.error}`,
    );
  const daemon = ctx.world.daemons[daemonId]!;
  const imageId = findImageId(daemon, source);
  if (!imageId) {
    const sourceRef = parseReference(source);
    throw new UserError(
      `Error response from daemon: No such image: ${sourceRef.ok ? familiarName(sourceRef.ref) : source}`,
    );
  }
  ctx.emit({ kind: 'image.tag', daemonId, ref: familiarName(targetRef.ref), imageId });
}
