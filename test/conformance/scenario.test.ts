// The scenario format and the recorded fixtures stay in step: every scenario has a recording
// made from exactly its current lines, so the conformance test compares like with like.
import { describe, expect, it } from 'vitest';
import {
  expandCaptures,
  parseScenario,
  scenarioPrefix,
  splitWords,
  ScenarioSyntaxError,
} from './scenario.ts';
import { loadRecording, loadScenario, recordingNames, scenarioNames } from './fixtures.ts';

describe('splitWords', () => {
  it('splits like a shell: single quotes keep everything, nothing is expanded', () => {
    expect(splitWords(`docker run --rm busybox sh -c 'x=a; while :; do x=$x$x; done'`)).toEqual([
      'docker',
      'run',
      '--rm',
      'busybox',
      'sh',
      '-c',
      'x=a; while :; do x=$x$x; done',
    ]);
  });

  it('handles double quotes with escapes, adjacent quoted parts and backslashes', () => {
    expect(splitWords(`docker inspect -f "{{.Name}} \\"x\\"" a\\ b 'c'"d"`)).toEqual([
      'docker',
      'inspect',
      '-f',
      '{{.Name}} "x"',
      'a b',
      'cd',
    ]);
  });

  it('keeps an empty quoted word', () => {
    expect(splitWords(`docker run --entrypoint '' busybox`)).toEqual([
      'docker',
      'run',
      '--entrypoint',
      '',
      'busybox',
    ]);
  });

  it('rejects an unclosed quote', () => {
    expect(() => splitWords(`docker run 'oops`)).toThrow(ScenarioSyntaxError);
  });
});

describe('parseScenario', () => {
  const text = [
    '# What this scenario checks.',
    '# Second line of the description.',
    '',
    '# why: the whole scenario differs',
    "cat > Dockerfile <<'EOF'",
    'FROM busybox',
    'RUN echo hi',
    'EOF',
    '# compare: exit',
    '# why: wall-clock figures',
    'docker build -t hv99-img \\',
    '  .',
    '# capture: IMG',
    "docker image inspect -f '{{.Id}}' hv99-img",
    'docker rmi ${IMG}',
  ].join('\n');

  it('reads the description, heredocs, directives and continuation lines', () => {
    const scenario = parseScenario('99-example', text);
    expect(scenario.prefix).toBe('hv99-');
    expect(scenario.description).toBe(
      'What this scenario checks.\nSecond line of the description.',
    );
    expect(scenario.why).toBe('the whole scenario differs');
    expect(scenario.steps.map((step) => step.kind)).toEqual(['file', 'docker', 'docker', 'docker']);
    const [file, build, inspect, rmi] = scenario.steps;
    expect(file).toMatchObject({ path: 'Dockerfile', content: 'FROM busybox\nRUN echo hi\n' });
    expect(build).toMatchObject({
      cmd: 'docker build -t hv99-img .',
      compare: ['exit'],
      why: 'wall-clock figures',
    });
    expect(inspect).toMatchObject({ capture: 'IMG', compare: ['exit', 'stdout', 'stderr'] });
    expect(
      rmi?.kind === 'docker' && expandCaptures(rmi.argv, new Map([['IMG', 'sha256:ab']])),
    ).toEqual(['docker', 'rmi', 'sha256:ab']);
  });

  it('leaves ${NAME} alone when nothing was captured under that name', () => {
    expect(expandCaptures(['sh', '-c', 'echo ${HOME} $x'], new Map())).toEqual([
      'sh',
      '-c',
      'echo ${HOME} $x',
    ]);
  });

  it('refuses lines that are not docker commands and unclosed heredocs', () => {
    expect(() => parseScenario('98-bad', 'ls -l')).toThrow(/must be a docker command/);
    expect(() => parseScenario('98-bad', "cat > f <<'EOF'\nno end")).toThrow(/not closed/);
    expect(() => parseScenario('98-bad', "cat > ../f <<'EOF'\nEOF")).toThrow(/working dir/);
    expect(() => parseScenario('98-bad', 'docker ps\n# why: dangling')).toThrow(/after the last/);
    expect(() => scenarioPrefix('no-number')).toThrow();
  });
});

describe('the recorded docker fixtures', () => {
  const names = scenarioNames();

  it('hold at least 45 scenarios, one prefix each', () => {
    expect(names.length).toBeGreaterThanOrEqual(45);
    const prefixes = names.map(scenarioPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('have a recording for every scenario and no recording without one', () => {
    expect(recordingNames()).toEqual(names);
  });

  it.each(names)('%s: the recording is of the current scenario, step by step', (name) => {
    const scenario = loadScenario(name);
    const recording = loadRecording(name);
    expect(recording.scenario).toBe(name);
    expect(recording.steps.map((step) => step.cmd)).toEqual(scenario.steps.map((step) => step.cmd));
    expect(recording.steps.map((step) => step.why)).toEqual(scenario.steps.map((step) => step.why));
    expect(recording.why).toEqual(scenario.why);
    expect(scenario.description).not.toBe('');
  });

  it.each(names)('%s: every command finished (none cut off by the recorder)', (name) => {
    for (const step of loadRecording(name).steps) {
      expect(step.exit, step.cmd).toBeGreaterThanOrEqual(0);
      expect(step.stderr, step.cmd).not.toContain('[recorder: killed');
    }
  });

  it('were recorded from one engine, and it says which', () => {
    const engines = new Set(names.map((name) => JSON.stringify(loadRecording(name).engine)));
    expect(engines.size).toBe(1);
    const engine = loadRecording(names[0] ?? '').engine;
    expect(engine.storageDriver).toBe('overlay2');
    expect(engine.version).toMatch(/^\d+\.\d+/);
    expect(engine.apiVersion).toMatch(/^1\.\d+$/);
  });

  it('cover every exit code the course explains', () => {
    const exits = new Set(names.flatMap((name) => loadRecording(name).steps.map((s) => s.exit)));
    for (const code of [0, 1, 125, 126, 127, 137, 143]) expect(exits).toContain(code);
  });
});
