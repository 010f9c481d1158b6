// dockerd's prune endpoints: remove, in one call, every stopped container, unused volume,
// unused custom network, or dangling (or, with -a, unused) image that the filters select, and
// report what went and how much disk that freed.
import type { StepContext } from '../../world/context.ts';
import { SIM_EPOCH_UNIX_SECONDS } from '../../world/epoch.ts';
import type { DeepReadonly } from '../../world/world.ts';
import type { Daemon } from '../daemon.ts';
import { removeContainerRecord, volumeInUse } from '../containers/stop.ts';
import { upperSizeBytes } from '../storage/diff.ts';
import { fileSize } from '../storage/file-tree.ts';
import { removeImage } from '../images/remove.ts';
import { tagsOf } from '../images/lookup.ts';
import { passesPruneFilters, type PruneFilters } from './prune-filters.ts';

export interface PruneReport {
  /** Container ids, volume or network names, or image lines ("untagged: ...", "deleted: ..."). */
  deleted: string[];
  reclaimedBytes: number;
}

const PREDEFINED_NETWORKS = ['bridge', 'host', 'none'];

function unixSecondsOf(createdNs: number): number {
  return SIM_EPOCH_UNIX_SECONDS + Math.floor(createdNs / 1e9);
}

/** Every prune is one POST to dockerd's /KIND/prune; the report starts empty. */
function pruneRequest(
  ctx: StepContext,
  daemonId: string,
  kind: 'containers' | 'volumes' | 'networks' | 'images',
): PruneReport {
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'POST',
    path: `/v1.41/${kind}/prune`,
    status: 200,
  });
  return { deleted: [], reclaimedBytes: 0 };
}

/** POST /containers/prune: stopped (created or exited) containers and their writable layers. */
export function pruneContainers(
  ctx: StepContext,
  daemonId: string,
  filters: PruneFilters,
): PruneReport {
  const report = pruneRequest(ctx, daemonId, 'containers');
  for (const container of Object.values(ctx.world.daemons[daemonId]!.containers)) {
    if (container.state !== 'exited' && container.state !== 'created' && container.state !== 'dead')
      continue;
    if (!passesPruneFilters(filters, container.config.labels, unixSecondsOf(container.createdNs)))
      continue;
    report.reclaimedBytes += upperSizeBytes(container.upper);
    removeContainerRecord(ctx, daemonId, container.id);
    report.deleted.push(container.id);
  }
  return report;
}

/** POST /volumes/prune: volumes no container (running or not) mounts. */
export function pruneVolumes(
  ctx: StepContext,
  daemonId: string,
  filters: PruneFilters,
): PruneReport {
  const report = pruneRequest(ctx, daemonId, 'volumes');
  for (const volume of Object.values(ctx.world.daemons[daemonId]!.volumes)) {
    if (volumeInUse(ctx, daemonId, volume.name).length > 0) continue;
    if (!passesPruneFilters(filters, volume.labels, unixSecondsOf(volume.createdNs))) continue;
    report.reclaimedBytes += Object.values(volume.files).reduce(
      (sum, entry) => sum + fileSize(entry),
      0,
    );
    ctx.emit({ kind: 'volume.remove', daemonId, name: volume.name });
    report.deleted.push(volume.name);
  }
  return report;
}

/** POST /networks/prune: custom networks no container is connected to; nothing is reclaimed. */
export function pruneNetworks(
  ctx: StepContext,
  daemonId: string,
  filters: PruneFilters,
): PruneReport {
  const report = pruneRequest(ctx, daemonId, 'networks');
  const daemon = ctx.world.daemons[daemonId]!;
  for (const network of Object.values(daemon.networks)) {
    if (PREDEFINED_NETWORKS.includes(network.name)) continue;
    const used = Object.values(daemon.containers).some((container) =>
      container.networkIds.includes(network.id),
    );
    if (used || Object.keys(network.endpoints).length > 0) continue;
    if (!passesPruneFilters(filters, network.labels ?? {}, unixSecondsOf(network.createdNs)))
      continue;
    ctx.emit({ kind: 'network.remove', daemonId, networkId: network.id });
    report.deleted.push(network.name);
  }
  return report;
}

/** Images no other image is built on: the "heads" dockerd's image prune looks at. */
function heads(daemon: DeepReadonly<Daemon>): string[] {
  const parents = new Set(Object.values(daemon.images).map((image) => image.parentId));
  return Object.keys(daemon.images).filter((id) => !parents.has(id));
}

function usedByContainer(daemon: DeepReadonly<Daemon>, imageId: string): boolean {
  return Object.values(daemon.containers).some((container) => container.imageId === imageId);
}

/**
 * POST /images/prune: dangling images (no tag), or with -a (dangling=false) every image no
 * container uses. Deleting an image also deletes its untagged parents that nothing else needs,
 * as `docker rmi` does; the space reclaimed is the size of the layers that left the disk.
 */
export function pruneImages(
  ctx: StepContext,
  daemonId: string,
  all: boolean,
  filters: PruneFilters,
): PruneReport {
  const report = pruneRequest(ctx, daemonId, 'images');
  const danglingOnly = filters.dangling ?? !all;
  const start = ctx.world.daemons[daemonId]!;
  const candidates = heads(start).filter((id) => {
    const image = start.images[id]!;
    if (danglingOnly && tagsOf(start, id).length > 0) return false;
    if (usedByContainer(start, id)) return false;
    return passesPruneFilters(filters, image.config.labels, image.createdUnixSeconds);
  });
  for (const imageId of candidates) {
    const daemon: DeepReadonly<Daemon> = ctx.world.daemons[daemonId]!;
    if (!daemon.images[imageId]) continue;
    // Deleting it can delete its unused parents too (removeImage walks them): count every
    // layer that left the disk.
    const sizes = new Map(
      Object.values(daemon.layers).map((layer) => [layer.diffId, layer.sizeBytes]),
    );
    const lines = removeImage(ctx, daemonId, imageId, true);
    const after = ctx.world.daemons[daemonId]!.layers;
    for (const [diffId, size] of sizes) if (!after[diffId]) report.reclaimedBytes += size;
    for (const line of lines)
      report.deleted.push(
        line.replace(/^Untagged: /, 'untagged: ').replace(/^Deleted: /, 'deleted: '),
      );
  }
  return report;
}
