// The typed instructions of a Dockerfile, as the classic builder (Docker 20.10) reads them. Plain
// data only (no classes, no functions) so a parse result can be stored in the world, hashed and
// compared with structuredClone.

export interface InstructionSource {
  /** 1-based line where the instruction starts, and where its continuation lines end. */
  line: number;
  endLine: number;
  /** The logical line as written, continuations joined (what BuildKit calls Original). */
  original: string;
}

export interface KeyValue {
  key: string;
  value: string;
}

/** RUN, CMD and ENTRYPOINT: shell form runs through the stage's SHELL, exec form does not. */
export type CommandForm = 'shell' | 'exec';

export interface FromInstruction extends InstructionSource {
  kind: 'FROM';
  /** The image reference after ARG substitution ("busybox", "alpine:3.19", "scratch"). */
  image: string;
  /** `AS name`, lower-cased as Docker does; null when the stage has no name. */
  stageName: string | null;
  platform: string | null;
}

export interface RunInstruction extends InstructionSource {
  kind: 'RUN';
  form: CommandForm;
  /** Exec form: the argv. Shell form: one element, the script (not substituted: the shell does). */
  command: string[];
  /** The stage's SHELL when the instruction was read (["/bin/sh", "-c"] by default). */
  shell: string[];
  /**
   * Build args in scope with a value and not shadowed by ENV, sorted, as NAME=value. The classic
   * builder prefixes them to the recorded command ("|1 VERSION=1.0 /bin/sh -c ..."), which is
   * why changing a build arg invalidates the cache from the first RUN that can see it.
   */
  buildArgEnv: string[];
  /** BuildKit-only flags written on the RUN (--mount): the classic builder accepts them when
   * parsing and refuses them when it reaches the step. */
  buildKitFlags: string[];
}

export interface CopyInstruction extends InstructionSource {
  kind: 'COPY' | 'ADD';
  form: CommandForm;
  sources: string[];
  destination: string;
  /** COPY --from=stage|index|image; always null for ADD. */
  from: string | null;
  chown: string | null;
}

export interface EnvInstruction extends InstructionSource {
  kind: 'ENV';
  pairs: KeyValue[];
}

export interface ArgInstruction extends InstructionSource {
  kind: 'ARG';
  args: { key: string; value: string | null }[];
}

export interface WorkdirInstruction extends InstructionSource {
  kind: 'WORKDIR';
  /** As written, after substitution. */
  path: string;
  /**
   * Absolute, resolved against earlier WORKDIRs of the stage. A relative path with no earlier
   * absolute WORKDIR is resolved against "/": the base image's own WorkingDir is not known here.
   */
  resolvedPath: string;
}

export interface UserInstruction extends InstructionSource {
  kind: 'USER';
  user: string;
}

export interface LabelInstruction extends InstructionSource {
  kind: 'LABEL';
  pairs: KeyValue[];
}

export interface ExposedPort {
  /** As written after substitution ("8080", "53/udp", "8000-8002/tcp"). */
  text: string;
  port: number;
  /** Last port of a range; equal to `port` for a single port. */
  endPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export interface ExposeInstruction extends InstructionSource {
  kind: 'EXPOSE';
  ports: ExposedPort[];
}

export interface VolumeInstruction extends InstructionSource {
  kind: 'VOLUME';
  paths: string[];
}

export interface CmdInstruction extends InstructionSource {
  kind: 'CMD' | 'ENTRYPOINT';
  form: CommandForm;
  /** Exec form: the argv; shell form: [script]. Empty for `CMD []`. */
  command: string[];
  shell: string[];
}

/** Instructions Docker accepts that the simulator records but does not model further. */
export interface OtherInstruction extends InstructionSource {
  kind: 'STOPSIGNAL' | 'SHELL' | 'HEALTHCHECK' | 'MAINTAINER' | 'ONBUILD';
  args: string[];
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CopyInstruction
  | EnvInstruction
  | ArgInstruction
  | WorkdirInstruction
  | UserInstruction
  | LabelInstruction
  | ExposeInstruction
  | VolumeInstruction
  | CmdInstruction
  | OtherInstruction;

export interface Stage {
  /** 0-based, what `COPY --from=0` refers to. */
  index: number;
  name: string | null;
  from: FromInstruction;
  /** Everything after FROM, in order. */
  instructions: Instruction[];
}

/**
 * Where an error is found decides what `docker build` prints first:
 * - 'file': the parser rejects the file ("failed to parse Dockerfile: ..."), nothing runs;
 * - 'instruction': an instruction is malformed ("dockerfile parse error line N: ..."), nothing runs;
 * - 'step': the builder reaches the step and fails there (after "Step N/M : ..." lines), so
 *   `stages` holds what was read before it.
 */
export type ParsePhase = 'file' | 'instruction' | 'step';

export type DockerfileParse =
  | {
      ok: true;
      stages: Stage[];
      /** ARGs before the first FROM: visible to FROM lines only. */
      metaArgs: ArgInstruction[];
      escapeToken: '\\' | '`';
      /** The `# syntax=` directive, if any (recorded, not acted on). */
      syntax: string | null;
      /** Docker's warnings, e.g. for empty continuation lines. */
      warnings: string[];
    }
  | {
      ok: false;
      /** The full message as `docker build` prints it after "Error response from daemon: ". */
      error: string;
      line: number;
      phase: ParsePhase;
      stages: Stage[];
    };
