import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  byId,
  clickAndWait,
  createSubmitted,
  dateFromToday,
  fiDate,
  fillAndRecordDecision,
  fillAndSendReview,
  follow,
  go,
  radioId,
  rationaleId,
  submitChecklist,
  titleOf,
} from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const e2e = useServerAndBrowser();

const badge = (page: Page) => page.locator('.page__header .badge').innerText();
const h1 = (page: Page) => page.locator('h1').innerText();
const notice = (page: Page) => page.locator('.notice[role="status"]').first().innerText();

/** "In English" in the header; the choice is kept on the account. */
async function toEnglish(page: Page) {
  await clickAndWait(page, () => page.getByRole('button', { name: 'In English', exact: true }).click());
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}

/**
 * Each mode uses its own pair of users (the language is stored on the account): the official and
 * the manager who leads the official's department.
 */
const CASES = [
  { js: true, official: 'valmistelija', officialName: 'Veera Valmistelija', manager: 'esimies', managerName: 'Eero Esimies', department: 'Sivistystoimi' },
  { js: false, official: 'tekninen', officialName: 'Toni Tekninen', manager: 'johtaja', managerName: 'Jaana Johtaja', department: 'Tekninen toimi' },
];

describe.skipIf(!hasChromium)('the review round in English', () => {
  for (const c of CASES) {
    const mode = c.js ? 'with JavaScript' : 'without JavaScript';
    it(`return, revision, approval and the decision, in English (${mode})`, async () => {
      const contexts: BrowserContext[] = [];
      try {
        const official = await e2e.as(c.official, { javaScriptEnabled: c.js });
        contexts.push(official.context);
        const manager = await e2e.as(c.manager, { javaScriptEnabled: c.js });
        contexts.push(manager.context);
        const o = official.page;
        const m = manager.page;

        const title = `Kirjaston lehtitilausten uusiminen (${c.js ? 'EN, JS' : 'EN, ei JS'})`;
        const id = await createSubmitted(o, title, dateFromToday(30));

        // --- The manager's queue, in English.
        await go(m, '/reviews');
        await toEnglish(m);
        expect(await h1(m)).toBe('Assessments to review');
        const navLink = m.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: /^To review/ });
        expect(await navLink.locator('.visually-hidden').innerText()).toMatch(/^\(\d+ to review\)$/);
        const row = m.locator('tbody tr', { has: m.getByRole('link', { name: title, exact: true }) });
        expect(await row.innerText()).toContain(c.department);
        await follow(m, () => row.getByRole('link', { name: title, exact: true }).click(), new RegExp(`/decisions/${id}/review$`));

        // --- The review page.
        expect(await h1(m)).toContain('Review of the assessment');
        expect(await badge(m)).toBe('Submitted for review');
        expect(await m.locator('label[for="comment"]').innerText()).toContain('Overall comment');
        expect(await m.locator(`label[for="principleComments.pienuus"]`).innerText()).toContain(`Comment on “${titleOf('pienuus')}”`);
        expect(await m.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(1);

        // Returning without the overall comment: the error, in English.
        await m.locator(byId('principleComments.pienuus')).fill('Explain the effect on the villages.');
        await clickAndWait(m, () => m.getByRole('button', { name: 'Return for correction', exact: true }).click());
        expect(m.url()).toMatch(new RegExp(`/decisions/${id}/review$`));
        expect(await m.locator('.error-summary h2').innerText()).toBe('There is something to correct in the form');
        expect(await m.locator('#comment-error').innerText()).toBe('Tell the author what needs to be corrected.');
        expect(await m.locator('#comment').getAttribute('aria-invalid')).toBe('true');
        // What was typed is still there.
        expect(await m.locator(byId('principleComments.pienuus')).inputValue()).toBe('Explain the effect on the villages.');

        // --- Return.
        await fillAndSendReview(m, id, { outcome: 'return', comment: 'Please justify the answer on smallness.' });
        expect(await notice(m)).toBe('The assessment has been returned to the author for correction.');
        expect(await badge(m)).toBe('Returned');

        // --- The official, in English: the returned assessment and the comment beside the answer.
        await go(o, `/decisions/${id}`);
        await toEnglish(o);
        expect(await badge(o)).toBe('Returned');
        expect(await o.locator('.notice--warning').innerText()).toContain(`Returned by ${c.managerName} on `);
        expect(await o.locator('.notice--warning').innerText()).toContain('Please justify the answer on smallness.');
        await follow(o, () => o.getByRole('link', { name: 'Continue the strategy assessment' }).click(), new RegExp(`/decisions/${id}/checklist$`));
        expect(await o.locator('.notice--warning[role="status"]', { hasText: 'returned' }).innerText()).toContain(
          'Your manager returned the assessment for correction.',
        );
        const comment = o.locator('article.principle[aria-labelledby="p-pienuus"] .review-comment');
        expect(await comment.innerText()).toContain('Reviewer’s comment');
        expect(await comment.innerText()).toContain('Explain the effect on the villages.');
        await o.locator(byId(radioId('pienuus', '2'))).check();
        await o.locator(byId(rationaleId('pienuus'))).fill('Every village gets the same magazines through one shared order.');
        await submitChecklist(o, id);
        expect(await notice(o)).toBe('The assessment has been submitted for review.');
        expect(await badge(o)).toBe('Submitted for review');

        // --- Approve, in English.
        await go(m, `/decisions/${id}`);
        await follow(m, () => m.getByRole('link', { name: 'Review the assessment' }).click(), new RegExp(`/decisions/${id}/review$`));
        await fillAndSendReview(m, id, { outcome: 'approve' });
        expect(await notice(m)).toBe('The assessment has been approved.');
        expect(await badge(m)).toBe('Approved');
        expect(await m.locator('.review-list').innerText()).toContain(`Approved by ${c.managerName} on `);

        // --- The decision, in English.
        await go(o, `/decisions/${id}`);
        await follow(o, () => o.getByRole('link', { name: 'Record the decision' }).click(), new RegExp(`/decisions/${id}/decision$`));
        expect(await h1(o)).toContain('Record the decision');
        const date = fiDate(dateFromToday(31));
        await fillAndRecordDecision(o, id, { outcome: 'amended', section: '12', meetingDate: date });
        expect(await notice(o)).toBe('The decision has been recorded. The assessment is now frozen.');
        expect(await badge(o)).toBe('Decided');
        expect(await o.locator('.decided__text').innerText()).toBe(`Approved as amended, § 12, ${date}`);
        expect(await o.locator('section.decided').innerText()).toContain('The decision has been recorded, so the assessment can no longer be changed.');

        // --- The history, in English.
        await follow(o, () => o.getByRole('link', { name: 'Version history' }).click(), new RegExp(`/decisions/${id}/history`));
        const events = await o.locator('table').first().locator('tbody tr td:nth-child(2)').allInnerTexts();
        // Newest first.
        expect(events).toEqual(['Decision recorded', 'Approved', 'Submitted for review', 'Returned for correction', 'Submitted for review', 'Created']);
      } finally {
        for (const ctx of contexts) await ctx.close();
      }
    });
  }
});
