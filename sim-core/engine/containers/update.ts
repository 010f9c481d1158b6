// `docker update`: change a container's limits. They go into its host config; if it is running,
// runc writes them to its cgroup at once, so a learner can squeeze a busy container live.
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
  const next = { ...container.hostConfig, ...change };
  if (
    change.memoryBytes !== undefined &&
    change.memoryBytes > 0 &&
    change.memoryBytes < 6 * 1024 * 1024
  ) {
    throw new UserError('Error response from daemon: Minimum memory limit allowed is 6MB');
  }
  if (next.memorySwapBytes > 0 && next.memoryBytes > 0 && next.memorySwapBytes < next.memoryBytes) {
    throw new UserError(
      'Error response from daemon: Minimum memoryswap limit should be larger than memory limit, see usage',
    );
  }
  ctx.emit({
    kind: 'api.request',
    daemonId,
    method: 'POST',
    path: `/v1.41/containers/${container.id}/update`,
    status: 200,
  });
  ctx.emit({ kind: 'container.update', daemonId, containerId, hostConfig: change });
  const kernelId = ctx.world.daemons[daemonId]!.kernelId;
  const updated = ctx.world.daemons[daemonId]!.containers[containerId]!;
  if (updated.state !== 'running' && updated.state !== 'paused') return;
  if (!ctx.world.kernels[kernelId]!.cgroups[updated.cgroupPath]) return;
  for (const { file, value } of limitWrites(updated as never)) {
    ctx.emit({ kind: 'cgroup.write', kernelId, path: updated.cgroupPath, file, value });
  }
}
