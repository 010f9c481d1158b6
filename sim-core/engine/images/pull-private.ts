// `docker pull localhost:5000/NAME`: the same steps as a pull from Docker Hub (manifest, then
// the layers this engine lacks, three at a time), read from a private registry's storage: the
// manifest by tag, the config blob (whose digest is the image ID) and the layer blobs.
import type { StepContext } from '../../world/context.ts';
import { downloadLayers } from './download-layers.ts';
import { UserError } from '../../world/user-error.ts';
import { readBlob, registryEndpoint, tagDigest } from '../registry/local-registry.ts';
import { readManifest } from '../registry/manifest.ts';
import {
  canonicalName,
  familiarName,
  familiarRepository,
  type ImageReference,
} from '../registry/reference.ts';
import type { LayerFiles } from './image.ts';
import { shortId, type Image } from './image.ts';
import type { PullResult } from './pull.ts';

export function pullFromPrivateRegistry(
  ctx: StepContext,
  daemonId: string,
  ref: ImageReference,
): PullResult {
  const endpoint = registryEndpoint(ctx.world.daemons[daemonId]!, ref.registry);
  if (endpoint.kind !== 'local')
    throw new UserError(`Error response from daemon: ${endpoint.error}`);
  const volume = endpoint.volume;
  const name = familiarName(ref);
  const notFound = () =>
    new UserError(
      `Error response from daemon: manifest for ${name} not found: manifest unknown: manifest unknown`,
    );
  const digest = ref.digest ?? tagDigest(volume, ref);
  const manifestText = digest ? readBlob(volume, digest) : null;
  const manifest = manifestText ? readManifest(manifestText) : null;
  const configText = manifest ? readBlob(volume, manifest.configDigest) : null;
  if (!digest || !manifest || !configText) throw notFound();
  ctx.emit({
    kind: 'registry.manifest',
    daemonId,
    registry: ref.registry,
    repository: ref.path,
    tag: ref.tag,
    digest,
  });
  const stored = JSON.parse(configText) as Image;
  const imageId = manifest.configDigest;
  const lines = [`${ref.tag}: Pulling from ${ref.path}`];
  const daemon = ctx.world.daemons[daemonId]!;
  if (daemon.images[imageId] && daemon.tags[name] === imageId) {
    lines.push(`Digest: ${digest}`, `Status: Image is up to date for ${name}`, canonicalName(ref));
    return { imageId, lines, downloadedBytes: 0 };
  }
  const layers = manifest.layers.map((layer) => {
    const blob = JSON.parse(readBlob(volume, layer.digest) ?? '{}') as {
      diffId: string;
      sizeBytes: number;
      files: LayerFiles;
    };
    return { ...layer, ...blob };
  });
  const missing = layers.filter((layer) => !ctx.world.daemons[daemonId]!.layers[layer.diffId]);
  for (const layer of layers)
    lines.push(
      `${shortId(layer.digest)}: ${missing.includes(layer) ? 'Pulling fs layer' : 'Already exists'}`,
    );
  const downloaded = downloadLayers(
    ctx,
    daemonId,
    missing.map((layer) => ({ blobDigest: layer.digest, compressedBytes: layer.compressedBytes })),
    lines,
  );
  for (const layer of missing) {
    ctx.emit({
      kind: 'layer.register',
      daemonId,
      layer: {
        diffId: layer.diffId,
        blobDigest: layer.digest,
        sizeBytes: layer.sizeBytes,
        compressedBytes: layer.compressedBytes,
        cacheId: layer.diffId.slice(7),
        refCount: 0,
        paths: Object.keys(layer.files),
        files: layer.files,
      },
    });
    lines.push(`${shortId(layer.digest)}: Pull complete`);
  }
  const repoDigest = `${familiarRepository(ref)}@${digest}`;
  if (ctx.world.daemons[daemonId]!.images[imageId]) {
    ctx.emit({ kind: 'image.tag', daemonId, ref: name, imageId });
    ctx.emit({ kind: 'image.repoDigest', daemonId, imageId, repoDigest });
  } else {
    // Pulled images have no local parent: their history rows show <missing>.
    const history = stored.history.map((row) => {
      const copy = { ...row };
      delete copy.imageId;
      return copy;
    });
    const image: Image = {
      ...stored,
      id: imageId,
      parentId: null,
      history,
      repoDigests: [repoDigest],
    };
    ctx.emit({ kind: 'image.register', daemonId, image, tags: [name] });
  }
  lines.push(`Digest: ${digest}`, `Status: Downloaded newer image for ${name}`, canonicalName(ref));
  return { imageId, lines, downloadedBytes: downloaded };
}
