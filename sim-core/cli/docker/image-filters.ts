// docker images --filter: which rows of the image list each filter keeps. dangling=true keeps
// untagged images, dangling=false tagged ones; label=KEY[=VALUE] matches the image config's
// labels (set by LABEL in a Dockerfile). Unknown keys get dockerd's "Invalid filter".
import type { Image } from '../../engine/images/image.ts';
import type { DeepReadonly } from '../../world/world.ts';
import { UserError } from '../../world/user-error.ts';
import { matchesLabel } from './labels.ts';

export interface ImageRow {
  repository: string;
  tag: string;
  image: DeepReadonly<Image>;
}

type RowTest = (row: ImageRow) => boolean;

const TESTS: Record<string, (value: string) => RowTest> = {
  label: (value) => (row) => matchesLabel(row.image.config.labels, value),
  dangling: (value) => {
    if (value !== 'true' && value !== 'false' && value !== '1' && value !== '0')
      throw new UserError(`Error response from daemon: Invalid filter 'dangling=${value}'`);
    const dangling = value === 'true' || value === '1';
    return (row) => (row.repository === '<none>' && row.tag === '<none>') === dangling;
  },
};

/** Keep the rows every --filter accepts (the same key twice: either value, as dockerd does). */
export function filterImageRows<R extends ImageRow>(rows: R[], filters: readonly string[]): R[] {
  const byKey = new Map<string, RowTest[]>();
  for (const filter of filters) {
    const cut = filter.indexOf('=');
    const key = cut === -1 ? filter : filter.slice(0, cut);
    const make = TESTS[key];
    if (cut === -1 || !make)
      throw new UserError(`Error response from daemon: Invalid filter '${key}'`);
    byKey.set(key, [...(byKey.get(key) ?? []), make(filter.slice(cut + 1))]);
  }
  return rows.filter((row) =>
    [...byKey.values()].every((tests) => tests.some((test) => test(row))),
  );
}
