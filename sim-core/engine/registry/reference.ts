// Image references as Docker reads them (distribution/reference): [registry/]path[:tag][@digest].
// A bare name means Docker Hub's official library: "busybox" is docker.io/library/busybox:latest.

export const DEFAULT_REGISTRY = 'docker.io';
export const DEFAULT_TAG = 'latest';

export interface ImageReference {
  /** Registry host, e.g. docker.io or localhost:5000. */
  registry: string;
  /** Repository path without the registry: library/busybox, myorg/app. */
  path: string;
  tag: string;
  digest: string | null;
  /** Whether the tag was given (`docker pull busybox` prints "Using default tag: latest"). */
  tagGiven: boolean;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export type ParsedReference = { ok: true; ref: ImageReference } | { ok: false; error: string };

export function parseReference(text: string): ParsedReference {
  const invalid = (why?: string): ParsedReference => ({
    ok: false,
    error: `invalid reference format${why ? `: ${why}` : ''}`,
  });
  if (text === '') return invalid();
  let rest = text;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return invalid();
  }
  let tag: string | null = null;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return invalid();
  }
  const parts = rest.split('/');
  let registry = DEFAULT_REGISTRY;
  if (
    parts.length > 1 &&
    (parts[0]!.includes('.') || parts[0]!.includes(':') || parts[0] === 'localhost')
  ) {
    registry = parts.shift()!;
  }
  if (parts.some((part) => part !== part.toLowerCase()))
    return invalid('repository name must be lowercase');
  if (parts.length === 0 || parts.some((part) => !COMPONENT.test(part))) return invalid();
  const path =
    registry === DEFAULT_REGISTRY && parts.length === 1 ? `library/${parts[0]}` : parts.join('/');
  return {
    ok: true,
    ref: { registry, path, tag: tag ?? DEFAULT_TAG, digest, tagGiven: tag !== null },
  };
}

/** The short form Docker shows: busybox:latest, myorg/app:v1, localhost:5000/app:v1. */
export function familiarName(ref: ImageReference): string {
  const repo =
    ref.registry === DEFAULT_REGISTRY
      ? ref.path.replace(/^library\//, '')
      : `${ref.registry}/${ref.path}`;
  return `${repo}:${ref.tag}`;
}

/** The repository part of the familiar name: busybox, localhost:5000/app. */
export function familiarRepository(ref: ImageReference): string {
  return ref.registry === DEFAULT_REGISTRY
    ? ref.path.replace(/^library\//, '')
    : `${ref.registry}/${ref.path}`;
}

/** The fully qualified name `docker pull` prints last: docker.io/library/busybox:latest. */
export function canonicalName(ref: ImageReference): string {
  return `${ref.registry}/${ref.path}:${ref.tag}`;
}
