// `docker build` as Docker 20.10's classic builder does it: each instruction is a step that
// starts from the previous step's image and commits a new one. RUN runs its command in an
// intermediate container and keeps what it changed as a layer; COPY adds the context's files as
// a layer; the other instructions only change the config. A step whose parent and instruction
// (and copied content) are the same as before is taken from the build cache ("Using cache").
import { newCgroup } from '../../kernel/cgroup.ts';
import { canonicalJson } from '../../trace/canonical.ts';
import { sha256Hex } from '../../trace/sha256.ts';
import type { StepContext } from '../../world/context.ts';
import { simUnixSeconds } from '../../world/epoch.ts';
import { nextHex } from '../../world/rng.ts';
import { UserError } from '../../world/user-error.ts';
import { planProgram, runToEnd, type ProgramEnvironment } from '../containers/programs.ts';
import { procView } from '../containers/proc-view.ts';
import {
  cacheKey,
  createdBy,
  layerEffect,
  parseDockerfile,
  type Instruction,
} from '../dockerfile/index.ts';
import { findImageId } from '../images/lookup.ts';
import {
  shortId,
  type HistoryEntry,
  type Image,
  type ImageConfig,
  type LayerFiles,
} from '../images/image.ts';
import { pullImage } from '../images/pull.ts';
import { familiarName, parseReference } from '../registry/reference.ts';
import { ContainerFs } from '../storage/container-fs.ts';
import { normalizePath, parentOf, type UpperEntry } from '../storage/file-tree.ts';
import type { BuildContext } from './context.ts';

export interface BuildRequest {
  context: BuildContext;
  dockerfileName: string;
  tag: string | null;
  noCache: boolean;
}

export type BuildOutcome = {
  exitCode: number;
  lines: string[];
  errors: string[];
  imageId: string | null;
};

interface Current {
  image: Image;
  key: string;
}

function layerFromUpper(upper: Record<string, UpperEntry>): {
  files: LayerFiles;
  sizeBytes: number;
} {
  let sizeBytes = 0;
  for (const entry of Object.values(upper)) if (entry.kind === 'file') sizeBytes += entry.sizeBytes;
  return { files: upper, sizeBytes };
}

function emptyImage(): Image {
  return {
    id: 'scratch',
    parentId: null,
    repoDigests: [],
    layerDiffIds: [],
    history: [],
    config: {
      cmd: null,
      entrypoint: null,
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      workingDir: '',
      user: '',
      exposedPorts: [],
      volumes: [],
      labels: {},
    },
    sizeBytes: 0,
    createdUnixSeconds: 0,
    os: 'linux',
    architecture: 'amd64',
  };
}

/** The config change a metadata instruction makes (also docker commit --change). */
export function applyConfig(config: ImageConfig, instruction: Instruction): void {
  const setEnv = (key: string, value: string) => {
    config.env = [...config.env.filter((entry) => entry.split('=')[0] !== key), `${key}=${value}`];
  };
  switch (instruction.kind) {
    case 'ENV':
      for (const pair of instruction.pairs) setEnv(pair.key, pair.value);
      return;
    case 'LABEL':
      for (const pair of instruction.pairs) config.labels[pair.key] = pair.value;
      return;
    case 'CMD':
      config.cmd =
        instruction.form === 'exec'
          ? [...instruction.command]
          : ['/bin/sh', '-c', instruction.command.join(' ')];
      return;
    case 'ENTRYPOINT':
      config.entrypoint =
        instruction.form === 'exec'
          ? [...instruction.command]
          : ['/bin/sh', '-c', instruction.command.join(' ')];
      // Setting ENTRYPOINT drops a CMD inherited from the base image.
      config.cmd = null;
      return;
    case 'EXPOSE':
      config.exposedPorts = [
        ...new Set([
          ...config.exposedPorts,
          ...instruction.ports.map((port) => `${port.port}/${port.protocol}`),
        ]),
      ];
      return;
    case 'USER':
      config.user = instruction.user;
      return;
    case 'WORKDIR':
      config.workingDir = instruction.resolvedPath;
      return;
    case 'VOLUME':
      config.volumes = [...new Set([...config.volumes, ...instruction.paths])];
      return;
    default:
      return;
  }
}

