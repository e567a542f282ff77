/**
 * The group member runs a whole evaluation round in the browser, with
 * JavaScript on and with it off: opens a round for 1.9.2025–31.8.2026, writes a text, opens the
 * management-team survey; a manager answers and sends; the group sees the answer, writes the
 * summary and marks the round sent to the board, after which the page is frozen; then the group
 * opens the report of the same period and finds the distribution chart. Every page passes axe
 * (WCAG 2.1 A and AA; with JavaScript on, where axe runs) and does not scroll sideways at 375 px.
 *
 * Each mode runs on its own server (its own copy of the demo database): a period has one round.
 */
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server';
import { byId, clickAndWait, expectNoAxeViolations, expectNoHorizontalScroll, go, settle } from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const FROM = '2025-09-01';
const TO = '2026-08-31';

function dbGet<T>(server: TestServer, sql: string, ...params: unknown[]): T | undefined {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.close();
  }
}

const badge = (page: Page) => page.locator('.page__header .badge').innerText();

for (const js of [true, false]) {
  describe.skipIf(!hasChromium)(`the group runs an evaluation round in the browser (JavaScript ${js ? 'on' : 'off'})`, () => {
    const e2e = useServerAndBrowser();
    const mode = js ? 'JS' : 'ilman JS:ää';

    /**
     * axe (WCAG 2.1 A and AA) on the page as it is now. axe-core runs in the page, so only with
     * JavaScript: without it the flow reaches the same pages in the same states, which the
     * JavaScript-on pass has checked (the server renders them the same).
     */
    async function axe(page: Page, where: string) {
      if (js) await expectNoAxeViolations(page, where);
    }

    it('opens the round, writes, runs the survey with a manager, sends the summary (frozen) and reads the report; axe and 375 px on every page', async () => {
      const group = await e2e.as('elinvoima', { javaScriptEnabled: js });
      const manager = await e2e.as('esimies', { javaScriptEnabled: js });
      for (const p of [group.page, manager.page]) p.on('dialog', (d) => void d.accept());
      const g = group.page;
      const m = manager.page;
      const groupText = `Pienuuteen on tukeuduttu omatoimikirjastossa (${mode}).`;
      const managerText = `Johtoryhmä: pienuus näkyy nopeina päätöksinä (${mode}).`;
      const summary = `Strategia toteutui parhaiten ennakoinnissa (${mode}).`;
      const proposals = `Lisätään toimintatapoihin periaate ”avoin” (${mode}).`;

      // 1. Open a round for 1.9.2025–31.8.2026.
      await go(g, '/evaluation');
      await g.locator('#from').fill('1.9.2025');
      await g.locator('#to').fill('31.8.2026');
      await clickAndWait(g, () => g.getByRole('button', { name: 'Avaa kierros' }).click(), /\/evaluation\/\d+$/);
      await settle(g);
      const roundId = Number(/\/evaluation\/(\d+)/.exec(g.url())![1]);
      expect(await g.locator('h1').innerText()).toBe('Arviointikierros 2026');
      expect(await badge(g)).toBe('Avoin');
      expect(
        dbGet<{ period_from: string; period_to: string }>(e2e.server, 'SELECT period_from, period_to FROM evaluation_rounds WHERE id = ?', roundId),
      ).toEqual({
        period_from: FROM,
        period_to: TO,
      });
      await axe(g, 'the open round page');

      // 2. Write a text and save it.
      await g.locator(byId('q.pienuus:1')).fill(groupText);
      await clickAndWait(g, () => g.getByRole('button', { name: 'Tallenna vastaukset' }).click(), /notice=evaluationSaved/);
      await settle(g);
      expect(await g.locator('.notice').first().innerText()).toContain('Tallennettu');
      await go(g, `/evaluation/${roundId}`);
      expect(await g.locator(byId('q.pienuus:1')).inputValue(), 'the text is there after a reload').toBe(groupText);

      // 3. Open the survey.
      await clickAndWait(g, () => g.getByRole('button', { name: 'Avaa kysely' }).click(), /notice=evaluationSaved/);
      await settle(g);
      expect(await g.locator('#survey').innerText()).toContain('Kysely on auki');

      // 4. The manager finds the survey, saves a draft, then sends.
      await go(m, '/survey');
      await axe(m, '/survey');
      await Promise.all([m.waitForURL(new RegExp(`/survey/${roundId}$`)), m.getByRole('link', { name: 'Arviointikierros 2026' }).click()]);
      await settle(m);
      await axe(m, 'the survey form');
      await m.locator(byId('q.pienuus:1')).fill(`Luonnos: ${managerText}`);
      await clickAndWait(m, () => m.getByRole('button', { name: 'Tallenna luonnos' }).click(), /notice=surveySaved/);
      await settle(m);
      expect(await m.locator(byId('q.pienuus:1')).inputValue()).toBe(`Luonnos: ${managerText}`);
      // A draft is not an answer for the group.
      await go(g, `/evaluation/${roundId}`);
      expect(await g.locator('#survey').innerText()).toContain('Eero Esimies: Luonnos, ei lähetetty');
      expect(await g.locator('main').innerText()).not.toContain(managerText);

      await m.locator(byId('q.pienuus:1')).fill(managerText);
      await clickAndWait(m, () => m.getByRole('button', { name: 'Lähetä vastaukset' }).click(), /notice=surveySent/);
      await settle(m);
      expect(await m.locator('main').innerText()).toContain('Vastauksesi on lähetetty');
      expect(await m.locator('textarea').count(), 'a sent response is read-only').toBe(0);
      expect(await m.locator(byId('q.pienuus:1')).innerText()).toBe(managerText);
      await axe(m, 'the sent survey');

      // 5. The group sees the manager's answer beside the question, and who has answered.
      await go(g, `/evaluation/${roundId}`);
      const question = g.locator('.question', { has: g.locator(byId('q.pienuus:1')) });
      expect(await question.locator('.survey-answers').innerText()).toContain(`Eero Esimies: ${managerText}`);
      const respondents = await g.locator('#survey').innerText();
      expect(respondents).toMatch(/Eero Esimies: Vastannut \d{1,2}\.\d{1,2}\.\d{4}/);
      expect(respondents).toContain('Jaana Johtaja: Ei vastannut');

      // 6. The summary.
      await g.locator('#summary-text').fill(summary);
      await g.locator('#proposals').fill(proposals);
      await clickAndWait(g, () => g.getByRole('button', { name: 'Tallenna yhteenveto' }).click(), /notice=evaluationSaved/);
      await settle(g);
      await go(g, `/evaluation/${roundId}`);
      expect(await g.locator('#summary-text').inputValue()).toBe(summary);
      expect(await g.locator('#proposals').inputValue()).toBe(proposals);

      // 7. Sent to the municipal board: the round is frozen.
      await g.locator('#sentOn').fill('15.8.2026');
      await clickAndWait(g, () => g.getByRole('button', { name: 'Merkitse lähetetyksi kunnanhallitukselle' }).click(), /notice=evaluationSaved/);
      await settle(g);
      expect(await badge(g)).toBe('Lähetetty kunnanhallitukselle');
      expect(dbGet<{ status: string; sent_on: string }>(e2e.server, 'SELECT status, sent_on FROM evaluation_rounds WHERE id = ?', roundId)).toEqual({
        status: 'sent',
        sent_on: '2026-08-15',
      });
      const main = await g.locator('main').innerText();
      expect(main).toContain('Kierros on lähetetty');
      expect(main).toContain('Lähetetty kunnanhallitukselle 15.8.2026');
      expect(await g.locator('textarea[id^="q."]').count(), 'no text fields for the questions').toBe(0);
      expect(await g.locator(byId('q.pienuus:1')).innerText()).toBe(groupText);
      expect(await g.locator('#summary-text').getAttribute('readonly'), 'the summary is read-only').not.toBeNull();
      expect(await g.locator('#proposals').getAttribute('readonly'), 'the proposals are read-only').not.toBeNull();
      for (const name of ['Tallenna vastaukset', 'Tallenna yhteenveto', 'Avaa kysely', 'Sulje kysely', 'Merkitse lähetetyksi kunnanhallitukselle']) {
        expect(await g.getByRole('button', { name }).count(), `no "${name}" button on a sent round`).toBe(0);
      }
      await axe(g, 'the sent round page');

      // The manager's survey is closed now.
      await go(m, `/survey/${roundId}`);
      expect(await m.locator('textarea').count()).toBe(0);

      // 8. The report of the same period, from the round's link: the distribution chart is there.
      await Promise.all([g.waitForURL(/\/report\?/), g.getByRole('link', { name: 'Luvut raportissa' }).click()]);
      await settle(g);
      const url = new URL(g.url());
      expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual([FROM, TO]);
      const chart = g.getByRole('img', { name: /^Vastausten jakauma periaatteittain/ });
      await chart.first().waitFor();
      expect(await chart.count(), 'one distribution chart').toBe(1);
      expect(await chart.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
      expect(await chart.isVisible()).toBe(true);
      expect(await chart.locator('rect').count(), 'the chart has bars').toBeGreaterThan(0);
      await axe(g, '/report');

      // The list of rounds.
      await go(g, '/evaluation');
      expect(await g.getByRole('link', { name: 'Arviointikierros 2026' }).count()).toBe(1);
      await axe(g, '/evaluation');

      await group.context.close();
      await manager.context.close();

      // 9. At 375 px no page scrolls sideways.
      const narrowGroup = await e2e.as('elinvoima', { javaScriptEnabled: js, width: 375 });
      const narrowManager = await e2e.as('esimies', { javaScriptEnabled: js, width: 375 });
      for (const path of ['/evaluation', `/evaluation/${roundId}`, `/report?from=${FROM}&to=${TO}`]) {
        await go(narrowGroup.page, path);
        await expectNoHorizontalScroll(narrowGroup.page, path);
      }
      for (const path of ['/survey', `/survey/${roundId}`]) {
        await go(narrowManager.page, path);
        await expectNoHorizontalScroll(narrowManager.page, path);
      }
      await narrowGroup.context.close();
      await narrowManager.context.close();
    }, 180_000);

    it('the open round page and an open survey form at 375 px: no sideways scrolling, no axe violations', async () => {
      // A round of another period, left open with its survey open, so that the editable forms are checked too.
      const group = await e2e.as('elinvoima', { javaScriptEnabled: js, width: 375 });
      const manager = await e2e.as('esimies', { javaScriptEnabled: js, width: 375 });
      const g = group.page;
      const m = manager.page;
      await go(g, '/evaluation');
      await g.locator('#from').fill('1.9.2024');
      await g.locator('#to').fill('31.8.2025');
      await clickAndWait(g, () => g.getByRole('button', { name: 'Avaa kierros' }).click(), /\/evaluation\/\d+$/);
      await settle(g);
      const roundId = Number(/\/evaluation\/(\d+)/.exec(g.url())![1]);
      await expectNoHorizontalScroll(g, 'the open round page');
      await clickAndWait(g, () => g.getByRole('button', { name: 'Avaa kysely' }).click(), /notice=evaluationSaved/);
      await settle(g);
      await expectNoHorizontalScroll(g, 'the round page with the survey open');
      await axe(g, 'the round page with the survey open (375 px)');
      await go(m, `/survey/${roundId}`);
      expect(await m.locator('textarea').count(), 'the survey form is open').toBeGreaterThan(0);
      await expectNoHorizontalScroll(m, 'the open survey form');
      await axe(m, 'the open survey form (375 px)');
      await group.context.close();
      await manager.context.close();
    }, 120_000);
  });
}
