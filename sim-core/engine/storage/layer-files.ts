// Which files each catalogue layer brings: base layers get a root filesystem (busybox's applets,
// or a distribution's tools), the layers above add the paths the catalogue names.
import type { CatalogueLayer } from '../registry/catalogue.ts';
import type { FileTree } from './file-tree.ts';
import { addedFiles, baseTree, busyboxTree } from './skeletons.ts';

const DISTRIBUTION_TOOLS = [
  '/bin/bash',
  '/bin/sh',
  '/bin/ls',
  '/bin/cat',
  '/bin/echo',
  '/bin/mkdir',
  '/bin/rm',
  '/bin/sleep',
  '/usr/bin/env',
  '/usr/bin/id',
  '/usr/bin/apt-get',
];

export function layerFiles(layer: CatalogueLayer): FileTree {
  if (layer.key.startsWith('busybox')) return busyboxTree(layer.sizeBytes);
  if (layer.key.startsWith('alpine')) {
    return {
      ...busyboxTree(Math.floor(layer.sizeBytes / 2)),
      ...addedFiles(['/sbin/apk', '/etc/alpine-release'], Math.floor(layer.sizeBytes / 2)),
    };
  }
  if (layer.key.startsWith('debian') || layer.key.startsWith('ubuntu')) {
    const each = Math.floor(layer.sizeBytes / DISTRIBUTION_TOOLS.length);
    return baseTree(Object.fromEntries(DISTRIBUTION_TOOLS.map((path) => [path, each])), [
      '/var/www',
      '/usr/lib',
      '/etc/apt',
    ]);
  }
  return addedFiles(layer.paths, layer.sizeBytes);
}
