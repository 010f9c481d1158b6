// COPY and ADD as the classic builder (Docker 20.10) carries them out: sources are read from the
// build context or, with COPY --from, from another stage's or an image's filesystem; a directory
// source copies its contents, a file lands at the destination or inside it when the destination
// ends in "/" or is a directory already; ADD also unpacks a local tar archive and fetches URLs
// (which fails here: the simulated world has no internet besides its registries).
import { canonicalJson } from '../../trace/canonical.ts';
import { sha256Hex } from '../../trace/sha256.ts';
import type { DeepReadonly } from '../../world/world.ts';
import type { Instruction } from '../dockerfile/index.ts';
import type { ContainerFs } from '../storage/container-fs.ts';
import {
  baseName,
  byteLength,
  isUnder,
  normalizePath,
  type FileNode,
} from '../storage/file-tree.ts';
import { globMatch } from '../path-match.ts';
import { readTar, tarNodes } from './tar-archive.ts';

type CopyInstruction = Extract<Instruction, { kind: 'COPY' | 'ADD' }>;

/** Where sources come from: absolute paths to nodes, and directory listings. */
export interface SourceTree {
  node(path: string): DeepReadonly<FileNode> | null;
  list(dir: string): string[];
}

/** The build context as a tree: its files, and the directories their paths imply. */
export function contextTree(files: Readonly<Record<string, string>>): SourceTree {
  const nodes = new Map<string, FileNode>([['/', { kind: 'dir', mode: 0o755 }]]);
  for (const [path, content] of Object.entries(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i += 1)
      nodes.set(`/${parts.slice(0, i).join('/')}`, { kind: 'dir', mode: 0o755 });
    nodes.set(`/${path}`, { kind: 'file', mode: 0o644, sizeBytes: byteLength(content), content });
  }
  return {
    node: (path) => nodes.get(path) ?? null,
    list: (dir) =>
      [...nodes.keys()]
        .filter((path) => path !== '/' && normalizePath('..', path) === dir)
        .map(baseName)
        .sort(),
  };
}

function hasWildcard(source: string): boolean {
  return /[*?[]/.test(source);
}

/** Every path under `dir` (not `dir` itself), parents before children, sorted. */
function walk(tree: SourceTree, dir: string): string[] {
  const out: string[] = [];
  for (const name of tree.list(dir)) {
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
    out.push(path);
    if (tree.node(path)?.kind === 'dir') out.push(...walk(tree, path));
  }
  return out;
}

/** The source paths a COPY/ADD word stands for, or the error Docker gives. */
function expandSource(tree: SourceTree, source: string): string[] {
  const clean = normalizePath(source, '/');
  if (!hasWildcard(source)) return tree.node(clean) ? [clean] : [];
  return ['/', ...walk(tree, '/')].filter((path) => globMatch(clean, path));
}

export interface CopyPlan {
  /** The builder's source digest for history and the cache: file:..., dir:... or multi:... */
  sourceHash: string;
  apply(fs: ContainerFs, workdir: string): string | null;
}

/** Hash of what a source holds: its paths, sizes and contents (so a change misses the cache). */
function digestOf(tree: SourceTree, paths: readonly string[]): string {
  const parts: unknown[] = [];
  for (const path of paths) {
    const node = tree.node(path)!;
    const below = node.kind === 'dir' ? walk(tree, path) : [];
    for (const inner of [path, ...below]) parts.push([inner.slice(path.length), tree.node(inner)]);
  }
  return sha256Hex(canonicalJson(parts));
}

const REMOTE = /^https?:\/\//;

/**
 * Plan a COPY/ADD: check the sources exist (with the builder's wording when they do not) and
 * compute the source hash; `apply` then writes them into the step's filesystem.
 */
export function planCopy(
  instruction: CopyInstruction,
  tree: SourceTree,
): { ok: true; plan: CopyPlan } | { ok: false; error: string } {
  const verb = instruction.kind;
  const remote = verb === 'ADD' ? instruction.sources.find((source) => REMOTE.test(source)) : null;
  if (remote) {
    const host = new URL(remote).hostname;
    return {
      ok: false,
      error: `ADD failed: Get "${remote}": dial tcp: lookup ${host}: no such host`,
    };
  }
  const many =
    instruction.sources.length > 1 || instruction.sources.some((source) => hasWildcard(source));
  if (instruction.sources.length > 1 && !instruction.destination.endsWith('/'))
    return {
      ok: false,
      error: `When using ${verb} with more than one source file, the destination must be a directory and end with a /`,
    };
  const chosen: string[] = [];
  for (const source of instruction.sources) {
    const found = expandSource(tree, source);
    if (found.length === 0 && !hasWildcard(source)) {
      const shown = normalizePath(source, '/').slice(1);
      return {
        ok: false,
        error:
          instruction.from === null
            ? `${verb} failed: file not found in build context or excluded by .dockerignore: stat ${shown}: file does not exist`
            : `${verb} failed: stat ${shown}: file does not exist`,
      };
    }
    chosen.push(...found);
  }
  if (chosen.length === 0)
    return { ok: false, error: `${verb} failed: no source files were specified` };
  const kind =
    chosen.length > 1 || many ? 'multi' : tree.node(chosen[0]!)?.kind === 'dir' ? 'dir' : 'file';
  const sourceHash = `${kind}:${digestOf(tree, chosen)}`;
  return {
    ok: true,
    plan: {
      sourceHash,
      apply: (fs, workdir) => {
        const written = instruction.destination;
        const destination = normalizePath(written, workdir);
        for (const path of chosen) {
          const error = copyOne(
            instruction,
            tree,
            path,
            destination,
            written.endsWith('/') || many,
            fs,
          );
          if (error) return error;
        }
        return null;
      },
    },
  };
}

function copyOne(
  instruction: CopyInstruction,
  tree: SourceTree,
  source: string,
  destination: string,
  intoDir: boolean,
  fs: ContainerFs,
): string | null {
  const node = tree.node(source)!;
  const fail = (error: string) => `${instruction.kind} failed: ${error}`;
  if (node.kind === 'dir') {
    // A directory's contents are copied, not the directory itself.
    const error = fs.placeNode(destination, node);
    if (error) return fail(error);
    for (const inner of walk(tree, source)) {
      const target = normalizePath(inner.slice(source.length + 1), destination);
      const placed = fs.placeNode(target, tree.node(inner)!);
      if (placed) return fail(placed);
    }
    return null;
  }
  if (node.kind === 'file' && instruction.kind === 'ADD' && instruction.from === null) {
    const entries = node.content === null ? null : readTar(node.content);
    if (entries) {
      // A local archive is unpacked into the destination, which is a directory then.
      const error = fs.placeNode(destination, { kind: 'dir', mode: 0o755 });
      if (error) return fail(error);
      for (const { path, node } of tarNodes(entries)) {
        const target = normalizePath(path, destination);
        if (!isUnder(target, destination)) continue;
        const placed = fs.placeNode(target, node);
        if (placed) return fail(placed);
      }
      return null;
    }
  }
  const existing = fs.node(destination);
  const target =
    intoDir || existing?.kind === 'dir'
      ? normalizePath(baseName(source), destination)
      : destination;
  const error = fs.placeNode(target, node);
  return error ? fail(error) : null;
}
