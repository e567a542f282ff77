import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fi } from '../../app/i18n/fi';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  checklistForm,
  completeAnswers,
  createDecision,
  dbGet,
  decode,
  htmlOf,
  location,
  organisation,
  showServerLogsOnFailure,
  visibleText,
  withoutScripts,
} from './helpers';

let server: TestServer;
let bodies: Map<string, string>;
let departments: Map<string, string>;

beforeAll(async () => {
  server = await startServer();
  ({ bodies, departments } = await organisation(await new Client(server.url).login('valmistelija')));
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

const htmlLang = (html: string) => /<html lang="([^"]*)"/.exec(html)?.[1];

/**
 * The Finnish interface texts, as a detector of untranslated text: any of them on an English
 * page means a message missing from (or copied untranslated into) the English catalog.
 * Only the few texts that are the same in every language are allowed.
 */
const SAME_IN_EVERY_LANGUAGE = new Set(['Linssi', 'Suomeksi', 'In English']);
function finnishTexts(node: unknown, path = ''): Array<[string, string]> {
  if (typeof node === 'string') return SAME_IN_EVERY_LANGUAGE.has(node) ? [] : [[path, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => finnishTexts(v, path ? `${path}.${k}` : k));
}
const FINNISH = finnishTexts(fi);
const KEY_PATHS = new Set(FINNISH.map(([key]) => key));

/** The texts of the page that are Finnish interface texts, or raw message keys. */
function untranslated(html: string): string[] {
  // The agenda paragraph is Finnish on purpose (lang="fi"): leave it out, and the scripts too.
  const page = withoutScripts(html).replace(/<textarea\b[^>]*\blang="fi"[^>]*>[\s\S]*?<\/textarea>/g, '');
  const nodes = [
    ...[...page.matchAll(/>([^<]+)</g)].map((m) => decode(m[1]!).trim()),
    ...[...page.matchAll(/\s(?:aria-label|placeholder|title|alt|data-label)="([^"]*)"/g)].map((m) => decode(m[1]!).trim()),
  ].filter(Boolean);
  const text = visibleText(page);
  const found: string[] = [];
  for (const [key, message] of FINNISH) {
    // A whole text node that is a Finnish message, or a longer message's literal part anywhere.
    const literals = message.split(/\{\w+\}/).map((s) => s.trim());
    if (literals.length === 1 && nodes.includes(message.trim())) found.push(`${key}: ${message}`);
    else if (literals.some((part) => part.length >= 16 && text.includes(part))) found.push(`${key}: ${message}`);
  }
  for (const node of nodes) if (KEY_PATHS.has(node)) found.push(`raw key ${node}`);
  return found;
}

async function englishOfficial() {
  const client = await new Client(server.url).login('valmistelija');
  const res = await client.post('/language', { language: 'en', redirectTo: '/decisions' });
  expect(res.status).toBe(302);
  expect(location(res)).toBe('/decisions');
  return client;
}

async function newDecision(client: Client) {
  return createDecision(client, {
    title: 'Englanninkielinen testi',
    caseNumber: '',
    bodyId: bodies.get('Sivistyslautakunta')!,
    departmentId: departments.get('Sivistystoimi')!,
    meetingDate: '18.12.2026',
    description: 'Testi.',
  });
}

describe('switching the language', () => {
  it('renders the pages in English for the user, and remembers it in the account', async () => {
    const client = await englishOfficial();
    expect(dbGet<{ language: string }>(server, "SELECT language FROM users WHERE username = 'valmistelija'")!.language).toBe('en');
    const res = await client.get('/decisions');
    expect(res.status).toBe(200);
    const html = await htmlOf(res);
    expect(htmlLang(html)).toBe('en');
    const text = visibleText(html);
    expect(text).toContain('My drafts');
    expect(text).toContain('Log out');
    expect(text).not.toContain('Omat esitykset');
    expect(text).not.toContain('Kirjaudu ulos');
    expect(html).toContain('<title>My drafts – Linssi</title>');

    // A fresh login (another browser) gets English too.
    const other = await new Client(server.url).login('valmistelija');
    expect(htmlLang(await htmlOf(await other.get('/')))).toBe('en');

    // And back.
    const back = await client.post('/language', { language: 'fi', redirectTo: '/decisions' });
    expect(back.status).toBe(302);
    const fiHtml = await htmlOf(await client.get('/decisions'));
    expect(htmlLang(fiHtml)).toBe('fi');
    expect(visibleText(fiHtml)).toContain('Omat esitykset');
  });

  it('works before login with a cookie, for the login page', async () => {
    const client = new Client(server.url);
    const res = await client.post('/language', { language: 'en', redirectTo: '/login' });
    expect(res.status).toBe(302);
    expect(location(res)).toBe('/login');
    expect(res.headers.getSetCookie().some((c) => /^linssi_lang=en;/.test(c))).toBe(true);
    const html = await htmlOf(await client.get('/login'));
    expect(htmlLang(html)).toBe('en');
    expect(visibleText(html)).toContain('Log in');
    expect(visibleText(html)).not.toContain('Kirjaudu sisään');
    // A failed login answers in English as well.
    const failed = await client.post('/login', { username: 'valmistelija', password: 'wrong' });
    expect(failed.status).toBe(401);
    expect(visibleText(await htmlOf(failed))).toContain('The user name or password is wrong.');
  });

  it('ignores an unknown language and an off-site redirectTo', async () => {
    const client = new Client(server.url);
    const res = await client.post('/language', { language: 'sv', redirectTo: '//evil.example' });
    expect(res.status).toBe(302);
    expect(location(res)).toBe('/');
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(htmlLang(await htmlOf(await client.get('/login')))).toBe('fi');
    const evil = await client.post('/language', { language: 'en', redirectTo: '//evil.example' });
    expect(location(evil)).toBe('/');
  });
});

describe('the English pages have no untranslated text', () => {
  let client: Client;
  let id: number;
  let submittedId: number;
  beforeAll(async () => {
    client = await englishOfficial();
    id = await newDecision(client);
    submittedId = await newDecision(client);
    const res = await client.post(
      `/decisions/${submittedId}/checklist`,
      checklistForm(1, 'submit', completeAnswers(['2', '1', '0', '-1', 'not_relevant', 'knowledge_gap', '2'])),
    );
    expect(res.status).toBe(302);
  });

  it.each([
    ['/', 'Welcome'],
    ['/decisions', 'My drafts'],
    ['/decisions/all', 'All assessments'],
    ['/decisions/new', 'New draft decision'],
    ['/decisions/:id', 'Fill in the strategy assessment'],
    ['/decisions/:id/checklist', 'Strategy assessment'],
    ['/decisions/:id/edit', 'Edit the draft’s details'],
    ['/decisions/:submitted', 'Summary of the assessment'],
    ['/decisions/999999', 'Page not found'],
  ])('GET %s', async (path, heading) => {
    const res = await client.get(path.replace(':id', String(id)).replace(':submitted', String(submittedId)));
    expect(res.status).toBeLessThan(500);
    const html = await htmlOf(res);
    expect(htmlLang(html)).toBe('en');
    expect(visibleText(html)).toContain(heading);
    expect(untranslated(html)).toEqual([]);
  });

  it('the summary’s mean is written the English way', async () => {
    const html = await htmlOf(await client.get(`/decisions/${submittedId}`));
    // (2 + 1 + 0 − 1 + 2) / 5 = 0.8
    expect(/<dd data-testid="summary-mean">([^<]*)<\/dd>/.exec(withoutScripts(html))?.[1]).toBe('+0.80');
  });

  it('form errors of the new-draft form', async () => {
    const res = await client.post('/decisions/new', { title: '', caseNumber: '<x>', bodyId: '', departmentId: '', meetingDate: '31.2.2026', description: '' });
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(htmlLang(html)).toBe('en');
    expect(visibleText(html)).toContain('This field is required.');
    expect(visibleText(html)).toContain('Give the date as d.m.yyyy, for example 15.3.2026.');
    expect(untranslated(html)).toEqual([]);
  });

  it('form errors of the checklist', async () => {
    const version = dbGet<{ version: number }>(server, 'SELECT version FROM assessments WHERE decision_id = ?', id)!.version;
    const res = await client.post(`/decisions/${id}/checklist`, checklistForm(version, 'submit', { vastavirta: { answer: '-1' } }));
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(htmlLang(html)).toBe('en');
    const text = visibleText(html);
    expect(text).toContain('Choose the impact on the scale.');
    expect(text).toContain('Write a rationale for the answer.');
    expect(text).toContain('Say how the harm will be mitigated.');
    expect(untranslated(html)).toEqual([]);
  });

  it('the error page of a refused change (409 after submitting)', async () => {
    const res = await client.post(`/decisions/${submittedId}/checklist`, checklistForm(2, 'save', {}));
    expect(res.status).toBe(409);
    const html = await htmlOf(res);
    expect(htmlLang(html)).toBe('en');
    expect(visibleText(html)).toMatch(/This cannot be done|The assessment can no longer be edited/);
    expect(untranslated(html)).toEqual([]);
  });

  it('the error page of a refused change (404 for an unknown decision)', async () => {
    const res = await client.post('/decisions/999999/checklist', checklistForm(1, 'save', {}));
    expect(res.status).toBe(404);
    const html = await htmlOf(res);
    expect(htmlLang(html)).toBe('en');
    expect(visibleText(html)).toContain('Page not found');
    expect(untranslated(html)).toEqual([]);
  });
});
