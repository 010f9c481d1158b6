// What a command did to the container's files becomes events: a copy-up for each lower file it
// modified first, then each change to the writable layer.
import type { StepContext } from '../../world/context.ts';
import type { UpperEntry } from './file-tree.ts';
import { ContainerFs } from './container-fs.ts';
import { hostPathOf, hostTree } from '../../client/host-files.ts';
import { calibratedValue } from '../../calibration/index.ts';

/**
 * A copy-up reads the whole lower file before the write goes on, so its latency grows with the
 * file's size: size / the SSD's sequential read speed (a lower bound: the copy is written too).
 */
export function copyUpDurationNs(sizeBytes: number): number {
  return Math.ceil((sizeBytes * 1e9) / calibratedValue('disk.ssd.sequentialRead.bytesPerSecond'));
}

export function containerFs(ctx: StepContext, daemonId: string, containerId: string): ContainerFs {
  const daemon = ctx.world.daemons[daemonId]!;
  const container = daemon.containers[containerId]!;
  const image = daemon.images[container.imageId]!;
  const lowers = [...image.layerDiffIds]
    .reverse()
    .map((diffId) => daemon.layers[diffId]!.files as Record<string, UpperEntry>);
  const mounts = container.mounts.map((mount) =>
    mount.type === 'bind'
      ? {
          name: mount.name,
          target: mount.target,
          readOnly: mount.readOnly,
          files: hostTree(ctx.world.client.files, mount.source!),
          bindSource: mount.source!,
        }
      : {
          name: mount.name,
          target: mount.target,
          readOnly: mount.readOnly,
          files: daemon.volumes[mount.name]!.files,
        },
  );
  // Docker mounts a tmpfs at /dev/shm in every container (--shm-size, 64 MB), and one for each
  // --tmpfs: writable even when the root filesystem is read-only.
  const tmpfsTargets = ['/dev/shm', ...Object.keys(container.hostConfig.tmpfs ?? {})];
  const tmpfs = tmpfsTargets.map((target) => ({
    name: target,
    target,
    readOnly: false,
    files: container.tmpfs?.[target] ?? {},
    tmpfs: true,
  }));
  return new ContainerFs(lowers, container.upper, container.hostConfig.readOnlyRootfs, [
    ...mounts,
    ...tmpfs,
  ]);
}

export function commitFsChanges(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  fs: ContainerFs,
): void {
  for (const change of fs.changes) {
    if (change.copiedUpBytes !== undefined) {
      const durationNs = copyUpDurationNs(change.copiedUpBytes);
      ctx.emit({
        kind: 'cow.copyUp',
        daemonId,
        containerId,
        path: change.path,
        sizeBytes: change.copiedUpBytes,
        durationNs,
      });
      ctx.advance(durationNs, `overlayfs copy-up of ${change.path}`);
    }
    ctx.emit({
      kind: 'overlay.change',
      daemonId,
      containerId,
      path: change.path,
      entry: change.entry,
    });
  }
  for (const change of fs.volumeChanges) {
    if (change.tmpfs) {
      ctx.emit({
        kind: 'tmpfs.change',
        daemonId,
        containerId,
        target: change.name,
        path: change.path,
        entry: change.entry,
      });
      continue;
    }
    if (change.bindSource !== undefined) {
      // The host's own file changes; the client's files hold only files (directories follow).
      const path = hostPathOf(change.bindSource, change.path);
      if (change.entry?.kind === 'file')
        ctx.emit({ kind: 'file.write', path, content: change.entry.content ?? '' });
      else if (change.entry === null && ctx.world.client.files[path] !== undefined)
        ctx.emit({ kind: 'file.remove', path });
      continue;
    }
    ctx.emit({
      kind: 'volume.change',
      daemonId,
      name: change.name,
      path: change.path,
      entry: change.entry,
    });
  }
}
