// docker cp: files and directories between the client's working directory and a container.
// The CLI decides where the copy lands as Docker's archive package does: into a directory that
// exists (keeping the source's name), over a file that exists, or as a new file or directory
// named by the destination, whose parent must exist. Errors are worded as the 20.10 CLI words them.
import { findContainer } from '../../engine/containers/create.ts';
import {
  readContainerTree,
  statContainerPath,
  treeOfTexts,
  writeContainerTree,
  type CopiedTree,
} from '../../engine/containers/copy.ts';
import { DOCKER_ROOT_DIR } from '../../engine/daemon.ts';
import { baseName, normalizePath, parentOf } from '../../engine/storage/file-tree.ts';
import { resolvePath } from '../../client/workdir.ts';
import type { StepContext } from '../../world/context.ts';
import { UserError } from '../../world/user-error.ts';
import type { DockerCommand } from './image-commands.ts';

interface Location {
  container: string | null;
  path: string;
}

/** CONTAINER:PATH, or a local path (anything absolute or starting with a dot stays local). */
function splitLocation(arg: string): Location {
  if (arg.startsWith('/') || arg.startsWith('.')) return { container: null, path: arg };
  const colon = arg.indexOf(':');
  if (colon <= 0) return { container: null, path: arg };
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

/** A container path, made absolute from the container's root; a trailing slash is kept. */
function containerPath(path: string): string {
  const clean = normalizePath(path, '/');
  return path.endsWith('/') && clean !== '/' ? `${clean}/` : clean;
}

const assertsDirectory = (path: string) => path.endsWith('/') || path.endsWith('/.');
const strip = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

function clientIsDir(ctx: StepContext, path: string): boolean {
  const { cwd, files } = ctx.world.client;
  if (path === '/' || cwd === path || cwd.startsWith(`${path}/`)) return true;
  return Object.keys(files).some((file) => file.startsWith(`${path}/`));
}

/** The client files at `path`: one file, or every file under a directory. */
function clientTree(ctx: StepContext, path: string): CopiedTree | null {
  const { files } = ctx.world.client;
  const text = files[path];
  if (text !== undefined) return treeOfTexts(false, [], [['', text]]);
  if (!clientIsDir(ctx, path)) return null;
  const prefix = path === '/' ? '/' : `${path}/`;
  const texts: [string, string][] = Object.entries(files)
    .filter(([file]) => file.startsWith(prefix))
    .map(([file, content]) => [file.slice(prefix.length), content]);
  const dirs = new Set<string>();
  for (const [rel] of texts)
    for (let at = parentOf(`/${rel}`); at !== '/'; at = parentOf(at)) dirs.add(at.slice(1));
  return treeOfTexts(true, [...dirs].sort(), texts);
}

function noSuchPath(container: string, path: string): UserError {
  return new UserError(`Error: No such container:path: ${container}:${path}`);
}

function copyToContainer(ctx: StepContext, daemonId: string, src: string, dst: Location): void {
  const name = dst.container!;
  const id = findContainer(ctx.world.daemons[daemonId]!, name);
  const dstPath = containerPath(dst.path);
  const found = id ? statContainerPath(ctx, daemonId, id, strip(dstPath)) : null;
  // "file/" does not stat: a trailing slash only names a directory.
  const dstKind = found === 'file' && dstPath.endsWith('/') ? null : found;
  const srcPath = resolvePath(ctx.world.client.cwd, src);
  const tree = clientTree(ctx, srcPath);
  if (!tree) throw new UserError(`lstat ${srcPath}: no such file or directory`);
  let target: string;
  if (dstKind === 'dir') target = normalizePath(`${dstPath}/${baseName(srcPath) || ''}`);
  else if (dstKind !== null && tree.isDir) throw new UserError('cannot copy directory');
  else if (dstKind !== null) target = strip(dstPath);
  else if (!tree.isDir && assertsDirectory(dstPath)) throw new UserError('no such directory');
  else target = strip(dstPath);
  // Copying "dir/." puts the directory's contents into the destination itself.
  if (tree.isDir && dstKind === 'dir' && (src.endsWith('/.') || src === '.'))
    target = strip(dstPath);
  if (!id) throw noSuchPath(name, parentOf(target));
  const error = writeContainerTree(ctx, daemonId, id, target, tree);
  if (error?.kind === 'not-found') throw noSuchPath(name, error.path);
  if (error) throw new UserError(`Error response from daemon: ${error.message}`);
}

function copyFromContainer(ctx: StepContext, daemonId: string, src: Location, dst: string): void {
  const name = src.container!;
  if (dst === '-')
    throw new UserError(
      'docker cp to - (a tar stream on stdout) is not modelled by the simulator: copy to a file name',
    );
  const cwd = ctx.world.client.cwd;
  const dstPath = resolvePath(cwd, dst);
  const parent = parentOf(dstPath);
  if (!assertsDirectory(dst) && !clientIsDir(ctx, parent))
    throw new UserError(`invalid output path: directory "${parent}" does not exist`);
  const id = findContainer(ctx.world.daemons[daemonId]!, name);
  const srcPath = containerPath(src.path);
  if (!id) throw noSuchPath(name, src.path);
  const kind = statContainerPath(ctx, daemonId, id, strip(srcPath));
  if (!kind || kind === 'other') throw noSuchPath(name, src.path);
  if (kind === 'file' && srcPath.endsWith('/')) {
    const container = ctx.world.daemons[daemonId]!.containers[id]!;
    throw new UserError(
      `Error response from daemon: lstat ${DOCKER_ROOT_DIR}/overlay2/${container.rwCacheId}/merged${srcPath}: not a directory`,
    );
  }
  const tree = readContainerTree(ctx, daemonId, id, strip(srcPath))!;
  const dstIsFile = ctx.world.client.files[dstPath] !== undefined;
  const dstIsDir = !dstIsFile && clientIsDir(ctx, dstPath);
  let target: string;
  if (dstIsDir)
    target = src.path.endsWith('/.') ? dstPath : resolvePath(dstPath, baseName(strip(srcPath)));
  else if (dstIsFile && tree.isDir) throw new UserError('cannot copy directory');
  else if (dstIsFile) target = dstPath;
  else if (!tree.isDir && assertsDirectory(dst)) throw new UserError('no such directory');
  else target = dstPath;
  if (!tree.isDir && clientIsDir(ctx, target)) throw new UserError('cannot overwrite directory');
  for (const file of tree.files) {
    const path = file.relPath === '' ? target : `${target}/${file.relPath}`;
    if (clientIsDir(ctx, path)) continue;
    ctx.emit({ kind: 'file.write', path, content: file.content });
  }
}

export const cp: DockerCommand = {
  spec: {
    path: 'docker cp',
    usage:
      'docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
    summary: 'Copy files/folders between a container and the local filesystem',
    flags: [
      { long: 'archive', short: 'a', description: 'Archive mode (copy all uid/gid information)' },
      { long: 'follow-link', short: 'L', description: 'Always follow symbol link in SRC_PATH' },
    ],
    args: { min: 2, max: 2 },
  },
  run: (ctx, daemonId, _flags, [source, destination]) => {
    const src = splitLocation(source!);
    const dst = splitLocation(destination!);
    if (src.container !== null && dst.container !== null)
      throw new UserError('copying between containers is not supported');
    if (src.container === null && dst.container === null)
      throw new UserError('must specify at least one container source');
    if (src.container !== null) copyFromContainer(ctx, daemonId, src, destination!);
    else {
      if (source === '-')
        throw new UserError(
          'docker cp from - (a tar stream on stdin) is not modelled by the simulator: copy a file',
        );
      copyToContainer(ctx, daemonId, source!, dst);
    }
    return 0;
  },
};
