// Records the docker conformance fixtures from a real engine.
//
//   npx tsx scripts/record-docker-fixtures.ts [--check] [scenario...]
//
// With --check nothing is written: each scenario is recorded again and compared with its
// committed recording the way the conformance test compares the simulator (normalised, with
// each step's `# compare:` fields); unexplained differences are printed and the exit code is
// 1. This is how to tell a stable fixture from one that depends on timing.
//
// For every scenario in test/fixtures/docker/scenarios (or only the ones named, by file name
// or number: `07-exit-codes`, `07`), it removes what an earlier run of that scenario left
// behind (only objects named with the scenario's prefix, e.g. `hv07-`), runs each line with
// the real docker CLI in a fresh temporary working directory, cleans up again, and writes
// test/fixtures/docker/recorded/NN-name.json with the raw output of every command. Nothing
// is normalised here: test/conformance/normalize.ts does that when comparing.
//
// Environment:
//   DOCKER_HOST  the engine (default: the project's private engine, see the fixtures README)
//   DOCKER_CLI   the client (default: Debian's /usr/bin/docker, which matches the Debian
//                daemon; a newer CLI words its errors differently)
// Every command runs with DOCKER_BUILDKIT=0 (the classic builder: Debian's engine has no
// buildx) and an empty DOCKER_CONFIG, so the user's credential helpers play no part.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareRuns } from '../test/conformance/compare.ts';
import {
  comparesEverything,
  expandCaptures,
  parseScenario,
  type EngineInfo,
  type RecordedStep,
  type Recording,
  type Scenario,
  type ScenarioStep,
} from '../test/conformance/scenario.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scenarioDir = join(repoRoot, 'test/fixtures/docker/scenarios');
const recordedDir = join(repoRoot, 'test/fixtures/docker/recorded');
const dockerHost = process.env.DOCKER_HOST ?? 'unix:///tmp/hv-docker/docker.sock';
const dockerCli = process.env.DOCKER_CLI ?? '/usr/bin/docker';
/** A step that takes longer than this is cut off (and the recording says so). */
const stepTimeoutMs = 90_000;

interface RunResult {
  stdout: string;
  stderr: string;
  exit: number;
}

const configDir = mkdtempSync(join(tmpdir(), 'hv-docker-config-'));
const baseEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/root',
  LANG: 'C',
  DOCKER_HOST: dockerHost,
  DOCKER_BUILDKIT: '0',
  DOCKER_CONFIG: configDir,
};

