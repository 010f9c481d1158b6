// `docker update`: change a container's limits. They go into its host config; if it is running,
// runc writes them to its cgroup at once, so a learner can squeeze a busy container live.
import type { Cgroup } from '../../kernel/cgroup.ts';
import { cgroupWriteError, writeCgroupFile } from '../../kernel/cgroup-write.ts';
import type { StepContext } from '../../world/context.ts';
import { UserError } from '../../world/user-error.ts';
import type { HostConfig } from './container.ts';
import { limitWrites } from './start.ts';

export function updateContainer(
  ctx: StepContext,
  daemonId: string,
  containerId: string,
  change: Partial<HostConfig>,
): void {
  const container = ctx.world.daemons[daemonId]!.containers[containerId]!;
  if (
    change.memoryBytes !== undefined &&
    change.memoryBytes > 0 &&
    change.memoryBytes < 6 * 1024 * 1024
  ) {
    throw new UserError('Error response from daemon: Minimum memory limit allowed is 6MB');
  }
  // dockerd compares only the values given in this update; a swap below the memory limit the
  // container already has is left to the kernel to refuse.
  const swap = change.memorySwapBytes ?? 0;
  const memory = change.memoryBytes ?? 0;
  if (swap > 0 && memory > 0 && swap < memory) {
    throw new UserError(
      'Error response from daemon: Minimum memoryswap limit should be larger than memory limit, see usage',
    );
  }
  const kernelId = ctx.world.daemons[daemonId]!.kernelId;
  const kernel = ctx.world.kernels[kernelId]!;
  const group = kernel.cgroups[container.cgroupPath];
  const live = (container.state === 'running' || container.state === 'paused') && group;
  const writes = live
    ? limitWrites(
        { hostConfig: { ...container.hostConfig, ...change } as HostConfig },
        kernel.cgroupVersion,
      )
    : [];
  if (live) {
    // runc writes the files one by one; the first the kernel refuses fails the whole update.
    const trial = structuredClone(group) as Cgroup;
    for (const { file, value } of writes) {
      const error = cgroupWriteError(trial, file, value);
      if (error) {
        const where =
          kernel.cgroupVersion === 1 ? `/sys/fs/cgroup/${file.split('.')[0]}` : '/sys/fs/cgroup';
        throw new UserError(
          `Error response from daemon: Cannot update container ${container.id}: runc did not terminate successfully: exit status 1: failed to write "${value}": write ${where}${container.cgroupPath}/${file}: ${error}\n: unknown`,
        );
      }
      writeCgroupFile(trial, file, value);
    }
  }
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'POST',
    path: `/v1.41/containers/${container.id}/update`,
    status: 200,
  });
  ctx.emit({ kind: 'container.update', daemonId, containerId, hostConfig: change });
  for (const { file, value } of writes)
    ctx.emit({ kind: 'cgroup.write', kernelId, path: container.cgroupPath, file, value });
}
