// `$((...))`: ash's shell arithmetic on 64-bit signed integers. Names are variables (unset or
// empty is 0), constants are decimal, octal (010) or hex (0x10); operators follow C's
// precedence, with assignment (= += -= ...), ++/--, the ternary, && and || (short-circuit).
// Errors are ash's words: "arithmetic syntax error", "divide by zero".

import { ExpansionError } from './expand.ts';

type Token =
  { kind: 'number'; value: bigint } | { kind: 'name'; name: string } | { kind: 'op'; op: string };

const OPERATORS = [
  '<<=',
  '>>=',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '^=',
  '|=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '&',
  '^',
  '|',
  '!',
  '~',
  '(',
  ')',
  '?',
  ':',
  '=',
];

const syntaxError = () => new ExpansionError('arithmetic syntax error');

function tokens(text: string): Token[] {
  const out: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const blank = /^\s+/.exec(rest);
    if (blank) {
      at += blank[0].length;
      continue;
    }
    const number = /^(0[xX][0-9a-fA-F]+|[0-9]+)/.exec(rest);
    if (number) {
      const digits = number[0];
      if (/[^0-7]/.test(digits.slice(1)) && /^0[0-9]/.test(digits)) throw syntaxError();
      const value = /^0[0-7]/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
      if (/^[A-Za-z_]/.test(rest.slice(digits.length))) throw syntaxError();
      out.push({ kind: 'number', value });
      at += digits.length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (name) {
      out.push({ kind: 'name', name: name[0] });
      at += name[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
    if (!op) throw syntaxError();
    out.push({ kind: 'op', op });
    at += op.length;
  }
  return out;
}

/** Wraps to a signed 64-bit value, as the C arithmetic ash does it in. */
const wrap = (value: bigint): bigint => BigInt.asIntN(64, value);

const BINARY: Record<string, { precedence: number; apply: (a: bigint, b: bigint) => bigint }> = {
  '*': { precedence: 10, apply: (a, b) => a * b },
  '/': { precedence: 10, apply: (a, b) => a / b },
  '%': { precedence: 10, apply: (a, b) => a % b },
  '+': { precedence: 9, apply: (a, b) => a + b },
  '-': { precedence: 9, apply: (a, b) => a - b },
  '<<': { precedence: 8, apply: (a, b) => a << (b & 63n) },
  '>>': { precedence: 8, apply: (a, b) => a >> (b & 63n) },
  '<': { precedence: 7, apply: (a, b) => BigInt(a < b) },
  '<=': { precedence: 7, apply: (a, b) => BigInt(a <= b) },
  '>': { precedence: 7, apply: (a, b) => BigInt(a > b) },
  '>=': { precedence: 7, apply: (a, b) => BigInt(a >= b) },
  '==': { precedence: 6, apply: (a, b) => BigInt(a === b) },
  '!=': { precedence: 6, apply: (a, b) => BigInt(a !== b) },
  '&': { precedence: 5, apply: (a, b) => a & b },
  '^': { precedence: 4, apply: (a, b) => a ^ b },
  '|': { precedence: 3, apply: (a, b) => a | b },
};

const ASSIGNMENTS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=']);

export interface ArithmeticVariables {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

class Evaluator {
  private at = 0;
  /** >0 inside the branch of && || ?: that is not taken: parsed, but no assignments happen. */
  private skipping = 0;

  constructor(
    private readonly list: Token[],
    private readonly vars: ArithmeticVariables,
  ) {}

  run(): bigint {
    if (this.list.length === 0) return 0n;
    const value = this.assignment();
    if (this.at < this.list.length) throw syntaxError();
    return value;
  }

  private peekOp(): string | null {
    const token = this.list[this.at];
    return token?.kind === 'op' ? token.op : null;
  }

  private expect(op: string): void {
    if (this.peekOp() !== op) throw syntaxError();
    this.at++;
  }

  private variable(name: string): bigint {
    const text = (this.vars.get(name) ?? '').trim();
    if (text === '') return 0n;
    const inner = tokens(text);
    if (inner.length === 1 && inner[0]!.kind === 'number') return inner[0]!.value;
    if (
      inner.length === 2 &&
      inner[0]!.kind === 'op' &&
      inner[0]!.op === '-' &&
      inner[1]!.kind === 'number'
    )
      return -inner[1]!.value;
    // ash evaluates a variable holding an expression as one.
    return new Evaluator(inner, this.vars).run();
  }

  private store(name: string, value: bigint): bigint {
    if (this.skipping === 0) this.vars.set(name, String(value));
    return value;
  }

  private assignment(): bigint {
    const token = this.list[this.at];
    const next = this.list[this.at + 1];
    if (token?.kind === 'name' && next?.kind === 'op' && ASSIGNMENTS.has(next.op)) {
      this.at += 2;
      const right = this.assignment();
      if (next.op === '=') return this.store(token.name, right);
      const op = BINARY[next.op.slice(0, -1)]!;
      return this.store(
        token.name,
        this.binaryValue(next.op.slice(0, -1), op, this.variable(token.name), right),
      );
    }
    return this.ternary();
  }

  private ternary(): bigint {
    const condition = this.logical('||');
    if (this.peekOp() !== '?') return condition;
    this.at++;
    if (condition === 0n) this.skipping++;
    const yes = this.assignment();
    if (condition === 0n) this.skipping--;
    this.expect(':');
    if (condition !== 0n) this.skipping++;
    const no = this.assignment();
    if (condition !== 0n) this.skipping--;
    return condition !== 0n ? yes : no;
  }

  private logical(op: '||' | '&&'): bigint {
    let left = op === '||' ? this.logical('&&') : this.binary(3);
    while (this.peekOp() === op) {
      this.at++;
      const decided = op === '||' ? left !== 0n : left === 0n;
      if (decided) this.skipping++;
      const right = op === '||' ? this.logical('&&') : this.binary(3);
      if (decided) this.skipping--;
      left = decided ? BigInt(op === '||') : BigInt(right !== 0n);
    }
    return left;
  }

  private binaryValue(
    name: string,
    op: (typeof BINARY)[string],
    left: bigint,
    right: bigint,
  ): bigint {
    if ((name === '/' || name === '%') && right === 0n) {
      if (this.skipping > 0) return 0n;
      throw new ExpansionError('divide by zero');
    }
    return wrap(op.apply(left, right));
  }

  private binary(minPrecedence: number): bigint {
    let left = this.unary();
    for (;;) {
      const name = this.peekOp();
      const op = name === null ? undefined : BINARY[name];
      if (!op || op.precedence < minPrecedence) return left;
      this.at++;
      const right = this.binary(op.precedence + 1);
      left = this.binaryValue(name!, op, left, right);
    }
  }

  private unary(): bigint {
    const op = this.peekOp();
    if (op === '-' || op === '+' || op === '!' || op === '~') {
      this.at++;
      const value = this.unary();
      if (op === '-') return wrap(-value);
      if (op === '+') return value;
      if (op === '!') return BigInt(value === 0n);
      return ~value;
    }
    if (op === '++' || op === '--') {
      this.at++;
      const token = this.list[this.at++];
      if (token?.kind !== 'name') throw syntaxError();
      return this.store(token.name, wrap(this.variable(token.name) + (op === '++' ? 1n : -1n)));
    }
    return this.postfix();
  }

  private postfix(): bigint {
    const token = this.list[this.at++];
    if (!token) throw syntaxError();
    if (token.kind === 'number') return token.value;
    if (token.kind === 'name') {
      const value = this.variable(token.name);
      const op = this.peekOp();
      if (op === '++' || op === '--') {
        this.at++;
        this.store(token.name, wrap(value + (op === '++' ? 1n : -1n)));
      }
      return value;
    }
    if (token.op !== '(') throw syntaxError();
    const value = this.assignment();
    this.expect(')');
    return value;
  }
}

/** The value of an arithmetic expression (its text after $-expansion), as ash prints it. */
export function evaluateArithmetic(text: string, vars: ArithmeticVariables): string {
  return String(new Evaluator(tokens(text), vars).run());
}
