import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  type Answer,
  COMPLETE_ANSWERS,
  PRINCIPLE_KEYS,
  type PrincipleKey,
  byId,
  createDraftOn,
  dateFromToday,
  fiDate,
  fillAndCreateDecision,
  fillAndRecordDecision,
  fillAndSendReview,
  fillAnswers,
  follow,
  go,
  navReviewCount,
  radioId,
  rationaleId,
  settle,
  submitChecklist,
  titleOf,
} from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const e2e = useServerAndBrowser();

const badge = (page: Page) => page.locator('.page__header .badge').innerText();
const h1 = (page: Page) => page.locator('h1').innerText();
const notice = (page: Page) => page.locator('.notice[role="status"]').first().innerText();

/** The article of one principle on the checklist or the review page. */
const checklistArticle = (page: Page, key: PrincipleKey) => page.locator(`article.principle[aria-labelledby="p-${key}"]`);
const reviewArticle = (page: Page, key: PrincipleKey) => page.locator(`article.principle[aria-labelledby="rp-${key}"]`);
const answerItem = (page: Page, key: PrincipleKey) =>
  page.locator('section[aria-labelledby="answers-title"] li.answer-list__item', {
    has: page.getByRole('heading', { name: titleOf(key), exact: true }),
  });

interface Round {
  js: boolean;
  title: string;
  meetingDate: string;
  urgent: boolean;
  /** The principle the manager comments on, and what the official changes it to. */
  commented: PrincipleKey;
  revised: Answer;
  principleComment: string;
  overallComment: string;
  approveComment: string;
  record: { outcome: 'amended' | 'approved'; outcomeLabel: string; section: string; meetingDate: string };
}

const ROUNDS: Round[] = [
  {
    js: true,
    title: 'Koulun liikuntasalin vuorojen uudistus (kierros, JS)',
    // Within 7 days: urgent in the queue.
    meetingDate: dateFromToday(3),
    urgent: true,
    commented: 'pienuus',
    revised: { answer: '2', rationale: 'Vuorot jaetaan suoraan seurojen kanssa ilman välikäsiä, mikä on pienen kunnan etu.' },
    principleComment: 'Perustele tarkemmin, miten pienuus näkyy vuorojen jaossa.',
    overallComment: 'Hyvä alku. Tarkenna periaatteen Pienuus on vahvuus perustelua.',
    approveComment: 'Nyt perustelut ovat selvät.',
    record: { outcome: 'amended', outcomeLabel: 'Hyväksytty muutettuna', section: '45', meetingDate: fiDate(dateFromToday(4)) },
  },
  {
    js: false,
    title: 'Nuorisotilan aukiolon laajentaminen (kierros, ei JS)',
    meetingDate: dateFromToday(25),
    urgent: false,
    commented: 'verkostot',
    revised: { answer: '2', rationale: 'Nuorisotilaa pyöritetään yhdessä seurakunnan ja kyläyhdistyksen kanssa.' },
    principleComment: 'Ketkä ovat yhteistyökumppanit? Nimeä ne.',
    overallComment: 'Täydennä verkostojen perustelu ja lähetä uudelleen.',
    approveComment: '',
    record: { outcome: 'approved', outcomeLabel: 'Hyväksytty', section: '112', meetingDate: fiDate(dateFromToday(25)) },
  },
];

