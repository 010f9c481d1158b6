// `--change` of docker commit and docker import: Dockerfile instructions applied to the new
// image's config. Only the instructions that change the config are allowed, as dockerd allows
// them; anything else is "<cmd> is not a valid change command".
import { UserError } from '../../world/user-error.ts';
import { applyConfig } from '../build/build.ts';
import { parseDockerfile } from '../dockerfile/index.ts';
import type { ImageConfig } from './image.ts';

const ALLOWED = new Set([
  'CMD',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'LABEL',
  'ONBUILD',
  'USER',
  'VOLUME',
  'WORKDIR',
  'STOPSIGNAL',
]);

export function applyChanges(config: ImageConfig, changes: readonly string[]): void {
  for (const change of changes) {
    const word = change.trim().split(/\s+/)[0] ?? '';
    if (!ALLOWED.has(word.toUpperCase()))
      throw new UserError(
        `Error response from daemon: ${word.toLowerCase()} is not a valid change command`,
      );
    const parsed = parseDockerfile(`FROM scratch\n${change}\n`);
    const instruction = parsed.stages[0]?.instructions[0];
    if (!parsed.ok || !instruction)
      throw new UserError(
        `Error response from daemon: ${parsed.ok ? `${word.toLowerCase()} requires at least one argument` : parsed.error.replace(/line 2/, 'line 1')}`,
      );
    applyConfig(config, instruction);
  }
}
