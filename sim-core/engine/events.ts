// Events of the Docker engine model: the REST calls that reach dockerd, registry traffic, and
// the changes to the image and layer stores.
import type { Daemon } from './daemon.ts';
import type { Image, Layer } from './images/image.ts';

interface Base<K extends string> {
  kind: K;
  atNs: number;
}

export type EngineInstallEvent = Base<'engine.install'> & { daemon: Daemon };
/** One REST call from the docker client to dockerd: method, path and the status it got. */
export type ApiRequestEvent = Base<'api.request'> & {
  daemonId: string;
  method: string;
  path: string;
  status: number;
};
export type RegistryManifestEvent = Base<'registry.manifest'> & {
  daemonId: string;
  registry: string;
  repository: string;
  tag: string;
  digest: string;
};
export type RegistryLayerEvent = Base<'registry.layer'> & {
  daemonId: string;
  blobDigest: string;
  compressedBytes: number;
  /** 'exists': already on disk (shared with another image), nothing downloaded. */
  outcome: 'downloaded' | 'exists';
  durationNs: number;
};
export type LayerRegisterEvent = Base<'layer.register'> & { daemonId: string; layer: Layer };
export type ImageRegisterEvent = Base<'image.register'> & {
  daemonId: string;
  image: Image;
  tags: string[];
};
export type ImageTagEvent = Base<'image.tag'> & { daemonId: string; ref: string; imageId: string };
export type ImageUntagEvent = Base<'image.untag'> & { daemonId: string; ref: string };
export type ImageDeleteEvent = Base<'image.delete'> & { daemonId: string; imageId: string };

export type EngineEvent =
  | EngineInstallEvent
  | ApiRequestEvent
  | RegistryManifestEvent
  | RegistryLayerEvent
  | LayerRegisterEvent
  | ImageRegisterEvent
  | ImageTagEvent
  | ImageUntagEvent
  | ImageDeleteEvent;
