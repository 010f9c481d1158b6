// `docker image inspect`: the daemon's types.ImageInspect in Docker 20.10's key order. A pulled
// image carries the config its registry manifest gave it and an empty ContainerConfig; an image
// built or committed here carries the container config of the step that made it.
import { ENGINE_VERSION } from '../../engine/daemon.ts';
import type { Image } from '../../engine/images/image.ts';
import { tagsOf } from '../../engine/images/lookup.ts';
import { isoTimestamp } from '../../world/epoch.ts';
import type { DeepReadonly } from '../../world/world.ts';
import { markImageInspect } from './container-inspect-types.ts';

const ZERO_TIME = '0001-01-01T00:00:00Z';

type ImageDaemon = DeepReadonly<{
  images: Record<string, Image>;
  tags: Record<string, string>;
  layers: Record<string, { cacheId: string }>;
}>;

function sortedMap<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** container.Config as an image stores it: nothing attached, no host name of its own. */
function imageConfig(image: DeepReadonly<Image>, cmd: readonly string[] | null) {
  const config = image.config;
  return {
    Hostname: '',
    Domainname: '',
    User: config.user,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ...(config.exposedPorts.length > 0
      ? { ExposedPorts: sortedMap(config.exposedPorts.map((port): [string, object] => [port, {}])) }
      : {}),
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: config.env,
    Cmd: cmd,
    Image: image.parentId ?? '',
    Volumes:
      config.volumes.length > 0
        ? sortedMap(config.volumes.map((volume): [string, object] => [volume, {}]))
        : null,
    WorkingDir: config.workingDir,
    Entrypoint: config.entrypoint,
    OnBuild: null,
    Labels: Object.keys(config.labels).length > 0 ? sortedMap(Object.entries(config.labels)) : null,
  };
}

const EMPTY_CONTAINER_CONFIG = {
  Hostname: '',
  Domainname: '',
  User: '',
  AttachStdin: false,
  AttachStdout: false,
  AttachStderr: false,
  Tty: false,
  OpenStdin: false,
  StdinOnce: false,
  Env: null,
  Cmd: null,
  Image: '',
  Volumes: null,
  WorkingDir: '',
  Entrypoint: null,
  OnBuild: null,
  Labels: null,
};

/**
 * The command of the build step that made the image, as the classic builder records it:
 * ["/bin/sh", "-c", "#(nop) ", "CMD [...]"] for a metadata step, the shell command for a RUN.
 */
function stepCommand(createdBy: string): string[] {
  const nop = /^\/bin\/sh -c #\(nop\) {2}(.*)$/s.exec(createdBy);
  if (nop) return ['/bin/sh', '-c', '#(nop) ', nop[1]!];
  const run = /^\/bin\/sh -c (.*)$/s.exec(createdBy);
  if (run) return ['/bin/sh', '-c', run[1]!];
  return createdBy === '' ? [] : createdBy.split(' ');
}

export function imageInspectJson(daemon: ImageDaemon, imageId: string) {
  const image = daemon.images[imageId]!;
  const top = daemon.layers[image.layerDiffIds[image.layerDiffIds.length - 1]!]!;
  const lower = image.layerDiffIds
    .slice(0, -1)
    .reverse()
    .map((diffId) => `/var/lib/docker/overlay2/${daemon.layers[diffId]!.cacheId}/diff`);
  const last = image.history[image.history.length - 1];
  const madeHere = image.parentId !== null;
  const created = isoTimestamp(image.createdUnixSeconds);
  return markImageInspect({
    Id: image.id,
    RepoTags: tagsOf(daemon as never, imageId),
    RepoDigests: image.repoDigests,
    Parent: image.parentId ?? '',
    Comment: last?.comment ?? '',
    Created: created,
    // The id of the step's container is not kept once the build removes it.
    Container: '',
    ContainerConfig:
      madeHere && last ? imageConfig(image, stepCommand(last.createdBy)) : EMPTY_CONTAINER_CONFIG,
    DockerVersion: ENGINE_VERSION,
    Author: '',
    Config: imageConfig(image, image.config.cmd),
    Architecture: image.architecture,
    Os: image.os,
    Size: image.sizeBytes,
    VirtualSize: image.sizeBytes,
    GraphDriver: {
      Data: {
        ...(lower.length > 0 ? { LowerDir: lower.join(':') } : {}),
        MergedDir: `/var/lib/docker/overlay2/${top.cacheId}/merged`,
        UpperDir: `/var/lib/docker/overlay2/${top.cacheId}/diff`,
        WorkDir: `/var/lib/docker/overlay2/${top.cacheId}/work`,
      },
      Name: 'overlay2',
    },
    RootFS: { Type: 'layers', Layers: image.layerDiffIds },
    // A pulled image was never tagged here; a built one was tagged as the build finished.
    Metadata: { LastTagTime: madeHere ? created : ZERO_TIME },
  });
}
