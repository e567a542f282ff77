/**
 * Finnish has long compound words. On a phone a list row must break one rather than push the
 * page sideways: found with the benchmark's data ("Kaupunkiympäristölautakunta", issue 7), where
 * the stacked tables of the queue, the archive and "all decisions" were wider than 375 px.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { hasChromium, launchBrowser, reportMissingChromium } from '../support/browser';
import { type TestServer, startServer } from '../support/server';
import { createDraft, expectNoHorizontalScroll, login, newPage, waitForHydration } from './helpers';

reportMissingChromium();

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!hasChromium)('a long compound word on a phone', () => {
  it('breaks inside the stacked list rows of the official and of the manager, at 375 px', async () => {
    const title = 'Kaupunkiympäristölautakunnanpöytäkirjantarkastajienvalintamenettely';
    const official = await newPage(browser, { baseURL: server.url, javaScriptEnabled: true, width: 375 });
    await login(official.page, 'valmistelija');
    await createDraft(official.page, title);
    await official.page.goto('/decisions');
    await waitForHydration(official.page, true);
    await expectNoHorizontalScroll(official.page, 'own decisions with a long title');
    await official.context.close();

    const manager = await newPage(browser, { baseURL: server.url, javaScriptEnabled: false, width: 375 });
    await login(manager.page, 'esimies', 'esimies-demo', false);
    await manager.page.goto('/decisions/all');
    await expectNoHorizontalScroll(manager.page, 'all decisions with a long title');
    await manager.context.close();
  });
});
