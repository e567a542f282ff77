/**
 * The pages of the review round, the recorded decision, the history, the archive and the audit
 * log in states made through the interface: axe (WCAG 2.1 A and AA) at 1280 px and at 375 px,
 * no sideways scrolling at 375 px, and the review page with the keyboard alone. At 1280 px a
 * page that every-page.test.ts already checks in the same state, as the same role, is left out
 * of the axe pass (its `everyPage` names the case there); it stays in the 375 px passes.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PRINCIPLE_KEYS,
  byId,
  clickAndWait,
  createSubmitted,
  dateFromToday,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  fillAndRecordDecision,
  follow,
  go,
  makeConflict,
  radioId,
  rationaleId,
  review,
  settle,
  submitChecklist,
} from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const e2e = useServerAndBrowser();

/** The assessments the pages show, made through the UI before the checks. */
const ids = { submitted: 0, returned: 0, approved: 0, decided: 0, keyboard: [] as number[] };
const DECIDED_TITLE = 'Saavutettavuus: päätetty kirjaston remontti';

beforeAll(async () => {
  if (!hasChromium) return;
  const official = await e2e.as('valmistelija');
  const manager = await e2e.as('esimies');
  try {
    const o = official.page;
    const m = manager.page;
    ids.submitted = await createSubmitted(o, 'Saavutettavuus: tarkastettava esitys', dateFromToday(2));
    ids.keyboard.push(await createSubmitted(o, 'Saavutettavuus: näppäimistö (JS)'));
    ids.keyboard.push(await createSubmitted(o, 'Saavutettavuus: näppäimistö (ei JS)'));

    ids.returned = await createSubmitted(o, 'Saavutettavuus: palautettu esitys');
    await review(m, ids.returned, { outcome: 'return', comment: 'Tarkenna perusteluja.', principleComments: { pienuus: 'Miten pienuus näkyy?' } });

    ids.approved = await createSubmitted(o, 'Saavutettavuus: hyväksytty esitys');
    await review(m, ids.approved, { outcome: 'approve' });

    // The whole round, so that the history has a revision to compare.
    ids.decided = await createSubmitted(o, DECIDED_TITLE);
    await review(m, ids.decided, { outcome: 'return', comment: 'Korjaa.', principleComments: { verkostot: 'Ketkä kumppanit?' } });
    await go(o, `/decisions/${ids.decided}/checklist`);
    await o.locator(byId(radioId('verkostot', '2'))).check();
    await o.locator(byId(rationaleId('verkostot'))).fill('Seurakunta ja kyläyhdistys ovat mukana.');
    await submitChecklist(o, ids.decided);
    await review(m, ids.decided, { outcome: 'approve' });
    await go(o, `/decisions/${ids.decided}/decision`);
    await fillAndRecordDecision(o, ids.decided, { outcome: 'approved', section: '7' });
  } finally {
    await official.context.close();
    await manager.context.close();
  }
}, 120_000);

type User = 'valmistelija' | 'esimies' | 'paakayttaja';

interface Visit {
  name: string;
  as: User;
  /** Opens the page; returns another page when the visit made its own (the conflict), with its contexts. */
  open: (page: Page, width: number) => Promise<void | { page: Page; contexts: BrowserContext[] }>;
  /**
   * The case of every-page.test.ts (page file and label) that already runs axe on this page in
   * this state as this role at 1280 px, in Finnish and in English: the 1280 px axe pass leaves it out.
   */
  everyPage?: string;
}

