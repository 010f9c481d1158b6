// The kernel's pseudo files as a process in a container sees them: /proc/self/ns/* links (the
// namespace inodes, what `readlink` prints), /proc/self/cgroup, /proc/1/cmdline, the hostname
// and the container's cgroup files under /sys/fs/cgroup. They come from the kernel, not from
// the image's layers.
import {
  cgroupFilesFor,
  V1_HIERARCHIES,
  type Cgroup,
  type CgroupVersion,
} from '../../kernel/cgroup.ts';
import { NAMESPACE_KINDS, nsLink, type NamespaceKind } from '../../kernel/namespace.ts';
import type { DeepReadonly } from '../../world/world.ts';

export interface ProcView {
  links: Record<string, string>;
  files: Record<string, string>;
  /** Directories that exist only as kernel views (/sys/class/net), entries as ls lists them. */
  dirs?: Record<string, string[]>;
}

export interface ProcViewRequest {
  namespaces: Partial<Record<NamespaceKind, number>>;
  /** PID 1's command line. */
  init: string[];
  hostname: string;
  /** In a cgroup namespace of its own, the container's cgroup is "/" to it. */
  cgroupNsPrivate: boolean;
  cgroupPath: string;
  cgroupVersion: CgroupVersion;
  /** The container's cgroup, with its limits and usage. */
  cgroup: DeepReadonly<Cgroup>;
  cpuCount: number;
  /** /proc/1/status, the container's first process. */
  initStatus?: string;
  /**
   * PID 1's namespaces, for /proc/1/ns/*: the container's own, or a donor's under
   * --pid container:NAME; absent under --pid host, where PID 1 is the host's init and reading
   * its links needs ptrace rights over it.
   */
  initNamespaces?: Partial<Record<NamespaceKind, number>>;
}

/** PID 1's namespaces as seen from a container in `pidMode`; see ProcViewRequest. */
export function pidOneNamespaces(
  pidMode: string,
  own: Partial<Record<NamespaceKind, number>>,
  donor: (name: string) => Partial<Record<NamespaceKind, number>> | undefined,
): Partial<Record<NamespaceKind, number>> | undefined {
  if (pidMode === 'host') return undefined;
  if (pidMode.startsWith('container:')) return donor(pidMode.slice(10));
  return own;
}

/**
 * /proc/PID/cgroup: on v2 one line, "0::PATH"; on v1 one line per hierarchy, highest ID first,
 * then the unified hierarchy's "0::" line that a hybrid (systemd) host also mounts.
 */
export function procCgroupText(version: CgroupVersion, path: string): string {
  if (version === 2) return `0::${path}\n`;
  const lines = V1_HIERARCHIES.map((name, index) => `${index + 1}:${name}:${path}`).reverse();
  return `${[...lines, `0::${path}`].join('\n')}\n`;
}

export function procView(request: ProcViewRequest): ProcView {
  const links: Record<string, string> = {};
  for (const kind of NAMESPACE_KINDS) {
    const inode = request.namespaces[kind];
    if (inode !== undefined) links[`/proc/self/ns/${kind}`] = nsLink(kind, inode);
    const initInode = request.initNamespaces?.[kind];
    if (initInode !== undefined) links[`/proc/1/ns/${kind}`] = nsLink(kind, initInode);
  }
  const seenPath = request.cgroupNsPrivate ? '/' : request.cgroupPath;
  // Docker mounts the container's own cgroup at /sys/fs/cgroup (v2), or each hierarchy's
  // directory for it at /sys/fs/cgroup/CONTROLLER (v1).
  const cgroupFiles = cgroupFilesFor(request.cgroupVersion, request.cgroup, request.cpuCount);
  return {
    links,
    files: {
      '/proc/self/cgroup': procCgroupText(request.cgroupVersion, seenPath),
      '/proc/1/cmdline': `${request.init.join('\0')}\0`,
      ...(request.initStatus !== undefined ? { '/proc/1/status': request.initStatus } : {}),
      '/etc/hostname': `${request.hostname}\n`,
      ...Object.fromEntries(
        Object.entries(cgroupFiles).map(([file, text]) => [`/sys/fs/cgroup/${file}`, `${text}\n`]),
      ),
    },
  };
}

/**
 * A view put together when a program first reads it. Every container start builds one, and
 * most programs (sleep, a server) never look at /proc: formatting every cgroup file and merging
 * the network files for each start was a sixth of `docker run -d`. Whatever the builder reads
 * must not change before the program runs (the network files are taken before, for that).
 */
export function lazyProcView(build: () => ProcView): ProcView {
  let view: ProcView | undefined;
  const built = (): ProcView => (view ??= build());
  return {
    get links() {
      return built().links;
    },
    get files() {
      return built().files;
    },
    get dirs() {
      return built().dirs;
    },
  };
}
