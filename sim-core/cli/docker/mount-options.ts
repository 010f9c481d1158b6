// -v and --mount as the docker CLI reads them. -v SRC:DST[:MODE] is a bind mount when SRC is an
// absolute host path, a named volume otherwise (-v DST alone: an anonymous volume); --mount
// type=bind|volume,source=...,target=...[,readonly] says it in words, and refuses a bind
// source that does not exist where -v would create it.
import type { MountRequest } from '../../engine/containers/create.ts';
import { normalizePath } from '../../engine/storage/file-tree.ts';
import { UserError } from '../../world/user-error.ts';

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

function invalidName(name: string): UserError {
  return new UserError(
    `Error response from daemon: create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
  );
}

/** -v NAME:/path[:ro], -v /host/path:/path[:ro] (a bind mount), or -v /path (anonymous). */
export function parseVolumeFlag(spec: string): MountRequest {
  const parts = spec.split(':');
  const invalid = () =>
    new UserError(`Error response from daemon: invalid volume specification: '${spec}'`);
  if (parts.length === 1) {
    if (!spec.startsWith('/')) throw invalid();
    return { name: null, target: spec, readOnly: false };
  }
  const [source, target, mode] = parts;
  if (!source || parts.length > 3 || (mode !== undefined && mode !== 'ro' && mode !== 'rw'))
    throw invalid();
  if (source.startsWith('/') && target && !target.startsWith('/')) {
    throw new UserError(
      `Error response from daemon: invalid volume specification: '${spec}': invalid mount config for type "bind": invalid mount path: '${target}' mount path must be absolute`,
    );
  }
  if (!target || !target.startsWith('/')) throw invalid();
  if (source.startsWith('/'))
    return {
      name: null,
      target,
      readOnly: mode === 'ro',
      bindSource: normalizePath(source),
      mode: mode ?? '',
    };
  if (!VOLUME_NAME.test(source)) throw invalidName(source);
  return { name: source, target, readOnly: mode === 'ro' };
}

/** What the CLI itself checks in --mount (a flag error): known keys and a target. */
export function mountFlagSyntax(
  spec: string,
): { ok: true; value: string } | { ok: false; error: string } {
  for (const field of spec.split(',')) {
    const cut = field.indexOf('=');
    const key = (cut === -1 ? field : field.slice(0, cut)).toLowerCase();
    if (!MOUNT_KEYS.includes(key))
      return { ok: false, error: `unexpected key '${key}' in '${field}'` };
  }
  if (!spec.split(',').some((field) => /^(target|dst|destination)=./i.test(field)))
    return { ok: false, error: 'target is required' };
  return { ok: true, value: spec };
}

const MOUNT_KEYS = [
  'type',
  'source',
  'src',
  'target',
  'dst',
  'destination',
  'readonly',
  'ro',
  'bind-propagation',
  'consistency',
];

/** --mount type=bind,source=/host,target=/ctr[,readonly]; type=volume takes a volume name. */
export function parseMountFlag(spec: string): MountRequest {
  const fields = new Map<string, string>();
  let readOnly = false;
  for (const field of spec.split(',')) {
    const cut = field.indexOf('=');
    const key = (cut === -1 ? field : field.slice(0, cut)).toLowerCase();
    const value = cut === -1 ? '' : field.slice(cut + 1);
    if (key === 'readonly' || key === 'ro') {
      readOnly = cut === -1 || value === 'true' || value === '1';
      continue;
    }
    const canonical =
      key === 'src' ? 'source' : key === 'dst' || key === 'destination' ? 'target' : key;
    if (!['type', 'source', 'target', 'bind-propagation', 'consistency'].includes(canonical))
      throw new UserError(
        `invalid argument "${spec}" for "--mount" flag: unexpected key '${key}' in '${field}'`,
        125,
      );
    fields.set(canonical, value);
  }
  const type = fields.get('type') ?? 'volume';
  const source = fields.get('source') ?? '';
  const target = fields.get('target') ?? '';
  const config = (reason: string) =>
    new UserError(`Error response from daemon: invalid mount config for type "${type}": ${reason}`);
  if (type === 'bind') {
    if (source === '') throw config('field Source must not be empty');
    if (!source.startsWith('/'))
      throw config(`invalid mount path: '${source}' mount path must be absolute`);
    if (!target.startsWith('/'))
      throw config(`invalid mount path: '${target}' mount path must be absolute`);
    return {
      name: null,
      target,
      readOnly,
      bindSource: normalizePath(source),
      sourceMustExist: true,
    };
  }
  if (type !== 'volume') throw config('mount type unknown');
  if (!target.startsWith('/'))
    throw config(`invalid mount path: '${target}' mount path must be absolute`);
  if (source === '') return { name: null, target, readOnly };
  if (!VOLUME_NAME.test(source)) throw invalidName(source);
  return { name: source, target, readOnly };
}
