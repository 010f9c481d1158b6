// Racking a new server: its hardware, and the host OS booted on it.
import { calibratedValue } from '../calibration/index.ts';
import { preloadLocalImage, type LocalImageName } from '../engine/images/local-images.ts';
import { installEngine } from '../engine/install-engine.ts';
import type { CgroupVersion } from '../kernel/cgroup.ts';
import { osKernelSpec } from '../kernel/os-kernel-spec.ts';
import { OS_CATALOGUE, DEFAULT_HOST_OS, type OsId } from '../kernel/os-catalogue.ts';
import type { StepContext } from '../world/context.ts';
import { checkNewName } from '../world/names.ts';
import { nextHex } from '../world/rng.ts';
import { UserError } from '../world/user-error.ts';
import { formatBytes } from '../world/units.ts';
import { peekId } from '../world/world.ts';
import { defaultNic } from './host.ts';

export interface HostRequest {
  name: string;
  cpuCount: number;
  memoryBytes: number;
  diskBytes: number;
  os?: OsId;
  /** The cgroup interface it boots with, if not its OS's default. */
  cgroupVersion?: CgroupVersion;
  /** Images its engine already holds, made there rather than pulled (engine/images/local-images). */
  localImages?: readonly LocalImageName[];
}

export function addHost(ctx: StepContext, request: HostRequest): string {
  checkNewName(ctx.world, request.name);
  const os = OS_CATALOGUE[request.os ?? DEFAULT_HOST_OS];
  const baseMemoryBytes = calibratedValue(os.memoryCalibration);
  if (request.memoryBytes < baseMemoryBytes) {
    throw new UserError(
      `${os.prettyName} needs at least ${formatBytes(baseMemoryBytes)} of memory to run; give the host more --memory`,
    );
  }
  const id = peekId(ctx.world, 'host');
  const kernelId = peekId(ctx.world, 'kernel');
  const hostNumber = (ctx.world.counters['host'] ?? 0) + 1;
  ctx.emit({
    kind: 'host.add',
    host: {
      id,
      name: request.name,
      cpuCount: request.cpuCount,
      memoryBytes: request.memoryBytes,
      diskBytes: request.diskBytes,
      nic: defaultNic(hostNumber, nextHex(ctx.rng, 6)),
      os: os.id,
      hypervisorId: null,
      state: 'up',
    },
    kernel: osKernelSpec(os, {
      id: kernelId,
      owner: { kind: 'host', id },
      hostname: request.name,
      cpuCount: request.cpuCount,
      memoryBytes: request.memoryBytes,
      baseMemoryBytes,
      ...(request.cgroupVersion ? { cgroupVersion: request.cgroupVersion } : {}),
    }),
  });
  if (os.family === 'linux') {
    const daemonId = installEngine(ctx, id);
    for (const name of request.localImages ?? []) preloadLocalImage(ctx, daemonId, name);
  }
  return id;
}
