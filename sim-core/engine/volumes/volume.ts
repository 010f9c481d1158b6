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
  type: 'volume';
  name: string;
  /** Where it appears inside the container. */
  target: string;
  readOnly: boolean;
}

export function volumeMountpoint(name: string): string {
  return `/var/lib/docker/volumes/${name}/_data`;
}
