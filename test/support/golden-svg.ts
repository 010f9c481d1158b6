// Golden SVG snapshots of the views' drawings. A view is rendered on the server side (Svelte's
// `render`), its <svg> elements are normalised (Svelte's markers removed, whitespace between
// tags collapsed, numbers rounded to two decimals) and compared with test/golden/NAME.svg.
// On a mismatch NAME-changed.svg is written beside the golden file so a person can open both
// and look; HV_UPDATE_GOLDEN=1 accepts the new drawing. A missing golden file is written and
// passes locally, but fails under CI, where it means the file was never committed.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Component } from 'svelte';
import { render } from 'svelte/server';

export const GOLDEN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../golden');

/** The component's HTML as the server renders it (no effects run, so no animation frames). */
export function renderHtml<Props extends Record<string, unknown>>(
  component: Component<Props>,
  props: Props,
): string {
  return render(component, { props }).body;
}

/** Every <svg>...</svg> in the HTML, in document order (nested ones stay inside their parent). */
export function svgElements(html: string): string[] {
  const found: string[] = [];
  const pattern = /<svg[\s>]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(html)) !== null) {
    let depth = 0;
    const tag = /<\/?svg[\s>]/g;
    tag.lastIndex = match.index;
    let end = -1;
    let next: RegExpExecArray | null;
    while ((next = tag.exec(html)) !== null) {
      depth += next[0].startsWith('</') ? -1 : 1;
      if (depth === 0) {
        end = html.indexOf('>', next.index) + 1;
        break;
      }
    }
    if (end <= 0) break;
    found.push(html.slice(match.index, end));
    pattern.lastIndex = end;
  }
  return found;
}

export function normaliseSvg(svg: string): string {
  return (
    svg
      // Svelte's hydration markers carry no drawing.
      .replace(/<!--[^]*?-->/g, '')
      // Scoped-style class hashes change with any CSS edit, not with the drawing.
      .replace(/\s*\bsvelte-[a-z0-9]+\b/g, '')
      .replace(/>\s+</g, '><')
      .replace(/\s+/g, ' ')
      // Floating-point noise in layouts must not fail a snapshot.
      .replace(/-?\d+\.\d+/g, (number) => {
        const rounded = Math.round(Number(number) * 100) / 100;
        return String(Object.is(rounded, -0) ? 0 : rounded);
      })
      .replace(/></g, '>\n<')
      .trim() + '\n'
  );
}

/** Compare `svg` with test/golden/NAME.svg; throws with where to look when they differ. */
export function expectGoldenSvg(name: string, svg: string): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    throw new Error(`golden name "${name}" must be kebab-case`);
  const actual = normaliseSvg(svg);
  const goldenPath = join(GOLDEN_DIR, `${name}.svg`);
  const changedPath = join(GOLDEN_DIR, `${name}-changed.svg`);
  mkdirSync(GOLDEN_DIR, { recursive: true });
  const update = process.env.HV_UPDATE_GOLDEN === '1';
  if (!existsSync(goldenPath)) {
    if (process.env.CI === 'true' && !update)
      throw new Error(`golden file ${goldenPath} is missing: run the test locally and commit it`);
    writeFileSync(goldenPath, actual);
    return;
  }
  const expected = readFileSync(goldenPath, 'utf8');
  if (expected === actual) {
    rmSync(changedPath, { force: true });
    return;
  }
  if (update) {
    writeFileSync(goldenPath, actual);
    rmSync(changedPath, { force: true });
    return;
  }
  writeFileSync(changedPath, actual);
  throw new Error(
    `the drawing "${name}" changed: compare ${goldenPath} with ${changedPath} ` +
      `(HV_UPDATE_GOLDEN=1 accepts the new one)`,
  );
}
