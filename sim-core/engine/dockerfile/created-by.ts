// The CREATED BY column of `docker history` for an image built by the classic builder (Docker
// 20.10). Steps that run a container record their command; steps that only change the config
// record a "#(nop)" no-op in the shell, with two spaces for the config-only commits and one for
// WORKDIR/COPY/ADD, whose comment is glued on as a single argument:
//   /bin/sh -c echo "$GREETING" > greeting.txt
//   |1 VERSION=1.0 /bin/sh -c make            (a RUN that can see build args)
//   /bin/sh -c #(nop)  CMD ["cat" "/app/greeting.txt"]
//   /bin/sh -c #(nop) WORKDIR /app
//   /bin/sh -c #(nop) COPY file:5aaa6a9f…0cff in /app/note.txt       (note the trailing space)

import { goList, goQuoteList } from './go-format.ts';
import type { Instruction } from './instruction.ts';
import { DEFAULT_SHELL } from './typed-instruction.ts';

export interface CreatedByContext {
  /**
   * COPY/ADD: the builder's source digest ("file:<sha256>", "dir:<sha256>", "multi:<sha256>"),
   * which only the caller can compute from the build context. Without it the sources are shown.
   */
  sourceHash?: string;
  /** The stage's SHELL for config-only steps (RUN/CMD/ENTRYPOINT carry their own). */
  shell?: readonly string[];
}

function pairs(list: readonly { key: string; value: string }[]): string {
  return list.map((pair) => ` ${pair.key}=${pair.value}`).join('');
}

function withShell(
  command: readonly string[],
  form: 'shell' | 'exec',
  shell: readonly string[],
): string[] {
  return form === 'exec' ? [...command] : [...shell, ...command];
}

/** The comment a config-only commit records after "#(nop) ". */
function configComment(instruction: Instruction): string {
  switch (instruction.kind) {
    case 'ENV':
    case 'LABEL':
      return `${instruction.kind}${pairs(instruction.pairs)}`;
    case 'ARG':
      return `ARG ${instruction.args.map((arg) => (arg.value === null ? arg.key : `${arg.key}=${arg.value}`)).join(' ')}`;
    case 'CMD':
    case 'ENTRYPOINT':
      return `${instruction.kind} ${goQuoteList(
        instruction.command.length === 0
          ? []
          : withShell(instruction.command, instruction.form, instruction.shell),
      )}`;
    case 'EXPOSE':
      return `EXPOSE ${instruction.ports.map((port) => port.text).join(' ')}`;
    case 'USER':
      return `USER ${instruction.user}`;
    case 'VOLUME':
      return `VOLUME ${goList(instruction.paths)}`;
    case 'SHELL':
      return `SHELL ${goList(instruction.args)}`;
    case 'ONBUILD':
      return `ONBUILD ${instruction.original.replace(/^\s*ONBUILD\s*/i, '')}`;
    default:
      return `${instruction.kind} ${'args' in instruction ? instruction.args.join(' ') : ''}`;
  }
}

/** CREATED BY for an instruction; null for FROM, whose rows come from the base image. */
export function createdBy(instruction: Instruction, context: CreatedByContext = {}): string | null {
  const shell = (context.shell ?? DEFAULT_SHELL).join(' ');
  switch (instruction.kind) {
    case 'FROM':
      return null;
    case 'RUN': {
      const argv = withShell(instruction.command, instruction.form, instruction.shell);
      const env = instruction.buildArgEnv;
      const prefix = env.length > 0 ? [`|${env.length}`, ...env] : [];
      return [...prefix, ...argv].join(' ');
    }
    case 'WORKDIR':
      return `${shell} #(nop) WORKDIR ${instruction.resolvedPath}`;
    case 'COPY':
    case 'ADD': {
      const chown = instruction.chown === null ? '' : `--chown=${instruction.chown}`;
      const source = context.sourceHash ?? instruction.sources.join(' ');
      return `${shell} #(nop) ${instruction.kind} ${chown}${source} in ${instruction.destination} `;
    }
    default:
      return `${shell} #(nop)  ${configComment(instruction)}`;
  }
}
