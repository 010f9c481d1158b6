// `docker push`: dockerd uploads an image's layers the registry does not have yet ("Layer
// already exists" for the others), five at a time as its default max-concurrent-uploads says,
// then the config and the manifest, and prints the manifest's digest and size. Docker Hub refuses
// a push without `docker login`; a registry that is not running refuses the connection.
import { calibratedValue } from '../../calibration/index.ts';
import { canonicalJson } from '../../trace/canonical.ts';
import type { StepContext } from '../../world/context.ts';
import type { DeepReadonly } from '../../world/world.ts';
import { passTime } from '../../world/pass-time.ts';
import { NS_PER_SECOND } from '../../world/units.ts';
import {
  hasBlob,
  hasLayer,
  linkLayer,
  linkTag,
  registryEndpoint,
  storeBlob,
} from '../registry/local-registry.ts';
import { buildManifest } from '../registry/manifest.ts';
import {
  DEFAULT_REGISTRY,
  familiarName,
  familiarRepository,
  type ImageReference,
} from '../registry/reference.ts';
import { shortId, type Image } from './image.ts';
import { findImageId } from './lookup.ts';

/** dockerd's default max-concurrent-uploads. */
export const MAX_CONCURRENT_UPLOADS = 5;

export interface PushResult {
  /** What `docker push` prints on stdout, line by line. */
  lines: string[];
  /** The message it ends with on failure (stderr), or null. */
  error: string | null;
}

/** The config blob: the image as its config JSON would describe it (without local names). */
export function configBlob(image: DeepReadonly<Image>): string {
  return canonicalJson({ ...image, repoDigests: [] });
}

export function pushImage(ctx: StepContext, daemonId: string, ref: ImageReference): PushResult {
  const daemon = ctx.world.daemons[daemonId]!;
  const name = familiarName(ref);
  const lines = [`The push refers to repository [${ref.registry}/${ref.path}]`];
  const imageId = daemon.tags[name] ?? null;
  if (!imageId || !findImageId(daemon, name))
    return {
      lines,
      error: `An image does not exist locally with the tag: ${ref.tagGiven ? name : familiarRepository(ref)}`,
    };
  const image = daemon.images[imageId]!;
  // Progress shows each layer by its diff ID, topmost first.
  const layers = [...image.layerDiffIds].reverse().map((diffId) => daemon.layers[diffId]!);
  if (ref.registry === DEFAULT_REGISTRY) {
    // No `docker login` in the simulated world: Docker Hub refuses the first upload.
    for (const layer of layers) lines.push(`${shortId(layer.diffId)}: Preparing`);
    return { lines, error: 'denied: requested access to the resource is denied' };
  }
  const endpoint = registryEndpoint(daemon, ref.registry);
  if (endpoint.kind !== 'local') return { lines, error: endpoint.error };
  const volume = endpoint.volume.name;
  for (const layer of layers) lines.push(`${shortId(layer.diffId)}: Preparing`);
  const bytesPerSecond = calibratedValue('registry.pull.bytesPerSecond');
  const present = layers.filter((layer) => hasBlob(endpoint.volume, layer.blobDigest));
  const missing = layers.filter((layer) => !present.includes(layer));
  for (const layer of present) {
    ctx.emit({
      kind: 'registry.push.layer',
      daemonId,
      registry: ref.registry,
      repository: ref.path,
      blobDigest: layer.blobDigest,
      compressedBytes: layer.compressedBytes,
      outcome: 'exists',
      durationNs: 0,
    });
    if (!hasLayer(endpoint.volume, ref, layer.blobDigest))
      linkLayer(ctx, daemonId, volume, ref, layer.blobDigest);
    lines.push(`${shortId(layer.diffId)}: Layer already exists`);
  }
  for (const layer of missing.slice(MAX_CONCURRENT_UPLOADS))
    lines.push(`${shortId(layer.diffId)}: Waiting`);
  // Uploads run five at a time; within a batch the smaller layers finish first.
  for (let start = 0; start < missing.length; start += MAX_CONCURRENT_UPLOADS) {
    const batch = missing.slice(start, start + MAX_CONCURRENT_UPLOADS);
    const durations = batch.map((layer) =>
      Math.ceil((layer.compressedBytes / bytesPerSecond) * NS_PER_SECOND),
    );
    passTime(ctx, Math.max(0, ...durations), `pushing ${batch.length} layer(s)`);
    const finished = batch
      .map((layer, index) => ({ layer, durationNs: durations[index]! }))
      .sort((a, b) => a.durationNs - b.durationNs);
    for (const { layer, durationNs } of finished) {
      ctx.emit({
        kind: 'registry.push.layer',
        daemonId,
        registry: ref.registry,
        repository: ref.path,
        blobDigest: layer.blobDigest,
        compressedBytes: layer.compressedBytes,
        outcome: 'pushed',
        durationNs,
      });
      storeBlob(
        ctx,
        daemonId,
        volume,
        layer.blobDigest,
        canonicalJson({ diffId: layer.diffId, sizeBytes: layer.sizeBytes, files: layer.files }),
        layer.compressedBytes,
      );
      linkLayer(ctx, daemonId, volume, ref, layer.blobDigest);
      lines.push(`${shortId(layer.diffId)}: Pushed`);
    }
  }
  const config = configBlob(image);
  storeBlob(ctx, daemonId, volume, image.id, config);
  const manifest = buildManifest(
    image.id,
    config.length,
    image.layerDiffIds.map((diffId) => ({
      digest: daemon.layers[diffId]!.blobDigest,
      compressedBytes: daemon.layers[diffId]!.compressedBytes,
    })),
  );
  storeBlob(ctx, daemonId, volume, manifest.digest, manifest.text);
  linkTag(ctx, daemonId, volume, ref, manifest.digest);
  ctx.emit({
    kind: 'image.repoDigest',
    daemonId,
    imageId,
    repoDigest: `${familiarRepository(ref)}@${manifest.digest}`,
  });
  lines.push(`${ref.tag}: digest: ${manifest.digest} size: ${manifest.sizeBytes}`);
  return { lines, error: null };
}
