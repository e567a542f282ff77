import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { clickAndWait, login, settle, waitForHydration } from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const e2e = useServerAndBrowser();

const lang = (page: Page) => page.locator('html').getAttribute('lang');
const h1 = (page: Page) => page.locator('h1').innerText();

async function switchTo(page: Page, label: 'In English' | 'Suomeksi') {
  const before = page.url();
  await clickAndWait(page, () => page.getByRole('button', { name: label, exact: true }).click());
  await page.waitForFunction((want) => document.documentElement.lang === want, label === 'In English' ? 'en' : 'fi');
  // Back on the same page.
  expect(new URL(page.url()).pathname).toBe(new URL(before).pathname);
}

async function go(page: Page, path: string, js: boolean) {
  await page.goto(path);
  await waitForHydration(page, js);
}

describe.skipIf(!hasChromium)('language', () => {
  let context: BrowserContext | undefined;
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  for (const js of [true, false]) {
    const mode = js ? 'with JavaScript' : 'without JavaScript';

    it(`"In English" on the login page switches it to English, and it stays English on reload and after a failed login (${mode})`, async () => {
      const opened = await e2e.page({ javaScriptEnabled: js });
      context = opened.context;
      const page = opened.page;
      await go(page, '/login', js);
      expect(await lang(page)).toBe('fi');
      expect(await h1(page)).toBe('Kirjaudu sisään');
      expect(await page.getByRole('button', { name: 'Suomeksi' }).getAttribute('aria-pressed')).toBe('true');

      await switchTo(page, 'In English');
      expect(await lang(page)).toBe('en');
      expect(await h1(page)).toBe('Log in');
      expect(await page.locator('label[for="username"]').innerText()).toBe('User name');
      expect(await page.getByRole('button', { name: 'In English' }).getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByRole('button', { name: 'Suomeksi' }).getAttribute('aria-pressed')).toBe('false');
      // Each button names its language in that language.
      expect(await page.getByRole('button', { name: 'Suomeksi' }).getAttribute('lang')).toBe('fi');

      await go(page, '/login', js);
      expect(await lang(page)).toBe('en');
      expect(await h1(page)).toBe('Log in');

      await page.locator('#username').fill('valmistelija');
      await page.locator('#password').fill('wrong password');
      await clickAndWait(page, () => page.getByRole('button', { name: 'Log in', exact: true }).click());
      expect(await lang(page)).toBe('en');
      expect(await page.getByRole('alert').innerText()).toBe('The user name or password is wrong.');
    });

    it(`a logged-in official switches to English and it stays English across pages and the next login (${mode})`, async () => {
      // A different user for each run: the choice is stored on the account.
      const user = js ? 'valmistelija' : 'tekninen';
      const opened = await e2e.page({ javaScriptEnabled: js });
      context = opened.context;
      const page = opened.page;
      await login(page, user, `${user}-demo`, js);
      await go(page, '/decisions', js);
      expect(await lang(page)).toBe('fi');
      expect(await h1(page)).toBe('Omat esitykset');

      await switchTo(page, 'In English');
      expect(await lang(page)).toBe('en');
      expect(await h1(page)).toBe('My drafts');

      // Through the menu.
      const nav = page.getByRole('navigation', { name: 'Main menu' });
      await Promise.all([page.waitForURL(/\/decisions\/new$/), nav.getByRole('link', { name: 'New draft' }).click()]);
      await settle(page);
      expect(await lang(page)).toBe('en');
      expect(await h1(page)).toBe('New draft decision');
      expect(await page.locator('label[for="title"]').innerText()).toBe('Title');

      await Promise.all([page.waitForURL(/\/$/), nav.getByRole('link', { name: 'Home' }).click()]);
      await settle(page);
      expect(await lang(page)).toBe('en');
      expect(await h1(page)).toMatch(/^Welcome, /);

      // A fresh load from the server, then a new session: the choice is kept on the account.
      await go(page, '/decisions', js);
      expect(await lang(page)).toBe('en');
      await clickAndWait(page, () => page.getByRole('button', { name: 'Log out' }).click(), /\/login/);
      expect(await lang(page)).toBe('en');
      await login(page, user, `${user}-demo`, js);
      expect(await lang(page)).toBe('en');
      expect(await h1(page)).toMatch(/^Welcome, /);

      // And back.
      await switchTo(page, 'Suomeksi');
      expect(await lang(page)).toBe('fi');
      expect(await h1(page)).toMatch(/^Tervetuloa, /);
      await go(page, '/decisions', js);
      expect(await h1(page)).toBe('Omat esitykset');
    });
  }

  it('English chosen on the login page is still English after logging in', async () => {
    const opened = await e2e.page();
    context = opened.context;
    const page = opened.page;
    await go(page, '/login', true);
    await switchTo(page, 'In English');
    expect(await h1(page)).toBe('Log in');
    // esimies has never chosen a language.
    await login(page, 'esimies', 'esimies-demo', true);
    expect(await lang(page), 'the language chosen on the login page is lost at login').toBe('en');
    expect(await h1(page)).toMatch(/^Welcome, /);
  });
});
