// Writing a cgroup limit file, as runc does when it applies `docker run -m/--cpus/...`.
// Values are validated before they are emitted (see parseCgroupValue and cgroupWriteError), so
// the reducer only stores them.
import type { Cgroup, WritableCgroupFile } from './cgroup.ts';
import type { Kernel } from './kernel.ts';
import type { DeepReadonly } from '../world/world.ts';

const natural = (text: string) => /^\d+$/.test(text) && Number.isSafeInteger(Number(text));
const inRange = (text: string, low: number, high: number) =>
  natural(text) && Number(text) >= low && Number(text) <= high;

export function parseCgroupValue(file: WritableCgroupFile, value: string): string | null {
  switch (file) {
    case 'cpu.weight':
      return inRange(value, 1, 10000) ? null : 'cpu.weight must be 1..10000';
    case 'io.weight':
      return inRange(value, 1, 10000) ? null : 'io.weight must be 1..10000';
    case 'cpu.max': {
      const [quota, period] = value.split(' ');
      const quotaOk =
        quota === 'max' || (quota !== undefined && natural(quota) && Number(quota) >= 1000);
      const periodOk = period === undefined || inRange(period, 1000, 1_000_000);
      return quotaOk && periodOk
        ? null
        : 'cpu.max must be "max|QUOTA [PERIOD]" in microseconds (>= 1000)';
    }
    case 'memory.max':
    case 'memory.swap.max':
    case 'pids.max':
      return value === 'max' || natural(value) ? null : `${file} must be "max" or a number`;
    case 'memory.limit_in_bytes':
    case 'memory.memsw.limit_in_bytes':
      return value === '-1' || natural(value) ? null : `${file} must be -1 or a number`;
    case 'cpu.shares':
      // The kernel clamps to 2..262144 (MIN_SHARES, MAX_SHARES) rather than refusing.
      return natural(value) ? null : 'cpu.shares must be a number';
    case 'cpu.cfs_quota_us':
      return value === '-1' || (natural(value) && Number(value) >= 1000)
        ? null
        : 'cpu.cfs_quota_us must be -1 or at least 1000';
    case 'cpu.cfs_period_us':
      return inRange(value, 1000, 1_000_000) ? null : 'cpu.cfs_period_us must be 1000..1000000';
    case 'blkio.weight':
      return inRange(value, 10, 1000) ? null : 'blkio.weight must be 10..1000';
    case 'cpuset.cpus':
      return /^(\d+(-\d+)?)(,\d+(-\d+)?)*$|^$/.test(value)
        ? null
        : 'cpuset.cpus must be a CPU list';
  }
}

/**
 * What the kernel answers a valid-looking write with, given the group's other limits: v1 keeps
 * memory.limit_in_bytes <= memory.memsw.limit_in_bytes and refuses (EINVAL) a write that would
 * break it (mm/memcontrol.c: mem_cgroup_resize_max).
 */
export function cgroupWriteError(
  group: DeepReadonly<Cgroup>,
  file: WritableCgroupFile,
  value: string,
): 'invalid argument' | null {
  const bytes = (text: string) => (text === '-1' ? null : Number(text));
  if (file === 'memory.memsw.limit_in_bytes') {
    const memsw = bytes(value);
    const max = group.memory.maxBytes;
    if (memsw !== null && max !== null && memsw < max) return 'invalid argument';
  }
  if (file === 'memory.limit_in_bytes') {
    const max = bytes(value);
    const memsw = group.memory.memswMaxBytes;
    if (max !== null && memsw !== null && max > memsw) return 'invalid argument';
  }
  return null;
}

export function applyCgroupWrite(
  kernel: Kernel,
  path: string,
  file: WritableCgroupFile,
  value: string,
): void {
  const group = kernel.cgroups[path];
  if (!group) throw new Error(`no cgroup ${path} in ${kernel.id}`);
  writeCgroupFile(group, file, value);
}

/** Store a validated limit value in a cgroup. */
export function writeCgroupFile(group: Cgroup, file: WritableCgroupFile, value: string): void {
  const number = (text: string) => (text === 'max' || text === '-1' ? null : Number(text));
  switch (file) {
    case 'cpu.weight':
      group.cpu.weight = Number(value);
      return;
    case 'io.weight':
      group.io.weight = Number(value);
      return;
    case 'blkio.weight':
      group.io.blkioWeight = Number(value);
      return;
    case 'cpu.max': {
      const [quota, period] = value.split(' ');
      group.cpu.quotaUs = number(quota!);
      if (period !== undefined) group.cpu.periodUs = Number(period);
      return;
    }
    case 'cpu.shares':
      group.cpu.shares = Math.min(Math.max(Number(value), 2), 262144);
      return;
    case 'cpu.cfs_quota_us':
      group.cpu.quotaUs = number(value);
      return;
    case 'cpu.cfs_period_us':
      group.cpu.periodUs = Number(value);
      return;
    case 'cpuset.cpus':
      group.cpuset.cpus = value;
      return;
    case 'memory.max':
    case 'memory.limit_in_bytes':
      group.memory.maxBytes = number(value);
      return;
    case 'memory.memsw.limit_in_bytes':
      group.memory.memswMaxBytes = number(value);
      return;
    case 'memory.swap.max':
      group.memory.swapMaxBytes = number(value);
      return;
    case 'pids.max':
      group.pids.max = number(value);
      return;
  }
}
