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

describe('a POST from the site itself', () => {
  it('is accepted with its own Origin and Sec-Fetch-Site: same-origin', async () => {
    const before = snapshot(server, id);
    const form = checklistForm(String(before.assessment!.version), 'save', { pienuus: { answer: '1', rationale: 'Oma sivu' } });
    const res = await official.post(`/decisions/${id}/checklist`, form, { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' });
    expect(res.status).toBe(302);
    expect(snapshot(server, id).assessment!.version).toBe(Number(before.assessment!.version) + 1);
  });
});
