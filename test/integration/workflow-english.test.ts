/**
 * In English as in Finnish: the review round and the decision in English, after
 * POST /language language=en, with the error messages and the refusal pages.
 * The detector of untranslated text is the one of language.test.ts: any Finnish interface text
 * (from the Finnish catalog) on an English page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fi } from '../../app/i18n/fi';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  checklistForm,
  checklistUrl,
  completeAnswers,
  createDecision,
  decisionForm,
  decode,
  draftFields,
  fieldError,
  htmlOf,
  location,
  organisation,
  postReview,
  reviewForm,
  showServerLogsOnFailure,
  statusOf,
  submitComplete,
  versionOf,
  visibleText,
  withoutScripts,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
let official: Client;
let manager: Client;
let id: number;

const htmlLang = (html: string) => /<html lang="([^"]*)"/.exec(html)?.[1];

const SAME_IN_EVERY_LANGUAGE = new Set(['Linssi', 'Suomeksi', 'In English']);
function finnishTexts(node: unknown, path = ''): Array<[string, string]> {
  if (typeof node === 'string') return SAME_IN_EVERY_LANGUAGE.has(node) ? [] : [[path, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => finnishTexts(v, path ? `${path}.${k}` : k));
}
const FINNISH = finnishTexts(fi);
const KEY_PATHS = new Set(FINNISH.map(([key]) => key));
/** Finnish interface texts or raw message keys on a page (the agenda paragraph is Finnish on purpose). */
function untranslated(html: string): string[] {
  const page = withoutScripts(html).replace(/<textarea\b[^>]*\blang="fi"[^>]*>[\s\S]*?<\/textarea>/g, '');
  const nodes = [
    ...[...page.matchAll(/>([^<]+)</g)].map((m) => decode(m[1]!).trim()),
    ...[...page.matchAll(/\s(?:aria-label|placeholder|title|alt|data-label)="([^"]*)"/g)].map((m) => decode(m[1]!).trim()),
  ].filter(Boolean);
  const text = visibleText(page);
  const found: string[] = [];
  for (const [key, message] of FINNISH) {
    const literals = message.split(/\{\w+\}/).map((s) => s.trim());
    if (literals.length === 1 && nodes.includes(message.trim())) found.push(`${key}: ${message}`);
    else if (literals.some((part) => part.length >= 16 && text.includes(part))) found.push(`${key}: ${message}`);
  }
  for (const node of nodes) if (KEY_PATHS.has(node)) found.push(`raw key ${node}`);
  return found;
}

async function english(username: string) {
  const client = await new Client(server.url).login(username);
  const res = await client.post('/language', { language: 'en', redirectTo: '/' });
  expect(res.status).toBe(302);
  return client;
}

beforeAll(async () => {
  server = await startServer();
  official = await english('valmistelija');
  manager = await english('esimies');
  org = await organisation(official);
  id = await createDecision(official, draftFields(org, { title: 'Englanninkielinen kierros' }));
  await submitComplete(server, official, id);
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

async function englishPage(client: Client, path: string, status = 200) {
  const res = await client.get(path);
  expect(res.status, path).toBe(status);
  const html = await htmlOf(res);
  expect(htmlLang(html), path).toBe('en');
  expect(untranslated(html), path).toEqual([]);
  return visibleText(html);
}

describe('the review round in English', () => {
  it('the queue and the review page', async () => {
    expect(await englishPage(manager, '/reviews')).toContain('Assessments to review');
    const text = await englishPage(manager, `/decisions/${id}/review`);
    for (const s of [
      'Review of the assessment',
      'Approve',
      'Return for correction',
      'Overall comment',
      'Required if you return the assessment for correction.',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('Palauta korjattavaksi');
  });

  it('a return without a comment is refused in English', async () => {
    const res = await manager.post(`/decisions/${id}/review`, reviewForm('return', versionOf(server, id), ''));
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(htmlLang(html)).toBe('en');
    expect(fieldError(html, 'comment')).toBe('Tell the author what needs to be corrected.');
    expect(untranslated(html)).toEqual([]);
  });

  it('the returned checklist shows the comments in English', async () => {
    const res = await postReview(server, manager, id, 'return', 'Please be more specific.', { pienuus: 'Which villages?' });
    expect(res.status).toBe(302);
    const text = await englishPage(official, checklistUrl(id));
    expect(text).toContain('Your manager returned the assessment for correction.');
    expect(text).toContain('Reviewer’s comment');
    expect(text).toContain('Which villages?');
    const page = await englishPage(official, `/decisions/${id}`);
    expect(page).toContain('Returned by Eero Esimies');
  });

  it('the decision form, its errors and the decided page', async () => {
    await submitComplete(server, official, id, ['1', '1', '1', '1', '1', '1', '1']);
    expect((await postReview(server, manager, id, 'approve')).status).toBe(302);
    const form = await englishPage(official, `/decisions/${id}/decision`);
    for (const s of ['Record the decision', 'Section (§)', 'Meeting date', 'Approved as amended', 'Returned for preparation']) expect(form).toContain(s);

    const bad = await official.post(`/decisions/${id}/decision`, decisionForm(versionOf(server, id), 'amended', 'x', '32.1.2026'));
    expect(bad.status).toBe(400);
    const badHtml = await htmlOf(bad);
    expect(htmlLang(badHtml)).toBe('en');
    expect(fieldError(badHtml, 'minutesSection')).toBe('Give the number of the section (§), for example 45.');
    expect(fieldError(badHtml, 'meetingDate')).toBe('Give the date as d.m.yyyy, for example 15.3.2026.');
    expect(untranslated(badHtml)).toEqual([]);
    const missing = await official.post(`/decisions/${id}/decision`, decisionForm(versionOf(server, id), '', '', ''));
    expect(fieldError(await htmlOf(missing), 'minutesSection')).toBe('This field is required.');

    const res = await official.post(`/decisions/${id}/decision`, decisionForm(versionOf(server, id), 'amended', '45', '18.12.2026'));
    expect(res.status).toBe(302);
    expect(location(res)).toBe(`/decisions/${id}?notice=decided`);
    expect(statusOf(server, id)).toBe('decided');
    const page = await englishPage(official, `/decisions/${id}?notice=decided`);
    expect(page).toContain('Approved as amended, § 45, 18.12.2026');
    expect(page).toContain('The decision has been recorded, so the assessment can no longer be changed.');
  });

  it('the history page', async () => {
    const text = await englishPage(official, `/decisions/${id}/history`);
    expect(text).toContain('Version history');
  });

  it('a refusal of a frozen assessment is explained in English', async () => {
    const res = await official.post(checklistUrl(id), checklistForm(versionOf(server, id), 'save', completeAnswers(['0', '0', '0', '0', '0', '0', '0'])));
    expect(res.status).toBe(409);
    const html = await htmlOf(res);
    expect(htmlLang(html)).toBe('en');
    expect(visibleText(html)).toMatch(/This cannot be done|The assessment can no longer be edited/);
    expect(untranslated(html)).toEqual([]);
    const forbidden = await manager.get(`/decisions/${id}/decision`);
    expect(forbidden.status).toBe(403);
    expect(visibleText(await htmlOf(forbidden))).toContain('No access');
  });
});
