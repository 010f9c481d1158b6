// Building a kernel as it looks once booted: its initial namespaces, the root cgroup, and the
// processes its OS starts (init and kernel threads first, as on a real machine).
import { CGROUP_ROOT, newCgroup, type CgroupVersion } from './cgroup.ts';
import type { Kernel, KernelFamily } from './kernel.ts';
import {
  FIRST_DYNAMIC_NAMESPACE_INODE,
  NAMESPACE_KINDS,
  ROOT_NAMESPACE_INODE,
  type Namespace,
} from './namespace.ts';
import type { BootProcess } from './os-catalogue.ts';
import type { OsId } from './os-catalogue.ts';
import { spawnProcess } from './spawn.ts';

export interface KernelSpec {
  id: string;
  owner: Kernel['owner'];
  os: OsId | null;
  family: KernelFamily;
  name: string;
  release: string;
  hostname: string;
  cpuCount: number;
  memoryBytes: number;
  baseMemoryBytes: number;
  pidStep: number;
  bootProcesses: BootProcess[];
  /** Absent: v2, what current distributions mount. */
  cgroupVersion?: CgroupVersion;
}

export function bootKernel(spec: KernelSpec, atNs: number): Kernel {
  const kernel: Kernel = {
    id: spec.id,
    owner: spec.owner,
    os: spec.os,
    family: spec.family,
    name: spec.name,
    release: spec.release,
    cpuCount: spec.cpuCount,
    memoryBytes: spec.memoryBytes,
    baseMemoryBytes: spec.baseMemoryBytes,
    processMemoryBytes: 0,
    rootNs: {},
    nsInodes: { next: FIRST_DYNAMIC_NAMESPACE_INODE, free: [] },
    pidStep: spec.pidStep,
    lastPid: 0,
    namespaces: {},
    processes: {},
    cgroups: {},
    cgroupVersion: spec.cgroupVersion ?? 2,
    oomKillCount: 0,
    bootedAtNs: atNs,
  };
  // Linux has all seven namespace kinds and cgroups; Windows and hypervisor kernels have neither,
  // only a process table, which we model as their one root PID namespace.
  const kinds = spec.family === 'linux' ? NAMESPACE_KINDS : (['pid'] as const);
  for (const kind of kinds) {
    const inode = ROOT_NAMESPACE_INODE[kind];
    const ns: Namespace = { inode, kind, parentInode: null, processCount: 0 };
    if (kind === 'pid') ns.nextPid = spec.pidStep;
    if (kind === 'uts') ns.hostname = spec.hostname;
    if (kind === 'user') ns.uidMap = [{ insideUid: 0, outsideUid: 0, count: 4294967295 }];
    kernel.namespaces[inode] = ns;
    kernel.rootNs[kind] = inode;
  }
  if (spec.family === 'linux') kernel.cgroups[CGROUP_ROOT] = newCgroup(CGROUP_ROOT, null);
  const pids: number[] = [];
  for (const boot of spec.bootProcesses) {
    const parentPid = boot.parentIndex >= 0 ? pids[boot.parentIndex] : undefined;
    const process = spawnProcess(
      kernel,
      {
        comm: boot.comm,
        argv: boot.argv,
        role: boot.role,
        ...(parentPid !== undefined ? { ppid: parentPid } : {}),
      },
      atNs,
    );
    pids.push(process.pid);
  }
  return kernel;
}

/** A new namespace of `kind`, nested under `parentInode` for pid and user namespaces. */
export function createNamespace(
  kernel: Kernel,
  kind: Namespace['kind'],
  parentInode: number | null,
  hostname?: string,
): number {
  // The lowest freed number first, else the next new one (what nextNamespaceInodes(kernel, 1)
  // reports), without building an array for every namespace of every container.
  const inodes = kernel.nsInodes;
  const inode = inodes.free.length > 0 ? inodes.free.shift()! : inodes.next++;
  const ns: Namespace = {
    inode,
    kind,
    parentInode: kind === 'pid' || kind === 'user' ? parentInode : null,
    processCount: 0,
  };
  if (kind === 'pid') ns.nextPid = 1;
  if (kind === 'uts')
    ns.hostname = hostname ?? kernel.namespaces[kernel.rootNs.uts ?? -1]?.hostname ?? 'localhost';
  kernel.namespaces[inode] = ns;
  return inode;
}
