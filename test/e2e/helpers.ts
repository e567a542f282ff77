import { AxeBuilder } from '@axe-core/playwright';
import { source as axeSource } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The seven scored principles of the demo strategy, in the checklist's order, with their titles. */
export const PRINCIPLES = [
  ['pienuus', 'Pienuus on vahvuus!'],
  ['vastavirta', 'Vastavirran edelläkävijä!'],
  ['koti-maalla', 'Koti maalla, maailma lähellä!'],
  ['luonto-luovuus-tekniikka', 'Luontoon, luovuuteen ja tekniikkaan me uskomme!'],
  ['ennakointi', 'Reagoinnista ennakointiin'],
  ['positiivinen', 'Positiivinen, kannustava, rohkea'],
  ['verkostot', 'Verkostot ja yhteistyö'],
] as const;
export type PrincipleKey = (typeof PRINCIPLES)[number][0];
export const PRINCIPLE_KEYS = PRINCIPLES.map(([key]) => key);
export const titleOf = (key: PrincipleKey) => PRINCIPLES.find(([k]) => k === key)![1];

export const PROJECTS = {
  jalkauttaminen: 'Strategiatyön jalkauttaminen',
  markkinointi: 'Markkinointihanke',
  viestinta: 'Viestintäjärjestelmän mallintaminen',
  konseptointi: 'Konseptointihanke',
  tapahtumat: 'Tapahtumakoordinointi',
} as const;

export type AnswerValue = '2' | '1' | '0' | '-1' | '-2' | 'not_relevant' | 'knowledge_gap';
export interface Answer {
  answer: AnswerValue;
  rationale?: string;
  mitigation?: string;
}

/** An id with dots in it (answers.pienuus.answer-2) as a CSS selector. */
export const byId = (id: string) => `[id="${id}"]`;
export const radioId = (key: string, value: string) => `answers.${key}.answer-${value}`;
export const rationaleId = (key: string) => `answers.${key}.rationale`;
export const mitigationId = (key: string) => `answers.${key}.mitigation`;

/** A new page in a new context (own cookies), with or without JavaScript. */
export async function newPage(
  browser: Browser,
  options: { javaScriptEnabled?: boolean; width?: number; baseURL: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: options.baseURL,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: 'fi-FI',
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { context, page };
}

/**
 * Submits a form (POST) with a click and waits for the page that the submit leads to.
 * Without JavaScript that is a new document: we wait for its load event. With JavaScript,
 * Remix posts with fetch and renders on the client: we wait for the POST's response, then
 * for the router to be idle and the page painted.
 */
export async function clickAndWait(page: Page, click: () => Promise<void>, urlPattern?: RegExp) {
  const js = await page.evaluate(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
  if (!js) {
    const loaded = page.waitForEvent('load');
    await click();
    await loaded;
    if (urlPattern) await page.waitForURL(urlPattern);
    return;
  }
  const posted = page.waitForEvent('request', (request) => request.method() === 'POST');
  await click();
  await (await posted).response();
  if (urlPattern) await page.waitForURL(urlPattern);
  await page.waitForFunction(() => {
    const state = (window as unknown as { __remixRouter: { state: { navigation: { state: string }; revalidation: string } } }).__remixRouter.state;
    return state.navigation.state === 'idle' && state.revalidation === 'idle';
  });
  await rendered(page);
}

/**
 * Waits for the page to be painted with React's work done: two animation frames, then an idle
 * moment. The router is idle before React has committed the new page: Remix renders a navigation
 * as a transition, which on a loaded machine can outlast two frames (React yields between them).
 */
function rendered(page: Page) {
  return page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => resolve(null), { timeout: 5000 })))),
  );
}

/** Waits until Remix has hydrated the page (a no-op check when JavaScript is off). */
export async function waitForHydration(page: Page, javaScriptEnabled: boolean) {
  if (!javaScriptEnabled) return;
  await page.waitForFunction(() => {
    const w = window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } };
    return Boolean(w.__remixRouter?.state?.initialized);
  });
}

export async function login(page: Page, username: string, password = `${username}-demo`, javaScriptEnabled = true) {
  await page.goto('/login');
  await waitForHydration(page, javaScriptEnabled);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await clickAndWait(page, () => page.getByRole('button', { name: /^(Kirjaudu|Log in)$/ }).click(), /\/$/);
}

export interface DecisionInput {
  title: string;
  caseNumber?: string;
  meetingDate: string; // yyyy-mm-dd (typed as d.m.yyyy if the field is a text field)
  description: string;
  confidential?: boolean;
}

