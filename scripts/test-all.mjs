// `npm test`: every check the project has, in one command, as CI runs it.
// Runs the type check, the linters, the format check and every vitest suite (unit, property,
// differential, lesson-solution, browser, live), then prints one closing line
// "N passed, N failed, N skipped" that counts the tests and the checks together.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

const checks = [
  ['type check (tsc)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  [
    'type check (svelte-check)',
    'npx',
    ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human'],
  ],
  ['lint (eslint)', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['format (prettier)', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
];

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(label, cmd, args) {
  console.log(`\n=== ${label}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return result.status === 0;
}

for (const [label, cmd, args] of checks) {
  if (run(label, cmd, args)) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

mkdirSync('test/output', { recursive: true });
const reportPath = 'test/output/vitest-report.json';
const vitestArgs = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reportPath}`,
];
const vitestOk = run('tests (vitest)', 'npx', vitestArgs);
if (existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  if (report.numFailedTests > 0) failures.push(`${report.numFailedTests} vitest test(s)`);
  // A suite that fails to load counts no test but must still fail the run.
  if (!vitestOk && report.numFailedTests === 0) {
    failed += 1;
    failures.push('vitest (a suite failed to load)');
  }
} else {
  failed += 1;
  failures.push('vitest (no report written)');
}

console.log('');
if (failures.length > 0) console.log(`failed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
