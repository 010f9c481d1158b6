// The first screen, end to end in a real browser: a learner types hv commands and sees the
// world change in the stack diagram, looks back in time, and does it all from the keyboard.
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { describeInBrowser, openApp } from './harness.ts';

const box = (page: Page, key: string): Locator => page.locator(`[data-key="${key}"]`);

/** Type a line into the terminal and wait for its output to appear. */
async function run(page: Page, line: string): Promise<Locator> {
  const entries = page.locator('[data-testid="terminal-output"] .entry');
  const before = await entries.count();
  await page.fill('#command-input', line);
  await page.press('#command-input', 'Enter');
  await expect.poll(() => entries.count()).toBe(before + 1);
  return entries.nth(before);
}

const SCENARIO = [
  'hv hypervisor install --on host1 --type 1',
  'hv vm create --name vm1 --on host1 --vcpus 2 --memory 4g',
  'hv vm start vm1',
  'hv app run --on host1 --name shop --cpu-demand 6',
];

describeInBrowser('the first screen', (suite) => {
  it('draws the world as hv commands change it (dev server)', async () => {
    const app = await openApp(await suite.server('dev'));
    const { page } = app;
    await expect.poll(() => box(page, 'hardware:host-1').textContent()).toContain('host1');
    await expect.poll(() => box(page, 'host-os:host-1').textContent()).toContain('Ubuntu');
    expect(await page.locator('h1').textContent()).toBe('hypervisual');
    await app.screenshot('first-screen-empty');

    for (const line of SCENARIO) {
      const entry = await run(page, line);
      expect(await entry.getAttribute('data-exit'), line).toBe('0');
    }
    expect(await box(page, 'hypervisor:host-1').textContent()).toContain('KVM');
    const vm = box(page, 'vm:vm-1');
    expect(await vm.textContent()).toMatch(/running, booted in \d+(\.\d)? s/);
    expect(await box(page, 'guest-os:vm-1').textContent()).toContain('guest OS, own Linux kernel');
    const shop = box(page, 'app:app-1');
    expect(await shop.textContent()).toContain('gets all it wants');

    // A second busy app on the same host OS: now the two fight over 8 cores.
    await run(page, 'hv app run --on host1 --name batch --cpu-demand 4');
    expect(await shop.getAttribute('class')).toContain('tone-app-starved');
    const percent = /gets (\d+)%/.exec((await shop.textContent()) ?? '')?.[1];
    expect(percent).toBeDefined();
    expect(await box(page, 'cpu:host-1').textContent()).toContain('contention');
    // The text alternative says the same as the picture.
    await page.click('summary:has-text("as a table")');
    const shopRow = page.locator('[data-testid="stack-table"] tr', { hasText: 'shop' });
    expect(await shopRow.textContent()).toContain(`gets ${percent}% of the CPU it wants`);

    // Choosing the VM explains its cost, with each boot phase's source linked.
    await vm.click();
    const details = page.locator('.details');
    expect(await details.locator('h2').textContent()).toBe('VM vm1');
    expect(await details.textContent()).toContain('Hypervisor overhead');
    expect(await details.locator('.phases li').count()).toBe(4);
    for (const href of await details
      .locator('.phases a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href'))))
      expect(href).toMatch(/^https:\/\//);
    await app.screenshot('first-screen-scenario');

    // A mistake shows its error in the error style, with the exit code.
    const bad = await run(page, 'hv vm create --name w --on host1 --vcpus 2 --memory 2q');
    expect(await bad.locator('.stderr').textContent()).toContain('invalid argument "2q"');
    expect(await bad.locator('.exit').textContent()).toContain('125');
    const colour = (locator: Locator) => locator.evaluate((node) => getComputedStyle(node).color);
    const good = await run(page, 'hv ps');
    expect(await colour(bad.locator('.stderr'))).not.toBe(await colour(good.locator('.stdout')));
    expect(await page.locator('[data-testid="terminal-live"]').textContent()).toContain('NAME');

    // A heredoc asks for more lines with "> " and writes the file.
    await page.fill('#command-input', "cat > notes.txt <<'EOF'");
    await page.press('#command-input', 'Enter');
    expect(await page.locator('label[for="command-input"]').textContent()).toBe('>');
    await page.fill('#command-input', 'hello from the heredoc');
    await page.press('#command-input', 'Enter');
    await run(page, 'EOF');
    const cat = await run(page, 'cat notes.txt');
    expect(await cat.locator('.stdout').textContent()).toContain('hello from the heredoc');

    // ArrowUp brings the last command back.
    await page.press('#command-input', 'ArrowUp');
    expect(await page.inputValue('#command-input')).toBe('cat notes.txt');
    await app.close();
  });

  it('steps back through the timeline and returns to now', async () => {
    const app = await openApp(await suite.server('dev'));
    const { page } = app;
    for (const line of SCENARIO) await run(page, line);
    const vm = box(page, 'vm:vm-1');
    const position = page.locator('[data-testid="timeline-position"]');
    const atHead = await position.textContent();
    expect(atHead).toMatch(/Event (\d+) of \1/);

    // Back through the app's start and the VM's boot, to before `hv vm start`.
    const stepBack = page.getByRole('button', { name: 'Step back' });
    let sawBooting = false;
    for (let step = 0; step < 40; step++) {
      await stepBack.click();
      const text = (await vm.textContent()) ?? '';
      if (text.includes('booting')) sawBooting = true;
      if (text.includes('stopped')) break;
    }
    expect(await vm.textContent()).toContain('stopped');
    expect(sawBooting).toBe(true);
    expect(await box(page, 'app:app-1').count()).toBe(0);
    expect(await page.locator('.past-note').textContent()).toContain('looking at the past');
    expect(await page.locator('[data-testid="timeline-event"]').textContent()).not.toBe('');
    await app.screenshot('first-screen-past');

    // One step forward is the VM starting to boot.
    await page.getByRole('button', { name: 'Step forward' }).click();
    expect(await vm.textContent()).toContain('booting');

    await page.getByRole('button', { name: 'Back to now' }).click();
    expect(await vm.textContent()).toMatch(/running, booted in/);
    expect(await box(page, 'app:app-1').count()).toBe(1);
    expect(await page.locator('.past-note').count()).toBe(0);
    expect(await position.textContent()).toBe(atHead);

    // Typing in the past runs at the present, says so, and brings the view back to now.
    await stepBack.click();
    expect(await page.locator('.past-note').count()).toBe(1);
    const entry = await run(page, 'hv ps');
    expect(await entry.textContent()).toContain('ran at the present');
    expect(await page.locator('.past-note').count()).toBe(0);
    expect(await position.textContent()).toMatch(/Event (\d+) of \1/);
    await app.close();
  });

  it('works from the keyboard alone', async () => {
    const app = await openApp(await suite.server('dev'));
    const { page } = app;
    await box(page, 'hardware:host-1').waitFor();
    let reached = false;
    for (let press = 0; press < 40 && !reached; press++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'command-input');
    }
    expect(reached).toBe(true);
    await page.keyboard.type('hv hypervisor install --on host1 --type 2');
    await page.keyboard.press('Enter');
    await expect.poll(() => box(page, 'hypervisor:host-1').textContent()).toContain('VirtualBox');

    // Shift+Tab back to a diagram box, Enter shows its details.
    let onBox = false;
    for (let press = 0; press < 40 && !onBox; press++) {
      await page.keyboard.press('Shift+Tab');
      onBox = await page.evaluate(
        () => document.activeElement?.getAttribute('data-key') === 'hypervisor:host-1',
      );
    }
    expect(onBox).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.locator('.details h2').textContent()).toContain('VirtualBox');
    await app.screenshot('first-screen-keyboard');
    await app.close();
  });

  it('works as a production build: ESXi in place of a host OS, an OOM-killed app', async () => {
    const app = await openApp(await suite.server('build'));
    const { page } = app;
    await box(page, 'hardware:host-1').waitFor();
    for (const line of [
      'hv host add --name esx1 --cpus 16 --memory 64g',
      'hv hypervisor install --on esx1 --type 1 --product esxi',
      'hv vm create --name db --on esx1 --vcpus 4 --memory 8g',
      'hv vm start db',
      'hv app run --on db --name postgres --cpu-demand 2 --memory 2g',
    ])
      expect(await (await run(page, line)).getAttribute('data-exit'), line).toBe('0');
    // The VM asks for more memory than its guest has: the guest's OOM killer ends it.
    const hog = await run(page, 'hv app run --on db --name hog --cpu-demand 1 --memory 12g');
    expect(await hog.locator('.stderr').textContent()).toContain('OOM killer');

    // Two columns: host1 keeps its OS; on esx1 the hypervisor took the hardware instead.
    expect(await box(page, 'host-os:host-1').count()).toBe(1);
    expect(await box(page, 'host-os:host-2').count()).toBe(0);
    expect(await box(page, 'hypervisor:host-2').textContent()).toContain('no host OS');
    expect(await box(page, 'vm:vm-1').textContent()).toMatch(/running, booted in/);
    const killed = box(page, 'app:app-2');
    expect(await killed.getAttribute('class')).toContain('tone-app-killed');
    expect(await killed.textContent()).toContain('OOM-killed');
    expect(await box(page, 'app:app-1').getAttribute('class')).toContain('tone-app ');
    await app.screenshot('first-screen-build-two-hosts');
    await app.close();
  });
});
