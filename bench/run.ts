// `npm run bench [-- SUITE...]`: speed and memory figures as JSON, one object per suite.
// Suites live one per file beside this one and export a `run(): Promise<Record<string, unknown>>`.
// Targets are checked here (a `targets` object with pass/fail per figure), never in timed tests.
const suites: Record<string, () => Promise<{ run: () => Promise<Record<string, unknown>> }>> = {
  core: () => import('./core.ts'),
  scheduler: () => import('./scheduler.ts'),
  engine: () => import('./engine.ts'),
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const names = asked.length > 0 ? asked : Object.keys(suites);
  const unknown = names.filter((name) => !(name in suites));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark suite: ${unknown.join(', ')} (known: ${Object.keys(suites).join(', ')})`,
    );
    process.exit(2);
  }
  const results: Record<string, unknown> = {};
  for (const name of names) {
    const suite = await suites[name]!();
    results[name] = await suite.run();
  }
  console.log(JSON.stringify(results, null, 2));
}

await main();
export {};
