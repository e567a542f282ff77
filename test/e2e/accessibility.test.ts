import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PRINCIPLE_KEYS, answer, clickAndWait, createDraft, expectNoAxeViolations, expectNoHorizontalScroll, settle, waitForHydration } from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const e2e = useServerAndBrowser();

/**
 * The pages to check, each as a way to get there. `page` belongs to a context that is already
 * logged in as the official, except for the login pages, which log out first.
 */
interface Visit {
  name: string;
  loggedIn: boolean;
  open: (page: Page) => Promise<void>;
  /**
   * The case of every-page.test.ts (page file, role) that already runs axe on this page in this
   * state at 1280 px: the axe pass leaves it out; it stays in the 375 px pass.
   */
  everyPage?: string;
}

async function open(page: Page, path: string) {
  await page.goto(path);
  await waitForHydration(page, true);
}

/** A draft with a full checklist, submitted: its assessment page has the chart and the agenda text. */
async function submittedAssessment(page: Page, title: string) {
  const id = await createDraft(page, title);
  await waitForHydration(page, true);
  const values = ['2', '1', '0', '-1', 'knowledge_gap', 'not_relevant', '-2'] as const;
  for (const [i, key] of PRINCIPLE_KEYS.entries()) {
    const value = values[i]!;
    await answer(page, key, {
      answer: value,
      rationale: value === 'not_relevant' ? '' : `Perustelu periaatteelle ${key}.`,
      mitigation: value.startsWith('-') ? 'Haittoja lievennetään vaiheistamalla toteutus.' : '',
    });
  }
  await page.locator('#project-viestinta').check();
  await clickAndWait(page, () => page.getByRole('button', { name: 'Lähetä tarkastettavaksi' }).click(), new RegExp(`/decisions/${id}\\?`));
  await waitForHydration(page, true);
  expect(await page.locator('.page__header .badge').innerText()).toBe('Tarkastettavana');
}

let drafts = 0;
const VISITS: Visit[] = [
  { name: 'login page', loggedIn: false, everyPage: 'login.tsx anonymously', open: (page) => open(page, '/login') },
  {
    name: 'login page after a failed login',
    loggedIn: false,
    open: async (page) => {
      await open(page, '/login');
      await page.locator('#username').fill('valmistelija');
      await page.locator('#password').fill('väärä salasana');
      await clickAndWait(page, () => page.getByRole('button', { name: 'Kirjaudu', exact: true }).click());
      expect(await page.getByRole('alert').innerText()).toContain('Käyttäjätunnus tai salasana on väärin.');
    },
  },
  { name: 'home page', loggedIn: true, everyPage: '_index.tsx as valmistelija', open: (page) => open(page, '/') },
  { name: '/decisions', loggedIn: true, everyPage: 'decisions._index.tsx as valmistelija', open: (page) => open(page, '/decisions') },
  { name: '/decisions/new', loggedIn: true, everyPage: 'decisions.new.tsx as valmistelija', open: (page) => open(page, '/decisions/new') },
  {
    name: '/decisions/new with errors',
    loggedIn: true,
    open: async (page) => {
      await open(page, '/decisions/new');
      await clickAndWait(page, () => page.getByRole('button', { name: 'Luo esitys ja siirry arviointiin' }).click());
      expect(await page.locator('.error-summary h2').innerText()).toBe('Lomakkeessa on korjattavaa');
    },
  },
  {
    name: 'checklist page',
    loggedIn: true,
    open: async (page) => {
      await createDraft(page, `Saavutettavuus, tyhjä arviointi ${++drafts}`);
      await waitForHydration(page, true);
    },
  },
  {
    name: 'checklist page with errors shown',
    loggedIn: true,
    open: async (page) => {
      await createDraft(page, `Saavutettavuus, virheet ${++drafts}`);
      await waitForHydration(page, true);
      // One negative answer without its mitigation, the rest unanswered.
      await answer(page, 'pienuus', { answer: '-1', rationale: 'Heikentää.' });
      await clickAndWait(page, () => page.getByRole('button', { name: 'Lähetä tarkastettavaksi' }).click());
      expect(await page.locator('.error-summary h2').innerText()).toBe('Lomakkeessa on korjattavaa');
      expect(await page.locator('.field__error').count()).toBeGreaterThanOrEqual(7);
    },
  },
  {
    name: 'assessment page (submitted)',
    loggedIn: true,
    open: (page) => submittedAssessment(page, `Saavutettavuus, lähetetty ${++drafts}`),
  },
];

