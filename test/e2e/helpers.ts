import { AxeBuilder } from '@axe-core/playwright';
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
    const state = (window as unknown as { __remixRouter: { state: { navigation: { state: string }; revalidation: string } } })
      .__remixRouter.state;
    return state.navigation.state === 'idle' && state.revalidation === 'idle';
  });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
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

/** Runs axe with the WCAG 2.1 A and AA rules; fails with every violation's id, targets and message. */
export async function expectNoAxeViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const report = results.violations
    .map(
      (v) =>
        `  [${v.id}] (${v.impact}) ${v.help}\n` +
        v.nodes.map((n) => `      at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n'),
    )
    .join('\n');
  expect(results.violations.length, `axe violations on ${where} (${page.url()}):\n${report}`).toBe(0);
}

/** No horizontal scrolling: the document is no wider than the viewport. */
export async function expectNoHorizontalScroll(page: Page, where: string, width = 375) {
  const { scrollWidth, offenders } = await page.evaluate((w) => {
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > w + 0.5)
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