/** Fills the "Uusi päätösesitys" form (the page must be open) and submits it; returns the decision's id. */
export async function fillAndCreateDecision(page: Page, input: DecisionInput): Promise<number> {
  await page.locator('#title').fill(input.title);
  if (input.caseNumber) await page.locator('#caseNumber').fill(input.caseNumber);
  // The first real body in the list; the official's own department is preselected.
  const bodyValue = await page.locator('#bodyId option:not([value=""])').first().getAttribute('value');
  await page.locator('#bodyId').selectOption(bodyValue!);
  expect(await page.locator('#departmentId').inputValue(), 'the official’s department is preselected').not.toBe('');
  // A browser date field takes yyyy-mm-dd; the app's text field is typed as d.m.yyyy.
  const dateField = page.locator('#meetingDate');
  const [y, m, d] = input.meetingDate.split('-').map(Number);
  await dateField.fill((await dateField.getAttribute('type')) === 'date' ? input.meetingDate : `${d}.${m}.${y}`);
  await page.locator('#description').fill(input.description);
  if (input.confidential) await page.locator('#confidential').check();
  await clickAndWait(page, () => page.getByRole('button', { name: 'Luo esitys ja siirry arviointiin' }).click(), /\/decisions\/\d+\/checklist/);
  const match = /\/decisions\/(\d+)\/checklist/.exec(page.url());
  expect(match, `expected the checklist after creating, got ${page.url()}`).not.toBeNull();
  return Number(match![1]);
}

/** Logs in (if needed) and creates a draft through the UI; returns its id. */
export async function createDraft(page: Page, title: string, javaScriptEnabled = true): Promise<number> {
  await page.goto('/decisions/new');
  await waitForHydration(page, javaScriptEnabled);
  return fillAndCreateDecision(page, {
    title,
    meetingDate: '2026-12-15',
    description: `${title}: kuvaus testiä varten.`,
  });
}

/** Sets one principle's answer and texts on the checklist page (empty strings clear a text). */
export async function answer(page: Page, key: string, a: Answer) {
  await page.locator(byId(radioId(key, a.answer))).check();
  await page.locator(byId(rationaleId(key))).fill(a.rationale ?? '');
  await page.locator(byId(mitigationId(key))).fill(a.mitigation ?? '');
}

/**
 * axe-core's own source (the copy @axe-core/playwright runs), loaded into a document only if
 * that document has no axe yet. AxeBuilder's legacy path evaluates its script twice per check (once
 * in analyze, once more in inject): 1.3 MB compiled and run again, about 0.1 s a check, for nothing.
 * With this guard the second evaluation is a no-op; a page that stays the same document (a
 * client-side navigation) reuses its axe, as axe.run is meant to be called again and again.
 */
const AXE_ONCE = `if (typeof window.axe === 'undefined') {\n${axeSource}\n}`;

/**
 * axe with the WCAG 2.0 and 2.1 A and AA rules on the page as it is now (`disableRules`: rules left
 * out, for a known violation that is reported as a bug). In axe's "legacy" mode: axe.run in the page
 * itself. The default mode runs axe in each frame and then merges the results in a new blank page,
 * into which it injects axe's source again: the same rules, about twice the time, for iframes the
 * app does not have.
 *
 * Only the violations come back whole (`resultTypes`): axe still runs every rule on every node and
 * decides pass, fail or incomplete exactly as before (the trimming is done in its reporter, after the
 * rules and their after-steps); the passes, incomplete and inapplicable lists keep each rule but one
 * example node instead of all, which saves serialising and sending 100–300 KB a check.
 * `options` is set before `withTags`: AxeBuilder's options() replaces the whole options object,
 * runOnly included, and after withTags it would silently run every axe rule, best practices too.
 */
