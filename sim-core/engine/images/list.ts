// The image list as dockerd answers GET /images/json: one row per tag (an untagged image is one
// <none> row), newest first, with the filters `docker images --filter` passes: reference (Go
// path.Match against "name:tag" and "name", so * stops at "/"), dangling, label, before, since.
// Without --all, intermediate images (untagged, with child images) are left out.
import type { DeepReadonly } from '../../world/world.ts';
import { UserError } from '../../world/user-error.ts';
import { globMatch } from '../path-match.ts';
import type { Daemon } from '../daemon.ts';
import type { Image } from './image.ts';
import { findImageId, tagsOf } from './lookup.ts';
import { familiarName, parseReference } from '../registry/reference.ts';

export interface ImageRow {
  repository: string;
  tag: string;
  /** The repository's digest (repo@sha256:...), from a pull or push; null when it has none. */
  digest: string | null;
  image: DeepReadonly<Image>;
}

const KNOWN_FILTERS = new Set(['dangling', 'label', 'before', 'since', 'reference']);

/** `--filter name=value` words, grouped by name; a word without "=" is the CLI's error. */
export function parseFilterWords(words: readonly string[]): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0)
      throw new UserError(
        `invalid argument "${word}" for "-f, --filter" flag: bad format of filter (expected name=value)\nSee 'docker images --help'.`,
        125,
      );
    const name = word.slice(0, eq).trim().toLowerCase();
    filters.set(name, [...(filters.get(name) ?? []), word.slice(eq + 1)]);
  }
  return filters;
}

function referenceMatches(pattern: string, ref: string): boolean {
  const repository = ref.slice(0, ref.lastIndexOf(':'));
  return globMatch(pattern, ref) || globMatch(pattern, repository);
}

function labelMatches(image: DeepReadonly<Image>, wanted: string): boolean {
  const eq = wanted.indexOf('=');
  const key = eq === -1 ? wanted : wanted.slice(0, eq);
  if (!Object.hasOwn(image.config.labels, key)) return false;
  return eq === -1 || image.config.labels[key] === wanted.slice(eq + 1);
}

function createdOf(daemon: DeepReadonly<Daemon>, text: string): number {
  const id = findImageId(daemon, text);
  if (!id) {
    const parsed = parseReference(text);
    throw new UserError(
      `Error response from daemon: No such image: ${parsed.ok ? familiarName(parsed.ref) : text}`,
    );
  }
  return daemon.images[id]!.createdUnixSeconds;
}

export function listImages(
  daemon: DeepReadonly<Daemon>,
  options: { all: boolean; filters: Map<string, string[]>; repository?: string },
): ImageRow[] {
  for (const [name, values] of options.filters) {
    if (!KNOWN_FILTERS.has(name))
      throw new UserError(`Error response from daemon: Invalid filter '${name}'`);
    if (name === 'dangling' && values.some((value) => !/^(true|false|1|0)$/i.test(value)))
      throw new UserError(
        `Error response from daemon: Invalid filter 'dangling=[${values.join(' ')}]'`,
      );
  }
  const dangling = options.filters.get('dangling')?.some((value) => /^(true|1)$/i.test(value));
  const notDangling = options.filters.get('dangling')?.every((value) => /^(false|0)$/i.test(value));
  const labels = options.filters.get('label') ?? [];
  const references = [...(options.filters.get('reference') ?? [])];
  if (options.repository) references.push(options.repository);
  const before = options.filters.get('before')?.map((text) => createdOf(daemon, text));
  const since = options.filters.get('since')?.map((text) => createdOf(daemon, text));
  const parents = new Set(Object.values(daemon.images).map((image) => image.parentId));
  const rows: ImageRow[] = [];
  for (const image of Object.values(daemon.images)) {
    if (!labels.every((label) => labelMatches(image, label))) continue;
    if (before && !before.every((at) => image.createdUnixSeconds < at)) continue;
    if (since && !since.every((at) => image.createdUnixSeconds > at)) continue;
    const tags = tagsOf(daemon, image.id);
    if (tags.length === 0) {
      if (notDangling || references.length > 0) continue;
      if (!options.all && parents.has(image.id)) continue;
      rows.push({ repository: '<none>', tag: '<none>', digest: null, image });
      continue;
    }
    if (dangling) continue;
    for (const ref of tags) {
      if (!references.every((pattern) => referenceMatches(pattern, ref))) continue;
      const cut = ref.lastIndexOf(':');
      const repository = ref.slice(0, cut);
      const digest =
        image.repoDigests.find((entry) => entry.startsWith(`${repository}@`))?.split('@')[1] ??
        null;
      rows.push({ repository, tag: ref.slice(cut + 1), digest, image });
    }
  }
  // Newest first, as dockerd lists them; ties by name so the order never depends on history.
  return rows.sort(
    (a, b) =>
      b.image.createdUnixSeconds - a.image.createdUnixSeconds ||
      (`${a.repository}:${a.tag}` < `${b.repository}:${b.tag}` ? -1 : 1),
  );
}
