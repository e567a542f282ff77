/**
 * axe (WCAG 2.0/2.1 A and AA) on every page of the app, at 1280 px, in Finnish and in
 * English, as each of the roles official (valmistelija), manager (esimies), group (elinvoima) and
 * admin (paakayttaja), and the public pages anonymously. The pages are read from app/routes (files
 * with a default export); a page file without a row in EXPECTED below fails by name.
 * The table, the URL rules and the ids are copied from test/integration/route-matrix.test.ts
 * (the expectations there were derived from the loaders); here only the cases that give a role
 * 200 are opened in Chromium (and their status is checked again). Each role's pages are opened
 * on a few pages of one context at once (POOL): the server, the browser and axe overlap their
 * waits. The other end-to-end files run axe only on states this file does not reach: a form
 * with its errors, a conflict, a phone's width, data made through the interface.
 *
 * Then the checklist filled with the keyboard alone (Tab / Shift+Tab, arrow keys, typing,
 * Enter), with and without JavaScript; the error state (error summary focused and linked to the
 * fields, aria-invalid, aria-describedby) and a visible focus on the radios and the textareas.
 */
import Database from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, location } from '../support/client';
import { PRINCIPLE_KEYS, byId, clickAndWait, createDraftOn, dateFromToday, expectNoAxeViolations, go, radioId, rationaleId, runAxe, settle } from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';
import { type Actor, EXPECTED, type Fixture, ROUTES, urlOf } from '../support/route-table';

// The benchmark's bare route on, so that it is checked like every other page (route-table.ts).
const e2e = useServerAndBrowser({ LINSSI_BENCH_ROUTE: '1' });

// ---------------------------------------------------------------------------------------------
// Known axe violations (page file, role, language, rule). Each is reported as an app bug; the rule
// is left out of that page's check only, with a warning at run time. Empty means none is known.

interface KnownViolation {
  file: string;
  actor: Actor;
  language: Language;
  rule: string;
  note: string;
}
const KNOWN_VIOLATIONS: KnownViolation[] = [];

// ---------------------------------------------------------------------------------------------
// The database (read only) and the ids.

