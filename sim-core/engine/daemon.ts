// A Docker Engine on one host: dockerd with its image and layer stores. The engine's own
// numbers (version, API version) are Debian's docker.io 20.10, the engine the fixtures in
// test/fixtures/docker were recorded from, so output can be compared line for line.
import type { Container } from './containers/container.ts';
import type { Image, Layer } from './images/image.ts';
import type { Volume } from './volumes/volume.ts';
import type { Network } from './networks/network.ts';

export const ENGINE_VERSION = '20.10.24+dfsg1';
export const ENGINE_API_VERSION = '1.41';
export const DOCKER_ROOT_DIR = '/var/lib/docker';

export interface Daemon {
  id: string;
  hostId: string;
  kernelId: string;
  /** The endpoints it listens on: its UNIX socket, and tcp://HOST:2375 for remote clients. */
  socketPath: string;
  tcpAddress: string;
  dockerdPid: number;
  containerdPid: number;
  /** Image id (sha256:...) -> image. */
  images: Record<string, Image>;
  /** "repo:tag" -> image id. */
  tags: Record<string, string>;
  /** Layer diff id (sha256:...) -> the layer as stored on this host. */
  layers: Record<string, Layer>;
  /** Container id -> container, in creation order. */
  containers: Record<string, Container>;
  /** Networks by id, in creation order: bridge, host and none come with the engine. */
  networks: Record<string, Network>;
  /** Volumes by name. */
  volumes: Record<string, Volume>;
  /** Build cache: step key (parent + instruction + copied content) -> the image it made. */
  buildCache: Record<string, string>;
  /** Container name (without the leading "/") -> id. */
  containerNames: Record<string, string>;
}