function runRound(r: Round) {
  const mode = r.js ? 'with JavaScript' : 'without JavaScript';
  it(`official submits → manager returns with comments → official revises → manager approves → decision recorded → frozen, with history (${mode})`, async () => {
    const contexts: BrowserContext[] = [];
    try {
      const official = await e2e.as('valmistelija', { javaScriptEnabled: r.js });
      contexts.push(official.context);
      const manager = await e2e.as('esimies', { javaScriptEnabled: r.js });
      contexts.push(manager.context);
      // An official of another department: sees the assessment only once it is decided.
      const colleague = await e2e.as('tekninen', { javaScriptEnabled: r.js });
      contexts.push(colleague.context);
      const o = official.page;
      const m = manager.page;
      const t = colleague.page;

      // The manager's menu has "Tarkastettavat"; the official's does not.
      await go(m, '/');
      const countBefore = await navReviewCount(m);
      expect(await o.locator('nav.main-nav a[href="/reviews"]').count(), 'an official has no review queue').toBe(0);

      // --- 1. The official creates and submits a complete assessment.
      const id = await createDraftOn(o, r.title, r.meetingDate, 'VES/77/2026');
      await settle(o);
      await fillAnswers(o);
      await o.locator('#project-jalkauttaminen').check();
      await submitChecklist(o, id);
      expect(await badge(o)).toBe('Tarkastettavana');

      // --- 2. The manager sees it in the queue, with the count in the navigation.
      await go(m, '/');
      expect(await navReviewCount(m), 'the count beside "Tarkastettavat" grows by one').toBe(countBefore + 1);
      const navLink = m.getByRole('navigation', { name: 'Päävalikko' }).getByRole('link', { name: /^Tarkastettavat/ });
      expect(await navLink.getAttribute('href')).toBe('/reviews');
      // The number is also in the link's accessible name, not only drawn.
      expect(await navLink.innerText()).toContain(String(countBefore + 1));
      expect(await navLink.locator('.visually-hidden').innerText()).toBe(`(${countBefore + 1} tarkastettavaa)`);
      await follow(m, () => navLink.click(), /\/reviews$/);
      expect(await h1(m)).toBe('Tarkastettavat arvioinnit');
      const row = m.locator('tbody tr', { has: m.getByRole('link', { name: r.title, exact: true }) });
      expect(await row.count()).toBe(1);
      const rowText = await row.innerText();
      expect(rowText).toContain(fiDate(r.meetingDate));
      expect(rowText).toContain('Sivistystoimi');
      expect(rowText).toContain('Veera Valmistelija');
      expect(await row.locator('.badge--urgent').count(), `urgent mark (meeting ${r.meetingDate})`).toBe(r.urgent ? 1 : 0);
      if (r.urgent) expect(await row.locator('.badge--urgent').innerText()).toBe('Kiireellinen');
      // Ordered by meeting date, nearest first.
      const meetingDates = await m.locator('tbody tr td:nth-child(2)').allInnerTexts();
      const iso = meetingDates.map((t) => {
        const [d, mo, y] = t.trim().split(' ')[0]!.split('.').map(Number);
        return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      });
      expect(iso, 'the queue is ordered by meeting date').toEqual([...iso].sort());

      // --- 3. The manager opens it: the draft, every answer with its rationale and mitigation, the summary.
      await follow(m, () => row.getByRole('link', { name: r.title, exact: true }).click(), new RegExp(`/decisions/${id}/review$`));
      expect(await h1(m)).toContain('Arvioinnin tarkastus');
      expect(await h1(m)).toContain(r.title);
      expect(await badge(m)).toBe('Tarkastettavana');
      expect(await m.locator('body').innerText()).toContain(`${r.title}: kuvaus testiä varten.`);
      for (const key of PRINCIPLE_KEYS) {
        const a = COMPLETE_ANSWERS[key];
        const text = await reviewArticle(m, key).innerText();
        if (a.rationale) expect(text, `rationale of ${key} on the review page`).toContain(a.rationale);
        if (a.mitigation) expect(text, `mitigation of ${key} on the review page`).toContain(a.mitigation);
        expect(await m.locator(byId(`principleComments.${key}`)).count(), `comment field for ${key}`).toBe(1);
      }
      expect(await m.locator('dd[data-testid="summary-mean"]').count(), 'the summary is on the review page').toBe(1);

      // --- 4. It is returned with an overall comment and a comment on one principle.
      await fillAndSendReview(m, id, {
        outcome: 'return',
        comment: r.overallComment,
        principleComments: { [r.commented]: r.principleComment },
      });
      expect(await notice(m)).toBe('Arviointi on palautettu valmistelijalle korjattavaksi.');
      expect(await badge(m)).toBe('Palautettu');
      // The action revalidated the menu: the count is back where it was.
      expect(await navReviewCount(m)).toBe(countBefore);
      await go(m, '/reviews');
      expect(await m.getByRole('link', { name: r.title, exact: true }).count(), 'a returned assessment leaves the queue').toBe(0);

      // --- 5. The official sees the returned status, the notice and the comments.
      await go(o, '/decisions');
      const myRow = o.locator('tbody tr', { has: o.getByRole('link', { name: r.title, exact: true }) });
      expect(await myRow.locator('.badge').innerText()).toBe('Palautettu');
      await follow(o, () => myRow.getByRole('link', { name: r.title, exact: true }).click(), new RegExp(`/decisions/${id}$`));
      expect(await badge(o)).toBe('Palautettu');
      const returned = o.locator('.notice--warning');
      expect(await returned.innerText()).toContain('Palauttanut Eero Esimies');
      expect(await returned.innerText()).toContain(r.overallComment);
      expect(await answerItem(o, r.commented).locator('.review-comment').innerText()).toContain(r.principleComment);

      await follow(o, () => o.getByRole('link', { name: 'Jatka strategia-arviointia' }).click(), new RegExp(`/decisions/${id}/checklist$`));
      const returnedNotice = o.locator('.notice--warning[role="status"]', { hasText: 'palautti' });
      expect(await returnedNotice.innerText()).toContain('Esimies palautti arvioinnin korjattavaksi.');
      expect(await returnedNotice.innerText()).toContain(r.overallComment);
      // The principle's comment is beside its answer, and only there.
      const comment = checklistArticle(o, r.commented).locator('.review-comment');
      expect(await comment.count()).toBe(1);
      expect(await comment.innerText()).toContain('Tarkastajan kommentti');
      expect(await comment.innerText()).toContain(r.principleComment);
      expect(await o.locator('.review-comment').count(), 'no comment beside the other answers').toBe(1);
      // The saved answers are still in the form.
      expect(await o.locator(byId(rationaleId(r.commented))).inputValue()).toBe(COMPLETE_ANSWERS[r.commented].rationale);

      // --- 6. The official revises and submits again.
      await o.locator(byId(radioId(r.commented, r.revised.answer))).check();
      await o.locator(byId(rationaleId(r.commented))).fill(r.revised.rationale!);
      await submitChecklist(o, id);
      expect(await badge(o)).toBe('Tarkastettavana');

      // --- 7. The manager approves (from the assessment page's "Tarkasta arviointi").
      await go(m, '/');
      expect(await navReviewCount(m)).toBe(countBefore + 1);
      await go(m, `/decisions/${id}`);
      await follow(m, () => m.getByRole('link', { name: 'Tarkasta arviointi' }).click(), new RegExp(`/decisions/${id}/review$`));
      // The revised answer is what the manager reads now.
      expect(await reviewArticle(m, r.commented).innerText()).toContain(r.revised.rationale);
      await fillAndSendReview(m, id, { outcome: 'approve', comment: r.approveComment });
      expect(await notice(m)).toBe('Arviointi on hyväksytty.');
      expect(await badge(m)).toBe('Hyväksytty');
      expect(await navReviewCount(m)).toBe(countBefore);
      // Only the author (or an admin) records the decision.
      expect(await m.getByRole('link', { name: 'Kirjaa päätös' }).count(), 'the manager cannot record the decision').toBe(0);

      // Not yet visible to staff outside the department.
      expect((await t.goto(`/decisions/${id}`))?.status(), 'an approved draft is hidden from other departments').toBe(404);

      // --- 8. The official records the decision.
      await go(o, `/decisions/${id}`);
      expect(await badge(o)).toBe('Hyväksytty');
      expect(await o.locator('.review-list').innerText()).toContain('Hyväksynyt Eero Esimies');
      await follow(o, () => o.getByRole('link', { name: 'Kirjaa päätös' }).click(), new RegExp(`/decisions/${id}/decision$`));
      expect(await h1(o)).toContain('Kirjaa päätös');
      // The planned date is offered.
      expect(await o.locator('#meetingDate').inputValue()).toBe(fiDate(r.meetingDate));
      await fillAndRecordDecision(o, id, { outcome: r.record.outcome, section: r.record.section, meetingDate: r.record.meetingDate });

      // --- 9. The page shows the decision, and that it is frozen.
      expect(await notice(o)).toBe('Päätös on kirjattu. Arviointi on nyt lukittu.');
      expect(await badge(o)).toBe('Päätetty');
      const decided = o.locator('section.decided');
      expect(await decided.getByRole('heading', { level: 2 }).innerText()).toBe('Päätös');
      expect(await decided.locator('.decided__text').innerText()).toBe(`${r.record.outcomeLabel}, ${r.record.section} §, ${r.record.meetingDate}`);
      expect(await decided.innerText()).toContain('Päätös on kirjattu, joten arviointia ei voi enää muuttaa.');
      expect(await o.locator('section.details dt:text-is("Kokouspäivä") + dd').innerText()).toBe(r.record.meetingDate);
      for (const name of ['Jatka strategia-arviointia', 'Muokkaa esityksen tietoja', 'Kirjaa päätös', 'Tarkasta arviointi']) {
        expect(await o.getByRole('link', { name }).count(), `no "${name}" on a decided assessment`).toBe(0);
      }
      // The revised answer is what was decided.
      expect(await answerItem(o, r.commented).innerText()).toContain(r.revised.rationale);

      // The checklist URL leads to the read-only page; the record form and the edit form are refused.
      await go(o, `/decisions/${id}/checklist`);
      expect(await o.locator('h1').innerText()).toContain('Arviointia ei voi enää muokata');
      expect(await o.locator('form.checklist').count()).toBe(0);
      await Promise.all([o.waitForURL(new RegExp(`/decisions/${id}$`)), o.getByRole('link', { name: 'Siirry arviointiin' }).click()]);
      expect(await badge(o)).toBe('Päätetty');
      expect(await o.locator('form.checklist').count()).toBe(0);
      const again = await o.goto(`/decisions/${id}/decision`);
      expect(again?.status(), 'recording a second decision is refused').toBe(409);
      const edit = await o.goto(`/decisions/${id}/edit`);
      expect(edit?.status(), 'editing a decided assessment is refused').toBe(409);

      // --- 10. The history lists the versions; a comparison shows the revised answer.
      await go(o, `/decisions/${id}`);
      await follow(o, () => o.getByRole('link', { name: 'Näytä versiohistoria' }).click(), new RegExp(`/decisions/${id}/history`));
      expect(await h1(o)).toContain('Versiohistoria');
      const versions = o.locator('table').first().locator('tbody tr');
      const rows = await versions.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent?.trim() ?? '')));
      // Newest first (the history is paged, 50 to a page).
      expect(rows).toEqual([
        ['6', 'Päätös kirjattu', 'Veera Valmistelija'],
        ['5', 'Hyväksytty', 'Eero Esimies'],
        ['4', 'Lähetetty tarkastettavaksi', 'Veera Valmistelija'],
        ['3', 'Palautettu korjattavaksi', 'Eero Esimies'],
        ['2', 'Lähetetty tarkastettavaksi', 'Veera Valmistelija'],
        ['1', 'Luotu', 'Veera Valmistelija'],
      ]);

      // The first submitted version against the second.
      await o.locator('#from').selectOption({ label: '2 – Lähetetty tarkastettavaksi' });
      await o.locator('#to').selectOption({ label: '4 – Lähetetty tarkastettavaksi' });
      await follow(o, () => o.getByRole('button', { name: 'Vertaa' }).click(), /[?&]to=\d+/);
      expect(await o.locator('#changes-title').innerText()).toBe('Muutokset versiosta 2 versioon 4');
      expect(await o.locator('section[aria-labelledby="changes-title"]').innerText()).toContain('Version 4 tallensi Veera Valmistelija');
      const diff = await o
        .locator('table.diff tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')));
      const title = titleOf(r.commented);
      const before = COMPLETE_ANSWERS[r.commented];
      const label = (v: Answer['answer']) => (({ '2': '+2 Vahvistaa selvästi', '1': '+1 Vahvistaa jonkin verran' }) as Record<string, string>)[v];
      expect(diff).toEqual([
        [`${title}: vastaus`, label(before.answer), label(r.revised.answer)],
        [`${title}: perustelu`, before.rationale, r.revised.rationale],
      ]);

      // The last two versions: the decision itself.
      await o.locator('#from').selectOption({ label: '5 – Hyväksytty' });
      await o.locator('#to').selectOption({ label: '6 – Päätös kirjattu' });
      await follow(o, () => o.getByRole('button', { name: 'Vertaa' }).click(), /[?&]to=\d+/);
      const decisionDiff = await o.locator('table.diff tbody tr th').allInnerTexts();
      expect(decisionDiff).toContain('Tila');
      expect(decisionDiff).toContain('Päätös');
      expect(decisionDiff).toContain('Pykälä');
      const diffText = await o.locator('table.diff').innerText();
      expect(diffText).toContain(r.record.outcomeLabel);
      expect(diffText).toContain(r.record.section);

      // --- 11. Staff view: another official finds it in the archive and starts a new assessment from it.
      await go(t, '/archive');
      await t.locator('#q').fill(r.title);
      await follow(t, () => t.getByRole('button', { name: 'Hae', exact: true }).click(), /[?&]q=/);
      expect(await t.locator('p[role="status"]').innerText()).toBe('1 tulosta');
      await follow(t, () => t.getByRole('link', { name: r.title, exact: true }).click(), new RegExp(`/decisions/${id}$`));
      expect(await badge(t)).toBe('Päätetty');
      await follow(t, () => t.getByRole('link', { name: 'Käytä uuden arvioinnin pohjana' }).click(), new RegExp(`/decisions/new\\?copyFrom=${id}$`));
      expect(await t.locator('.notice').first().innerText()).toContain(`Uuden arvioinnin vastaukset kopioidaan arvioinnista ”${r.title}”`);
      const copyId = await fillAndCreateDecision(t, {
        title: `${r.title} – jatko`,
        meetingDate: dateFromToday(60),
        description: 'Jatkoesitys aiemman pohjalta.',
      });
      expect(copyId).not.toBe(id);
      expect(t.url()).toMatch(/notice=copied/);
      await settle(t);
      for (const key of PRINCIPLE_KEYS) {
        const want = key === r.commented ? r.revised : COMPLETE_ANSWERS[key];
        expect(await t.locator(byId(radioId(key, want.answer))).isChecked(), `copied answer of ${key}`).toBe(true);
        expect(await t.locator(byId(rationaleId(key))).inputValue(), `copied rationale of ${key}`).toBe(want.rationale ?? '');
      }
    } finally {
      for (const c of contexts) await c.close();
    }
  });
}

describe.skipIf(!hasChromium)('the review round, end to end', () => {
  for (const r of ROUNDS) runRound(r);
});
