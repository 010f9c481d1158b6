// A private registry run as a container (`docker run -d -p 5000:5000 registry:2`): the
// distribution registry serving its HTTP API on port 5000 and keeping what is pushed in its
// volume at /var/lib/registry, laid out as the registry's filesystem driver lays it out:
//   docker/registry/v2/blobs/sha256/ab/abcd.../data                  (manifests, configs, layers)
//   docker/registry/v2/repositories/NAME/_layers/sha256/abcd.../link   (the repo holds a layer)
//   docker/registry/v2/repositories/NAME/_manifests/tags/TAG/current/link   (tag -> manifest)
// A push writes those files through volume events; a pull reads them back.
import type { StepContext } from '../../world/context.ts';
import type { DeepReadonly } from '../../world/world.ts';
import type { Container } from '../containers/container.ts';
import type { Daemon } from '../daemon.ts';
import { byteLength, parentOf, type UpperEntry } from '../storage/file-tree.ts';
import type { Volume } from '../volumes/volume.ts';
import type { ImageReference } from './reference.ts';

export const REGISTRY_DATA_DIR = '/var/lib/registry';
const ROOT = '/docker/registry/v2';
/** The address registry:2 listens on (its config.yml: `addr: :5000`). */
export const REGISTRY_PORT = 5000;

export type RegistryEndpoint =
  | { kind: 'local'; volume: DeepReadonly<Volume> }
  | { kind: 'refused'; error: string }
  | { kind: 'unknown-host'; error: string };

function isRegistry(container: DeepReadonly<Container>): boolean {
  const argv = [container.config.path, ...container.config.args];
  const program = argv[0]?.split('/').pop();
  return (
    program === 'registry' ||
    (program === 'entrypoint.sh' && /\.ya?ml$/.test(argv[1] ?? '')) ||
    (argv.includes('serve') && argv.some((arg) => arg.endsWith('registry')))
  );
}

/**
 * The host ports a running registry container answers on: where `-p` published its port 5000
 * (the ports in force on its network endpoints, so `-p 5000` with a picked host port counts too).
 */
function hostPorts(daemon: DeepReadonly<Daemon>, containerId: string): number[] {
  return Object.values(daemon.networks).flatMap((network) =>
    (network.endpoints[containerId]?.ports ?? [])
      .filter((port) => port.containerPort === REGISTRY_PORT && port.proto === 'tcp')
      .map((port) => port.hostPort),
  );
}

/**
 * What answers at a registry host other than Docker Hub. localhost and 127.0.0.1 are this
 * engine's host: a running registry container answers on the host ports its port 5000 is
 * published on; any other name has no DNS entry in the simulated world.
 */
export function registryEndpoint(daemon: DeepReadonly<Daemon>, host: string): RegistryEndpoint {
  const [name, portText] = host.split(':');
  const port = portText === undefined ? 443 : Number(portText);
  const scheme = name === 'localhost' || name === '127.0.0.1' ? 'http' : 'https';
  const url = `${scheme}://${host}/v2/`;
  if (scheme === 'https')
    return { kind: 'unknown-host', error: `Get "${url}": dial tcp: lookup ${name}: no such host` };
  const running = Object.values(daemon.containers).find(
    (container) =>
      container.state === 'running' &&
      isRegistry(container) &&
      hostPorts(daemon, container.id).includes(port),
  );
  const volume = running?.mounts.find((mount) => mount.target === REGISTRY_DATA_DIR);
  if (running && volume && daemon.volumes[volume.name])
    return { kind: 'local', volume: daemon.volumes[volume.name]! };
  return {
    kind: 'refused',
    error: `Get "${url}": dial tcp 127.0.0.1:${port}: connect: connection refused`,
  };
}

function hexOf(digest: string): string {
  return digest.replace(/^sha256:/, '');
}

export function blobPath(digest: string): string {
  const hex = hexOf(digest);
  return `${ROOT}/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`;
}

function layerLinkPath(ref: ImageReference, digest: string): string {
  return `${ROOT}/repositories/${ref.path}/_layers/sha256/${hexOf(digest)}/link`;
}

function tagLinkPath(ref: ImageReference): string {
  return `${ROOT}/repositories/${ref.path}/_manifests/tags/${ref.tag}/current/link`;
}

function fileText(volume: DeepReadonly<Volume>, path: string): string | null {
  const entry = volume.files[path];
  return entry?.kind === 'file' ? entry.content : null;
}

export function readBlob(volume: DeepReadonly<Volume>, digest: string): string | null {
  return fileText(volume, blobPath(digest));
}

export function hasLayer(volume: DeepReadonly<Volume>, ref: ImageReference, digest: string) {
  return fileText(volume, layerLinkPath(ref, digest)) !== null;
}

export function hasBlob(volume: DeepReadonly<Volume>, digest: string): boolean {
  return readBlob(volume, digest) !== null;
}

/** The manifest digest a tag points at, or null. */
export function tagDigest(volume: DeepReadonly<Volume>, ref: ImageReference): string | null {
  return fileText(volume, tagLinkPath(ref));
}

/** Write one file (and the directories above it) into the registry's volume. */
function writeFile(
  ctx: StepContext,
  daemonId: string,
  volume: string,
  path: string,
  content: string,
  sizeBytes = byteLength(content),
): void {
  const files = ctx.world.daemons[daemonId]!.volumes[volume]!.files;
  const dirs: string[] = [];
  for (let at = parentOf(path); at !== '/'; at = parentOf(at)) dirs.unshift(at);
  for (const dir of dirs) {
    if (files[dir]) continue;
    const entry: UpperEntry = { kind: 'dir', mode: 0o755 };
    ctx.emit({ kind: 'volume.change', daemonId, name: volume, path: dir, entry });
  }
  const entry: UpperEntry = { kind: 'file', mode: 0o644, sizeBytes, content };
  ctx.emit({ kind: 'volume.change', daemonId, name: volume, path, entry });
}

export function storeBlob(
  ctx: StepContext,
  daemonId: string,
  volume: string,
  digest: string,
  content: string,
  sizeBytes?: number,
): void {
  writeFile(ctx, daemonId, volume, blobPath(digest), content, sizeBytes);
}

export function linkLayer(
  ctx: StepContext,
  daemonId: string,
  volume: string,
  ref: ImageReference,
  digest: string,
): void {
  writeFile(ctx, daemonId, volume, layerLinkPath(ref, digest), digest);
}

export function linkTag(
  ctx: StepContext,
  daemonId: string,
  volume: string,
  ref: ImageReference,
  digest: string,
): void {
  writeFile(ctx, daemonId, volume, tagLinkPath(ref), digest);
}
