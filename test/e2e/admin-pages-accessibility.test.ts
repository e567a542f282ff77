/**
 * The admin area (people, organisation, strategy versions), the guide and the password page in
 * Chromium, in Finnish and in English: no sideways scrolling at 375 px, and axe (WCAG 2.0/2.1 A
 * and AA) at 1280 px on the states every-page.test.ts does not reach (the forms in their error
 * state, a strategy draft made through the interface; a visit's `everyPage` names the case there
 * that checks it); and the strategy draft page with the keyboard alone (Tab reaches "Muokkaa",
 * Enter opens it, the focus is visible).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickAndWait, expectNoAxeViolations, expectNoHorizontalScroll, follow, go, settle } from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const e2e = useServerAndBrowser();

type User = 'paakayttaja' | 'valmistelija' | 'esimies' | 'elinvoima';
type Language = 'fi' | 'en';
const USERS: User[] = ['paakayttaja', 'valmistelija', 'esimies', 'elinvoima'];

/** Found through the UI before the checks. */
const found = {
  /** /admin/users/<id> of valmistelija. */
  officialPath: '',
  /** A draft strategy version made with "Tee uusi versio tämän pohjalta". */
  draftPath: '',
  /** The draft's first principle's edit page (its first "Muokkaa" link to a principle). */
  principleEditPath: '',
};

const pathOf = (page: Page) => new URL(page.url()).pathname;
const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);

beforeAll(async () => {
  if (!hasChromium) return;
  const { context, page } = await e2e.as('paakayttaja');
  try {
    await go(page, '/admin/users');
    const official = page.locator('tbody tr', { has: page.locator('code', { hasText: /^valmistelija$/ }) }).locator('th a');
    expect(await official.count(), 'valmistelija is listed on /admin/users').toBe(1);
    await follow(page, () => official.click(), /\/admin\/users\/\d+$/);
    found.officialPath = pathOf(page);

    await go(page, '/admin/strategy');
    await clickAndWait(
      page,
      () =>
        page
          .getByRole('button', { name: /^Tee uusi versio/ })
          .first()
          .click(),
      /\/admin\/strategy\/\d+\?notice=strategyCopied/,
    );
    found.draftPath = pathOf(page);
    const edit = page.locator('a[href*="/principles/"]', { hasText: /^Muokkaa$/ }).first();
    await edit.waitFor();
    expect(await edit.count(), 'the draft has a principle with a "Muokkaa" link').toBe(1);
    found.principleEditPath = (await edit.getAttribute('href'))!;
    expect(found.principleEditPath).toMatch(/^\/admin\/strategy\/\d+\/principles\/\d+$/);
  } finally {
    await context.close();
  }
}, 120_000);

/** Switches the interface language with the header's buttons ("In English" / "Suomeksi"). */
async function switchLanguage(page: Page, language: Language) {
  await go(page, '/');
  if ((await lang(page)) !== language) {
    await clickAndWait(page, () => page.locator(`.language-switch button[value="${language}"]`).click());
    await page.waitForFunction((want) => document.documentElement.lang === want, language);
  }
  const label = language === 'en' ? 'In English' : 'Suomeksi';
  expect(await page.getByRole('button', { name: label }).getAttribute('aria-pressed'), `"${label}" is pressed`).toBe('true');
}

/** The page's main form's submit button (the header's forms are .language-switch and .logout). */
const submitOf = (page: Page) => page.locator('form.form button[type="submit"]');

interface Visit {
  name: string;
  as: User;
  open: (page: Page) => Promise<void>;
  /**
   * The case of every-page.test.ts (page file and label) that already runs axe on this page in
   * this state as this role at 1280 px, in both languages: the axe pass leaves it out.
   */
  everyPage?: string;
}

