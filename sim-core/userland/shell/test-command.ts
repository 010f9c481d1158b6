// `test` and `[` as busybox implements them: strings (-z, -n, =, !=), integers (-eq -ne -lt -le
// -gt -ge), files (-e -f -d -s -r -w -x -h -L, answered by the caller's filesystem), and !, -a,
// -o, ( ). Errors use busybox's words and exit code 2: "sh: a: bad number", "sh: missing ]".

import type { FileStat } from './environment.ts';

export interface TestOutcome {
  exitCode: 0 | 1 | 2;
  stderr: string;
}

type Stat = (path: string) => FileStat | null;

class TestError {
  constructor(readonly message: string) {}
}

const FILE_TESTS: Record<string, (stat: FileStat | null) => boolean> = {
  '-e': (stat) => stat !== null,
  '-f': (stat) => stat?.kind === 'file',
  '-d': (stat) => stat?.kind === 'directory',
  '-s': (stat) => (stat?.sizeBytes ?? 0) > 0,
  '-r': (stat) => stat?.readable === true,
  '-w': (stat) => stat?.writable === true,
  '-x': (stat) => stat?.executable === true,
  '-h': (stat) => stat?.symlink === true,
  '-L': (stat) => stat?.symlink === true,
};

const INTEGER_TESTS: Record<string, (a: bigint, b: bigint) => boolean> = {
  '-eq': (a, b) => a === b,
  '-ne': (a, b) => a !== b,
  '-lt': (a, b) => a < b,
  '-le': (a, b) => a <= b,
  '-gt': (a, b) => a > b,
  '-ge': (a, b) => a >= b,
};

const STRING_TESTS: Record<string, (a: string, b: string) => boolean> = {
  '=': (a, b) => a === b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
};

function integer(text: string): bigint {
  const trimmed = text.trim();
  if (!/^[-+]?\d+$/.test(trimmed)) throw new TestError(`${text}: bad number`);
  return BigInt(trimmed);
}

const isBinary = (op: string | undefined): boolean =>
  op !== undefined && (Object.hasOwn(INTEGER_TESTS, op) || Object.hasOwn(STRING_TESTS, op));

/** Recursive descent over the arguments: or := and (-o and)*; and := not (-a not)*. */
class Evaluator {
  index = 0;
  constructor(
    readonly args: readonly string[],
    readonly stat: Stat,
  ) {}

  peek(offset = 0): string | undefined {
    return this.args[this.index + offset];
  }

  take(): string {
    const arg = this.args[this.index++];
    if (arg === undefined)
      throw new TestError(`${this.args[this.index - 2] ?? 'test'}: argument expected`);
    return arg;
  }

  or(): boolean {
    let value = this.and();
    while (this.peek() === '-o') {
      this.index++;
      value = this.and() || value;
    }
    return value;
  }

  and(): boolean {
    let value = this.not();
    while (this.peek() === '-a') {
      this.index++;
      value = this.not() && value;
    }
    return value;
  }

  not(): boolean {
    if (this.peek() === '!' && this.peek(1) !== undefined && !isBinary(this.peek(1))) {
      this.index++;
      return !this.not();
    }
    return this.primary();
  }

  primary(): boolean {
    const first = this.take();
    if (first === '(' && this.peek(1) !== undefined && !isBinary(this.peek())) {
      const value = this.or();
      if (this.take() !== ')') throw new TestError('): missing )');
      return value;
    }
    const op = this.peek();
    if (isBinary(op)) {
      this.index++;
      const second = this.take();
      if (Object.hasOwn(INTEGER_TESTS, op!))
        return INTEGER_TESTS[op!]!(integer(first), integer(second));
      return STRING_TESTS[op!]!(first, second);
    }
    if (first === '-z' || first === '-n') {
      if (this.peek() === undefined) return true;
      const text = this.take();
      return first === '-z' ? text === '' : text !== '';
    }
    if (Object.hasOwn(FILE_TESTS, first) && this.peek() !== undefined)
      return FILE_TESTS[first]!(this.stat(this.take()));
    if (first === '-t' && this.peek() !== undefined) {
      // No terminal is attached to a descriptor in the simulator's `sh -c`.
      this.take();
      return false;
    }
    return first !== '';
  }
}

/** Runs `test ARGS` (or `[ ARGS ]` with `bracket` set). Paths passed to `stat` are as given. */
export function runTest(args: readonly string[], stat: Stat, bracket: boolean): TestOutcome {
  let operands = args;
  if (bracket) {
    if (args[args.length - 1] !== ']') return { exitCode: 2, stderr: 'sh: missing ]\n' };
    operands = args.slice(0, -1);
  }
  if (operands.length === 0) return { exitCode: 1, stderr: '' };
  try {
    const evaluator = new Evaluator(operands, stat);
    const value = evaluator.or();
    const extra = evaluator.peek();
    if (extra !== undefined) return { exitCode: 2, stderr: `sh: ${extra}: unknown operand\n` };
    return { exitCode: value ? 0 : 1, stderr: '' };
  } catch (error) {
    if (error instanceof TestError) return { exitCode: 2, stderr: `sh: ${error.message}\n` };
    return { exitCode: 2, stderr: `sh: test: ${String(error)}\n` };
  }
}