export function buildImage(
  ctx: StepContext,
  daemonId: string,
  request: BuildRequest,
): BuildOutcome {
  const lines: string[] = [];
  const errors: string[] = [];
  const text = request.context.files[request.dockerfileName];
  if (text === undefined) {
    throw new UserError(
      `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${request.context.dir}/${request.dockerfileName}: no such file or directory`,
    );
  }
  const parsed = parseDockerfile(text);
  if (!parsed.ok && parsed.phase !== 'step') {
    return {
      exitCode: 1,
      lines,
      errors: [
        parsed.phase === 'file'
          ? `failed to parse Dockerfile: ${parsed.error}`
          : `Error response from daemon: ${parsed.error}`,
      ],
      imageId: null,
    };
  }
  const stages = parsed.stages;
  const total = stages.reduce((sum, stage) => sum + 1 + stage.instructions.length, 0);
  let step = 0;
  let current: Current | null = null;
  const built: Image[] = [];
  for (const stage of stages) {
    step += 1;
    lines.push(`Step ${step}/${total} : ${stage.from.original}`);
    current = fromImage(ctx, daemonId, stage.from.image, lines);
    lines.push(` ---> ${current.image.id === 'scratch' ? 'scratch' : shortId(current.image.id)}`);
    for (const instruction of stage.instructions) {
      step += 1;
      lines.push(`Step ${step}/${total} : ${instruction.original}`);
      if (!parsed.ok && parsed.line === instruction.line) {
        errors.push(parsed.error);
        return { exitCode: 1, lines, errors, imageId: null };
      }
      const outcome = runStep(ctx, daemonId, current, instruction, request, lines);
      if (!outcome.ok) {
        errors.push(outcome.error);
        return { exitCode: outcome.exitCode, lines, errors, imageId: null };
      }
      current = outcome.current;
      built.push(current.image);
    }
  }
  const final = current!.image;
  lines.push(`Successfully built ${shortId(final.id)}`);
  if (request.tag) {
    const parsedTag = parseReference(request.tag);
    if (parsedTag.ok) {
      ctx.emit({
        kind: 'image.tag',
        daemonId,
        ref: familiarName(parsedTag.ref),
        imageId: final.id,
      });
      lines.push(`Successfully tagged ${familiarName(parsedTag.ref)}`);
    }
  }
  return { exitCode: 0, lines, errors, imageId: final.id };
}

function fromImage(ctx: StepContext, daemonId: string, name: string, lines: string[]): Current {
  if (name === 'scratch') return { image: emptyImage(), key: 'scratch' };
  const local = findImageId(ctx.world.daemons[daemonId]!, name);
  if (local)
    return {
      image: structuredClone(ctx.world.daemons[daemonId]!.images[local]!) as Image,
      key: local,
    };
  const parsed = parseReference(name);
  if (!parsed.ok) throw new UserError(parsed.error);
  const result = pullImage(ctx, daemonId, parsed.ref);
  lines.push(...result.lines);
  return {
    image: structuredClone(ctx.world.daemons[daemonId]!.images[result.imageId]!) as Image,
    key: result.imageId,
  };
}

type StepOutcome = { ok: true; current: Current } | { ok: false; exitCode: number; error: string };

function contentHashOf(request: BuildRequest, instruction: Instruction): string | undefined {
  if (instruction.kind !== 'COPY' && instruction.kind !== 'ADD') return undefined;
  const chosen = Object.entries(request.context.files).filter(([path]) =>
    instruction.sources.some(
      (source) =>
        path === source || path.startsWith(`${source.replace(/\/$/, '')}/`) || source === '.',
    ),
  );
  return sha256Hex(canonicalJson(chosen));
}