const VISITS: Visit[] = [
  { name: '/admin', as: 'paakayttaja', everyPage: 'admin._index.tsx as paakayttaja', open: (page) => go(page, '/admin').then(() => undefined) },
  {
    name: '/admin/users',
    as: 'paakayttaja',
    everyPage: 'admin.users._index.tsx as paakayttaja',
    open: async (page) => {
      await go(page, '/admin/users');
      expect(await page.locator('table.people-table tbody tr').count()).toBeGreaterThan(0);
    },
  },
  {
    name: '/admin/users/new',
    as: 'paakayttaja',
    everyPage: 'admin.users.new.tsx as paakayttaja',
    open: async (page) => {
      await go(page, '/admin/users/new');
      expect(await page.locator('#username').count()).toBe(1);
    },
  },
  {
    name: '/admin/users/new submitted empty (errors)',
    as: 'paakayttaja',
    open: async (page) => {
      await go(page, '/admin/users/new');
      await clickAndWait(page, () => submitOf(page).click());
      await settle(page);
      expect(await page.locator('.error-summary').count(), 'the error summary is shown').toBe(1);
      expect(await page.locator('#username-error').count(), 'the username has its error').toBe(1);
    },
  },
  {
    name: '/admin/users/<id> (valmistelija)',
    as: 'paakayttaja',
    everyPage: 'admin.users.$id.tsx (valmistelija) as paakayttaja',
    open: async (page) => {
      await go(page, '/admin/users');
      await follow(page, () => page.locator(`a[href="${found.officialPath}"]`).click(), new RegExp(`${found.officialPath}$`));
    },
  },
  {
    name: '/admin/organisation',
    as: 'paakayttaja',
    everyPage: 'admin.organisation.tsx as paakayttaja',
    open: async (page) => {
      await go(page, '/admin/organisation');
      expect(await page.locator('#municipality-name').count()).toBe(1);
    },
  },
  {
    name: '/admin/organisation, municipality name submitted empty (error)',
    as: 'paakayttaja',
    open: async (page) => {
      await go(page, '/admin/organisation');
      await page.locator('#municipality-name').fill('');
      await clickAndWait(page, () => page.locator('button[name="intent"][value="name"]').click());
      await settle(page);
      expect(await page.locator('#municipality-name-error').count(), 'the name field has its error').toBe(1);
    },
  },
  {
    name: '/admin/strategy',
    as: 'paakayttaja',
    everyPage: 'admin.strategy._index.tsx as paakayttaja',
    open: async (page) => {
      await go(page, '/admin/strategy');
      expect(await page.locator('a[href^="/admin/strategy/"]:not([href$="/export"])').count()).toBeGreaterThan(0);
    },
  },
  {
    name: '/admin/strategy/<id> (the first version link)',
    as: 'paakayttaja',
    open: async (page) => {
      await go(page, '/admin/strategy');
      await follow(page, () => page.locator('a[href^="/admin/strategy/"]:not([href$="/export"])').first().click(), /\/admin\/strategy\/\d+$/);
    },
  },
  {
    name: '/admin/strategy/<id>/preview',
    as: 'paakayttaja',
    // The preview shows the version's checklist; the draft there is a copy of the active version: the same content.
    everyPage: 'admin.strategy.$id.preview.tsx as paakayttaja',
    open: async (page) => {
      await go(page, '/admin/strategy');
      await follow(page, () => page.locator('a[href^="/admin/strategy/"]:not([href$="/export"])').first().click(), /\/admin\/strategy\/\d+$/);
      await follow(page, () => page.locator(`a[href="${pathOf(page)}/preview"]`).click(), /\/preview$/);
      expect(await page.locator('fieldset.scale').count()).toBeGreaterThan(0);
    },
  },
  {
    name: 'draft strategy version',
    as: 'paakayttaja',
    open: async (page) => {
      await go(page, found.draftPath);
    },
  },
  {
    name: "draft's principle edit form, title cleared and saved (error)",
    as: 'paakayttaja',
    open: async (page) => {
      await go(page, found.principleEditPath);
      await page.locator('#title').fill('');
      await clickAndWait(page, () => submitOf(page).click());
      await settle(page);
      expect(pathOf(page)).toBe(found.principleEditPath);
      expect(await page.locator('#title-error').count(), 'the title has its error').toBe(1);
    },
  },
  {
    name: '/guide (official)',
    as: 'valmistelija',
    everyPage: 'guide._index.tsx as valmistelija',
    open: async (page) => {
      await go(page, '/guide');
      expect(await page.locator('h1').count()).toBe(1);
    },
  },
  {
    name: '/guide/principles/pienuus',
    as: 'valmistelija',
    everyPage: 'guide.principles.$key.tsx (a scored principle) as valmistelija',
    open: async (page) => {
      await go(page, '/guide/principles/pienuus');
      expect(await page.locator('h1').count()).toBe(1);
    },
  },
  {
    name: '/password',
    as: 'valmistelija',
    everyPage: 'password.tsx as valmistelija',
    open: async (page) => {
      await go(page, '/password');
      expect(await page.locator('#currentPassword').count()).toBe(1);
    },
  },
  {
    name: '/password submitted empty (errors)',
    as: 'valmistelija',
    open: async (page) => {
      await go(page, '/password');
      await clickAndWait(page, () => submitOf(page).click());
      await settle(page);
      expect(await page.locator('.error-summary').count(), 'the error summary is shown').toBe(1);
      expect(await page.locator('#currentPassword-error').count(), 'the current password has its error').toBe(1);
    },
  },
  { name: '/guide (manager)', as: 'esimies', everyPage: 'guide._index.tsx as esimies', open: (page) => go(page, '/guide').then(() => undefined) },
  { name: '/guide (group)', as: 'elinvoima', everyPage: 'guide._index.tsx as elinvoima', open: (page) => go(page, '/guide').then(() => undefined) },
];

