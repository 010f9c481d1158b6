// `docker build` as Docker 20.10's classic builder does it: each instruction is a step that
// starts from the previous step's image and commits a new one. RUN runs its command in an
// intermediate container and keeps what it changed as a layer; COPY/ADD add files as a layer;
// the other instructions only change the config. A step whose parent and instruction (and copied
// content) are the same as before is taken from the build cache ("Using cache"). Several FROMs
// make several stages; COPY --from reads a finished stage or any image. A RUN that fails leaves
// its stopped container behind, as the classic builder does, and the steps before it as images.
import { calibratedValue } from '../../calibration/index.ts';
import { newCgroup } from '../../kernel/cgroup.ts';
import { canonicalJson } from '../../trace/canonical.ts';
import { sha256Hex } from '../../trace/sha256.ts';
import type { StepContext } from '../../world/context.ts';
import { registerLocalLayer } from '../images/local-layer.ts';
import { simUnixSeconds } from '../../world/epoch.ts';
import { passTime } from '../../world/pass-time.ts';
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
  type Stage,
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
import type { UpperEntry } from '../storage/file-tree.ts';
import type { BuildContext } from './context.ts';
import { contextTree, planCopy, type SourceTree } from './copy.ts';
import { leaveFailedContainer } from './failed-step.ts';

export interface BuildRequest {
  context: BuildContext;
  dockerfileName: string;
  tags: string[];
  noCache: boolean;
  buildArgs?: Readonly<Record<string, string>>;
}

export type BuildOutcome = {
  exitCode: number;
  /** The build's progress stream, as `docker build` prints it (stderr of steps in red). */
  output: string;
  /** The message that ended a failed build. */
  error: string | null;
  imageId: string | null;
};

interface Current {
  image: Image;
  key: string;
}

/** The classic builder colours what a step's command writes to stderr. */
const STDERR_START = '\u001b[91m';
const STDERR_END = '\u001b[0m';
const DAEMON_PREFIX = 'Error response from daemon: ';

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

/** What one build run has so far: its output and the stages it finished. */
class Run {
  output = '';
  /** Each finished stage's last image, and its name (FROM ... AS name), by stage index. */
  readonly stageImages: Current[] = [];
  readonly stageNames: (string | null)[] = [];
  constructor(
    readonly ctx: StepContext,
    readonly daemonId: string,
    readonly request: BuildRequest,
  ) {}
  line(text: string): void {
    this.output += `${text}\n`;
  }
  fail(exitCode: number, error: string): BuildOutcome {
    return { exitCode, output: this.output, error, imageId: null };
  }
}

