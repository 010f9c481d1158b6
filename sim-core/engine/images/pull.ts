// `docker pull`: the daemon resolves the reference against the registry, then downloads only
// the layers it does not have yet ("Already exists" for shared ones), at most three at a time
// as dockerd does by default, each at the calibrated registry bandwidth.
import type { StepContext } from '../../world/context.ts';
import { downloadLayers } from './download-layers.ts';
import { UserError } from '../../world/user-error.ts';
import type { Daemon } from '../daemon.ts';
import {
  catalogueHasRepository,
  catalogueImageId,
  catalogueManifestDigest,
  findInCatalogue,
  layerBlobDigest,
  layerDiffId,
  type CatalogueImage,
} from '../registry/catalogue.ts';
import {
  canonicalName,
  familiarName,
  familiarRepository,
  DEFAULT_REGISTRY,
  type ImageReference,
} from '../registry/reference.ts';
import { layerFiles } from '../storage/layer-files.ts';
import { shortId, type Image } from './image.ts';
import { pullFromPrivateRegistry } from './pull-private.ts';

export interface PullResult {
  imageId: string;
  /** What `docker pull` prints, line by line. */
  lines: string[];
  downloadedBytes: number;
}

function resolve(ref: ImageReference): CatalogueImage {
  const repository = ref.path.replace(/^library\//, '');
  if (ref.registry !== DEFAULT_REGISTRY) {
    throw new UserError(
      `Error response from daemon: Get "https://${ref.registry}/v2/": dial tcp: lookup ${ref.registry.split(':')[0]}: no such host`,
    );
  }
  const found = ref.path.startsWith('library/') ? findInCatalogue(repository, ref.tag) : null;
  if (found) return found;
  if (ref.path.startsWith('library/') && catalogueHasRepository(repository)) {
    throw new UserError(
      `Error response from daemon: manifest for ${familiarName(ref)} not found: manifest unknown: manifest unknown`,
    );
  }
  throw new UserError(
    `Error response from daemon: pull access denied for ${familiarRepository(ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
  );
}

export function pullImage(ctx: StepContext, daemonId: string, ref: ImageReference): PullResult {
  if (ref.registry !== DEFAULT_REGISTRY) return pullFromPrivateRegistry(ctx, daemonId, ref);
  const entry = resolve(ref);
  const daemon = ctx.world.daemons[daemonId] as Daemon;
  const imageId = catalogueImageId(entry);
  const name = familiarName(ref);
  const digest = catalogueManifestDigest(entry);
  ctx.emit({
    kind: 'registry.manifest',
    daemonId,
    registry: ref.registry,
    repository: ref.path,
    tag: ref.tag,
    digest,
  });
  const lines = [`${ref.tag}: Pulling from ${ref.path}`];
  if (daemon.images[imageId] && daemon.tags[name] === imageId) {
    lines.push(`Digest: ${digest}`, `Status: Image is up to date for ${name}`, canonicalName(ref));
    return { imageId, lines, downloadedBytes: 0 };
  }
  const missing = entry.layers.filter(
    (layer) => !ctx.world.daemons[daemonId]!.layers[layerDiffId(layer)],
  );
  for (const layer of entry.layers) {
    const id = shortId(layerBlobDigest(layer));
    if (!missing.includes(layer)) {
      lines.push(`${id}: Already exists`);
      ctx.emit({
        kind: 'registry.layer',
        daemonId,
        blobDigest: layerBlobDigest(layer),
        compressedBytes: layer.compressedBytes,
        outcome: 'exists',
        durationNs: 0,
      });
    } else {
      lines.push(`${id}: Pulling fs layer`);
    }
  }
  // Downloads run three at a time; a batch takes as long as its biggest layer.
  const downloaded = downloadLayers(
    ctx,
    daemonId,
    missing.map((layer) => ({
      blobDigest: layerBlobDigest(layer),
      compressedBytes: layer.compressedBytes,
    })),
    lines,
  );
  for (const layer of missing) {
    ctx.emit({
      kind: 'layer.register',
      daemonId,
      layer: {
        diffId: layerDiffId(layer),
        blobDigest: layerBlobDigest(layer),
        sizeBytes: layer.sizeBytes,
        compressedBytes: layer.compressedBytes,
        cacheId: layerDiffId(layer).slice(7, 71),
        refCount: 0,
        paths: [...layer.paths],
        files: layerFiles(layer),
      },
    });
    lines.push(`${shortId(layerBlobDigest(layer))}: Pull complete`);
  }
  const image: Image = {
    id: imageId,
    parentId: null,
    repoDigests: [`${familiarRepository(ref)}@${digest}`],
    layerDiffIds: entry.layers.map(layerDiffId),
    history: [
      ...entry.layers.map((layer) => ({
        createdBy: layer.createdBy,
        emptyLayer: false,
        sizeBytes: layer.sizeBytes,
        createdUnixSeconds: entry.createdUnixSeconds,
        comment: '',
      })),
      ...entry.metadata.map((createdBy) => ({
        createdBy,
        emptyLayer: true,
        sizeBytes: 0,
        createdUnixSeconds: entry.createdUnixSeconds,
        comment: '',
      })),
    ],
    config: structuredClone(entry.config),
    sizeBytes: entry.layers.reduce((sum, layer) => sum + layer.sizeBytes, 0),
    createdUnixSeconds: entry.createdUnixSeconds,
    os: 'linux',
    architecture: 'amd64',
  };
  if (ctx.world.daemons[daemonId]!.images[imageId]) {
    ctx.emit({ kind: 'image.tag', daemonId, ref: name, imageId });
  } else {
    ctx.emit({ kind: 'image.register', daemonId, image, tags: [name] });
  }
  lines.push(`Digest: ${digest}`, `Status: Downloaded newer image for ${name}`, canonicalName(ref));
  return { imageId, lines, downloadedBytes: downloaded };
}
