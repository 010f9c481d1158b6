// Process creation and exit inside one kernel: PID allocation per PID namespace, namespace
// reference counts, and cgroup charging. These mutate a kernel and are called only by event
// reducers, so every change is recorded in the trace.
import { CGROUP_ROOT, cgroupChain } from './cgroup.ts';
import type { Kernel } from './kernel.ts';
import { NAMESPACE_KINDS, type NamespaceKind } from './namespace.ts';
import type { Process, ProcessSpec } from './process.ts';

/** The PID namespaces from the root down to `nsInode`. */
export function pidNamespaceChain(kernel: Kernel, nsInode: number): number[] {
  const chain: number[] = [];
  for (
    let at: number | null = nsInode;
    at !== null;
    at = kernel.namespaces[at]?.parentInode ?? null
  ) {
    chain.unshift(at);
  }
  return chain;
}

function allocatePid(kernel: Kernel, nsInode: number): number {
  const ns = kernel.namespaces[nsInode];
  if (!ns || ns.kind !== 'pid') throw new Error(`no pid namespace ${nsInode} in ${kernel.id}`);
  const pid = ns.nextPid ?? kernel.pidStep;
  ns.nextPid = pid + kernel.pidStep;
  return pid;
}

export function spawnProcess(kernel: Kernel, spec: ProcessSpec, atNs: number): Process {
  const parent = spec.ppid !== undefined ? kernel.processes[spec.ppid] : undefined;
  const ns: Partial<Record<NamespaceKind, number>> = {};
  for (const kind of NAMESPACE_KINDS) {
    const inode = spec.ns?.[kind] ?? parent?.ns[kind] ?? kernel.rootNs[kind];
    if (inode !== undefined) ns[kind] = inode;
  }
  const pidNs = ns.pid;
  if (pidNs === undefined) throw new Error(`${kernel.id} has no pid namespace`);
  const pidChain = pidNamespaceChain(kernel, pidNs).map((nsInode) => ({
    nsInode,
    pid: allocatePid(kernel, nsInode),
  }));
  const pid = pidChain[0]!.pid;
  const cgroupPath =
    kernel.family === 'linux' ? (spec.cgroupPath ?? parent?.cgroupPath ?? CGROUP_ROOT) : null;
  const process: Process = {
    pid,
    pidChain,
    tgid: spec.threadOf ?? pid,
    ppid: spec.ppid ?? 0,
    comm: spec.comm,
    argv: spec.argv,
    uid: spec.uid ?? 0,
    role: spec.role,
    ns,
    cgroupPath,
    state: (spec.cpuDemandMilli ?? 0) > 0 ? 'running' : 'sleeping',
    memoryBytes: 0,
    cpuDemandMilli: spec.cpuDemandMilli ?? 0,
    startedAtNs: atNs,
    cpuTimeNs: 0,
  };
  if (spec.vmId !== undefined) process.vmId = spec.vmId;
  if (spec.appId !== undefined) process.appId = spec.appId;
  if (spec.containerId !== undefined) process.containerId = spec.containerId;
  kernel.processes[pid] = process;
  kernel.lastPid = pid;
  for (const inode of Object.values(ns)) kernel.namespaces[inode]!.processCount += 1;
  if (cgroupPath !== null) {
    kernel.cgroups[cgroupPath]!.procs.push(pid);
    for (const group of cgroupChain(kernel.cgroups, cgroupPath)) group.pids.current += 1;
  }
  return process;
}

/** Grow (or shrink, with a negative delta) a process's memory, charging its cgroups. */
export function chargeMemory(kernel: Kernel, pid: number, deltaBytes: number): void {
  const process = kernel.processes[pid];
  if (!process) throw new Error(`no process ${pid} in ${kernel.id}`);
  process.memoryBytes += deltaBytes;
  kernel.processMemoryBytes += deltaBytes;
  if (process.cgroupPath === null) return;
  for (const group of cgroupChain(kernel.cgroups, process.cgroupPath)) {
    group.memory.currentBytes += deltaBytes;
    group.memory.peakBytes = Math.max(group.memory.peakBytes, group.memory.currentBytes);
  }
}

/** Remove a process (and, for a thread group leader, its threads); orphans go to init. */
export function exitProcess(kernel: Kernel, pid: number): Process[] {
  const gone = Object.values(kernel.processes).filter(
    (process) => process.pid === pid || (process.tgid === pid && process.pid !== pid),
  );
  const gonePids = new Set(gone.map((process) => process.pid));
  for (const process of gone) removeOne(kernel, process.pid);
  for (const process of Object.values(kernel.processes)) {
    if (gonePids.has(process.ppid)) process.ppid = reaperFor(kernel, process);
  }
  return gone;
}

function reaperFor(kernel: Kernel, orphan: Process): number {
  // The init of the orphan's own PID namespace adopts it, as in the kernel; failing that, PID 1.
  const nsInode = orphan.ns.pid;
  const reaper = Object.values(kernel.processes).find(
    (process) => process.ns.pid === nsInode && process.pidChain.at(-1)?.pid === 1,
  );
  return reaper && reaper.pid !== orphan.pid ? reaper.pid : 1;
}

function removeOne(kernel: Kernel, pid: number): void {
  const process = kernel.processes[pid];
  if (!process) return;
  chargeMemory(kernel, pid, -process.memoryBytes);
  if (process.cgroupPath !== null) {
    const group = kernel.cgroups[process.cgroupPath]!;
    group.procs = group.procs.filter((member) => member !== pid);
    for (const ancestor of cgroupChain(kernel.cgroups, process.cgroupPath))
      ancestor.pids.current -= 1;
  }
  for (const inode of Object.values(process.ns)) {
    const ns = kernel.namespaces[inode]!;
    ns.processCount -= 1;
    // The kernel frees a namespace with its last user; the root ones live as long as the kernel.
    const isRoot = Object.values(kernel.rootNs).includes(inode);
    if (ns.processCount === 0 && !isRoot) {
      delete kernel.namespaces[inode];
      releaseNamespaceInode(kernel, inode);
    }
  }
  delete kernel.processes[pid];
}

/** Give a freed namespace number back, keeping the free list sorted (lowest is reused first). */
function releaseNamespaceInode(kernel: Kernel, inode: number): void {
  const free = kernel.nsInodes.free;
  let at = free.length;
  while (at > 0 && free[at - 1]! > inode) at -= 1;
  free.splice(at, 0, inode);
}
