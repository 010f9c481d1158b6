// What runc gives a container's processes besides namespaces and a cgroup: a user (from
// --user, looked up in the container's own account files) and a capability bounding set (from
// --cap-add, --cap-drop, --privileged). Both are settled when the OCI spec is built, so a user
// the image does not know stops the container before anything runs.
import { containerCapabilities, type Capability } from '../../kernel/capabilities.ts';
import type { DeepReadonly } from '../../world/world.ts';
import type { ContainerFs } from '../storage/container-fs.ts';
import type { HostConfig } from './container.ts';
import { parseAccounts, resolveIdentity, type Identity } from './identity.ts';
import { procStatusText } from './proc-status.ts';

/** The user a --user value names in this filesystem, or dockerd's error text. */
export function containerIdentity(
  userSpec: string,
  fs: ContainerFs | null,
): Identity | { error: string } {
  const read = (path: string) => {
    const result = fs?.readFile(path);
    return result?.ok ? result.text : '';
  };
  return resolveIdentity(userSpec, parseAccounts(read('/etc/passwd'), read('/etc/group')));
}

/** The bounding set; options were checked at create, so unknown names cannot reach here. */
export function boundingSet(host: DeepReadonly<HostConfig>): Capability[] {
  const result = containerCapabilities({
    capAdd: host.capAdd ?? [],
    capDrop: host.capDrop ?? [],
    privileged: host.privileged,
  });
  return result.ok ? result.caps : [];
}

/** /proc/1/status: the container's first process, as any process in its PID namespace sees it. */
export function initStatus(
  comm: string,
  identity: Identity,
  host: DeepReadonly<HostConfig>,
  cpuCount: number,
): string {
  return procStatusText({
    name: comm,
    pid: 1,
    ppid: 0,
    identity,
    bounding: boundingSet(host),
    privileged: host.privileged,
    cpuCount,
  });
}