const PASSES = [
  { width: 1280, check: 'axe', what: 'has no axe violations (WCAG 2.0/2.1 A and AA) at 1280 px' },
  { width: 375, check: 'scroll', what: 'does not scroll sideways at 375 px' },
] as const;

for (const language of ['fi', 'en'] as const) {
  for (const pass of PASSES) {
    describe.runIf(hasChromium)(`admin, guide and password pages in ${language === 'fi' ? 'Finnish' : 'English'}: ${pass.what}`, () => {
      const ctx = {} as Record<User, { context: BrowserContext; page: Page }>;
      beforeAll(async () => {
        for (const user of USERS) {
          ctx[user] = await e2e.as(user, { width: pass.width });
          await switchLanguage(ctx[user].page, language);
        }
      });
      afterAll(async () => {
        for (const c of Object.values(ctx)) await c.context.close();
      });

      for (const visit of VISITS.filter((v) => !(pass.check === 'axe' && v.everyPage))) {
        it(`${language}, ${pass.width} px: ${visit.name} (as ${visit.as})`, async () => {
          const { page } = ctx[visit.as];
          await visit.open(page);
          expect(await lang(page), 'the page is in the chosen language').toBe(language);
          expect(await page.evaluate(() => window.innerWidth)).toBe(pass.width);
          const where = `${visit.name} in ${language}`;
          if (pass.check === 'axe') await expectNoAxeViolations(page, `${where} at ${pass.width} px`);
          else await expectNoHorizontalScroll(page, where, pass.width);
        });
      }
    });
  }
}

describe.runIf(hasChromium)('the strategy draft page with the keyboard alone', () => {
  interface Focus {
    tag: string;
    text: string;
    href: string;
    visible: boolean;
    style: string;
  }
  /** The focused element, and whether its focus is drawn (an outline or a box-shadow). */
  const focused = (page: Page): Promise<Focus> =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return { tag: 'body', text: '', href: '', visible: false, style: '' };
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
      return {
        tag: el.tagName.toLowerCase(),
        text: (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60),
        href: el.getAttribute('href') ?? '',
        visible: outline || shadow,
        style: `outline: ${s.outlineStyle} ${s.outlineWidth}; box-shadow: ${s.boxShadow}`,
      };
    });

  for (const js of [true, false]) {
    const mode = js ? 'with JavaScript' : 'without JavaScript';
    it(`Tab from the top reaches the first "Muokkaa" link (a dimension's or a principle's), its focus is visible, and Enter opens the edit page (${mode})`, async () => {
      const { context, page } = await e2e.as('paakayttaja', { javaScriptEnabled: js });
      try {
        // The admin's account may be left in English by the passes above: the link reads "Muokkaa" in Finnish.
        await switchLanguage(page, 'fi');
        await go(page, found.draftPath);
        const first = page
          .locator('a')
          .filter({ hasText: /^Muokkaa$/ })
          .first();
        const target = (await first.getAttribute('href'))!;
        expect(target, 'the draft page has a "Muokkaa" link').toMatch(/^\/admin\/strategy\/\d+\//);

        await page.locator('body').focus();
        const stops: Focus[] = [];
        let reached: Focus | undefined;
        for (let n = 0; n < 150 && !reached; n++) {
          await page.keyboard.press('Tab');
          const f = await focused(page);
          stops.push(f);
          if (f.tag === 'a' && f.href === target) reached = f;
        }
        expect(reached, `Tab reaches the first "Muokkaa" link (${target}); stops: ${stops.map((s) => s.text || s.tag).join(' | ')}`).toBeDefined();
        expect(reached!.text).toBe('Muokkaa');
        expect(reached!.visible, `the focus on "Muokkaa" is visible (${reached!.style})`).toBe(true);
        const hidden = stops.filter((s) => !s.visible).map((s) => `${s.tag} "${s.text}" (${s.style})`);
        expect(hidden, 'every Tab stop on the way shows its focus').toEqual([]);

        await Promise.all([page.waitForURL((url) => url.pathname === target), page.keyboard.press('Enter')]);
        await settle(page);
        expect(pathOf(page), 'Enter opened the edit page').toBe(target);
        // The first "Muokkaa" is a dimension's (its name field) or a principle's (its title field).
        expect(await page.locator('form.form :is(#name, #title)').count(), 'the edit form is shown').toBe(1);
      } finally {
        await context.close();
      }
    });
  }
});
