// Reading real Dockerfiles: stages, each instruction's fields, line numbers, continuations,
// directives and variable substitution where Docker does it (and not where it does not).
import { describe, expect, it } from 'vitest';
import {
  parseDockerfile,
  type DockerfileParse,
  type Instruction,
  type Stage,
} from '../../../sim-core/engine/dockerfile/index.ts';

function stagesOf(result: DockerfileParse): Stage[] {
  if (!result.ok) throw new Error(`expected a parse, got: ${result.error}`);
  return result.stages;
}

function only<K extends Instruction['kind']>(stage: Stage, kind: K): (Instruction & { kind: K })[] {
  return stage.instructions.filter((i): i is Instruction & { kind: K } => i.kind === kind);
}

const MULTI_STAGE = `# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM --platform=linux/amd64 golang:\${GO_VERSION}-alpine AS Build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM alpine:3.19
RUN apk add --no-cache ca-certificates
COPY --from=build --chown=app:app /out/app /usr/local/bin/app
EXPOSE 8080 9090/udp 7000-7002
USER app
ENTRYPOINT ["/usr/local/bin/app"]
CMD ["--listen", ":8080"]
`;

describe('a multi-stage Dockerfile', () => {
  const result = parseDockerfile(MULTI_STAGE);
  const stages = stagesOf(result);

  it('has one stage per FROM, named in lower case, with the meta ARG substituted into FROM', () => {
    expect(stages.map((s) => [s.index, s.name, s.from.image])).toEqual([
      [0, 'build', 'golang:1.22-alpine'],
      [1, null, 'alpine:3.19'],
    ]);
    expect(stages[0]!.from.platform).toBe('linux/amd64');
    expect(result.ok && result.syntax).toBe('docker/dockerfile:1');
    expect(result.ok && result.metaArgs.map((a) => a.args)).toEqual([
      [{ key: 'GO_VERSION', value: '1.22' }],
    ]);
  });

  it('keeps each instruction with its 1-based line and its text', () => {
    const copy = only(stages[1]!, 'COPY')[0]!;
    expect(copy.line).toBe(12);
    expect(copy.original).toBe('COPY --from=build --chown=app:app /out/app /usr/local/bin/app');
    expect(copy).toMatchObject({
      from: 'build',
      chown: 'app:app',
      sources: ['/out/app'],
      destination: '/usr/local/bin/app',
    });
    expect(only(stages[0]!, 'COPY')[0]!.sources).toEqual(['go.mod', 'go.sum']);
  });

  it('reads exec-form ENTRYPOINT/CMD and shell-form RUN', () => {
    expect(only(stages[1]!, 'ENTRYPOINT')[0]).toMatchObject({
      form: 'exec',
      command: ['/usr/local/bin/app'],
    });
    expect(only(stages[1]!, 'CMD')[0]).toMatchObject({
      form: 'exec',
      command: ['--listen', ':8080'],
    });
    expect(only(stages[1]!, 'RUN')[0]).toMatchObject({
      form: 'shell',
      command: ['apk add --no-cache ca-certificates'],
      shell: ['/bin/sh', '-c'],
    });
  });

  it('reads ports with their protocol and ranges, sorted as the builder sorts them', () => {
    expect(only(stages[1]!, 'EXPOSE')[0]!.ports).toEqual([
      { text: '7000-7002', port: 7000, endPort: 7002, protocol: 'tcp' },
      { text: '8080', port: 8080, endPort: 8080, protocol: 'tcp' },
      { text: '9090/udp', port: 9090, endPort: 9090, protocol: 'udp' },
    ]);
  });
});

