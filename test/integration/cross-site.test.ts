import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  checklistForm,
  completeAnswers,
  count,
  createDecision,
  dbGet,
  location,
  organisation,
  showServerLogsOnFailure,
  snapshot,
  tableContents,
} from './helpers';

let server: TestServer;
let official: Client;
let bodies: Map<string, string>;
let departments: Map<string, string>;
let id: number;

beforeAll(async () => {
  server = await startServer();
  official = await new Client(server.url).login('valmistelija');
  ({ bodies, departments } = await organisation(official));
  id = await createDecision(official, decisionFields('Ristiinsivustotesti'));
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

function decisionFields(title: string) {
  return {
    title,
    caseNumber: '',
    bodyId: bodies.get('Sivistyslautakunta')!,
    departmentId: departments.get('Sivistystoimi')!,
    meetingDate: '16.12.2026',
    description: 'Ristiinsivustotesti.',
  };
}

const EVIL = { Origin: 'http://evil.example' };

describe('a POST from another site', () => {
  it('cannot create a decision', async () => {
    const before = count(server, 'decisions');
    const res = await official.post('/decisions/new', decisionFields('Hyökkääjän esitys'), EVIL);
    expect(res.status).toBe(403);
    expect(location(res)).toBeNull();
    expect(count(server, 'decisions')).toBe(before);
    expect(count(server, 'decisions', 'title = ?', 'Hyökkääjän esitys')).toBe(0);
  });

  it('cannot save, submit or mark routine the checklist, nor edit the decision', async () => {
    const before = snapshot(server, id);
    const version = String(before.assessment!.version);
    const attempts = [
      await official.post(`/decisions/${id}/checklist`, checklistForm(version, 'save', { pienuus: { answer: '-2', rationale: 'x', mitigation: 'x' } }), EVIL),
      await official.post(`/decisions/${id}/checklist`, checklistForm(version, 'submit', completeAnswers(['0', '0', '0', '0', '0', '0', '0'])), EVIL),
      await official.post(`/decisions/${id}/checklist`, { intent: 'routine', version, routineRationale: 'x' }, EVIL),
      await official.post(`/decisions/${id}/edit`, decisionFields('Hyökkääjän otsikko'), EVIL),
    ];
    expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(snapshot(server, id)).toEqual(before);
  });

  it('cannot log the user out, nor change their language', async () => {
    const sessions = count(server, 'sessions');
    const res = await official.post('/logout', {}, EVIL);
    expect(res.status).toBe(403);
    expect(count(server, 'sessions')).toBe(sessions);
    expect((await official.get('/decisions')).status).toBe(200);
    const lang = await official.post('/language', { language: 'en', redirectTo: '/' }, EVIL);
    expect(lang.status).toBe(403);
    expect(dbGet<{ language: string }>(server, "SELECT language FROM users WHERE username = 'valmistelija'")!.language).toBe('fi');
  });

  it('cannot log a browser in (login CSRF)', async () => {
    const sessions = count(server, 'sessions');
    const res = await new Client(server.url).post('/login', { username: 'valmistelija', password: 'valmistelija-demo' }, EVIL);
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(count(server, 'sessions')).toBe(sessions);
  });

  it('is refused also with Origin: null or Sec-Fetch-Site: cross-site', async () => {
    const before = snapshot(server, id);
    const form = checklistForm(String(before.assessment!.version), 'save', { pienuus: { answer: '1', rationale: 'y' } });
    expect((await official.post(`/decisions/${id}/checklist`, form, { Origin: 'null' })).status).toBe(403);
    expect((await official.post(`/decisions/${id}/checklist`, form, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await official.post(`/decisions/${id}/checklist`, form, { Origin: server.url.replace('127.0.0.1', 'localhost') })).status).toBe(403);
    expect(snapshot(server, id)).toEqual(before);
  });
});

/*
 * ADR 015: a state change is accepted only with the app's own Origin, or with
 * no Origin and Sec-Fetch-Site: same-origin; Sec-Fetch-Site, when sent, must be same-origin.
 * Everything else is 403 and changes no row; Referer is not looked at.
 */
describe('a POST without the app’s own Origin', () => {
  const own = () => new URL(server.url);
  const otherPort = () => `${own().protocol}//${own().hostname}:${Number(own().port) === 65535 ? 65534 : Number(own().port) + 1}`;
  const REFUSED: Array<[string, () => Record<string, string | null>]> = [
    ['no Origin, no Sec-Fetch-Site', () => ({ Origin: null })],
    ['no Origin, Sec-Fetch-Site: cross-site', () => ({ Origin: null, 'Sec-Fetch-Site': 'cross-site' })],
    ['no Origin, Sec-Fetch-Site: same-site', () => ({ Origin: null, 'Sec-Fetch-Site': 'same-site' })],
    ['no Origin, Sec-Fetch-Site: none', () => ({ Origin: null, 'Sec-Fetch-Site': 'none' })],
    ['no Origin, Sec-Fetch-Site: SAME-ORIGIN (not the token)', () => ({ Origin: null, 'Sec-Fetch-Site': 'SAME-ORIGIN' })],
    ['no Origin, Referer the app’s own page', () => ({ Origin: null, Referer: `${server.url}/decisions/${id}/checklist` })],
    ['no Origin, Referer another site', () => ({ Origin: null, Referer: 'http://evil.example/form' })],
    ['no Origin, Referer own, Sec-Fetch-Site: cross-site', () => ({ Origin: null, Referer: `${server.url}/`, 'Sec-Fetch-Site': 'cross-site' })],
    ['Origin: null', () => ({ Origin: 'null' })],
    ['Origin: null, Sec-Fetch-Site: same-origin', () => ({ Origin: 'null', 'Sec-Fetch-Site': 'same-origin' })],
    ['an empty Origin', () => ({ Origin: '' })],
    ['Origin with another port', () => ({ Origin: otherPort() })],
    ['Origin with another scheme', () => ({ Origin: server.url.replace(/^http:/, 'https:') })],
    ['Origin with a path', () => ({ Origin: `${server.url}/` })],
    ['Origin of another site, Sec-Fetch-Site: same-origin', () => ({ Origin: 'http://evil.example', 'Sec-Fetch-Site': 'same-origin' })],
    ['own Origin, Sec-Fetch-Site: same-site', () => ({ 'Sec-Fetch-Site': 'same-site' })],
    ['own Origin, Sec-Fetch-Site: none', () => ({ 'Sec-Fetch-Site': 'none' })],
  ];

  it.each(REFUSED)('is refused with 403 and changes no row: %s', async (_, headers) => {
    const before = tableContents(server);
    const version = String(snapshot(server, id).assessment!.version);
    const attempts = [
      await official.post(
        `/decisions/${id}/checklist`,
        checklistForm(version, 'save', { pienuus: { answer: '-1', rationale: 'Ilman Originia', mitigation: 'x' } }),
        headers(),
      ),
      await official.post('/language', { language: 'en', redirectTo: '/' }, headers()),
      await official.post('/logout', {}, headers()),
      await new Client(server.url).post('/login', { username: 'valmistelija', password: 'valmistelija-demo' }, headers()),
    ];
    expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(attempts.flatMap((r) => r.headers.getSetCookie())).toEqual([]);
    expect(tableContents(server)).toEqual(before);
  });
});

describe('a POST from the site itself', () => {
  it.each<[string, Record<string, string | null>]>([
    ['its own Origin', {}],
    ['its own Origin and Sec-Fetch-Site: same-origin', { 'Sec-Fetch-Site': 'same-origin' }],
    ['no Origin but Sec-Fetch-Site: same-origin', { Origin: null, 'Sec-Fetch-Site': 'same-origin' }],
    [
      'no Origin, Sec-Fetch-Site: same-origin and another site’s Referer (Referer is not looked at)',
      { Origin: null, 'Sec-Fetch-Site': 'same-origin', Referer: 'http://evil.example/' },
    ],
  ])('is accepted with %s, and saves', async (_, headers) => {
    const before = snapshot(server, id);
    const form = checklistForm(String(before.assessment!.version), 'save', { pienuus: { answer: '1', rationale: `Oma sivu ${JSON.stringify(headers)}` } });
    const res = await official.post(`/decisions/${id}/checklist`, form, headers);
    expect(res.status).toBe(302);
    expect(snapshot(server, id).assessment!.version).toBe(Number(before.assessment!.version) + 1);
  });

  it('is accepted with its own Origin and Sec-Fetch-Site: same-origin', async () => {
    const before = snapshot(server, id);
    const form = checklistForm(String(before.assessment!.version), 'save', { pienuus: { answer: '1', rationale: 'Oma sivu' } });
    const res = await official.post(`/decisions/${id}/checklist`, form, { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' });
    expect(res.status).toBe(302);
    expect(snapshot(server, id).assessment!.version).toBe(Number(before.assessment!.version) + 1);
  });
});
