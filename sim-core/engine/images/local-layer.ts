// A layer made on this engine rather than pulled (a build step, docker commit, docker import):
// dockerd stores it uncompressed, and until it is pushed its blob digest is its diff ID. Shared
// by everything that makes one, so they all register it the same way, and only once.
import type { StepContext } from '../../world/context.ts';
import type { LayerFiles } from './image.ts';

export function registerLocalLayer(
  ctx: StepContext,
  daemonId: string,
  diffId: string,
  sizeBytes: number,
  files: LayerFiles,
): void {
  if (ctx.world.daemons[daemonId]!.layers[diffId]) return;
  ctx.emit({
    kind: 'layer.register',
    daemonId,
    layer: {
      diffId,
      blobDigest: diffId,
      sizeBytes,
      compressedBytes: sizeBytes,
      cacheId: diffId.slice(7),
      refCount: 0,
      paths: Object.keys(files),
      files,
    },
  });
}
