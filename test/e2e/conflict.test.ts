import { describe, expect, it } from 'vitest';
import { COMPLETE_ANSWERS, byId, go, makeConflict, radioId, rationaleId, saveDraft, titleOf } from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const e2e = useServerAndBrowser();

describe.skipIf(!hasChromium)('two browsers, one assessment: no lost update', () => {
  for (const js of [true, false]) {
    const mode = js ? 'with JavaScript' : 'without JavaScript';
    it(`the second save gets the conflict page with both versions, keeps its input, and saves when sent again (${mode})`, async () => {
      const c = await makeConflict(e2e.browser, e2e.url, { javaScriptEnabled: js, title: `Kahden ikkunan arviointi (${js ? 'JS' : 'ei JS'})` });
      try {
        const b = c.page;
        expect(c.status, 'the second save from the same version is refused with 409').toBe(409);
        expect(b.url()).toMatch(new RegExp(`/decisions/${c.id}/checklist`));

        // --- The conflict section: who saved in between, and both versions side by side.
        const section = b.locator('section.conflict');
        expect(await section.count()).toBe(1);
        expect(await section.getAttribute('role')).toBe('alert');
        expect(await section.getByRole('heading', { level: 2 }).innerText()).toBe('Joku muu tallensi arvioinnin sillä välin');
        const intro = await section.locator('p').first().innerText();
        expect(intro).toContain('Veera Valmistelija');
        expect(intro).toMatch(/versiosta \d+/);
        expect(await section.locator('thead th').allInnerTexts()).toEqual(['Periaate', 'Sinun syötteesi', 'Tallennettu versio']);
        const rows = await section
          .locator('tbody tr')
          .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell as HTMLElement).innerText.trim())));
        const row = (key: 'pienuus' | 'vastavirta') => rows.find((r) => r[0] === titleOf(key));
        // B's own change: B's input beside the saved (unchanged) answer.
        expect(row('vastavirta'), 'the row of B’s change').toBeDefined();
        expect(row('vastavirta')![1]).toContain('+1 Vahvistaa jonkin verran');
        expect(row('vastavirta')![1]).toContain(c.loserText);
        expect(row('vastavirta')![2]).toContain('+2 Vahvistaa selvästi');
        expect(row('vastavirta')![2]).toContain(COMPLETE_ANSWERS.vastavirta.rationale);
        // A's change: the saved version shows it; B's input still has the old text.
        expect(row('pienuus'), 'the row of A’s change').toBeDefined();
        expect(row('pienuus')![1]).toContain(COMPLETE_ANSWERS.pienuus.rationale);
        expect(row('pienuus')![2]).toContain(c.winnerText);
        expect(rows, 'only the two principles that differ').toHaveLength(2);

        // --- Nothing typed is lost: B's input is still in the fields.
        expect(await b.locator(byId(radioId('vastavirta', '1'))).isChecked()).toBe(true);
        expect(await b.locator(byId(rationaleId('vastavirta'))).inputValue()).toBe(c.loserText);
        expect(await b.locator('.notice[role="status"]', { hasText: 'Luonnos on tallennettu' }).count(), 'no "saved" notice').toBe(0);

        // --- Nothing of B's was written: the assessment page shows A's version.
        const saved = await c.winner.context().newPage();
        await go(saved, `/decisions/${c.id}`);
        const item = (key: 'pienuus' | 'vastavirta') =>
          saved.locator('section[aria-labelledby="answers-title"] li.answer-list__item', {
            has: saved.getByRole('heading', { name: titleOf(key), exact: true }),
          });
        expect(await item('pienuus').innerText()).toContain(c.winnerText);
        expect(await item('vastavirta').innerText()).not.toContain(c.loserText);

        // --- B saves again: B's change is saved.
        expect(await saveDraft(b), 'saving again after seeing the conflict').toBeLessThan(400);
        expect(b.url()).toMatch(new RegExp(`/decisions/${c.id}/checklist\\?notice=draftSaved`));
        expect(await b.locator('section.conflict').count()).toBe(0);
        expect(await b.locator(byId(rationaleId('vastavirta'))).inputValue()).toBe(c.loserText);

        await go(saved, `/decisions/${c.id}`);
        expect(await item('vastavirta').innerText()).toContain(c.loserText);
        expect(await item('vastavirta').innerText()).toContain('Vahvistaa jonkin verran');
      } finally {
        for (const ctx of c.contexts) await ctx.close();
      }
    });
  }
});
