// The kernel's pseudo files as a process in a container sees them: /proc/self/ns/* links (the
// namespace inodes, what `readlink` prints), /proc/self/cgroup, /proc/1/cmdline and the
// hostname. They come from the kernel, not from the image's layers.
import { NAMESPACE_KINDS, nsLink, type NamespaceKind } from '../../kernel/namespace.ts';

export interface ProcView {
  links: Record<string, string>;
  files: Record<string, string>;
  /** Directories that exist only as kernel views (/sys/class/net), entries as ls lists them. */
  dirs?: Record<string, string[]>;
}

export function procView(
  namespaces: Partial<Record<NamespaceKind, number>>,
  init: string[],
  hostname: string,
  cgroupNsPrivate: boolean,
  cgroupPath: string,
  /** The container's cgroup files (memory.max, cpu.stat, ...). */
  cgroup: Record<string, string>,
): ProcView {
  const links: Record<string, string> = {};
  for (const kind of NAMESPACE_KINDS) {
    const inode = namespaces[kind];
    if (inode !== undefined) links[`/proc/self/ns/${kind}`] = nsLink(kind, inode);
  }
  return {
    links,
    files: {
      // cgroup v2: one line; a private cgroup namespace shows the container's cgroup as "/".
      '/proc/self/cgroup': `0::${cgroupNsPrivate ? '/' : cgroupPath}\n`,
      '/proc/1/cmdline': `${init.join('\0')}\0`,
      '/etc/hostname': `${hostname}\n`,
      // With its own cgroup namespace, the container's cgroup is the root of /sys/fs/cgroup.
      ...Object.fromEntries(
        Object.entries(cgroup).map(([file, text]) => [`/sys/fs/cgroup/${file}`, `${text}\n`]),
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