let conflicts = 0;
const VISITS: Visit[] = [
  {
    name: '/reviews (the queue)',
    as: 'esimies',
    open: async (page) => {
      await go(page, '/reviews');
      expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
      expect(await page.locator('.badge--urgent').count(), 'an urgent item is shown').toBeGreaterThan(0);
    },
  },
  {
    name: 'review page',
    as: 'esimies',
    everyPage: 'decisions.$id.review.tsx (valmistelija’s submitted one) as esimies',
    open: async (page) => {
      await go(page, `/decisions/${ids.submitted}/review`);
      expect(await page.locator('#comment').count()).toBe(1);
    },
  },
  {
    name: 'review page with errors (returned without a comment)',
    as: 'esimies',
    open: async (page) => {
      await go(page, `/decisions/${ids.submitted}/review`);
      await clickAndWait(page, () => page.getByRole('button', { name: 'Palauta korjattavaksi' }).click());
      expect(await page.locator('#comment-error').innerText()).toBe('Kerro valmistelijalle, mitä pitää korjata.');
      expect(await page.locator('.error-summary').count()).toBe(1);
    },
  },
  {
    name: 'checklist of a returned assessment (comments beside the answers)',
    as: 'valmistelija',
    open: async (page) => {
      await go(page, `/decisions/${ids.returned}/checklist`);
      expect(await page.locator('.review-comment').count()).toBe(1);
    },
  },
  {
    name: 'record-decision page',
    as: 'valmistelija',
    everyPage: 'decisions.$id.decision.tsx (valmistelija’s approved one) as valmistelija',
    open: async (page) => {
      await go(page, `/decisions/${ids.approved}/decision`);
      expect(await page.locator('#outcome').count()).toBe(1);
    },
  },
  {
    name: 'record-decision page with errors',
    as: 'valmistelija',
    open: async (page) => {
      await go(page, `/decisions/${ids.approved}/decision`);
      await page.locator('#meetingDate').fill('31.2.2026');
      await clickAndWait(page, () => page.getByRole('button', { name: 'Kirjaa päätös' }).click());
      expect(await page.locator('.error-summary').count()).toBe(1);
      expect(await page.locator('#outcome-error').count()).toBe(1);
      expect(await page.locator('#minutesSection-error').count()).toBe(1);
      expect(await page.locator('#meetingDate-error').count()).toBe(1);
    },
  },
  {
    name: 'decided assessment page',
    as: 'valmistelija',
    everyPage: 'decisions.$id._index.tsx (a decided, non-confidential one) as valmistelija',
    open: async (page) => {
      await go(page, `/decisions/${ids.decided}`);
      expect(await page.locator('section.decided').count()).toBe(1);
    },
  },
  {
    name: 'history page with a comparison',
    as: 'valmistelija',
    open: async (page) => {
      await go(page, `/decisions/${ids.decided}/history`);
      await page.locator('#from').selectOption({ label: '2 – Lähetetty tarkastettavaksi' });
      await page.locator('#to').selectOption({ label: '4 – Lähetetty tarkastettavaksi' });
      await follow(page, () => page.getByRole('button', { name: 'Vertaa' }).click(), /[?&]to=\d+/);
      expect(await page.locator('table.diff tbody tr').count()).toBeGreaterThan(0);
    },
  },
  {
    name: '/overview',
    as: 'esimies',
    open: async (page) => {
      await go(page, '/overview');
      expect(await page.locator('h1').innerText()).toBe('Katsaus');
    },
  },
  {
    name: '/archive with results',
    as: 'valmistelija',
    open: async (page) => {
      await go(page, '/archive');
      await page.locator('#q').fill('kirjaston remontti');
      await follow(page, () => page.getByRole('button', { name: 'Hae', exact: true }).click(), /[?&]q=/);
      expect(await page.getByRole('link', { name: DECIDED_TITLE }).count(), 'the decided assessment is found').toBe(1);
    },
  },
  {
    name: '/archive, everything',
    as: 'valmistelija',
    everyPage: 'archive.tsx as valmistelija',
    open: async (page) => {
      await go(page, '/archive');
      expect(await page.locator('tbody tr').count()).toBeGreaterThan(1);
    },
  },
  {
    name: '/admin/audit',
    as: 'paakayttaja',
    everyPage: 'admin.audit.tsx as paakayttaja',
    open: async (page) => {
      await go(page, '/admin/audit');
      expect(await page.locator('table.audit-table tbody tr').count()).toBeGreaterThan(0);
    },
  },
  {
    name: 'checklist in conflict state',
    as: 'valmistelija',
    open: async (_page, width) => {
      const c = await makeConflict(e2e.browser, e2e.url, { width, title: `Saavutettavuus: ristiriita ${++conflicts}` });
      expect(c.status).toBe(409);
      expect(await c.page.locator('section.conflict').count()).toBe(1);
      return { page: c.page, contexts: c.contexts };
    },
  },
];

async function contextsFor(width: number) {
  const users: User[] = ['valmistelija', 'esimies', 'paakayttaja'];
  const opened = await Promise.all(users.map((u) => e2e.as(u, { width })));
  return Object.fromEntries(users.map((u, i) => [u, opened[i]!])) as Record<User, { context: BrowserContext; page: Page }>;
}

/**
 * Three passes over the pages: axe on a desktop screen, axe on a phone (where wide tables become
 * scrollable regions), and no sideways scrolling on a phone. Tables inside .table-scroll may
 * scroll within themselves: only the document's own width counts. On the phone both checks read
 * the one page a visit opened (axe reads, it does not change the page): a visit that makes its
 * own state, like the conflict, is made once a width, not once a check.
 */
