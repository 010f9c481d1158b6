// Downloading the layers a pull is missing, from Docker Hub or a private registry alike: dockerd
// fetches three at a time, so a batch takes as long as its biggest layer at the calibrated
// registry bandwidth, and each layer's progress lines follow its batch.
import { calibratedValue } from '../../calibration/index.ts';
import type { StepContext } from '../../world/context.ts';
import { passTime } from '../../world/pass-time.ts';
import { NS_PER_SECOND } from '../../world/units.ts';
import { shortId } from './image.ts';

/** dockerd's default max-concurrent-downloads. */
export const MAX_CONCURRENT_DOWNLOADS = 3;

export interface LayerDownload {
  blobDigest: string;
  compressedBytes: number;
}

/** Emits a registry.layer event per download and passes the time; returns the bytes fetched. */
export function downloadLayers(
  ctx: StepContext,
  daemonId: string,
  missing: readonly LayerDownload[],
  lines: string[],
): number {
  const bytesPerSecond = calibratedValue('registry.pull.bytesPerSecond');
  let downloaded = 0;
  for (let start = 0; start < missing.length; start += MAX_CONCURRENT_DOWNLOADS) {
    const batch = missing.slice(start, start + MAX_CONCURRENT_DOWNLOADS);
    let batchNs = 0;
    for (const layer of batch) {
      const durationNs = Math.ceil((layer.compressedBytes / bytesPerSecond) * NS_PER_SECOND);
      batchNs = Math.max(batchNs, durationNs);
      downloaded += layer.compressedBytes;
      ctx.emit({
        kind: 'registry.layer',
        daemonId,
        blobDigest: layer.blobDigest,
        compressedBytes: layer.compressedBytes,
        outcome: 'downloaded',
        durationNs,
      });
    }
    passTime(ctx, batchNs, `downloading ${batch.length} layer(s)`);
    for (const layer of batch)
      lines.push(
        `${shortId(layer.blobDigest)}: Verifying Checksum`,
        `${shortId(layer.blobDigest)}: Download complete`,
      );
  }
  return downloaded;
}