export function buildImage(
  ctx: StepContext,
  daemonId: string,
  request: BuildRequest,
): BuildOutcome {
  const text = request.context.files[request.dockerfileName];
  if (text === undefined) {
    throw new UserError(
      `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${request.context.dir}/${request.dockerfileName}: no such file or directory`,
    );
  }
  const run = new Run(ctx, daemonId, request);
  const parsed = parseDockerfile(text, {
    buildArgs: request.buildArgs ?? {},
    fileName: request.dockerfileName,
  });
  if (!parsed.ok && parsed.phase !== 'step')
    return run.fail(1, parsed.phase === 'file' ? parsed.error : `${DAEMON_PREFIX}${parsed.error}`);
  const metaArgs = parsed.ok ? parsed.metaArgs : [];
  const stages = parsed.stages;
  // A failure at a FROM leaves its stage out of `stages`; the step count still includes it.
  const total =
    metaArgs.length + stages.reduce((sum, stage) => sum + 1 + stage.instructions.length, 0);
  let step = 0;
  for (const arg of metaArgs) {
    step += 1;
    run.line(`Step ${step}/${total} : ${arg.original}`);
  }
  let current: Current | null = null;
  for (const stage of stages) {
    step += 1;
    run.line(`Step ${step}/${total} : ${stage.from.original}`);
    const base = fromImage(run, stage.from.image, null);
    if (!base.ok) return run.fail(1, base.error);
    current = base.current;
    run.line(` ---> ${current.image.id === 'scratch' ? 'scratch' : shortId(current.image.id)}`);
    for (const instruction of stage.instructions) {
      step += 1;
      run.line(`Step ${step}/${total} : ${instruction.original}`);
      if (!parsed.ok && parsed.line === instruction.line) return run.fail(1, parsed.error);
      const outcome = runStep(run, stage, current, instruction);
      if (!outcome.ok) return run.fail(outcome.exitCode, outcome.error);
      current = outcome.current;
    }
    run.stageImages.push(current);
    run.stageNames.push(stage.name);
  }
  if (!parsed.ok) return run.fail(1, parsed.error);
  const final = current!.image;
  const unused = unusedBuildArgs(request.buildArgs ?? {}, metaArgs, stages);
  if (unused.length > 0)
    run.line(`[Warning] One or more build-args [${unused.join(' ')}] were not consumed`);
  run.line(`Successfully built ${shortId(final.id)}`);
  for (const tag of request.tags) {
    const parsedTag = parseReference(tag);
    if (!parsedTag.ok) continue;
    const name = familiarName(parsedTag.ref);
    ctx.emit({ kind: 'image.tag', daemonId, ref: name, imageId: final.id });
    run.line(`Successfully tagged ${name}`);
  }
  return { exitCode: 0, output: run.output, error: null, imageId: final.id };
}

/** Proxy variables every build accepts without an ARG (the builder's built-in build args). */
const BUILTIN_BUILD_ARGS = new Set([
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
]);

/** --build-arg names no ARG declared: the builder warns about them (sorted, as Go prints). */
function unusedBuildArgs(
  buildArgs: Readonly<Record<string, string>>,
  metaArgs: readonly Extract<Instruction, { kind: 'ARG' }>[],
  stages: readonly Stage[],
): string[] {
  const declared = new Set<string>();
  for (const instruction of [...metaArgs, ...stages.flatMap((stage) => stage.instructions)])
    if (instruction.kind === 'ARG') for (const arg of instruction.args) declared.add(arg.key);
  return Object.keys(buildArgs)
    .filter((name) => !declared.has(name) && !BUILTIN_BUILD_ARGS.has(name))
    .sort();
}

type FromOutcome = { ok: true; current: Current } | { ok: false; error: string };

