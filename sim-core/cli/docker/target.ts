// Which daemon a docker command talks to. The learner's client runs on host1 and talks to
// its local dockerd over /var/run/docker.sock; `-H tcp://h2:2375` (or DOCKER_HOST) reaches
// another host's daemon over TCP: one client, several daemons.
import type { DeepReadonly, World } from '../../world/world.ts';
import { UserError } from '../../world/user-error.ts';
import { daemonOnHost } from '../../engine/install-engine.ts';
import { findByName } from '../../world/names.ts';
import { CLIENT_HOST_ID } from '../../client/client-host.ts';

export { CLIENT_HOST_ID };
export const LOCAL_SOCKET = 'unix:///var/run/docker.sock';

export function resolveDaemon(world: DeepReadonly<World>, hostFlag: string | undefined): string {
  const endpoint = hostFlag ?? LOCAL_SOCKET;
  const unreachable = () =>
    new UserError(
      `Cannot connect to the Docker daemon at ${endpoint}. Is the docker daemon running?`,
    );
  if (endpoint === LOCAL_SOCKET) {
    const daemon = daemonOnHost(world, CLIENT_HOST_ID);
    if (!daemon) throw unreachable();
    return daemon.id;
  }
  const match = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(endpoint);
  if (!match) throw new UserError(`unable to parse docker host \`${endpoint}\``);
  const target = findByName(world, match[1]!);
  if (!target || target.kind !== 'host' || (match[2] ?? '2375') !== '2375') throw unreachable();
  const daemon = daemonOnHost(world, target.id);
  if (!daemon) throw unreachable();
  return daemon.id;
}
