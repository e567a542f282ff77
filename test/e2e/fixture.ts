/**
 * The set-up every end-to-end test file shares: its own test server (its own copy of the demo
 * database, see test/support/server.ts) and one headless Chromium, started before the file's
 * (or the describe block's) tests and stopped after them, and the server's log printed under a
 * test that failed. Call `useServerAndBrowser()` once at the top of a test file (or at the top of
 * a describe block that needs a server of its own) and gate the tests on `hasChromium`:
 *
 *   const e2e = useServerAndBrowser();
 *   describe.runIf(hasChromium)('…', () => {
 *     it('…', async () => {
 *       const { context, page } = await e2e.as('valmistelija'); // a new context, logged in
 *       await go(page, '/decisions');
 *       await expectNoAxeViolations(page, '/decisions');
 *       await context.close();
 *     });
 *   });
 *
 * `e2e.server` and `e2e.browser` are there once the block's beforeAll has run (inside tests and
 * the file's own beforeAll hooks, which run after this one).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { hasChromium, launchBrowser, reportMissingChromium } from '../support/browser';
import { type TestServer, startServer } from '../support/server';
import { loggedInPage, newPage } from './helpers';

export { hasChromium } from '../support/browser';

export interface PageOptions {
  javaScriptEnabled?: boolean;
  /** The viewport's width in px (1280 unless given; 375 is a phone). */
  width?: number;
}

export interface ServerAndBrowser {
  readonly server: TestServer;
  readonly browser: Browser;
  /** The server's base URL (http://127.0.0.1:port). */
  readonly url: string;
  /** A new context (own cookies), not logged in, Finnish locale. */
  page(options?: PageOptions): Promise<{ context: BrowserContext; page: Page }>;
  /** A new context logged in through the login form as `username` (the demo password `<username>-demo`). */
  as(username: string, options?: PageOptions): Promise<{ context: BrowserContext; page: Page }>;
}

/**
 * Registers the hooks that start a test server (with `env` added to its environment) and a
 * browser before the tests of the enclosing file or describe block and stop them after.
 */
export function useServerAndBrowser(env: Record<string, string> = {}): ServerAndBrowser {
  reportMissingChromium();
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const started = () => {
    if (!server || !browser) throw new Error('The test server and the browser start in beforeAll: use them inside a test or a hook');
    return { server, browser };
  };

  beforeAll(async () => {
    if (!hasChromium) return;
    // One after the other: on a loaded machine Chromium's launch slows the server's start past its limit.
    server = await startServer(env);
    browser = await launchBrowser();
  }, 60_000);

  afterEach((context) => {
    if (context.task.result?.state === 'fail' && server) console.log(`--- server log ---\n${server.logs().slice(-4000)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    browser = undefined;
    server = undefined;
  });

  return {
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
    get url() {
      return started().server.url;
    },
    page: (options = {}) => newPage(started().browser, { ...options, baseURL: started().server.url }),
    as: (username, options = {}) => loggedInPage(started().browser, started().server.url, username, options),
  };
}
