// Writing a cgroup limit file, as runc does when it applies `docker run -m/--cpus/...`.
// Values are validated before they are emitted (see parseCgroupValue), so the reducer only
// stores them.
import type { Cgroup, WritableCgroupFile } from './cgroup.ts';
import type { Kernel } from './kernel.ts';

export function parseCgroupValue(file: WritableCgroupFile, value: string): string | null {
  const natural = (text: string) => /^\d+$/.test(text) && Number.isSafeInteger(Number(text));
  switch (file) {
    case 'cpu.weight':
      return natural(value) && Number(value) >= 1 && Number(value) <= 10000
        ? null
        : 'cpu.weight must be 1..10000';
    case 'io.weight':
      return natural(value) && Number(value) >= 1 && Number(value) <= 10000
        ? null
        : 'io.weight must be 1..10000';
    case 'cpu.max': {
      const [quota, period] = value.split(' ');
      const quotaOk =
        quota === 'max' || (quota !== undefined && natural(quota) && Number(quota) >= 1000);
      const periodOk =
        period === undefined ||
        (natural(period) && Number(period) >= 1000 && Number(period) <= 1_000_000);
      return quotaOk && periodOk
        ? null
        : 'cpu.max must be "max|QUOTA [PERIOD]" in microseconds (>= 1000)';
    }
    case 'memory.max':
    case 'pids.max':
      return value === 'max' || natural(value) ? null : `${file} must be "max" or a number`;
  }
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
  const number = (text: string) => (text === 'max' ? null : Number(text));
  switch (file) {
    case 'cpu.weight':
      group.cpu.weight = Number(value);
      return;
    case 'io.weight':
      group.io.weight = Number(value);
      return;
    case 'cpu.max': {
      const [quota, period] = value.split(' ');
      group.cpu.quotaUs = number(quota!);
      if (period !== undefined) group.cpu.periodUs = Number(period);
      return;
    }
    case 'memory.max':
      group.memory.maxBytes = number(value);
      return;
    case 'pids.max':
      group.pids.max = number(value);
      return;
  }
}
