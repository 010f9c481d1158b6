// Linux namespaces: what a process can see. Each has an inode number, the id that
// `readlink /proc/self/ns/pid` prints as `pid:[4026531836]`; two processes share a namespace
// exactly when these numbers are equal.

export const NAMESPACE_KINDS = ['pid', 'mnt', 'net', 'uts', 'ipc', 'user', 'cgroup'] as const;
export type NamespaceKind = (typeof NAMESPACE_KINDS)[number];

/** The clone(2)/unshare(2) flag that creates each kind, as runc passes them. */
export const CLONE_FLAG: Record<NamespaceKind, string> = {
  pid: 'CLONE_NEWPID',
  mnt: 'CLONE_NEWNS',
  net: 'CLONE_NEWNET',
  uts: 'CLONE_NEWUTS',
  ipc: 'CLONE_NEWIPC',
  user: 'CLONE_NEWUSER',
  cgroup: 'CLONE_NEWCGROUP',
};

/**
 * The initial namespaces' inode numbers. pid, uts, ipc, user and cgroup are fixed constants in
 * the kernel (PROC_*_INIT_INO in include/linux/proc_ns.h); mnt and net are the first numbers the
 * kernel hands out at boot, which is what a freshly booted machine shows.
 */
export const ROOT_NAMESPACE_INODE: Record<NamespaceKind, number> = {
  ipc: 4026531839,
  uts: 4026531838,
  user: 4026531837,
  pid: 4026531836,
  cgroup: 4026531835,
  mnt: 4026531841,
  net: 4026531840,
};

/** Where a booted kernel starts numbering the namespaces created after boot. */
export const FIRST_DYNAMIC_NAMESPACE_INODE = 4026532160;

export interface Namespace {
  inode: number;
  kind: NamespaceKind;
  /** pid and user namespaces nest: the parent sees into the child, never the reverse. */
  parentInode: number | null;
  /** uts: the hostname seen inside. */
  hostname?: string;
  /** pid: the next PID handed out inside this namespace. */
  nextPid?: number;
  /** user: uid mapping, inside -> outside, as in /proc/PID/uid_map. */
  uidMap?: { insideUid: number; outsideUid: number; count: number }[];
  /** How many processes hold it; the kernel frees a namespace when this drops to zero. */
  processCount: number;
}

export function nsLink(kind: NamespaceKind, inode: number): string {
  return `${kind}:[${inode}]`;
}
