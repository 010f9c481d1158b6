// How a container's --cpu-shares reaches the kernel's group weight.
// cgroup v1: cpu.shares is the weight itself (2..262144, default 1024).
// cgroup v2: runc writes cpu.weight (1..10000, default 100), converting shares one of two
// ways, and the kernel turns cpu.weight back into shares (sched_weight_from_cgroup).
import { MAX_SHARES, MIN_SHARES } from './weights.ts';

/** runc before 1.3 (libcontainer/cgroups/utils.go): linear, so 1024 shares -> 39. */
export function sharesToWeightLinear(shares: number): number {
  if (shares === 0) return 0;
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/**
 * runc 1.3+ (ConvertCPUSharesToCgroupV2Value): a quadratic in log2(shares) through
 * (2, 1), (1024, 100) and (262144, 10000), so the default maps to the default. This is
 * user-space arithmetic in runc (floating point there too); the scheduler only ever sees
 * the integer result.
 */
export function sharesToWeightQuadratic(shares: number): number {
  if (shares === 0) return 0;
  if (shares <= 2) return 1;
  if (shares >= MAX_SHARES) return 10_000;
  const l = Math.log2(shares);
  const exponent = (l * l + 125 * l) / 612 - 7 / 34;
  return Math.ceil(10 ** exponent);
}

/** The kernel's cpu.weight -> internal shares: DIV_ROUND_CLOSEST(weight * 1024, 100). */
export function weightToShares(weight: number): number {
  if (!Number.isInteger(weight) || weight < 1 || weight > 10_000) {
    throw new RangeError('cpu.weight is 1..10000');
  }
  return Math.min(Math.max(Math.floor((weight * 1024 + 50) / 100), MIN_SHARES), MAX_SHARES);
}

export type SharesMapping = 'v1' | 'v2-linear' | 'v2-quadratic';

/** The kernel weight a group gets for `docker run --cpu-shares N` under each setup. */
export function effectiveShares(shares: number, mapping: SharesMapping): number {
  if (mapping === 'v1') return Math.min(Math.max(shares, MIN_SHARES), MAX_SHARES);
  const weight =
    mapping === 'v2-linear' ? sharesToWeightLinear(shares) : sharesToWeightQuadratic(shares);
  return weightToShares(weight);
}