describe('lines', () => {
  it('joins continuation lines, skipping comments inside them, and keeps the first line number', () => {
    const stages = stagesOf(
      parseDockerfile(
        'FROM busybox\n\nRUN apt-get update \\\n  # refresh first\n  && apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*\nCMD sh\n',
      ),
    );
    const run = only(stages[0]!, 'RUN')[0]!;
    expect(run.command).toEqual([
      'apt-get update   && apt-get install -y curl   && rm -rf /var/lib/apt/lists/*',
    ]);
    expect([run.line, run.endLine]).toEqual([3, 6]);
    expect(only(stages[0]!, 'CMD')[0]!.line).toBe(7);
  });

  it('uses the backtick for continuations under `# escape=`, leaving backslashes alone', () => {
    const result = parseDockerfile(
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nCOPY testfile.txt c:\\\nRUN dir `\n    c:\\\n',
    );
    const stages = stagesOf(result);
    expect(result.ok && result.escapeToken).toBe('`');
    expect(only(stages[0]!, 'COPY')[0]!.destination).toBe('c:\\');
    expect(only(stages[0]!, 'RUN')[0]!.command).toEqual(['dir     c:\\']);
  });

  it('reads instruction names in any case, CRLF line ends and a byte-order mark', () => {
    const stages = stagesOf(parseDockerfile('\uFEFFfrom busybox\r\nRun echo hi\r\ncmd ["sh"]\r\n'));
    expect(stages[0]!.instructions.map((i) => i.kind)).toEqual(['RUN', 'CMD']);
    expect(only(stages[0]!, 'RUN')[0]!.command).toEqual(['echo hi']);
  });

  it('warns, as Docker does, about an empty continuation line', () => {
    const result = parseDockerfile('FROM busybox\nRUN echo a \\\n\n  && echo b\n');
    expect(result.ok && result.warnings[0]).toContain('Empty continuation line found in:');
    expect(stagesOf(result)[0]!.instructions[0]).toMatchObject({ command: ['echo a   && echo b'] });
  });

  it('treats a directive after the first comment as a plain comment', () => {
    const result = parseDockerfile('# a comment\n# escape=`\nFROM busybox\nRUN echo a \\\n  b\n');
    expect(result.ok && result.escapeToken).toBe('\\');
  });
});

describe('variables', () => {
  it('substitutes ARG and ENV in ENV, WORKDIR, COPY, USER, LABEL, EXPOSE and VOLUME', () => {
    const stages = stagesOf(
      parseDockerfile(
        'FROM busybox\nARG APP=web\nARG PORT\nENV HOME_DIR=/srv/${APP} PORTS="80 443"\nWORKDIR $HOME_DIR\nCOPY ${APP}.conf ${HOME_DIR}/\nUSER ${RUNAS:-nobody}\nLABEL app=$APP tagged=${APP:+yes}\nEXPOSE $PORTS ${PORT:-8080}\nVOLUME ["/data/${APP}"]\n',
        { buildArgs: { PORT: '9000' } },
      ),
    );
    const stage = stages[0]!;
    expect(only(stage, 'ENV')[0]!.pairs).toEqual([
      { key: 'HOME_DIR', value: '/srv/web' },
      { key: 'PORTS', value: '80 443' },
    ]);
    expect(only(stage, 'WORKDIR')[0]!.resolvedPath).toBe('/srv/web');
    expect(only(stage, 'COPY')[0]).toMatchObject({
      sources: ['web.conf'],
      destination: '/srv/web/',
    });
    expect(only(stage, 'USER')[0]!.user).toBe('nobody');
    expect(only(stage, 'LABEL')[0]!.pairs).toEqual([
      { key: 'app', value: 'web' },
      { key: 'tagged', value: 'yes' },
    ]);
    expect(only(stage, 'EXPOSE')[0]!.ports.map((p) => p.text)).toEqual(['80', '443', '9000']);
    expect(only(stage, 'VOLUME')[0]!.paths).toEqual(['/data/web']);
  });

  it('leaves RUN, CMD and ENTRYPOINT to the shell', () => {
    const stages = stagesOf(
      parseDockerfile(
        'FROM busybox\nENV A=1\nRUN echo $A\nCMD echo ${A}\nENTRYPOINT ["echo", "$A"]\n',
      ),
    );
    expect(
      stages[0]!.instructions.slice(1).map((i) => ('command' in i ? i.command : null)),
    ).toEqual([['echo $A'], ['echo ${A}'], ['echo', '$A']]);
  });

  it('expands an ENV instruction with the values from before it, as documented', () => {
    const stages = stagesOf(
      parseDockerfile('FROM busybox\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n'),
    );
    expect(only(stages[0]!, 'ENV').map((e) => e.pairs)).toEqual([
      [{ key: 'abc', value: 'hello' }],
      [
        { key: 'abc', value: 'bye' },
        { key: 'def', value: 'hello' },
      ],
      [{ key: 'ghi', value: 'bye' }],
    ]);
  });

  it('keeps quoted and escaped dollars literal', () => {
    const stages = stagesOf(
      parseDockerfile('FROM busybox\nENV A=1\nENV B=\'$A\' C=\\$A D="x $A"\n'),
    );
    expect(only(stages[0]!, 'ENV')[1]!.pairs.map((p) => p.value)).toEqual(['$A', '$A', 'x 1']);
  });

  it('lets ENV win over an ARG of the same name, and --build-arg over an ARG default', () => {
    const stages = stagesOf(
      parseDockerfile('FROM busybox\nARG V=default\nWORKDIR /$V\nENV V=env\nWORKDIR /$V\n', {
        buildArgs: { V: 'cli' },
      }),
    );
    expect(only(stages[0]!, 'WORKDIR').map((w) => w.resolvedPath)).toEqual(['/cli', '/env']);
  });

  it('does not carry a meta ARG into a stage unless the stage declares it again', () => {
    const stages = stagesOf(
      parseDockerfile('ARG V=1\nFROM busybox\nWORKDIR /a$V\nARG V\nWORKDIR /b$V\n'),
    );
    expect(only(stages[0]!, 'WORKDIR').map((w) => w.resolvedPath)).toEqual(['/a', '/b1']);
  });

  it('records the build args a RUN can see, which the classic builder puts in its history', () => {
    const stages = stagesOf(
      parseDockerfile('FROM busybox\nRUN one\nARG B=2\nARG A=1\nARG NONE\nRUN two\n'),
    );
    expect(only(stages[0]!, 'RUN').map((r) => r.buildArgEnv)).toEqual([[], ['A=1', 'B=2']]);
  });

  it('resolves relative WORKDIRs against the previous one', () => {
    const stages = stagesOf(
      parseDockerfile('FROM busybox\nWORKDIR a\nWORKDIR b/../c\nWORKDIR /x\nWORKDIR y\n'),
    );
    expect(only(stages[0]!, 'WORKDIR').map((w) => w.resolvedPath)).toEqual([
      '/a',
      '/a/c',
      '/x',
      '/x/y',
    ]);
  });
});

describe('forms', () => {
  it('reads ENV and LABEL in both the key=value and the legacy "key value" form', () => {
    const stages = stagesOf(
      parseDockerfile(
        'FROM busybox\nENV MSG hello   big world\nLABEL "com.example.vendor"="ACME Inc" version=1.0\n',
      ),
    );
    expect(only(stages[0]!, 'ENV')[0]!.pairs).toEqual([{ key: 'MSG', value: 'hello   big world' }]);
    expect(only(stages[0]!, 'LABEL')[0]!.pairs).toEqual([
      { key: 'com.example.vendor', value: 'ACME Inc' },
      { key: 'version', value: '1.0' },
    ]);
  });

  it('reads COPY and VOLUME in JSON form, and falls back to the shell form on broken JSON', () => {
    const stages = stagesOf(
      parseDockerfile(
        'FROM busybox\nCOPY ["a b.txt", "/dst/"]\nVOLUME ["/var/log", "/data"]\nCMD [ "echo", oops ]\n',
      ),
    );
    expect(only(stages[0]!, 'COPY')[0]).toMatchObject({
      form: 'exec',
      sources: ['a b.txt'],
      destination: '/dst/',
    });
    expect(only(stages[0]!, 'VOLUME')[0]!.paths).toEqual(['/var/log', '/data']);
    expect(only(stages[0]!, 'CMD')[0]).toMatchObject({
      form: 'shell',
      command: ['[ "echo", oops ]'],
    });
  });

  it('reads ARG with and without defaults, and ADD with --chown', () => {
    const stages = stagesOf(
      parseDockerfile(
        'FROM busybox\nARG A B=2 C=\nADD --chown=1000:1000 https://example.com/x.tgz /opt/\n',
      ),
    );
    expect(only(stages[0]!, 'ARG')[0]!.args).toEqual([
      { key: 'A', value: null },
      { key: 'B', value: '2' },
      { key: 'C', value: '' },
    ]);
    expect(only(stages[0]!, 'ADD')[0]).toMatchObject({
      chown: '1000:1000',
      from: null,
      sources: ['https://example.com/x.tgz'],
    });
  });

  it('uses the stage SHELL for later shell-form instructions', () => {
    const stages = stagesOf(
      parseDockerfile(
        'FROM busybox\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo hi | cat\n',
      ),
    );
    expect(only(stages[0]!, 'RUN')[0]!.shell).toEqual(['/bin/bash', '-o', 'pipefail', '-c']);
  });
});

describe('names that are also JavaScript property names', () => {
  it('are ordinary build args and variables', () => {
    const stages = stagesOf(
      parseDockerfile(
        'FROM busybox\nARG constructor\nARG toString=x\nWORKDIR /$constructor/$toString\n',
      ),
    );
    expect(only(stages[0]!, 'WORKDIR')[0]!.resolvedPath).toBe('/x');
  });
});
