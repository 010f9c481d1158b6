// One running kernel: a host OS's, a VM guest's, or a type 1 hypervisor's. It owns a process
// table, namespaces and cgroups. A VM's guest kernel is a separate Kernel, which is why the host
// cannot see a guest's processes: they live in another kernel's table.
import type { Cgroup, CgroupVersion } from './cgroup.ts';
import type { Namespace, NamespaceKind } from './namespace.ts';
import type { OsId } from './os-catalogue.ts';
import type { Process } from './process.ts';
import type { DeepReadonly } from '../world/world.ts';

export type ReadonlyKernel = DeepReadonly<Kernel>;

export type KernelFamily = 'linux' | 'windows' | 'hypervisor';

export interface Kernel {
  id: string;
  owner: { kind: 'host' | 'vm'; id: string };
  os: OsId | null;
  family: KernelFamily;
  name: string;
  release: string;
  cpuCount: number;
  memoryBytes: number;
  /** Memory the OS itself holds at idle (kernel, page cache floor, services). */
  baseMemoryBytes: number;
  /** Sum of process memory; kept so pressure checks do not walk the whole table. */
  processMemoryBytes: number;
  rootNs: Partial<Record<NamespaceKind, number>>;
  /** Namespace inode allocation, as the kernel's IDA does it: freed numbers first, lowest first. */
  nsInodes: { next: number; free: number[] };
  pidStep: number;
  /** Root-namespace PID of the last process spawned, read back by the step that spawned it. */
  lastPid: number;
  namespaces: Record<string, Namespace>;
  processes: Record<string, Process>;
  cgroups: Record<string, Cgroup>;
  /** Which cgroup interface init mounted: v1 (a hierarchy per controller) or v2 (unified). */
  cgroupVersion: CgroupVersion;
  oomKillCount: number;
  bootedAtNs: number;
}

/**
 * The inode numbers the next `count` namespaces will get. The kernel hands out the lowest free
 * number (an IDA), so a number freed by a removed container is used again by the next one.
 */
export function nextNamespaceInodes(kernel: ReadonlyKernel, count: number): number[] {
  const inodes = kernel.nsInodes.free.slice(0, count);
  for (let next = kernel.nsInodes.next; inodes.length < count; next++) inodes.push(next);
  return inodes;
}

export function kernelMemoryUsedBytes(kernel: ReadonlyKernel): number {
  return kernel.baseMemoryBytes + kernel.processMemoryBytes;
}

export function kernelMemoryFreeBytes(kernel: ReadonlyKernel): number {
  return kernel.memoryBytes - kernelMemoryUsedBytes(kernel);
}

/** The processes a viewer in PID namespace `nsInode` can see, with the PIDs it sees. */
export function visibleProcesses(
  kernel: ReadonlyKernel,
  nsInode: number,
): { pid: number; process: DeepReadonly<Process> }[] {
  const visible: { pid: number; process: DeepReadonly<Process> }[] = [];
  for (const process of Object.values(kernel.processes)) {
    const level = process.pidChain.find((entry) => entry.nsInode === nsInode);
    if (level) visible.push({ pid: level.pid, process });
  }
  return visible;
}
