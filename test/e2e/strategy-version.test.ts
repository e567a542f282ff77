/**
 * A new strategy version, in Chromium as people would do it: the admin copies the strategy, adds
 * "Avoin" to the operating mode in a version valid from next January, previews and activates it
 * (JavaScript on); an official (JavaScript off) then gets 8 principles for a February meeting and
 * 7 for a December one; once both are approved, the report spanning both shows "Avoin" only from
 * January. The strategy pages are checked with axe and at 375 px.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  COMPLETE_ANSWERS,
  answer,
  clickAndWait,
  createDraftOn,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  fiDate,
  fillAnswers,
  follow,
  go,
  review,
  submitChecklist,
} from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const e2e = useServerAndBrowser();

const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric' }).format(new Date()));
const NEW_YEAR = `${year + 1}-01-01`;

/** The scored principles' scale fieldsets on the open checklist or preview. */
const scaleCount = (page: Page) => page.locator('fieldset.scale').count();

describe.runIf(hasChromium)('a new strategy version, as an admin and an official would use it', () => {
  let versionUrl = '';

  it('the admin copies the version, adds "Avoin", previews and activates it', async () => {
    const { page, context } = await e2e.as('paakayttaja');
    await go(page, '/admin');
    await follow(page, () => page.getByRole('link', { name: 'Kuntastrategia' }).first().click(), /\/admin\/strategy$/);
    // axe on /admin/strategy as the admin: every-page.test.ts (admin.strategy._index.tsx).
    await clickAndWait(page, () => page.locator('button[value="copy"]').first().click(), /\/admin\/strategy\/\d+\?notice=strategyCopied/);
    versionUrl = new URL(page.url()).pathname;
    expect(await page.locator('#validFrom').inputValue()).toBe(fiDate(NEW_YEAR));
    await page.locator('#name').fill('Kuntastrategia, päivitetty');
    await clickAndWait(page, () => page.getByRole('button', { name: 'Tallenna tiedot' }).click(), /notice=strategySaved/);
    await expectNoAxeViolations(page, 'strategy version page');

    await follow(page, () => page.getByRole('link', { name: /^\+ Lisää periaate ulottuvuuteen Kunnan toimintatapa/ }).click(), /\/principles\/new/);
    await expectNoAxeViolations(page, 'new principle form');
    // Saving without a title: the message at the field, the typed text kept.
    await page.locator('#description').fill('Kunta valmistelee asiat avoimesti.');
    await clickAndWait(page, () => page.getByRole('button', { name: 'Tallenna' }).click());
    expect(await page.locator('#title-error').textContent()).toBe('Tämä kenttä on pakollinen.');
    expect(await page.locator('#description').inputValue()).toBe('Kunta valmistelee asiat avoimesti.');
    await expectNoAxeViolations(page, 'principle form with an error');
    await page.locator('#title').fill('Avoin');
    await page.locator('#guidingQuestions').fill('Kerrotaanko valmistelusta kuntalaisille?\nVoivatko asianosaiset osallistua?');
    await clickAndWait(page, () => page.getByRole('button', { name: 'Tallenna' }).click(), /notice=strategySaved/);
    expect(await page.locator('.strategy-principles li strong', { hasText: 'Avoin' }).count()).toBe(1);

    await follow(page, () => page.getByRole('link', { name: 'Esikatsele tarkistuslistaa' }).click(), /\/preview$/);
    expect(await scaleCount(page)).toBe(8);
    expect(await page.locator('#p-avoin').textContent()).toBe('Avoin');
    await expectNoAxeViolations(page, 'checklist preview');

    await go(page, versionUrl);
    await follow(page, () => page.getByRole('link', { name: 'Ota käyttöön' }).click(), /confirm=activate/);
    await clickAndWait(page, () => page.getByRole('button', { name: 'Kyllä' }).click(), /notice=strategyActivated/);
    expect(await page.locator('.notice').first().textContent()).toContain('Versio on otettu käyttöön');
    await context.close();
  });

  it('the strategy pages fit a 375 px wide phone', async () => {
    const { page, context } = await e2e.as('paakayttaja', { width: 375 });
    for (const path of ['/admin/strategy', versionUrl, `${versionUrl}/preview`]) {
      await go(page, path);
      await expectNoHorizontalScroll(page, path);
    }
    await context.close();
  });

  it('an official without JavaScript gets 8 principles for February and 7 for December; the report shows "Avoin" only from January', async () => {
    const { page, context } = await e2e.as('valmistelija', { javaScriptEnabled: false });
    const february = await createDraftOn(page, 'Kirjaston aukioloajat helmikuusta', `${year + 1}-02-09`);
    expect(await scaleCount(page)).toBe(8);
    await fillAnswers(page, COMPLETE_ANSWERS);
    await answer(page, 'avoin', { answer: '2', rationale: 'Aukioloajoista kysyttiin kuntalaisilta.' });
    await submitChecklist(page, february);

    const december = await createDraftOn(page, 'Joulukuun esitys ilman uutta periaatetta', `${year}-12-15`);
    expect(await scaleCount(page)).toBe(7);
    await fillAnswers(page, COMPLETE_ANSWERS);
    await submitChecklist(page, december);
    await context.close();

    const manager = await e2e.as('esimies');
    for (const id of [february, december]) await review(manager.page, id, { outcome: 'approve' });
    await manager.context.close();

    const admin = await e2e.as('paakayttaja');
    await go(admin.page, `/report?from=${fiDate(`${year}-12-01`)}&to=${fiDate(`${year + 1}-02-28`)}`);
    const row = admin.page.locator('tr[data-principle="avoin"] th');
    expect((await row.textContent())?.replace(/\s+/g, ' ').trim()).toBe(`Avoin (${fiDate(NEW_YEAR)} alkaen)`);
    await go(admin.page, `/report?from=${fiDate(`${year}-09-01`)}&to=${fiDate(`${year}-12-31`)}`);
    expect(await admin.page.locator('tr[data-principle="avoin"]').count()).toBe(0);
    expect(await admin.page.locator('tr[data-principle="pienuus"]').count()).toBe(1);
    await admin.context.close();
  });
});
