// Docker contexts: named daemon endpoints the docker CLI keeps in the client's config
// (~/.docker/contexts). `docker context use NAME` makes every later command talk to that
// endpoint, as -H would; "default" is the built-in one (the local socket) and cannot be changed.

export interface DockerContext {
  name: string;
  description: string;
  /** The docker endpoint: tcp://HOST:2375 or the local unix socket. */
  host: string;
  skipTlsVerify: boolean;
}

export interface DockerContexts {
  /** Created contexts by name, in creation order ("default" is never stored). */
  byName: Record<string, DockerContext>;
  /** The context `docker context use` chose; "default" when none. */
  current: string;
}

export const DEFAULT_CONTEXT = 'default';
/** The docker CLI's rule for context names. */
export const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;

export function noContexts(): DockerContexts {
  return { byName: {}, current: DEFAULT_CONTEXT };
}
