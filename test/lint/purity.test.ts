// sim-core must stay deterministic and UI-free; the linter is what keeps it so. This feeds the
// real ESLint config code that breaks each rule, as if it were a sim-core file, and expects it
// to fail, while the same code in web/ passes.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lint(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => message.message);
}

describe('sim-core purity lint', () => {
  const forbidden: [string, string, RegExp][] = [
    ['Math.random', 'export const roll = () => Math.random();\n', /world RNG/],
    ['Date.now', 'export const now = () => Date.now();\n', /world clock/],
    ['new Date', 'export const now = () => new Date();\n', /world clock/],
    ['performance.now', 'export const now = () => performance.now();\n', /simulated clock/],
    ['document', "export const el = () => document.createElement('div');\n", /no DOM/],
    ['window', 'export const w = () => window.innerWidth;\n', /no DOM/],
    [
      'setTimeout',
      'export const later = (f: () => void) => setTimeout(f, 1);\n',
      /simulated clock/,
    ],
    [
      'svelte import',
      "import { mount } from 'svelte';\nexport const m = mount;\n",
      /never imports the UI/,
    ],
    [
      'd3 import',
      "import * as d3 from 'd3';\nexport const s = d3.scaleLinear;\n",
      /never imports the UI/,
    ],
    [
      'web import',
      "import { x } from '../../web/x.ts';\nexport const y = x;\n",
      /never imports web/,
    ],
  ];
  for (const [what, code, message] of forbidden) {
    it(`fails sim-core on ${what}`, async () => {
      const messages = await lint(code, 'sim-core/world/example.ts');
      expect(messages.some((text) => message.test(text))).toBe(true);
    });
  }

  it('allows the same code outside sim-core', async () => {
    expect(
      await lint('export const roll = () => Math.random() + Date.now();\n', 'web/example.ts'),
    ).toEqual([]);
  });

  it('passes on code that uses the world clock and RNG', async () => {
    const code =
      "import { nextUint32, type RngState } from './rng.ts';\nexport const roll = (rng: RngState, clockNs: number) => nextUint32(rng) + clockNs;\n";
    expect(await lint(code, 'sim-core/world/example.ts')).toEqual([]);
  });
});
