// `npm run sim -- [--seed N] [--json] FILE|-`: the headless runner. The only sim-core file
// that touches the outside world (argv, files, stdin, stdout); everything it calls is pure.
import { readFileSync } from 'node:fs';
import { formatAsJsonLines, formatAsTerminal, runScript } from './run-script.ts';

const USAGE = 'usage: npm run sim -- [--seed N] [--json] FILE|-';

function fail(message: string): never {
  process.stderr.write(`sim: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  let seed = 1;
  let json = false;
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--seed' || arg.startsWith('--seed=')) {
      const text = arg.includes('=') ? arg.slice(7) : argv[++i];
      if (text === undefined || !/^\d+$/.test(text) || Number(text) > 0xffffffff)
        fail(`--seed takes a whole number from 0 to 4294967295, got ${text ?? 'nothing'}`);
      seed = Number(text);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (arg.startsWith('--') && arg !== '-') fail(`unknown flag: ${arg}`);
    else if (file === undefined) file = arg;
    else fail(`one script at a time (got ${file} and ${arg})`);
  }
  if (file === undefined) fail('no script given');
  let source: string;
  try {
    source = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const run = runScript(source, seed);
  process.stdout.write(json ? formatAsJsonLines(run) : formatAsTerminal(run));
}

main(process.argv.slice(2));
