// Loads the docker conformance scenarios and their recordings from test/fixtures/docker, for
// the tests here and for the conformance test that runs them through the simulator.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario, type Recording, type Scenario } from './scenario.ts';

export const fixturesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/docker');
export const scenarioDir = join(fixturesDir, 'scenarios');
export const recordedDir = join(fixturesDir, 'recorded');

export function scenarioNames(): string[] {
  return readdirSync(scenarioDir)
    .filter((file) => file.endsWith('.sh'))
    .map((file) => file.slice(0, -3))
    .sort();
}

export function loadScenario(name: string): Scenario {
  return parseScenario(name, readFileSync(join(scenarioDir, `${name}.sh`), 'utf8'));
}

export function loadRecording(name: string): Recording {
  return JSON.parse(readFileSync(join(recordedDir, `${name}.json`), 'utf8')) as Recording;
}

export function recordingNames(): string[] {
  return readdirSync(recordedDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -5))
    .sort();
}
