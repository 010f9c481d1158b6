// `docker rmi`: untag, and delete the image once no tag holds it; its layers leave the disk
// only if no other image still uses them. Conflicts use dockerd's wording.
import type { StepContext } from '../../world/context.ts';
import { UserError } from '../../world/user-error.ts';
import { familiarName, parseReference } from '../registry/reference.ts';
import { shortId, type Image } from './image.ts';
import type { DeepReadonly } from '../../world/world.ts';
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
  const image = daemon.images[imageId]!;
  for (const ref of tags) {
    ctx.emit({ kind: 'image.untag', daemonId, ref });
    lines.push(`Untagged: ${ref}`);
  }
  for (const digest of image.repoDigests) lines.push(`Untagged: ${digest}`);
  const chain = chainIds(image.layerDiffIds);
  const freed = image.layerDiffIds
    .map((diffId, index) => ({ diffId, chainId: chain[index]! }))
    .filter(({ diffId }) => daemon.layers[diffId]!.refCount === 1);
  ctx.emit({ kind: 'image.delete', daemonId, imageId });
  lines.push(`Deleted: ${imageId}`);
  // Layers are listed top first, as dockerd releases them.
  for (const { chainId } of [...freed].reverse()) lines.push(`Deleted: ${chainId}`);
  if (image.parentId) lines.push(...deleteUnusedParents(ctx, daemonId, image.parentId));
  return lines;
}

/**
 * dockerd prunes the parents of a deleted image (the build steps' intermediate images) along
 * with it while they have no tag, no other child and no container; the first one still needed
 * ends the walk quietly.
 */
function deleteUnusedParents(ctx: StepContext, daemonId: string, parentId: string): string[] {
  const lines: string[] = [];
  for (let imageId: string | null = parentId; imageId !== null;) {
    const daemon = ctx.world.daemons[daemonId]!;
    const image: DeepReadonly<Image> | undefined = daemon.images[imageId];
    if (!image || tagsOf(daemon, imageId).length > 0) break;
    const current = imageId;
    if (Object.values(daemon.images).some((other) => other.parentId === current)) break;
    if (Object.values(daemon.containers).some((container) => container.imageId === current)) break;
    const chain = chainIds(image.layerDiffIds);
    const freed = image.layerDiffIds
      .map((diffId, index) => ({ diffId, chainId: chain[index]! }))
      .filter(({ diffId }) => daemon.layers[diffId]!.refCount === 1);
    ctx.emit({ kind: 'image.delete', daemonId, imageId });
    lines.push(`Deleted: ${imageId}`);
    for (const { chainId } of [...freed].reverse()) lines.push(`Deleted: ${chainId}`);
    imageId = image.parentId;
  }
  return lines;
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