const PASSES = [
  { width: 1280, checks: ['axe'] },
  { width: 375, checks: ['axe', 'scroll'] },
] as const;
const WHAT = {
  axe: (width: number) => `has no axe violations (WCAG 2.1 A and AA) at ${width} px`,
  scroll: (width: number) => `does not scroll sideways at ${width} px`,
};

for (const pass of PASSES) {
  const what = pass.checks.map((check) => WHAT[check](pass.width)).join('; ');
  describe.skipIf(!hasChromium)(`review, decision, history, archive and audit pages: ${what}`, () => {
    let ctx: Awaited<ReturnType<typeof contextsFor>>;
    beforeAll(async () => {
      ctx = await contextsFor(pass.width);
    });
    afterAll(async () => {
      for (const c of Object.values(ctx ?? {})) await c.context.close();
    });

    for (const visit of VISITS) {
      // The page a visit opened, for the checks after the first; closed after the last.
      let opened: { page: Page; contexts: BrowserContext[] } | null = null;
      const checks = pass.checks.filter((check) => !(check === 'axe' && pass.width === 1280 && visit.everyPage));
      for (const [n, check] of checks.entries()) {
        const last = n === checks.length - 1;
        it(`${WHAT[check](pass.width)}: ${visit.name}`, async () => {
          try {
            if (!opened) {
              const page = ctx[visit.as].page;
              const made = await visit.open(page, pass.width);
              opened = made ? made : { page, contexts: [] };
            }
            const { page } = opened;
            expect(await page.evaluate(() => window.innerWidth)).toBe(pass.width);
            if (check === 'axe') await expectNoAxeViolations(page, `${visit.name} at ${pass.width} px`);
            else await expectNoHorizontalScroll(page, visit.name, pass.width);
          } catch (error) {
            // A failed check leaves no half-made state to the next: it opens the page afresh.
            for (const c of opened?.contexts ?? []) await c.close();
            opened = null;
            throw error;
          } finally {
            if (last && opened) {
              for (const c of opened.contexts) await c.close();
              opened = null;
            }
          }
        });
      }
    }
  });
}

describe.skipIf(!hasChromium)('the review page with the keyboard alone', () => {
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const style = el ? getComputedStyle(el) : null;
      return {
        id: el?.id ?? '',
        tag: el?.tagName.toLowerCase() ?? '',
        text: el?.textContent?.trim() ?? '',
        outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
      };
    });

  for (const [i, js] of [true, false].entries()) {
    it(`Tab to the comment fields, type, Tab to "Palauta korjattavaksi", Enter: the assessment is returned (${js ? 'with' : 'without'} JavaScript)`, async () => {
      const { context, page } = await e2e.as('esimies', { javaScriptEnabled: js });
      try {
        const id = ids.keyboard[i]!;
        await go(page, `/decisions/${id}/review`);
        await page.locator('body').focus();

        // From the top of the page, Tab reaches the first principle's comment field.
        let reached = false;
        for (let n = 0; n < 60 && !reached; n++) {
          await page.keyboard.press('Tab');
          reached = (await focused(page)).id === 'principleComments.pienuus';
        }
        expect(reached, 'Tab reaches the comment on the first principle').toBe(true);
        expect((await focused(page)).outline, 'the focus is visible').not.toMatch(/^none/);
        await page.keyboard.type('Perustele pienuuden vaikutus tarkemmin.');

        // Then the other principles' comments in order, the overall comment, and the two buttons.
        for (const key of PRINCIPLE_KEYS.slice(1)) {
          await page.keyboard.press('Tab');
          expect((await focused(page)).id).toBe(`principleComments.${key}`);
        }
        await page.keyboard.press('Tab');
        expect((await focused(page)).id).toBe('comment');
        await page.keyboard.type('Palautan korjattavaksi: katso kommentti.');
        await page.keyboard.press('Tab');
        expect((await focused(page)).text).toBe('Hyväksy');
        await page.keyboard.press('Tab');
        const button = await focused(page);
        expect(button.tag).toBe('button');
        expect(button.text).toBe('Palauta korjattavaksi');
        expect(button.outline, 'the focus on the button is visible').not.toMatch(/^none/);

        await Promise.all([page.waitForURL(new RegExp(`/decisions/${id}\\?notice=returned`)), page.keyboard.press('Enter')]);
        await settle(page);
        expect(await page.locator('.page__header .badge').innerText()).toBe('Palautettu');
        expect(await page.locator('.notice--warning').innerText()).toContain('Palautan korjattavaksi: katso kommentti.');
        expect(await page.locator('.review-comment').innerText()).toContain('Perustele pienuuden vaikutus tarkemmin.');
      } finally {
        await context.close();
      }
    });
  }
});
