// Images a machine holds without ever pulling them: made on it by `docker import`, as the
// machine the conformance recordings come from made its busybox:latest with
// scripts/make-busybox-image.sh (no registry is reachable there). A host given one of these
// starts with it in its engine, so `docker run busybox` there uses it without a pull, and
// `docker images`, `history` and `inspect` show what that machine showed: one layer, one
// history row with an empty CREATED BY and the import's message, and the script's label.
import { canonicalJson } from '../../trace/canonical.ts';
import { sha256Hex } from '../../trace/sha256.ts';
import type { StepContext } from '../../world/context.ts';
import { registerLocalLayer } from './local-layer.ts';
import { importedImage } from './import.ts';
import { SIM_EPOCH_UNIX_SECONDS } from '../../world/epoch.ts';
import { debianBusyboxTree } from '../storage/skeletons.ts';
import type { FileTree } from '../storage/file-tree.ts';
import type { ImageConfig } from './image.ts';

export interface LocalImage {
  /** The references it is tagged with. */
  tags: string[];
  /** The layer's size as `docker image inspect -f '{{.Size}}'` shows it. */
  sizeBytes: number;
  /** The import's --message: the history row's COMMENT and the image's Comment. */
  comment: string;
  config: ImageConfig;
  files: () => FileTree;
  /** How long before the simulation starts it was imported. */
  ageSeconds: number;
}

// Measured on the recording machine's engine (Docker 20.10.24, `docker image inspect busybox`
// and `ls -l` in a container of it): the busybox binary is 1,982,256 bytes, /etc/passwd 340,
// /etc/group 167, /etc/shadow 145; together the image's Size, 1,982,908 bytes (1.98MB).
const DEBIAN_BUSYBOX_BINARY_BYTES = 1_982_256;
const DEBIAN_BUSYBOX_IMAGE_BYTES = 1_982_908;

export const LOCAL_IMAGES = {
  'debian-busybox': {
    tags: ['busybox:latest'],
    sizeBytes: DEBIAN_BUSYBOX_IMAGE_BYTES,
    comment: 'busybox-static v1.35.0 from Debian',
    // `docker import` starts from an empty config; the script's --change lines set these.
    config: {
      cmd: ['sh'],
      entrypoint: null,
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      workingDir: '',
      user: '',
      exposedPorts: [],
      volumes: [],
      labels: { 'org.hypervisual.origin': 'debian-busybox-static' },
    },
    files: () => debianBusyboxTree(DEBIAN_BUSYBOX_BINARY_BYTES),
    ageSeconds: 2 * 3600,
  },
} as const satisfies Record<string, LocalImage>;

export type LocalImageName = keyof typeof LOCAL_IMAGES;

export function isLocalImageName(name: string): name is LocalImageName {
  return Object.hasOwn(LOCAL_IMAGES, name);
}

/** Puts a local image into a daemon, as `docker import` left it there. */
export function preloadLocalImage(
  ctx: StepContext,
  daemonId: string,
  name: LocalImageName,
): string {
  const local: LocalImage = LOCAL_IMAGES[name];
  // Synthetic digests, derived from the image's name and data (never a real engine's).
  const diffId = `sha256:${sha256Hex(`local-image:${name}`)}`;
  const created = SIM_EPOCH_UNIX_SECONDS - local.ageSeconds;
  const config = structuredClone(local.config) as ImageConfig;
  const id = `sha256:${sha256Hex(canonicalJson({ diffId, config, comment: local.comment, created }))}`;
  const files = local.files();
  registerLocalLayer(ctx, daemonId, diffId, local.sizeBytes, files);
  const image = importedImage({
    id,
    diffId,
    sizeBytes: local.sizeBytes,
    createdUnixSeconds: created,
    comment: local.comment,
    config,
  });
  ctx.emit({ kind: 'image.register', daemonId, image, tags: [...local.tags] });
  return id;
}
