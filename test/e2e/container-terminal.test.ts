// A shell inside a container from the page's terminal: `docker run -it` hands the terminal to
// busybox's shell (its prompt, its hostname), and `exit` gives it back.
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { describeInBrowser, openApp } from './harness.ts';

/** Type a line into the terminal and wait for its output to appear. */
async function run(page: Page, line: string): Promise<Locator> {
  const entries = page.locator('[data-testid="terminal-output"] .entry');
  const before = await entries.count();
  await page.fill('#command-input', line);
  await page.press('#command-input', 'Enter');
  await expect.poll(() => entries.count()).toBe(before + 1);
  return entries.nth(before);
}

describeInBrowser('a shell in a container', (suite) => {
  it('attaches the terminal to docker run -it and detaches on exit', async () => {
    const app = await openApp(await suite.server('dev'));
    const { page } = app;
    const prompt = page.locator('label[for="command-input"]');
    expect(await prompt.textContent()).toBe('$');

    const started = await run(page, 'docker run -it --name box busybox sh');
    expect(await started.getAttribute('data-exit')).toBe('0');
    expect(await prompt.textContent()).toBe('/ #');
    // No client example (hv ps) suggested while typing into the container.
    expect(await page.getAttribute('#command-input', 'placeholder')).toBe('');

    const hostname = await run(page, 'hostname');
    // The container's hostname: its short id, twelve hex digits.
    expect((await hostname.locator('.stdout').textContent())?.trim()).toMatch(/^[0-9a-f]{12}$/);
    expect(await hostname.locator('.typed .prompt').textContent()).toBe('/ #');
    await run(page, 'cd /etc');
    expect(await prompt.textContent()).toBe('/etc #');
    await app.screenshot('container-terminal-attached');

    const exit = await run(page, 'exit 3');
    expect(await exit.getAttribute('data-exit')).toBe('3');
    expect(await prompt.textContent()).toBe('$');
    const ps = await run(page, "docker ps -a --format '{{.Names}} {{.Status}}'");
    expect(await ps.locator('.stdout').textContent()).toContain('box Exited (3)');
    await app.screenshot('container-terminal-detached');
    await app.close();
  });
});