function dbAll<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(e2e.server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const dbGet = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => dbAll<T>(sql, ...params)[0];
function userId(username: string): number {
  const row = dbGet<{ id: number }>('SELECT id FROM users WHERE username = ?', username);
  if (!row) throw new Error(`No user ${username}`);
  return row.id;
}
function leads(username: string): number[] {
  return dbAll<{ department_id: number }>("SELECT department_id FROM user_departments WHERE relation = 'lead' AND user_id = ?", userId(username)).map(
    (r) => r.department_id,
  );
}
function pick(what: string, author: string, status: string, confidential: boolean, ledBy: string, notLedBy: string): number {
  const led = leads(ledBy);
  const notLed = leads(notLedBy);
  const row = dbGet<{ id: number }>(
    `SELECT d.id FROM decisions d JOIN assessments a ON a.decision_id = d.id AND a.is_proposal
      WHERE d.author_id = ? AND a.status = ? AND d.confidential = ?
        AND d.department_id IN (${led.map(() => '?').join(',') || 'NULL'})
        AND d.department_id NOT IN (${notLed.map(() => '?').join(',') || 'NULL'})
      ORDER BY d.id LIMIT 1`,
    userId(author),
    status,
    confidential ? 1 : 0,
    ...led,
    ...notLed,
  );
  if (!row) throw new Error(`The demo data has no ${what}`);
  return row.id;
}

let fixture: Fixture;

beforeAll(async () => {
  if (!hasChromium) return;
  const elinvoima = await new Client(e2e.url).login('elinvoima');
  const paakayttaja = await new Client(e2e.url).login('paakayttaja');
  const opened = await elinvoima.post('/evaluation', {});
  expect(opened.status, 'the group opens a round').toBe(302);
  const round = Number(/^\/evaluation\/(\d+)/.exec(location(opened) ?? '')?.[1]);
  const activeVersion = Number(dbGet<{ id: number }>("SELECT id FROM framework_versions WHERE status = 'active' ORDER BY id LIMIT 1")!.id);
  const copied = await paakayttaja.post('/admin/strategy', { intent: 'copy', versionId: String(activeVersion) });
  expect(copied.status, 'the admin copies the active strategy version').toBe(302);
  const draftVersion = Number(dbGet<{ id: number }>("SELECT MAX(id) AS id FROM framework_versions WHERE status = 'draft'")!.id);
  const firstOf = (table: string, versionId: number) => Number(dbGet<{ id: number }>(`SELECT MIN(id) AS id FROM ${table} WHERE version_id = ?`, versionId)!.id);
  fixture = {
    draft: pick('draft', 'valmistelija', 'draft', false, 'esimies', 'johtaja'),
    submitted: pick('submitted', 'valmistelija', 'submitted', false, 'esimies', 'johtaja'),
    approved: pick('approved', 'valmistelija', 'approved', false, 'esimies', 'johtaja'),
    decided: pick('decided', 'valmistelija', 'decided', false, 'esimies', 'johtaja'),
    confidential: pick('confidential decided', 'valmistelija', 'decided', true, 'esimies', 'johtaja'),
    foreignSubmitted: pick('submitted of tekninen', 'tekninen', 'submitted', false, 'johtaja', 'esimies'),
    foreignDecided: pick('decided of tekninen', 'tekninen', 'decided', false, 'johtaja', 'esimies'),
    round,
    activeVersion,
    activeDimension: firstOf('dimensions', activeVersion),
    activePrinciple: firstOf('principles', activeVersion),
    draftVersion,
    draftDimension: firstOf('dimensions', draftVersion),
    draftPrinciple: firstOf('principles', draftVersion),
    user: userId('valmistelija'),
  };
}, 120_000);

// ---------------------------------------------------------------------------------------------
// axe on every page.

type Language = 'fi' | 'en';
const ROLES = ['valmistelija', 'esimies', 'elinvoima', 'paakayttaja'] as const;
const PAGES = ROUTES.filter((r) => r.hasDefault);

/** For an actor: every (file, label, URL) that EXPECTED says gives them 200, one per URL. */
function visitsOf(actor: Actor): Array<{ file: string; label: string; url: string }> {
  const seen = new Set<string>();
  const visits: Array<{ file: string; label: string; url: string }> = [];
  for (const route of PAGES) {
    for (const c of EXPECTED[route.name]?.cases ?? []) {
      if (c.expect[actor] !== 200) continue;
      const url = urlOf(route, c.params ? c.params(fixture) : {});
      if (seen.has(url)) continue;
      seen.add(url);
      visits.push({ file: route.name, label: c.label, url });
    }
  }
  return visits;
}

/** Switches the interface language with the header's buttons ("In English" / "Suomeksi"). */
async function switchLanguage(page: Page, language: Language) {
  await go(page, '/accessibility');
  if ((await page.evaluate(() => document.documentElement.lang)) !== language) {
    await clickAndWait(page, () => page.locator(`.language-switch button[value="${language}"]`).click());
    await page.waitForFunction((want) => document.documentElement.lang === want, language);
  }
  await go(page, '/accessibility');
  expect(await page.evaluate(() => document.documentElement.lang), 'the language after the switch').toBe(language);
}

/**
 * How many pages of one context open and check the visits at once (E2E_POOL=1 checks them one
 * after another, to compare). The pages share the context's cookies, so its session and
 * language; while one waits for the server, another runs axe.
 */
const POOL = Number(process.env.E2E_POOL) || 3;

type Visit = { file: string; label: string; url: string };

/** Opens one visit on `page` and runs axe; returns the failures (status or violations), one string each. */
async function check(page: Page, actor: Actor, language: Language, visit: Visit): Promise<string[]> {
  const where = `${visit.file}${visit.label ? ` (${visit.label})` : ''} as ${actor} in ${language}`;
  const response = await go(page, visit.url);
  if (response?.status() !== 200) return [`${where}: GET ${visit.url} → ${response?.status()} (expected 200)`];
  const failures: string[] = [];
  const lang = await page.evaluate(() => document.documentElement.lang);
  if (lang !== language) failures.push(`${where}: <html lang="${lang}">, expected ${language}`);
  const known = KNOWN_VIOLATIONS.filter((k) => k.file === visit.file && k.actor === actor && k.language === language);
  try {
    if (known.length === 0) await expectNoAxeViolations(page, where);
    else {
      console.warn(`KNOWN_VIOLATIONS: ${where}: rules ${known.map((k) => k.rule).join(', ')} not checked (${known.map((k) => k.note).join('; ')})`);
      const results = await runAxe(
        page,
        known.map((k) => k.rule),
      );
      expect(
        results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        `axe violations on ${where}`,
      ).toEqual([]);
    }
  } catch (error) {
    failures.push((error as Error).message.split('\n\n')[0]!);
  }
  return failures;
}

/**
 * Every visit in `language`, on POOL pages of `context` at once (each page takes the next
 * visit when it is done); the failures in the visits' order.
 */
async function checkAll(context: BrowserContext, actor: Actor, language: Language, visits: Visit[]): Promise<string[]> {
  const results: string[][] = visits.map(() => []);
  let next = 0;
  const worker = async () => {
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    try {
      for (let i = next++; i < visits.length; i = next++) results[i] = await check(page, actor, language, visits[i]!);
    } finally {
      await page.close();
    }
  };
  await Promise.all(Array.from({ length: Math.min(POOL, visits.length) }, worker));
  return results.flat();
}

describe.runIf(hasChromium)('axe on every page, both languages, every role', () => {
  it('every page file (default export) has a row in EXPECTED, and every row names a page file', () => {
    const names = PAGES.map((r) => r.name);
    expect(
      names.filter((n) => !EXPECTED[n]),
      'page files without a row here (add the URL and who gets 200)',
    ).toEqual([]);
    const pageRows = Object.keys(EXPECTED).filter((k) => EXPECTED[k]!.kind === 'page');
    expect(
      pageRows.filter((k) => !names.includes(k)),
      'page rows without a page file',
    ).toEqual([]);
    // A file with a default export is a page; a row of another kind for it would skip it here.
    expect(
      names.filter((n) => EXPECTED[n] && EXPECTED[n]!.kind !== 'page'),
      'page files whose row is not of kind page',
    ).toEqual([]);
    expect(names.length).toBeGreaterThanOrEqual(35);
  });

  it('every page file is opened by at least one role or anonymously', () => {
    // admin.tsx (the layout) is the same URL as admin._index.tsx: it is opened with it.
    const opened = new Set(
      PAGES.filter((r) => (EXPECTED[r.name]?.cases ?? []).some((c) => [...ROLES, 'anonymous' as const].some((a) => c.expect[a] === 200))).map((r) => r.name),
    );
    expect(
      PAGES.map((r) => r.name).filter((n) => !opened.has(n)),
      'page files no one gets 200 for',
    ).toEqual([]);
  });

  it.each([...ROLES])(
    'as %s: every page it gets 200 for, in Finnish and in English: 0 violations',
    async (actor) => {
      const visits = visitsOf(actor);
      expect(visits.length).toBeGreaterThan(5);
      const { context, page } = await e2e.as(actor);
      page.on('dialog', (d) => void d.accept());
      try {
        const failures: string[] = [];
        await switchLanguage(page, 'fi');
        failures.push(...(await checkAll(context, actor, 'fi', visits)));
        // English runs every rule too, not only the ones that read words. Measured, color-contrast is
        // four fifths of axe's rule time and its result depends on where the English words fall
        // (wrapping, overflow, what lies behind them); the rules a DOM comparison could prove equal
        // cost about 40 ms a page, less than the comparison would save (ADR 021).
        await switchLanguage(page, 'en');
        failures.push(...(await checkAll(context, actor, 'en', visits)));
        await switchLanguage(page, 'fi');
        console.log(`${actor}: ${visits.length} pages × 2 languages checked`);
        expect(failures, `failures as ${actor}`).toEqual([]);
      } finally {
        await context.close();
      }
    },
    // A guard against a hang, not a budget: the admin's 70 pages took over 240 s on a loaded machine.
    480_000,
  );

  it('anonymously: the public pages (login, accessibility, privacy), in Finnish and in English: 0 violations', async () => {
    const visits = visitsOf('anonymous');
    expect(visits.map((v) => v.url).sort()).toEqual(['/accessibility', '/login', '/privacy']);
    const { context, page } = await e2e.page();
    try {
      const failures: string[] = [];
      await switchLanguage(page, 'fi');
      failures.push(...(await checkAll(context, 'anonymous', 'fi', visits)));
      await switchLanguage(page, 'en');
      failures.push(...(await checkAll(context, 'anonymous', 'en', visits)));
      expect(failures).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// The checklist with the keyboard alone.

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, what: string, options: { back?: boolean; max?: number } = {}) {
  for (let i = 0; i < (options.max ?? 40); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  const at = await page.evaluate(() => `${document.activeElement?.tagName} #${document.activeElement?.id}`);
  throw new Error(`Tab did not reach ${what} (${selector}); the focus is on ${at}`);
}

/** The focused element shows a focus indicator: an outline or a box shadow. */
async function focusIsVisible(page: Page): Promise<{ ok: boolean; what: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
    return { ok: outline || shadow, what: `${el.tagName}#${el.id} outline ${s.outlineStyle} ${s.outlineWidth}, box-shadow ${s.boxShadow}` };
  });
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/**
 * Fills one principle with the keyboard: from where the focus is, Tab to its radio group, arrow
 * keys to the answer '1' (the second option: Right from the first), Tab to the rationale, typing.
 * Returns the focus checks.
 */
async function fillByKeyboard(page: Page, key: string, rationale: string, problems: string[]) {
  const radios = `input[type="radio"][name="answers.${key}.answer"]`;
  await tabTo(page, radios, `the radio group of ${key}`);
  const radioFocus = await focusIsVisible(page);
  if (!radioFocus.ok) problems.push(`no visible focus on the radio of ${key}: ${radioFocus.what}`);
  // Tab into a group without a choice lands on its first option ('2'); Right chooses the next ('1').
  await page.keyboard.press('ArrowRight');
  if ((await focusedId(page)) !== radioId(key, '1')) {
    // Already chosen (the focus lands on the chosen one): go to the first and one step right.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
  }
  expect(await page.locator(byId(radioId(key, '1'))).isChecked(), `${key}: the arrow key chose '1'`).toBe(true);
  await tabTo(page, `textarea[id="${rationaleId(key)}"]`, `the rationale of ${key}`, { max: 3 });
  const textFocus = await focusIsVisible(page);
  if (!textFocus.ok) problems.push(`no visible focus on the rationale of ${key}: ${textFocus.what}`);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  if (rationale) await page.keyboard.type(rationale);
}

const SUBMIT = 'button[type="submit"][name="intent"][value="submit"]';

describe.runIf(hasChromium)('the checklist with the keyboard alone', () => {
  it.each([true, false])(
    'JavaScript %s: every principle is answered, an error is announced, and the checklist is sent',
    async (js) => {
      const { context, page } = await e2e.as('valmistelija', { javaScriptEnabled: js });
      page.on('dialog', (d) => void d.accept());
      const problems: string[] = [];
      try {
        const id = await createDraftOn(page, `Näppäimistöllä täytetty (${js ? 'JS' : 'ei JS'})`, dateFromToday(30));
        await go(page, `/decisions/${id}/checklist`);
        expect(PRINCIPLE_KEYS.length).toBe(7);
        const missing = PRINCIPLE_KEYS[2]!;
        // Start from the top of the page.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        for (const key of PRINCIPLE_KEYS)
          await fillByKeyboard(page, key, key === missing ? '' : `Perustelu periaatteelle ${key}, kirjoitettu näppäimistöllä.`, problems);
        // One rationale missing: send, and the errors are announced.
        await tabTo(page, SUBMIT, '"Lähetä tarkastettavaksi"');
        expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Lähetä tarkastettavaksi');
        await clickAndWait(page, () => page.keyboard.press('Enter'));
        await settle(page);
        expect(new URL(page.url()).pathname, 'a refused submit stays on the checklist').toBe(`/decisions/${id}/checklist`);
        const summary = page.locator('.error-summary');
        expect(await summary.count(), 'the error summary is shown').toBe(1);
        const beforeForm = await page.evaluate(() => {
          const s = document.querySelector('.error-summary');
          const first = document.querySelector('form.checklist fieldset.scale');
          return Boolean(s && first && s.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
        });
        expect(beforeForm, 'the error summary is above the fields').toBe(true);
        if (js) {
          await page.waitForFunction(() => Boolean(document.activeElement?.closest('.error-summary')));
        }
        const field = rationaleId(missing);
        const hrefs = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        expect(hrefs, 'the summary links to the missing rationale only').toEqual([`#${field}`]);
        const textarea = page.locator(byId(field));
        expect(await textarea.getAttribute('aria-invalid')).toBe('true');
        expect((await textarea.getAttribute('aria-describedby')) ?? '').toContain(`${field}-error`);
        expect(await page.locator(byId(`${field}-error`)).count(), 'the error text exists').toBe(1);
        expect((await page.locator(byId(`${field}-error`)).innerText()).trim()).not.toBe('');
        // The answers chosen with the keyboard were kept.
        for (const key of PRINCIPLE_KEYS) expect(await page.locator(byId(radioId(key, '1'))).isChecked(), key).toBe(true);

        // The summary's link takes the focus to the field (Tab to it, Enter), and the rationale is typed.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await tabTo(page, `.error-summary a[href="#${field}"]`, 'the error summary link');
        await page.keyboard.press('Enter');
        await page.waitForFunction((f) => document.activeElement?.id === f, field, { timeout: 3000 }).catch(() => undefined);
        if ((await focusedId(page)) !== field) {
          problems.push(`the error summary link #${field} did not move the focus to the field (focus on #${await focusedId(page)})`);
          // Reach the field with Shift+Tab from the summary's radio group instead.
          await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
          await tabTo(page, `textarea[id="${field}"]`, `the rationale of ${missing}`, { max: 80 });
        }
        await page.keyboard.type('Perustelu lisätty virheilmoituksen jälkeen.');
        // Back to the submit button with Tab and Enter.
        await tabTo(page, SUBMIT, '"Lähetä tarkastettavaksi"', { max: 80 });
        await clickAndWait(page, () => page.keyboard.press('Enter'), new RegExp(`/decisions/${id}\\?notice=submitted`));
        await settle(page);
        expect(new URL(page.url()).search).toBe('?notice=submitted');
        const status = dbGet<{ status: string }>('SELECT status FROM assessments WHERE decision_id = ? AND is_proposal', id)!.status;
        expect(status).toBe('submitted');
        expect(problems, 'keyboard and focus problems').toEqual([]);
      } finally {
        await context.close();
      }
    },
    120_000,
  );
});
