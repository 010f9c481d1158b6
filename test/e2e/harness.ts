// The browser-test harness: Debian's Chromium driven by playwright-core, against the app served
// either by the Vite dev server (what `npm start` runs) or by a production build (what
// `npm run build` writes). A new end-to-end test needs four lines:
//
//   import { describeInBrowser, openApp, startDevServer } from './harness.ts';
//   describeInBrowser('my feature', (use) => {
//     it('does something', async () => {
//       const app = await openApp(await use.server('dev')); // fresh page, fresh profile
//       ...; await app.close();                          // asserts no console or page errors
//     });
//   });
//
// Chromium comes from Debian (apt-get install chromium), never from `playwright install`: the
// machine has no route to Playwright's download host. Without it, the suite is skipped with a
// message, except under CI (CI=true), where a missing browser is a failure.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { afterAll, describe, it } from 'vitest';

/** Debian's Chromium; HV_CHROMIUM_PATH points elsewhere (or at nothing, to try the skip). */
export const CHROMIUM_PATH = process.env.HV_CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots land here (gitignored) for a person to look at. */
export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test/output');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type ServerKind = 'dev' | 'build';

export interface AppServer {
  kind: ServerKind;
  url: string;
  close(): Promise<void>;
}

/** A port the kernel just handed out and released; good enough on a loopback-only machine. */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolvePort(address.port));
    });
  });
}

/** The dev server, as `npm start` runs it, on a private port and a private dependency cache. */
export async function startDevServer(): Promise<AppServer> {
  const port = await freePort();
  // A private cache, so a test never races a developer's `npm start` over node_modules/.vite.
  const cacheDir = await mkdtemp(join(tmpdir(), 'hv-e2e-vite-'));
  const server: ViteDevServer = await createServer({
    root: PROJECT_ROOT,
    configFile: join(PROJECT_ROOT, 'vite.config.ts'),
    cacheDir,
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false, watch: null },
  });
  await server.listen();
  return {
    kind: 'dev',
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await server.close();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** A production build in a temporary folder, served as `vite preview` would. */
export async function startBuildServer(): Promise<AppServer> {
  const outDir = await mkdtemp(join(tmpdir(), 'hv-e2e-dist-'));
  const cacheDir = await mkdtemp(join(tmpdir(), 'hv-e2e-vite-'));
  const common = {
    root: PROJECT_ROOT,
    configFile: join(PROJECT_ROOT, 'vite.config.ts'),
    cacheDir,
    logLevel: 'warn' as const,
    clearScreen: false,
    build: { outDir, emptyOutDir: true },
  };
  await build(common);
  const port = await freePort();
  const server: PreviewServer = await preview({
    ...common,
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return {
    kind: 'build',
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise<void>((done, fail) =>
        server.httpServer.close((error) => (error ? fail(error) : done())),
      );
      await rm(outDir, { recursive: true, force: true });
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

export interface AppPage {
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  /** Write test/output/NAME.png and return its path. */
  screenshot(name: string): Promise<string>;
  /** Close the browser and its profile; throws if the page logged any error. */
  close(): Promise<void>;
}

/**
 * Open the app in a fresh Chromium with a fresh profile, animations off (reduced motion), at a
 * projector-like 1600x1000 viewport. Errors are collected from the first moment.
 */
export async function openApp(server: AppServer, path = ''): Promise<AppPage> {
  const profileDir = await mkdtemp(join(tmpdir(), 'hv-e2e-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1600, height: 1000 },
      reducedMotion: 'reduce',
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  // Fail fast: the app answers in milliseconds, so a long wait only hides a broken test.
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  const opened = context;
  await page.goto(server.url + path);
  // The app has mounted once #app has content; if it never does, say why (a failed module load,
  // an exception at start-up) instead of letting the first assertion time out mutely.
  try {
    await page.locator('#app > *').first().waitFor({ timeout: 20_000 });
  } catch (error) {
    await opened.close();
    await rm(profileDir, { recursive: true, force: true });
    throw new Error(
      `the app did not mount at ${server.url + path}: ${errors.join('; ') || String(error)}`,
      {
        cause: error,
      },
    );
  }
  return {
    page,
    errors,
    async screenshot(name: string) {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const file = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await opened.close();
      await rm(profileDir, { recursive: true, force: true });
      if (errors.length > 0)
        throw new Error(`the page logged ${errors.length} error(s):\n${errors.join('\n')}`);
    },
  };
}

/** Why the browser tests cannot run here, or null when they can. */
export function browserMissingReason(): string | null {
  if (!existsSync(CHROMIUM_PATH))
    return `${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium)`;
  return null;
}

export interface BrowserSuite {
  /** The server of this kind, started on first use and shared by the suite's tests. */
  server(kind: ServerKind): Promise<AppServer>;
}

/**
 * A describe block for browser tests. It starts servers lazily, stops them after the suite,
 * and skips (loudly) without Chromium, or fails under CI, where the browser must be there.
 */
export function describeInBrowser(name: string, body: (suite: BrowserSuite) => void): void {
  const missing = browserMissingReason();
  if (missing !== null) {
    if (process.env.CI === 'true') {
      describe(name, () => {
        it('has a browser to run in', () => {
          throw new Error(`browser tests cannot run under CI: ${missing}`);
        });
      });
      return;
    }
    console.warn(`\n[e2e] SKIPPED "${name}": ${missing}\n`);
    describe.skip(name, () => body({ server: () => Promise.reject(new Error(missing)) }));
    return;
  }
  describe(name, () => {
    const started = new Map<ServerKind, Promise<AppServer>>();
    afterAll(async () => {
      for (const server of started.values()) await (await server).close();
    });
    body({
      server(kind) {
        let server = started.get(kind);
        if (!server) {
          server = kind === 'dev' ? startDevServer() : startBuildServer();
          started.set(kind, server);
        }
        return server;
      },
    });
  });
}
