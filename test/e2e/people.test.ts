/**
 * People: an admin creates a user in a browser, with JavaScript on and off, on a
 * phone-sized screen; the form's errors are shown and read out; the new user logs in with the
 * temporary password shown once and must change it before going on.
 */
import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { clickAndWait, expectNoAxeViolations, expectNoHorizontalScroll, login, waitForHydration } from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const e2e = useServerAndBrowser();

describe.skipIf(!hasChromium)('people', () => {
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  for (const js of [true, false]) {
    const mode = js ? 'with JavaScript' : 'without JavaScript';
    const username = js ? 'selain.js' : 'selain.nojs';

    it(`an admin creates a user, who logs in and must change the temporary password (${mode})`, async () => {
      const adminSide = await e2e.page({ javaScriptEnabled: js, width: 375 });
      contexts.push(adminSide.context);
      const page = adminSide.page;
      await login(page, 'paakayttaja', 'paakayttaja-demo', js);
      await page.goto('/admin/users');
      await waitForHydration(page, js);
      if (js) await expectNoAxeViolations(page, 'users list');
      if (js) await expectNoHorizontalScroll(page, 'users list');
      // The count line after hydration: "1–N" from the loader's numbers (it once read NaN–NaN in the browser).
      const shown = ((await page.locator('.table-count').textContent()) ?? '').replace(/\s+/g, ' ');
      expect(shown).not.toContain('NaN');
      expect(shown).toMatch(/1–\d+/);
      await page.getByRole('link', { name: 'Lisää käyttäjä' }).first().click();
      await page.waitForURL(/\/admin\/users\/new$/);
      await waitForHydration(page, js);

      // First without a role: the error is at the roles, in the summary, and what was typed stays.
      await page.getByLabel('Käyttäjätunnus').fill(username);
      await page.getByLabel('Nimi', { exact: true }).fill('Selma Selain');
      await page.getByRole('group', { name: 'Hallintokunnat, joissa työskentelee' }).getByLabel('Sivistystoimi').check();
      await clickAndWait(page, () => page.getByRole('button', { name: 'Luo käyttäjä' }).click());
      await expect.poll(() => page.locator('#roles-error').innerText()).toContain('Valitse vähintään yksi rooli.');
      expect(await page.locator('.error-summary').innerText()).toContain('Roolit: Valitse vähintään yksi rooli.');
      expect(await page.getByLabel('Käyttäjätunnus').inputValue()).toBe(username);
      expect(await page.getByLabel('Nimi', { exact: true }).inputValue()).toBe('Selma Selain');
      if (js) await expectNoAxeViolations(page, 'create form with errors');
      if (js) await expectNoHorizontalScroll(page, 'create form with errors');

      await page.getByRole('checkbox', { name: 'Valmistelija' }).check();
      await clickAndWait(page, () => page.getByRole('button', { name: 'Luo käyttäjä' }).click());
      await page.getByRole('heading', { name: 'Käyttäjä luotu' }).waitFor();
      const password = (await page.locator('#temporary-password').innerText()).trim();
      expect(password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
      expect(page.url()).not.toContain(password);
      if (js) await expectNoAxeViolations(page, 'user created');

      // The new user, in their own browser.
      const userSide = await e2e.page({ javaScriptEnabled: js, width: 375 });
      contexts.push(userSide.context);
      const user = userSide.page;
      // Logging in on the way to /decisions: the temporary password leads to /password first.
      await user.goto('/login?redirectTo=%2Fdecisions');
      await waitForHydration(user, js);
      await user.locator('#username').fill(username);
      await user.locator('#password').fill(password);
      await clickAndWait(user, () => user.getByRole('button', { name: 'Kirjaudu' }).click(), /\/password\?redirectTo=%2Fdecisions$/);
      if (js) await expectNoAxeViolations(user, 'forced password change');
      await user.getByLabel('Nykyinen salasana').fill(password);
      await user.getByLabel('Uusi salasana', { exact: true }).fill('liian lyhyt');
      await user.getByLabel('Uusi salasana uudelleen').fill('liian lyhyt');
      await clickAndWait(user, () => user.getByRole('button', { name: 'Vaihda salasana' }).click());
      await expect.poll(() => user.locator('#newPassword-error').innerText()).toContain('vähintään 12 merkkiä');
      expect(await user.getByLabel('Nykyinen salasana').inputValue()).toBe('');
      await user.getByLabel('Nykyinen salasana').fill(password);
      await user.getByLabel('Uusi salasana', { exact: true }).fill('selaimen oma salasana');
      await user.getByLabel('Uusi salasana uudelleen').fill('selaimen oma salasana');
      await clickAndWait(user, () => user.getByRole('button', { name: 'Vaihda salasana' }).click(), /\/decisions$/);
      expect(new URL(user.url()).pathname).toBe('/decisions');

      // The admin deactivates the user through the confirmation step; the user's next page is the login.
      await page.getByRole('link', { name: 'Avaa käyttäjän tiedot' }).click();
      await page.getByRole('heading', { level: 1, name: 'Selma Selain' }).waitFor();
      await waitForHydration(page, js);
      if (js) await expectNoAxeViolations(page, 'user page');
      if (js) await expectNoHorizontalScroll(page, 'user page');
      await page.getByRole('link', { name: 'Poista käytöstä…' }).click();
      await page.getByRole('button', { name: 'Kyllä, poista käytöstä' }).waitFor();
      if (js) await expectNoAxeViolations(page, 'deactivation confirmation');
      await clickAndWait(page, () => page.getByRole('button', { name: 'Kyllä, poista käytöstä' }).click(), /notice=userDeactivated$/);
      await expect.poll(() => page.locator('.notice').first().innerText()).toContain('Käyttäjä on poistettu käytöstä');
      await user.reload();
      await user.waitForURL(/\/login\?/);
    }, 120_000);
  }
});
