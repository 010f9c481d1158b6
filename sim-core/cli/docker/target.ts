// Which daemon a docker command talks to. The learner's client runs on host1 and talks to
// its local dockerd over /var/run/docker.sock; `-H tcp://h2:2375` (or DOCKER_HOST) reaches
// another host's daemon over TCP: one client, several daemons. A docker context names such an
// endpoint: --context NAME for one command, `docker context use NAME` for every later one.
import type { DeepReadonly, World } from '../../world/world.ts';
import { UserError } from '../../world/user-error.ts';
import { daemonOnHost } from '../../engine/install-engine.ts';
import { findByName } from '../../world/names.ts';
import { CLIENT_HOST_ID } from '../../client/client-host.ts';
import { DEFAULT_CONTEXT } from '../../client/docker-contexts.ts';

export { CLIENT_HOST_ID };
export const LOCAL_SOCKET = 'unix:///var/run/docker.sock';

/** A docker host the CLI accepts: the local socket, or tcp://HOST[:PORT]; null otherwise. */
export function parseDockerHost(
  endpoint: string,
): { kind: 'local' } | { kind: 'tcp'; host: string; port: string } | null {
  if (endpoint === LOCAL_SOCKET) return { kind: 'local' };
  const match = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(endpoint);
  return match ? { kind: 'tcp', host: match[1]!, port: match[2] ?? '2375' } : null;
}

/** The endpoint a command uses: -H, else --context's, else the current context's. */
export function chooseEndpoint(
  world: DeepReadonly<World>,
  hostFlag: string | undefined,
  contextFlag: string | undefined,
): string | undefined {
  if (hostFlag !== undefined && contextFlag !== undefined)
    throw new UserError('Conflicting options: either specify --host or --context, not both');
  if (hostFlag !== undefined) return hostFlag;
  const contexts = world.client.contexts;
  const name = contextFlag ?? contexts?.current ?? DEFAULT_CONTEXT;
  if (name === DEFAULT_CONTEXT) return undefined;
  const context = contexts?.byName[name];
  if (!context)
    throw new UserError(`unable to resolve docker endpoint: context "${name}" does not exist`);
  return context.host;
}

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
  const parsed = parseDockerHost(endpoint);
  if (parsed?.kind !== 'tcp') throw new UserError(`unable to parse docker host \`${endpoint}\``);
  const target = findByName(world, parsed.host);
  if (!target || target.kind !== 'host' || parsed.port !== '2375') throw unreachable();
  const daemon = daemonOnHost(world, target.id);
  if (!daemon) throw unreachable();
  return daemon.id;
}
