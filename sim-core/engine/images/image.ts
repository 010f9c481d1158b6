import type { UpperEntry } from '../storage/file-tree.ts';

/** A layer's entries: files and directories, and whiteouts for what a build step deleted. */
export type LayerFiles = Record<string, UpperEntry>;

// Images and layers as an engine stores them. An image is a read-only template: an ordered
// list of layers (its RootFS) plus a config (command, environment, ...). Layers are content
// addressed and shared: two images built on the same base hold one copy of it on disk, and a
// layer is deleted only when no image uses it any more (its reference count reaches zero).

export interface ImageConfig {
  cmd: string[] | null;
  entrypoint: string[] | null;
  env: string[];
  workingDir: string;
  user: string;
  exposedPorts: string[];
  volumes: string[];
  labels: Record<string, string>;
}

export interface HistoryEntry {
  createdBy: string;
  /** Metadata-only instructions (CMD, ENV, ...) record history but no filesystem layer. */
  emptyLayer: boolean;
  sizeBytes: number;
  /** Seconds since the Unix epoch, as the image config stores it. */
  createdUnixSeconds: number;
  comment: string;
  /** The image this step produced, for images built here (pulled images show <missing>). */
  imageId?: string;
}

export interface Image {
  id: string;
  /** The image this one was built on, step by step; null for pulled images. */
  parentId: string | null;
  repoDigests: string[];
  /** Layer diff ids, lowest first: the image's RootFS. */
  layerDiffIds: string[];
  history: HistoryEntry[];
  config: ImageConfig;
  sizeBytes: number;
  createdUnixSeconds: number;
  os: string;
  architecture: string;
}

export interface Layer {
  diffId: string;
  /** The compressed blob's digest, as the registry serves it and `docker pull` prints it. */
  blobDigest: string;
  sizeBytes: number;
  compressedBytes: number;
  /** The overlay2 directory under /var/lib/docker/overlay2 holding its files. */
  cacheId: string;
  /** Images (and later containers' lower stacks) holding it. */
  refCount: number;
  /** Notable paths it adds, for the layer views and docker diff. */
  paths: string[];
  /** The files it holds, as overlay2's lower directory shows them (whiteouts hide lower ones). */
  files: LayerFiles;
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
