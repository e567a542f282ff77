import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  checklistForm,
  completeAnswers,
  count,
  createDecision,
  dbGet,
  htmlOf,
  listedIds,
  organisation,
  showServerLogsOnFailure,
  snapshot,
  visibleText,
} from './helpers';

let server: TestServer;
const clients: Record<string, Client> = {};
let bodies: Map<string, string>;
let departments: Map<string, string>;
/** valmistelija's draft in Sivistystoimi, with a saved half-filled checklist. */
let ownDraft: number;
/** tekninen's draft in Tekninen toimi. */
let technicalDraft: number;

const TITLE = 'Sivistystoimen luonnos pääsytestiin';
const TECH_TITLE = 'Teknisen toimen luonnos pääsytestiin';

beforeAll(async () => {
  server = await startServer();
  for (const username of ['valmistelija', 'esimies', 'elinvoima', 'paakayttaja', 'tekninen', 'perusturva']) {
    clients[username] = await new Client(server.url).login(username);
  }
  ({ bodies, departments } = await organisation(clients.valmistelija!));
  ownDraft = await createDecision(clients.valmistelija!, {
    title: TITLE,
    caseNumber: '',
    bodyId: bodies.get('Sivistyslautakunta')!,
    departmentId: departments.get('Sivistystoimi')!,
    meetingDate: '17.12.2026',
    description: 'Vain oikeat ihmiset näkevät tämän.',
  });
  const saved = await clients.valmistelija!.post(
    `/decisions/${ownDraft}/checklist`,
    checklistForm(1, 'save', { pienuus: { answer: '1', rationale: 'Tekijän oma perustelu' } }),
  );
  expect(saved.status).toBe(302);
  technicalDraft = await createDecision(clients.tekninen!, {
    title: TECH_TITLE,
    caseNumber: '',
    bodyId: bodies.get('Tekninen lautakunta')!,
    departmentId: departments.get('Tekninen toimi')!,
    meetingDate: '17.12.2026',
    description: 'Tekninen asia.',
  });
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

const editForm = (title: string) => ({
  title,
  caseNumber: '',
  bodyId: bodies.get('Kunnanhallitus')!,
  departmentId: departments.get('Yleishallinto')!,
  meetingDate: '1.1.2027',
  description: 'Vieras muutti tämän.',
});

/** Every kind of change another user could try on a decision; returns their statuses. */
async function tryChanges(client: Client, id: number) {
  const version = String(dbGet<{ version: number }>(server, 'SELECT version FROM assessments WHERE decision_id = ?', id)!.version);
  return {
    save: (await client.post(`/decisions/${id}/checklist`, checklistForm(version, 'save', { pienuus: { answer: '-2', rationale: 'Vieras' } }))).status,
    submit: (await client.post(`/decisions/${id}/checklist`, checklistForm(version, 'submit', completeAnswers(['0', '0', '0', '0', '0', '0', '0'])))).status,
    routine: (await client.post(`/decisions/${id}/checklist`, { intent: 'routine', version, routineRationale: 'Vieras' })).status,
    edit: (await client.post(`/decisions/${id}/edit`, editForm('Vieraan otsikko'))).status,
  };
}

describe('another official', () => {
  it('does not see a colleague’s draft: 404, exactly as for an id that does not exist', async () => {
    const other = clients.tekninen!;
    for (const path of [`/decisions/${ownDraft}`, `/decisions/${ownDraft}/checklist`, `/decisions/${ownDraft}/edit`]) {
      const res = await other.get(path);
      expect(res.status, path).toBe(404);
      const html = await htmlOf(res);
      expect(html).not.toContain(TITLE);
      expect(html).not.toContain('Tekijän oma perustelu');
    }
    const missing = await htmlOf(await other.get('/decisions/999999'));
    const foreign = await htmlOf(await other.get(`/decisions/${ownDraft}`));
    expect(visibleText(foreign)).toBe(visibleText(missing));
    expect(listedIds(await htmlOf(await other.get('/decisions/all')))).not.toContain(ownDraft);
    expect(listedIds(await htmlOf(await other.get('/decisions')))).not.toContain(ownDraft);
  });

  it('cannot change it: 404 for the checklist and the edit form, and nothing changes', async () => {
    const before = snapshot(server, ownDraft);
    expect(await tryChanges(clients.tekninen!, ownDraft)).toEqual({ save: 404, submit: 404, routine: 404, edit: 404 });
    expect(await tryChanges(clients.perusturva!, ownDraft)).toEqual({ save: 404, submit: 404, routine: 404, edit: 404 });
    expect(snapshot(server, ownDraft)).toEqual(before);
  });
});

describe('the manager of the department', () => {
  it('sees the draft and its answers', async () => {
    const res = await clients.esimies!.get(`/decisions/${ownDraft}`);
    expect(res.status).toBe(200);
    const text = visibleText(await htmlOf(res));
    expect(text).toContain(TITLE);
    expect(text).toContain('Tekijän oma perustelu');
    expect(listedIds(await htmlOf(await clients.esimies!.get('/decisions/all')))).toContain(ownDraft);
  });

  it('may not fill or edit it: 403, and nothing changes', async () => {
    const before = snapshot(server, ownDraft);
    expect(await tryChanges(clients.esimies!, ownDraft)).toEqual({ save: 403, submit: 403, routine: 403, edit: 403 });
    expect((await clients.esimies!.get(`/decisions/${ownDraft}/checklist`)).status).toBe(403);
    expect((await clients.esimies!.get(`/decisions/${ownDraft}/edit`)).status).toBe(403);
    expect(snapshot(server, ownDraft)).toEqual(before);
  });

  it('does not see a draft of a department they do not lead', async () => {
    const res = await clients.esimies!.get(`/decisions/${technicalDraft}`);
    expect(res.status).toBe(404);
    expect(await htmlOf(res)).not.toContain(TECH_TITLE);
    const before = snapshot(server, technicalDraft);
    expect(await tryChanges(clients.esimies!, technicalDraft)).toEqual({ save: 404, submit: 404, routine: 404, edit: 404 });
    expect(snapshot(server, technicalDraft)).toEqual(before);
    expect(listedIds(await htmlOf(await clients.esimies!.get('/decisions/all')))).not.toContain(technicalDraft);
  });
});

describe('the vitality group and the admin', () => {
  it.each(['elinvoima', 'paakayttaja'])('%s sees every draft but changes none (403)', async (username) => {
    const client = clients[username]!;
    for (const id of [ownDraft, technicalDraft]) {
      const res = await client.get(`/decisions/${id}`);
      expect(res.status).toBe(200);
      expect(visibleText(await htmlOf(res))).toContain(id === ownDraft ? TITLE : TECH_TITLE);
      const before = snapshot(server, id);
      expect(await tryChanges(client, id)).toEqual({ save: 403, submit: 403, routine: 403, edit: 403 });
      expect(snapshot(server, id)).toEqual(before);
    }
  });

  it('the group, not being an official, may not create drafts (403) nor has an own list', async () => {
    const group = clients.elinvoima!;
    expect((await group.get('/decisions/new')).status).toBe(403);
    expect((await group.get('/decisions')).status).toBe(403);
    const before = count(server, 'decisions');
    const res = await group.post('/decisions/new', editForm('Ryhmän yritys'));
    expect(res.status).toBe(403);
    expect(count(server, 'decisions')).toBe(before);
  });
});

describe('unknown ids', () => {
  const paths = [
    '/decisions/999999',
    '/decisions/abc',
    '/decisions/0',
    '/decisions/-1',
    '/decisions/1.5',
    '/decisions/1e3',
    '/decisions/99999999999999999999999',
    '/decisions/%00',
    '/decisions/999999/checklist',
    '/decisions/abc/checklist',
    '/decisions/999999/edit',
    '/decisions/abc/edit',
  ];
  it.each(paths)('GET %s is 404, never 500', async (path) => {
    const res = await clients.valmistelija!.get(path);
    expect(res.status).toBe(404);
    expect(visibleText(await htmlOf(res))).toContain('Sivua ei löytynyt');
  });

  it.each(['/decisions/999999/checklist', '/decisions/abc/checklist', '/decisions/999999/edit', '/decisions/abc/edit'])(
    'POST %s is 404, never 500',
    async (path) => {
      const audit = count(server, 'audit_log');
      const res = await clients.valmistelija!.post(path, checklistForm(1, 'save', { pienuus: { answer: '1', rationale: 'x' } }));
      expect(res.status).toBe(404);
      expect(count(server, 'audit_log')).toBe(audit);
    },
  );
});