export function runAxe(page: Page, disableRules: string[] = []) {
  const builder = new AxeBuilder({ page, axeSource: AXE_ONCE })
    .options({ resultTypes: ['violations'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode(true);
  return (disableRules.length > 0 ? builder.disableRules(disableRules) : builder).analyze();
}

/** Runs axe (runAxe) and fails with every violation's id, targets and message. */
export async function expectNoAxeViolations(page: Page, where: string) {
  const results = await runAxe(page);
  const report = results.violations
    .map(
      (v) =>
        `  [${v.id}] (${v.impact}) ${v.help}\n` + v.nodes.map((n) => `      at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n'),
    )
    .join('\n');
  expect(results.violations.length, `axe violations on ${where} (${page.url()}):\n${report}`).toBe(0);
}

/**
 * No horizontal scrolling: the document is no wider than the viewport (only
 * document.documentElement.scrollWidth counts; the widest elements are named in the message).
 */
export async function expectNoHorizontalScroll(page: Page, where: string, width = 375) {
  const { scrollWidth, offenders } = await page.evaluate((w) => {
    // Tables inside .table-scroll scroll within themselves: they are not the page's overflow.
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > w + 0.5 && !el.closest('.table-scroll'))
      .slice(0, 5)
      .map((el) => {
        const id = el.id ? `#${el.id}` : '';
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        return `${el.tagName.toLowerCase()}${id}${cls} (right ${Math.round(el.getBoundingClientRect().right)}px)`;
      });
    return { scrollWidth: document.documentElement.scrollWidth, offenders: wide };
  }, width);
  expect(scrollWidth, `horizontal scrolling on ${where} at ${width}px; widest elements: ${offenders.join(', ')}`).toBeLessThanOrEqual(width);
}

// --- The review round, the recorded decision, the history. Shared by review-round, conflict and review-pages-accessibility.

/** Today's date in Helsinki, moved by `days`, as yyyy-mm-dd (the app's own rule for "today"). */
export function dateFromToday(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** yyyy-mm-dd as the app prints it: d.m.yyyy. */
export function fiDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d}.${m}.${y}`;
}

/** True when the page runs Remix on the client. */
export const hasRemix = (page: Page) => page.evaluate(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));

/** Waits for the Remix router to be idle and the page painted (no-op without JavaScript). */
export async function settle(page: Page) {
  if (!(await hasRemix(page))) return;
  await page.waitForFunction(() => {
    const state = (window as unknown as { __remixRouter: { state: { initialized: boolean; navigation: { state: string }; revalidation: string } } })
      .__remixRouter.state;
    return state.initialized && state.navigation.state === 'idle' && state.revalidation === 'idle';
  });
  await rendered(page);
}

/** Follows a link (or a GET form) and waits for the page it leads to, with or without JavaScript. */
export async function follow(page: Page, click: () => Promise<void>, urlPattern: RegExp) {
  await Promise.all([page.waitForURL(urlPattern), click()]);
  await settle(page);
}

/** Opens a path with a fresh document load and waits for hydration (if JavaScript is on). */
export async function go(page: Page, path: string) {
  const response = await page.goto(path);
  await settle(page);
  return response;
}

/** A new context logged in as `username`. */
export async function loggedInPage(browser: Browser, baseURL: string, username: string, options: { javaScriptEnabled?: boolean; width?: number } = {}) {
  const js = options.javaScriptEnabled ?? true;
  const opened = await newPage(browser, { baseURL, javaScriptEnabled: js, width: options.width });
  await login(opened.page, username, `${username}-demo`, js);
  return opened;
}

/** A complete set of answers for the seven principles: every rule of the checklist met. */
export const COMPLETE_ANSWERS: Record<PrincipleKey, Answer> = {
  pienuus: { answer: '1', rationale: 'Pieni kunta voi kokeilla uutta toimintatapaa nopeasti.' },
  vastavirta: { answer: '2', rationale: 'Ratkaisu on harvinainen näin pienessä kunnassa.' },
  'koti-maalla': { answer: '0', rationale: 'Ei vaikuta asumiseen.' },
  'luonto-luovuus-tekniikka': {
    answer: '-1',
    rationale: 'Lisäkuljetukset lisäävät päästöjä.',
    mitigation: 'Kuljetukset yhdistetään olemassa oleviin reitteihin.',
  },
  ennakointi: { answer: 'knowledge_gap', rationale: 'Käyttäjämäärien ennuste puuttuu; se saadaan keväällä.' },
  positiivinen: { answer: 'not_relevant' },
  verkostot: { answer: '1', rationale: 'Yhteistyö naapurikuntien kanssa tiivistyy.' },
};

/** Fills every principle on the open checklist. */
export async function fillAnswers(page: Page, answers: Partial<Record<PrincipleKey, Answer>> = COMPLETE_ANSWERS) {
  for (const [key, a] of Object.entries(answers)) await answer(page, key, a!);
}

/** Creates a draft with the given meeting date (yyyy-mm-dd) through the UI; returns its id. */
export async function createDraftOn(page: Page, title: string, meetingDate: string, caseNumber?: string): Promise<number> {
  await go(page, '/decisions/new');
  return fillAndCreateDecision(page, { title, meetingDate, caseNumber, description: `${title}: kuvaus testiä varten.` });
}

/** Submits the open checklist (Finnish or English button) and waits for the assessment page. */
export async function submitChecklist(page: Page, id: number) {
  await clickAndWait(
    page,
    () => page.getByRole('button', { name: /^(Lähetä tarkastettavaksi|Submit for review)$/ }).click(),
    new RegExp(`/decisions/${id}\\?notice=submitted`),
  );
  await settle(page);
}

/** Creates a draft, fills every answer and submits it; returns its id. The page is left on the assessment page. */
export async function createSubmitted(page: Page, title: string, meetingDate = dateFromToday(20)): Promise<number> {
  const id = await createDraftOn(page, title, meetingDate);
  await settle(page);
  await fillAnswers(page);
  await submitChecklist(page, id);
  return id;
}

export interface ReviewInput {
  outcome: 'approve' | 'return';
  comment?: string;
  principleComments?: Partial<Record<PrincipleKey, string>>;
}

/** On the open review page: writes the comments and approves or returns; waits for the assessment page. */
export async function fillAndSendReview(page: Page, id: number, input: ReviewInput) {
  for (const [key, text] of Object.entries(input.principleComments ?? {})) {
    await page.locator(byId(`principleComments.${key}`)).fill(text!);
  }
  await page.locator('#comment').fill(input.comment ?? '');
  const button = input.outcome === 'approve' ? /^(Hyväksy|Approve)$/ : /^(Palauta korjattavaksi|Return for correction)$/;
  await clickAndWait(
    page,
    () => page.getByRole('button', { name: button }).click(),
    new RegExp(`/decisions/${id}\\?notice=${input.outcome === 'approve' ? 'approved' : 'returned'}`),
  );
  await settle(page);
}

/** Opens the review page and sends the review. */
export async function review(page: Page, id: number, input: ReviewInput) {
  await go(page, `/decisions/${id}/review`);
  await fillAndSendReview(page, id, input);
}

export interface RecordInput {
  outcome: 'approved' | 'amended' | 'rejected' | 'tabled' | 'returned_for_preparation';
  section: string;
  /** d.m.yyyy; left as it is when not given. */
  meetingDate?: string;
}

/** On the open record-decision page: fills and sends it; waits for the assessment page. */
export async function fillAndRecordDecision(page: Page, id: number, input: RecordInput) {
  await page.locator('#outcome').selectOption(input.outcome);
  await page.locator('#minutesSection').fill(input.section);
  if (input.meetingDate) await page.locator('#meetingDate').fill(input.meetingDate);
  await clickAndWait(
    page,
    () => page.getByRole('button', { name: /^(Kirjaa päätös|Record the decision)$/ }).click(),
    new RegExp(`/decisions/${id}\\?notice=decided`),
  );
  await settle(page);
}

/** The count beside "Tarkastettavat" in the main menu, read from its accessible name (0 when there is none). */
export async function navReviewCount(page: Page): Promise<number> {
  const link = page.locator('nav.main-nav a[href="/reviews"]');
  if ((await link.count()) === 0) return 0;
  const count = link.locator('.nav-count [aria-hidden="true"]');
  return (await count.count()) === 0 ? 0 : Number(await count.innerText());
}

/** Saves the open checklist as a draft and waits for the answer: the new checklist, or the conflict page (409). */
export async function saveDraft(page: Page): Promise<number> {
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && /\/checklist/.test(r.url()));
  await clickAndWait(page, () => page.getByRole('button', { name: /^(Tallenna luonnos|Save draft)$/ }).click());
  const status = (await response).status();
  await settle(page);
  return status;
}

export interface Conflict {
  id: number;
  /** The page that lost the race: it shows the conflict section. */
  page: Page;
  /** The page that saved first. */
  winner: Page;
  contexts: BrowserContext[];
  /** The 409's status as the browser got it. */
  status: number;
  winnerText: string;
  loserText: string;
}

/**
 * The same official in two contexts opens the same checklist; A saves a change to one
 * principle's rationale, then B saves a different change (another principle's answer and
 * rationale) from the version both opened.
 */
export async function makeConflict(
  browser: Browser,
  baseURL: string,
  options: { javaScriptEnabled?: boolean; width?: number; title: string },
): Promise<Conflict> {
  const js = options.javaScriptEnabled ?? true;
  const a = await loggedInPage(browser, baseURL, 'valmistelija', { javaScriptEnabled: js, width: options.width });
  const b = await loggedInPage(browser, baseURL, 'valmistelija', { javaScriptEnabled: js, width: options.width });
  const contexts = [a.context, b.context];
  // Leaving a page with unsaved input asks first (beforeunload): accept, as a user would.
  for (const p of [a.page, b.page]) p.on('dialog', (d) => void d.accept());
  const id = await createDraftOn(a.page, options.title, dateFromToday(40));
  await settle(a.page);
  await fillAnswers(a.page);
  expect(await saveDraft(a.page), 'the first draft save').toBeLessThan(400);

  await go(a.page, `/decisions/${id}/checklist`);
  await go(b.page, `/decisions/${id}/checklist`);

  const winnerText = 'A: perustelu tarkennettu toisessa ikkunassa.';
  await a.page.locator(byId(rationaleId('pienuus'))).fill(winnerText);
  expect(await saveDraft(a.page), 'A saves first').toBeLessThan(400);

  const loserText = 'B: vastavirran perustelu kirjoitettu uudelleen.';
  await b.page.locator(byId(radioId('vastavirta', '1'))).check();
  await b.page.locator(byId(rationaleId('vastavirta'))).fill(loserText);
  const status = await saveDraft(b.page);
  return { id, page: b.page, winner: a.page, contexts, status, winnerText, loserText };
}