/** A context of the given width, logged in as the official, and one logged out. */
async function contexts(width: number) {
  const [loggedIn, loggedOut] = await Promise.all([e2e.as('valmistelija', { width }), e2e.page({ width })]);
  return { loggedIn, loggedOut };
}

describe.skipIf(!hasChromium)('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  let ctx: Awaited<ReturnType<typeof contexts>>;
  beforeAll(async () => {
    ctx = await contexts(1280);
  });
  afterAll(async () => {
    await ctx?.loggedIn.context.close();
    await ctx?.loggedOut.context.close();
  });

  for (const visit of VISITS.filter((v) => !v.everyPage)) {
    it(`has no axe violations: ${visit.name}`, async () => {
      const page = visit.loggedIn ? ctx.loggedIn.page : ctx.loggedOut.page;
      await visit.open(page);
      await expectNoAxeViolations(page, visit.name);
    });
  }
});

describe.skipIf(!hasChromium)('a phone-sized screen (375 px wide)', () => {
  let ctx: Awaited<ReturnType<typeof contexts>>;
  beforeAll(async () => {
    ctx = await contexts(375);
  });
  afterAll(async () => {
    await ctx?.loggedIn.context.close();
    await ctx?.loggedOut.context.close();
  });

  for (const visit of VISITS) {
    it(`does not scroll sideways: ${visit.name}`, async () => {
      const page = visit.loggedIn ? ctx.loggedIn.page : ctx.loggedOut.page;
      await visit.open(page);
      expect(await page.evaluate(() => window.innerWidth)).toBe(375);
      await expectNoHorizontalScroll(page, visit.name, 375);
    });
  }
});

describe.skipIf(!hasChromium)('keyboard', () => {
  let context: BrowserContext | undefined;
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { id: el?.id ?? '', tag: el?.tagName.toLowerCase() ?? '', text: el?.textContent?.trim() ?? '', cls: el?.className ?? '' };
    });

  for (const js of [true, false]) {
    it(`on the login page, Tab reaches the skip link first, and the form is filled and sent with the keyboard alone (${js ? 'with' : 'without'} JavaScript)`, async () => {
      const opened = await e2e.page({ javaScriptEnabled: js });
      context = opened.context;
      const page = opened.page;
      await page.goto('/login');
      await waitForHydration(page, js);

      await page.keyboard.press('Tab');
      const first = await focused(page);
      expect(first.tag).toBe('a');
      expect(first.text).toBe('Siirry pääsisältöön');
      expect(await page.locator('a.skip-link').getAttribute('href')).toBe('#main');
      // Hidden until focused, then on screen.
      const box = await page.locator('a.skip-link').boundingBox();
      expect(box, 'the focused skip link has a box').not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.height).toBeGreaterThan(0);

      // Enter follows the link: the main content takes focus, and the next Tab is the first field.
      await page.keyboard.press('Enter');
      expect((await focused(page)).id).toBe('main');
      await page.keyboard.press('Tab');
      expect((await focused(page)).id).toBe('username');
      await page.keyboard.type('valmistelija');
      await page.keyboard.press('Tab');
      expect((await focused(page)).id).toBe('password');
      await page.keyboard.type('valmistelija-demo');
      await Promise.all([page.waitForURL(/\/$/), page.keyboard.press('Enter')]);
      await settle(page);
      expect(await page.locator('h1').innerText()).toBe('Tervetuloa, Veera Valmistelija');
    });
  }

  it('from the top of the login page, Tab goes skip link → home link → language buttons → user name → password → submit', async () => {
    const opened = await e2e.page();
    context = opened.context;
    const page = opened.page;
    await page.goto('/login');
    await waitForHydration(page, true);
    const order: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      order.push(f.id ? `#${f.id}` : `${f.tag}:${f.text}`);
    }
    expect(order).toEqual(['a:Siirry pääsisältöön', 'a:Linssi', 'button:Suomeksi', 'button:In English', '#username', '#password', 'button:Kirjaudu']);
  });
});