function runStep(
  ctx: StepContext,
  daemonId: string,
  current: Current,
  instruction: Instruction,
  request: BuildRequest,
  lines: string[],
): StepOutcome {
  const daemon = ctx.world.daemons[daemonId]!;
  const contentHash = contentHashOf(request, instruction);
  const key = cacheKey(current.key, instruction, contentHash);
  const cached = daemon.buildCache[key];
  if (!request.noCache && cached && daemon.images[cached]) {
    lines.push(' ---> Using cache', ` ---> ${shortId(cached)}`);
    return { ok: true, current: { image: structuredClone(daemon.images[cached]) as Image, key } };
  }
  const lowers = [...current.image.layerDiffIds]
    .reverse()
    .map((diffId) => daemon.layers[diffId]!.files as LayerFiles);
  const fs = new ContainerFs(lowers, {}, false);
  const config = structuredClone(current.image.config);
  const isCopy = instruction.kind === 'COPY' || instruction.kind === 'ADD';
  const containerId = isCopy ? null : nextHex(ctx.rng, 12);
  if (containerId) lines.push(` ---> Running in ${containerId}`);
  if (instruction.kind === 'RUN') {
    const result = runCommand(ctx, instruction, config, fs);
    if (result.output) lines.push(result.output.replace(/\n$/, ''));
    if (result.exitCode !== 0) {
      const shown =
        instruction.form === 'exec'
          ? JSON.stringify(instruction.command)
          : `/bin/sh -c ${instruction.command.join(' ')}`;
      return {
        ok: false,
        exitCode: result.exitCode,
        error: `The command '${shown}' returned a non-zero code: ${result.exitCode}`,
      };
    }
  } else if (isCopy) {
    const error = copyFromContext(request, instruction, config.workingDir || '/', fs);
    if (error) return { ok: false, exitCode: 1, error };
  } else if (instruction.kind === 'WORKDIR') {
    fs.mkdir(instruction.resolvedPath, true);
  }
  applyConfig(config, instruction);
  if (containerId) lines.push(`Removing intermediate container ${containerId}`);
  const upper: Record<string, UpperEntry> = {};
  for (const change of fs.changes) {
    if (change.entry) upper[change.path] = change.entry;
    else delete upper[change.path];
  }
  const changed = Object.keys(upper).length > 0 && layerEffect(instruction) === 'filesystem';
  const layer = layerFromUpper(upper);
  const diffId = changed ? `sha256:${sha256Hex(canonicalJson(upper))}` : null;
  if (diffId && !daemon.layers[diffId]) {
    ctx.emit({
      kind: 'layer.register',
      daemonId,
      layer: {
        diffId,
        blobDigest: diffId,
        sizeBytes: layer.sizeBytes,
        compressedBytes: layer.sizeBytes,
        cacheId: diffId.slice(7),
        refCount: 0,
        paths: Object.keys(upper),
        files: layer.files,
      },
    });
  }
  const imageId = `sha256:${sha256Hex(canonicalJson({ parent: current.image.id, key, diffId, config }))}`;
  const row: HistoryEntry = {
    createdBy:
      createdBy(instruction, contentHash ? { sourceHash: contentHash } : {}) ??
      instruction.original,
    emptyLayer: !changed,
    sizeBytes: changed ? layer.sizeBytes : 0,
    createdUnixSeconds: simUnixSeconds(ctx.nowNs),
    comment: '',
    imageId,
  };
  const image: Image = {
    ...structuredClone(current.image),
    id: imageId,
    parentId: current.image.id === 'scratch' ? null : current.image.id,
    repoDigests: [],
    layerDiffIds: diffId
      ? [...current.image.layerDiffIds, diffId]
      : [...current.image.layerDiffIds],
    history: [...current.image.history, row],
    config,
    sizeBytes: current.image.sizeBytes + (changed ? layer.sizeBytes : 0),
    createdUnixSeconds: simUnixSeconds(ctx.nowNs),
  };
  if (!daemon.images[imageId]) ctx.emit({ kind: 'image.register', daemonId, image, tags: [] });
  ctx.emit({ kind: 'build.cache', daemonId, key, imageId });
  lines.push(` ---> ${shortId(imageId)}`);
  return { ok: true, current: { image, key } };
}

function runCommand(
  ctx: StepContext,
  instruction: Extract<Instruction, { kind: 'RUN' }>,
  config: ImageConfig,
  fs: ContainerFs,
): { exitCode: number; output: string } {
  const argv =
    instruction.form === 'exec'
      ? instruction.command
      : [...instruction.shell, instruction.command.join(' ')];
  const environment: ProgramEnvironment = {
    argv0: argv[0]!,
    args: argv.slice(1),
    hostname: nextHex(ctx.rng, 12),
    cwd: config.workingDir || '/',
    env: [...instruction.buildArgEnv, ...config.env],
    tty: false,
    openStdin: false,
    cpuCount: 1,
    fs,
    interfaces: [],
    user: config.user,
    proc: procView({
      namespaces: {},
      init: argv,
      hostname: 'buildkitsandbox',
      cgroupNsPrivate: true,
      cgroupPath: '/',
      cgroupVersion: 2,
      cgroup: newCgroup('/', null),
      cpuCount: 1,
    }),
    processes: [{ pid: 1, user: 'root', command: argv.join(' ') }],
    nowNs: ctx.nowNs,
    pidsMax: null,
    init: false,
  };
  const plan = runToEnd(planProgram(argv[0]!, environment), environment);
  if (plan.kind === 'not-found') return { exitCode: 127, output: '' };
  if (plan.kind === 'runs') return { exitCode: 0, output: plan.stdout };
  return { exitCode: plan.exitCode, output: plan.stdout + plan.stderr };
}

function copyFromContext(
  request: BuildRequest,
  instruction: Extract<Instruction, { kind: 'COPY' | 'ADD' }>,
  workdir: string,
  fs: ContainerFs,
): string | null {
  if (instruction.from) return `COPY --from is not modelled yet: ${instruction.original}`;
  const destination = normalizePath(instruction.destination, workdir);
  const intoDir = instruction.destination.endsWith('/') || instruction.sources.length > 1;
  for (const source of instruction.sources) {
    const clean = normalizePath(source, '/').slice(1);
    const files = Object.entries(request.context.files).filter(
      ([path]) => clean === '' || path === clean || path.startsWith(`${clean}/`),
    );
    if (files.length === 0)
      return `COPY failed: file not found in build context or excluded by .dockerignore: stat ${source}: file does not exist`;
    for (const [path, content] of files) {
      const isDirCopy = path !== clean;
      const relative = isDirCopy
        ? path.slice(clean === '' ? 0 : clean.length + 1)
        : path.split('/').pop()!;
      const target = isDirCopy || intoDir ? normalizePath(relative, destination) : destination;
      const error = fs.mkdir(parentOf(target), true);
      if (error) return `COPY failed: ${error}`;
      const written = fs.writeFile(target, content, false);
      if (!written.ok) return `COPY failed: ${written.reason}`;
    }
  }
  return null;
}