/** The image a FROM (or COPY --from) names: local first, else pulled from its registry. */
function fromImage(run: Run, name: string, copyFrom: string | null): FromOutcome {
  const { ctx, daemonId } = run;
  if (name === 'scratch') return { ok: true, current: { image: emptyImage(), key: 'scratch' } };
  const local = findImageId(ctx.world.daemons[daemonId]!, name);
  const clone = (id: string): Current => ({
    image: structuredClone(ctx.world.daemons[daemonId]!.images[id]!) as Image,
    key: id,
  });
  if (local) return { ok: true, current: clone(local) };
  const why = (message: string) =>
    copyFrom === null ? message : `invalid from flag value ${copyFrom}: ${message}`;
  const parsed = parseReference(name);
  if (!parsed.ok) return { ok: false, error: why(parsed.error) };
  try {
    const result = pullImage(ctx, daemonId, parsed.ref);
    for (const line of result.lines) run.line(line);
    return { ok: true, current: clone(result.imageId) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // The builder streams the pull's error as its own, without the CLI's daemon prefix.
    return { ok: false, error: why(error.message.replace(DAEMON_PREFIX, '')) };
  }
}

type StepOutcome = { ok: true; current: Current } | { ok: false; exitCode: number; error: string };

function imageFs(run: Run, image: Image, readOnly: boolean): ContainerFs {
  const daemon = run.ctx.world.daemons[run.daemonId]!;
  const lowers = [...image.layerDiffIds]
    .reverse()
    .map((diffId) => daemon.layers[diffId]!.files as LayerFiles);
  return new ContainerFs(lowers, {}, readOnly);
}

/** Where COPY --from reads: an earlier stage by name or index, or else an image. */
function copySource(
  run: Run,
  stage: Stage,
  from: string,
): { ok: true; tree: SourceTree } | { ok: false; error: string } {
  const index = /^\d+$/.test(from) ? Number(from) : run.stageNames.indexOf(from.toLowerCase());
  const finished = index >= 0 && index < stage.index ? run.stageImages[index] : undefined;
  if (finished) return { ok: true, tree: imageFs(run, finished.image, true) };
  const image = fromImage(run, from, from);
  return image.ok ? { ok: true, tree: imageFs(run, image.current.image, true) } : image;
}

function runStep(run: Run, stage: Stage, current: Current, instruction: Instruction): StepOutcome {
  const { ctx, daemonId, request } = run;
  const isCopy = instruction.kind === 'COPY' || instruction.kind === 'ADD';
  let copy: ReturnType<typeof planCopy> | null = null;
  if (isCopy) {
    const source =
      instruction.from === null
        ? { ok: true as const, tree: contextTree(request.context.files) }
        : copySource(run, stage, instruction.from);
    if (!source.ok) return { ok: false, exitCode: 1, error: source.error };
    copy = planCopy(instruction, source.tree);
    if (!copy.ok) return { ok: false, exitCode: 1, error: copy.error };
  }
  const sourceHash = copy?.ok ? copy.plan.sourceHash : undefined;
  const daemon = ctx.world.daemons[daemonId]!;
  const key = cacheKey(current.key, instruction, sourceHash);
  const cached = daemon.buildCache[key];
  if (!request.noCache && cached && daemon.images[cached]) {
    run.line(' ---> Using cache');
    run.line(` ---> ${shortId(cached)}`);
    return { ok: true, current: { image: structuredClone(daemon.images[cached]) as Image, key } };
  }
  const fs = imageFs(run, current.image, false);
  const config = structuredClone(current.image.config);
  // Every step but COPY/ADD runs (or at least creates) a container: that takes a container start.
  const containerId = isCopy ? null : nextHex(ctx.rng, 64);
  if (containerId) {
    run.line(` ---> Running in ${containerId.slice(0, 12)}`);
    passTime(ctx, calibratedValue('container.start.ns'), 'build step container');
  }
  if (instruction.kind === 'RUN') {
    const result = runCommand(ctx, instruction, config, fs, containerId!);
    run.output += result.stdout;
    if (result.stderr) run.output += `${STDERR_START}${result.stderr}${STDERR_END}`;
    if (result.startError !== null) {
      // runc could not start the command: the container stays Created, the build fails with 1.
      leaveFailedContainer(ctx, daemonId, {
        id: containerId!,
        image: current.image,
        argv: result.argv,
        changes: [],
        exitCode: null,
      });
      return {
        ok: false,
        exitCode: 1,
        error: `failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${result.startError}: unknown`,
      };
    }
    if (result.exitCode !== 0) {
      leaveFailedContainer(ctx, daemonId, {
        id: containerId!,
        image: current.image,
        argv: result.argv,
        changes: fs.changes,
        exitCode: result.exitCode,
      });
      const shown =
        instruction.form === 'exec'
          ? JSON.stringify(instruction.command)
          : `${instruction.shell.join(' ')} ${instruction.command.join(' ')}`;
      return {
        ok: false,
        exitCode: result.exitCode,
        error: `The command '${shown}' returned a non-zero code: ${result.exitCode}`,
      };
    }
  } else if (copy?.ok) {
    const error = copy.plan.apply(fs, config.workingDir || '/');
    if (error) return { ok: false, exitCode: 1, error };
  } else if (instruction.kind === 'WORKDIR') {
    fs.mkdir(instruction.resolvedPath, true);
  }
  applyConfig(config, instruction);
  if (containerId) run.line(`Removing intermediate container ${containerId.slice(0, 12)}`);
  const upper: Record<string, UpperEntry> = {};
  for (const change of fs.changes) {
    if (change.entry) upper[change.path] = change.entry;
    else delete upper[change.path];
  }
  const image = commitStep(run, current, instruction, config, upper, key, sourceHash);
  run.line(` ---> ${shortId(image.id)}`);
  return { ok: true, current: { image, key } };
}

/** The step's image: its parent's layers plus the step's diff (if any), and one history row. */
function commitStep(
  run: Run,
  current: Current,
  instruction: Instruction,
  config: ImageConfig,
  upper: Record<string, UpperEntry>,
  key: string,
  sourceHash: string | undefined,
): Image {
  const { ctx, daemonId } = run;
  const daemon = ctx.world.daemons[daemonId]!;
  const createdNs = ctx.nowNs;
  const changed = Object.keys(upper).length > 0 && layerEffect(instruction) === 'filesystem';
  let sizeBytes = 0;
  for (const entry of Object.values(upper)) if (entry.kind === 'file') sizeBytes += entry.sizeBytes;
  // A layer's tar holds its files' modification times, so the same change made at another
  // moment (a --no-cache rebuild) is another layer, as it is with dockerd.
  const diffId = changed ? `sha256:${sha256Hex(canonicalJson({ upper, createdNs }))}` : null;
  if (diffId) registerLocalLayer(ctx, daemonId, diffId, sizeBytes, upper);
  const row: HistoryEntry = {
    createdBy: createdBy(instruction, sourceHash ? { sourceHash } : {}) ?? instruction.original,
    emptyLayer: !changed,
    sizeBytes: changed ? sizeBytes : 0,
    createdUnixSeconds: simUnixSeconds(createdNs),
    comment: '',
  };
  const layerDiffIds = diffId
    ? [...current.image.layerDiffIds, diffId]
    : [...current.image.layerDiffIds];
  const history = [...current.image.history, row];
  // The image ID is the digest of its config, which records when it was created.
  const imageId = `sha256:${sha256Hex(canonicalJson({ parent: current.image.id, config, history, layerDiffIds, createdNs }))}`;
  row.imageId = imageId;
  const image: Image = {
    ...structuredClone(current.image),
    id: imageId,
    parentId: current.image.id === 'scratch' ? null : current.image.id,
    repoDigests: [],
    layerDiffIds,
    history,
    config,
    sizeBytes: current.image.sizeBytes + (changed ? sizeBytes : 0),
    createdUnixSeconds: simUnixSeconds(createdNs),
  };
  if (!daemon.images[imageId]) ctx.emit({ kind: 'image.register', daemonId, image, tags: [] });
  ctx.emit({ kind: 'build.cache', daemonId, key, imageId });
  return image;
}

function runCommand(
  ctx: StepContext,
  instruction: Extract<Instruction, { kind: 'RUN' }>,
  config: ImageConfig,
  fs: ContainerFs,
  containerId: string,
): { exitCode: number; stdout: string; stderr: string; argv: string[]; startError: string | null } {
  const argv =
    instruction.form === 'exec'
      ? [...instruction.command]
      : [...instruction.shell, instruction.command.join(' ')];
  const none = { stdout: '', stderr: '', argv, startError: null as string | null };
  if (argv.length === 0) return { ...none, exitCode: 127 };
  const environment: ProgramEnvironment = {
    argv0: argv[0]!,
    args: argv.slice(1),
    hostname: containerId.slice(0, 12),
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
      hostname: containerId.slice(0, 12),
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
  if (plan.kind === 'not-found')
    return { ...none, exitCode: plan.exitCode, startError: plan.message };
  if (plan.kind === 'runs') return { ...none, exitCode: 0, stdout: plan.stdout };
  return { ...none, exitCode: plan.exitCode, stdout: plan.stdout, stderr: plan.stderr };
}
