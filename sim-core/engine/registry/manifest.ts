// The image manifest a push uploads last (Docker's schema 2): the config blob's digest, which is
// the image ID, and each layer's compressed blob, lowest first. The registry stores the JSON as
// distribution writes it (three-space indent), and `docker push` prints its digest and size.
import { sha256Hex } from '../../trace/sha256.ts';
import { byteLength } from '../storage/file-tree.ts';

export const MANIFEST_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';

export interface ManifestLayer {
  digest: string;
  compressedBytes: number;
}

export interface Manifest {
  text: string;
  digest: string;
  sizeBytes: number;
}

export function buildManifest(
  configDigest: string,
  configBytes: number,
  layers: readonly ManifestLayer[],
): Manifest {
  const manifest = {
    schemaVersion: 2,
    mediaType: MANIFEST_MEDIA_TYPE,
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: configBytes,
      digest: configDigest,
    },
    layers: layers.map((layer) => ({
      mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
      size: layer.compressedBytes,
      digest: layer.digest,
    })),
  };
  const text = JSON.stringify(manifest, null, 3);
  return { text, digest: `sha256:${sha256Hex(text)}`, sizeBytes: byteLength(text) };
}

/** The parts of a stored manifest a pull needs, or null when the text is not one. */
export function readManifest(
  text: string,
): { configDigest: string; layers: ManifestLayer[] } | null {
  try {
    const parsed = JSON.parse(text) as {
      config?: { digest?: unknown };
      layers?: { digest?: unknown; size?: unknown }[];
    };
    if (typeof parsed.config?.digest !== 'string' || !Array.isArray(parsed.layers)) return null;
    return {
      configDigest: parsed.config.digest,
      layers: parsed.layers.map((layer) => ({
        digest: String(layer.digest),
        compressedBytes: Number(layer.size),
      })),
    };
  } catch {
    return null;
  }
}
