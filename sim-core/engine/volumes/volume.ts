// A volume: storage that lives outside any container's writable layer, so what is written to it
// outlives the container (`docker rm` throws the writable layer away, never a volume).
import type { UpperEntry } from '../storage/file-tree.ts';

export interface Volume {
  name: string;
  driver: 'local';
  createdNs: number;
  labels: Record<string, string>;
  /** Made for one container (-v /path, or an image's VOLUME) rather than by name. */
  anonymous: boolean;
  /**
   * Made by `docker volume create`, whose client sends empty label and option maps; a volume
   * docker run makes on the fly has none (inspect shows {} against null).
   */
  explicit?: boolean;
  /** Its files, by path inside the volume ("/file"). */
  files: Record<string, UpperEntry>;
}

export interface Mount {
  /** volume: a Docker volume by name; bind: a path of the host's own filesystem. */
  type: 'volume' | 'bind';
  /** The volume's name ('' for a bind mount). */
  name: string;
  /** Where it appears inside the container. */
  target: string;
  readOnly: boolean;
  /** Bind mounts: the host path shown at the target. */
  source?: string;
  /** A bind mount's mode as written after -v's second colon ("" without one); none from --mount. */
  mode?: string;
}

export function volumeMountpoint(name: string): string {
  return `/var/lib/docker/volumes/${name}/_data`;
}