function docker(args: string[], cwd = repoRoot): RunResult {
  const result = spawnSync(dockerCli, args, {
    cwd,
    env: baseEnv,
    input: '',
    encoding: 'utf8',
    timeout: stepTimeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`docker CLI not found at ${dockerCli} (set DOCKER_CLI)`);
  }
  const timedOut = result.signal !== null;
  return {
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (timedOut ? `\n[recorder: killed by ${result.signal}]\n` : ''),
    exit: result.status ?? -1,
  };
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

function engineInfo(): EngineInfo {
  const version = docker(['version', '--format', '{{json .}}']);
  if (version.exit !== 0) {
    throw new Error(
      `cannot reach the engine at ${dockerHost}:\n${version.stderr}\n` +
        'Start it as test/fixtures/docker/README.md says.',
    );
  }
  const parsed = JSON.parse(version.stdout) as {
    Client: { Version: string };
    Server: { Version: string; ApiVersion: string };
  };
  const info = JSON.parse(docker(['info', '--format', '{{json .}}']).stdout) as {
    Driver: string;
    CgroupVersion: string;
    CgroupDriver: string;
    KernelVersion: string;
  };
  return {
    version: parsed.Server.Version,
    apiVersion: parsed.Server.ApiVersion,
    storageDriver: info.Driver,
    cgroupVersion: info.CgroupVersion,
    cgroupDriver: info.CgroupDriver,
    kernelVersion: info.KernelVersion,
    cliVersion: parsed.Client.Version,
  };
}

/**
 * Removes every container, image, volume and network named with the scenario's prefix or
 * labelled org.hypervisual.scenario=hvNN. Nothing else on the engine is touched: other people
 * share it.
 */
function cleanUp(prefix: string): void {
  const label = `org.hypervisual.scenario=${prefix.slice(0, -1)}`;
  // A failed RUN in the classic builder leaves its container behind, unnamed but carrying
  // the labels of the image it was built from: the scenario's Dockerfiles set this label.
  const containers = [
    ...lines(docker(['ps', '-aq', '--filter', `name=^${prefix}`]).stdout),
    ...lines(docker(['ps', '-aq', '--filter', `label=${label}`]).stdout),
  ];
  if (containers.length > 0) docker(['rm', '-f', '-v', ...new Set(containers)]);
  const images = lines(
    docker(['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=${prefix}*`])
      .stdout,
  );
  if (images.length > 0) docker(['rmi', '-f', ...images]);
  const labelled = lines(docker(['images', '-aq', '--filter', `label=${label}`]).stdout);
  if (labelled.length > 0) docker(['rmi', '-f', ...new Set(labelled)]);
  const volumes = [
    ...lines(docker(['volume', 'ls', '-q', '--filter', `name=^${prefix}`]).stdout),
    ...lines(docker(['volume', 'ls', '-q', '--filter', `label=${label}`]).stdout),
  ];
  if (volumes.length > 0) docker(['volume', 'rm', '-f', ...new Set(volumes)]);
  const networks = [
    ...lines(docker(['network', 'ls', '-q', '--filter', `name=^${prefix}`]).stdout),
    ...lines(docker(['network', 'ls', '-q', '--filter', `label=${label}`]).stdout),
  ];
  if (networks.length > 0) docker(['network', 'rm', ...new Set(networks)]);
}

/** The value of a flag given as `--flag value` or `--flag=value`. */
function flagValues(argv: string[], flags: string[]): string[] {
  const values: string[] = [];
  argv.forEach((word, index) => {
    for (const flag of flags) {
      if (word === flag && argv[index + 1] !== undefined) values.push(argv[index + 1] as string);
      else if (word.startsWith(`${flag}=`)) values.push(word.slice(flag.length + 1));
    }
  });
  return values;
}

/**
 * Refuses a step that would create something the clean-up could not find: a container
 * without `--name PREFIX...` or `--rm`, an image, volume or network not named with the prefix.
 */
function checkNaming(scenario: Scenario, step: ScenarioStep): void {
  if (step.kind !== 'docker') return;
  const { argv } = step;
  const { prefix } = scenario;
  const sub = argv.slice(1, 3).join(' ');
  const fail = (what: string): never => {
    throw new Error(`${scenario.name}: ${what} must be named ${prefix}...: ${step.cmd}`);
  };
  const isCreate =
    argv[1] === 'run' ||
    argv[1] === 'create' ||
    sub === 'container run' ||
    sub === 'container create';
  // `docker run` with no arguments, or asking for help, creates nothing.
  if (isCreate && argv.length > 2 && !argv.includes('--help')) {
    const names = flagValues(argv, ['--name']);
    if (!argv.includes('--rm') && !names.some((name) => name.startsWith(prefix))) {
      fail('a container made without --rm');
    }
  }
  // A named volume in -v NAME:/path is created on the fly; an absolute or relative path is a
  // bind mount and a lone /path an anonymous volume (removed with its container by rm -v).
  for (const spec of flagValues(argv, ['-v', '--volume'])) {
    const source = spec.split(':')[0] ?? '';
    const named = spec.includes(':') && !source.startsWith('/') && !source.startsWith('.');
    if (named && !source.startsWith(prefix)) fail('a volume');
  }
  if (argv[1] === 'build' || sub === 'image build') {
    const tags = flagValues(argv, ['-t', '--tag']);
    if (tags.length === 0 || tags.some((tag) => !tag.startsWith(prefix))) fail('a built image');
  }
  if (argv[1] === 'tag' || sub === 'image tag') {
    const target = argv[argv.length - 1] ?? '';
    if (!target.startsWith(prefix)) fail('a tag');
  }
  if (argv[1] === 'commit' || sub === 'container commit') {
    // `commit [OPTIONS] CONTAINER REPO[:TAG]`: both the container and the new name are last.
    const [container, target] = argv.slice(-2);
    if (!container?.startsWith(prefix) || !target?.startsWith(prefix)) fail('a committed image');
  }
  if (sub === 'volume create' || sub === 'network create') {
    const target = argv[argv.length - 1] ?? '';
    if (!target.startsWith(prefix)) fail(`a ${argv[1]}`);
  }
}

function recordScenario(scenario: Scenario, engine: EngineInfo): Recording {
  scenario.steps.forEach((step) => checkNaming(scenario, step));
  cleanUp(scenario.prefix);
  // A fixed working directory (not a random one) keeps paths in error messages the same
  // from one recording to the next; the normaliser maps it to <workdir>.
  const workDir = join(tmpdir(), `hv-scenario-${scenario.prefix.slice(0, -1)}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const steps: RecordedStep[] = [];
  const captured = new Map<string, string>();
  try {
    for (const step of scenario.steps) {
      let result: RunResult;
      if (step.kind === 'file') {
        const target = join(workDir, step.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, step.content);
        result = { stdout: '', stderr: '', exit: 0 };
      } else {
        result = docker(expandCaptures(step.argv, captured).slice(1), workDir);
        if (step.capture !== undefined) captured.set(step.capture, result.stdout.trim());
      }
      const allFields = comparesEverything(step.compare);
      steps.push({
        cmd: step.cmd,
        stdout: result.stdout,
        stderr: result.stderr,
        exit: result.exit,
        ...(step.why !== undefined ? { why: step.why } : {}),
        ...(allFields ? {} : { compare: step.compare }),
        ...(step.kind === 'docker' && step.capture !== undefined ? { capture: step.capture } : {}),
      });
      const mark = result.exit === 0 ? ' ' : `!${result.exit}`;
      process.stdout.write(`  ${mark.padEnd(5)}${step.cmd.split('\n')[0]}\n`);
    }
  } finally {
    cleanUp(scenario.prefix);
    rmSync(workDir, { recursive: true, force: true });
  }
  return {
    scenario: scenario.name,
    description: scenario.description,
    ...(scenario.why !== undefined ? { why: scenario.why } : {}),
    engine,
    recordedAt: new Date().toISOString(),
    steps,
  };
}

function selectScenarios(requested: string[]): string[] {
  const all = readdirSync(scenarioDir)
    .filter((file) => file.endsWith('.sh'))
    .map((file) => file.slice(0, -3))
    .sort();
  if (requested.length === 0) return all;
  return requested.map((wanted) => {
    const bare = wanted.replace(/\.sh$/, '').replace(/^.*\//, '');
    const match = all.find((name) => name === bare || name.startsWith(`${bare}-`));
    if (!match) throw new Error(`no scenario ${wanted} in ${scenarioDir}`);
    return match;
  });
}

/** Prints the differences between a fresh recording and the committed one; true if none. */
function checkAgainstCommitted(recording: Recording): boolean {
  const path = join(recordedDir, `${recording.scenario}.json`);
  const committed = JSON.parse(readFileSync(path, 'utf8')) as Recording;
  const result = compareRuns(committed.steps, recording.steps, {
    ...(committed.why !== undefined ? { scenarioWhy: committed.why } : {}),
  });
  for (const mismatch of result.mismatches) {
    console.log(`  DIFFERS #${mismatch.index} ${mismatch.field}: ${mismatch.cmd.split('\n')[0]}`);
    console.log(`    committed: ${JSON.stringify(mismatch.expected)}`);
    console.log(`    now:       ${JSON.stringify(mismatch.actual)}`);
  }
  return result.mismatches.length === 0;
}

function main(): void {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const names = selectScenarios(args.filter((arg) => arg !== '--check'));
  // Parse everything first: a typo in the last scenario should not cost a half-done run.
  const scenarios = names.map((name) =>
    parseScenario(name, readFileSync(join(scenarioDir, `${name}.sh`), 'utf8')),
  );
  const image = docker(['image', 'inspect', '--format', '{{.Id}}', 'busybox:latest']);
  if (image.exit !== 0) {
    throw new Error('busybox:latest is missing: run scripts/make-busybox-image.sh first');
  }
  const engine = engineInfo();
  mkdirSync(recordedDir, { recursive: true });
  console.log(
    `engine ${engine.version} (API ${engine.apiVersion}, ${engine.storageDriver}, cgroup v${engine.cgroupVersion}), cli ${engine.cliVersion}`,
  );
  const unstable: string[] = [];
  for (const scenario of scenarios) {
    console.log(`${scenario.name}`);
    const recording = recordScenario(scenario, engine);
    if (check) {
      if (!checkAgainstCommitted(recording)) unstable.push(scenario.name);
      continue;
    }
    writeFileSync(
      join(recordedDir, `${scenario.name}.json`),
      `${JSON.stringify(recording, null, 2)}\n`,
    );
  }
  rmSync(configDir, { recursive: true, force: true });
  if (!check) {
    console.log(`recorded ${scenarios.length} scenario(s) into ${recordedDir}`);
  } else if (unstable.length > 0) {
    console.log(
      `${unstable.length} scenario(s) differ from their recording: ${unstable.join(' ')}`,
    );
    process.exitCode = 1;
  } else {
    console.log(`all ${scenarios.length} scenario(s) match their recordings`);
  }
}

main();
