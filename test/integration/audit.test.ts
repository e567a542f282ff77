/**
 * The audit log (Information Management Act 906/2019, 17 §): one append-only row per
 * login, failed login, logout, change, status change and view of a confidential assessment;
 * the database refuses UPDATE and DELETE; no password or session token ever in it; admins page
 * and filter it in the app. Also: a fault between a change and its audit row leaves neither.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { injectFault, openTestDb } from '../support/test-db';
import {
  Client,
  type AuditRow,
  auditSince,
  checklistForm,
  checklistUrl,
  completeAnswers,
  cookieOf,
  count,
  createDecision,
  dbAll,
  dbGet,
  draftFields,
  draftIn,
  fullSnapshot,
  helsinkiToday,
  htmlOf,
  lastAuditId,
  organisation,
  plusDays,
  postDecisionRecord,
  postReview,
  showServerLogsOnFailure,
  statusOf,
  submitComplete,
  tableRows,
  userId,
  versionOf,
  visibleText,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
const clients: Record<string, Client> = {};
/** Every session token handed out in this file, to look for in the log. */
const tokens = new Set<string>();
const DEMO_USERS = ['valmistelija', 'tekninen', 'perusturva', 'esimies', 'johtaja', 'elinvoima', 'paakayttaja'];
const WRONG_PASSWORD = 'Väärä-Salasana-9137!';

async function login(username: string) {
  const client = await new Client(server.url).login(username);
  const token = cookieOf(client, 'linssi_session');
  expect(token, `session cookie of ${username}`).toBeTruthy();
  tokens.add(token!);
  return client;
}

beforeAll(async () => {
  server = await startServer();
  for (const username of DEMO_USERS) clients[username] = await login(username);
  org = await organisation(clients.valmistelija!);
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

/** Runs `step` and returns the audit rows it wrote. */
async function rowsOf(step: () => Promise<unknown>): Promise<AuditRow[]> {
  const since = lastAuditId(server);
  await step();
  return auditSince(server, since);
}
const brief = (r: AuditRow) => ({ user_id: r.user_id, action: r.action, entity_type: r.entity_type, entity_id: r.entity_id, outcome: r.outcome });
const assessmentIdOf = (decisionId: number) => Number(dbGet<{ id: number }>(server, 'SELECT id FROM assessments WHERE decision_id = ?', decisionId)!.id);

describe('one row per event', () => {
  it('a login', async () => {
    const rows = await rowsOf(() => login('valmistelija'));
    const id = userId(server, 'valmistelija');
    expect(rows.map(brief)).toEqual([{ user_id: id, action: 'auth.login', entity_type: 'user', entity_id: id, outcome: 'success' }]);
    // UTC, as an ISO instant of just now.
    expect(rows[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(Math.abs(Date.parse(rows[0]!.at) - Date.now())).toBeLessThan(60_000);
  });

  it('a failed login: the name typed, never the password', async () => {
    let status = 0;
    const rows = await rowsOf(async () => {
      status = (await new Client(server.url).post('/login', { username: 'esimies', password: WRONG_PASSWORD })).status;
    });
    expect(status).toBe(401);
    expect(rows.map(brief)).toEqual([
      { user_id: userId(server, 'esimies'), action: 'auth.login_failed', entity_type: 'user', entity_id: userId(server, 'esimies'), outcome: 'failure' },
    ]);
    expect(rows[0]!.details).toContain('esimies');
    expect(JSON.stringify(rows[0])).not.toContain(WRONG_PASSWORD);

    const unknown = await rowsOf(() => new Client(server.url).post('/login', { username: 'eiolemassa', password: WRONG_PASSWORD }));
    expect(unknown.map(brief)).toEqual([{ user_id: null, action: 'auth.login_failed', entity_type: 'user', entity_id: null, outcome: 'failure' }]);
    expect(unknown[0]!.details).toContain('eiolemassa');
    expect(JSON.stringify(unknown[0])).not.toContain(WRONG_PASSWORD);

    // Someone typing their password into the user name field: it is a "name typed" and is kept,
    // but a correct password for an existing user must never be written.
    const right = await rowsOf(() => new Client(server.url).post('/login', { username: 'tekninen', password: 'esimies-demo' }));
    expect(right.map((r) => r.action)).toEqual(['auth.login_failed']);
    expect(JSON.stringify(right[0])).not.toContain('esimies-demo');
  });

  it('a logout', async () => {
    const client = await login('perusturva');
    let res: Response | undefined;
    const rows = await rowsOf(async () => {
      res = await client.post('/logout', {});
    });
    expect(res!.status).toBe(302);
    const id = userId(server, 'perusturva');
    expect(rows.map(brief)).toEqual([{ user_id: id, action: 'auth.logout', entity_type: 'user', entity_id: id, outcome: 'success' }]);
  });

  it('a submit, a return, an approval and a recorded decision, each by its actor', async () => {
    const official = clients.valmistelija!;
    const manager = clients.esimies!;
    const id = await createDecision(official, draftFields(org, { title: 'Lokitettava esitys' }));
    const aid = assessmentIdOf(id);
    const expectOne = (rows: AuditRow[], username: string, action: string) =>
      expect(rows.map(brief)).toEqual([{ user_id: userId(server, username), action, entity_type: 'assessment', entity_id: aid, outcome: 'success' }]);

    expectOne(await rowsOf(() => submitComplete(server, official, id)), 'valmistelija', 'assessment.submit');
    expectOne(await rowsOf(async () => expect((await postReview(server, manager, id, 'return', 'Palautan')).status).toBe(302)), 'esimies', 'assessment.return');
    expectOne(await rowsOf(() => submitComplete(server, official, id)), 'valmistelija', 'assessment.submit');
    expectOne(await rowsOf(async () => expect((await postReview(server, manager, id, 'approve')).status).toBe(302)), 'esimies', 'assessment.approve');
    expectOne(
      await rowsOf(async () => expect((await postDecisionRecord(server, official, id, 'approved', '5', '17.12.2026')).status).toBe(302)),
      'valmistelija',
      'decision.record',
    );
  });

  it('a create, a save and an edit of the details: one row each', async () => {
    const official = clients.valmistelija!;
    const me = userId(server, 'valmistelija');
    let id = 0;
    const created = await rowsOf(async () => {
      id = await createDecision(official, draftFields(org, { title: 'Luotu lokiin' }));
    });
    expect(created.map(brief)).toEqual([{ user_id: me, action: 'decision.create', entity_type: 'decision', entity_id: id, outcome: 'success' }]);
    const aid = assessmentIdOf(id);
    const saved = await rowsOf(async () =>
      expect((await official.post(checklistUrl(id), checklistForm(1, 'save', { pienuus: { answer: '1', rationale: 'Loki' } }))).status).toBe(302),
    );
    expect(saved.map(brief)).toEqual([{ user_id: me, action: 'assessment.save', entity_type: 'assessment', entity_id: aid, outcome: 'success' }]);
    const edited = await rowsOf(async () =>
      expect((await official.post(`/decisions/${id}/edit`, { ...draftFields(org, { title: 'Luotu lokiin, muutettu' }), version: '2' })).status).toBe(302),
    );
    expect(edited.map((r) => [r.action, r.user_id, r.outcome])).toEqual([['decision.update', me, 'success']]);
    expect(edited[0]!.details).toContain('Luotu lokiin, muutettu');
  });

  it('a refused or invalid change writes no row', async () => {
    const id = await draftIn(server, 'submitted', clients.valmistelija!, clients.esimies!, draftFields(org, { title: 'Ei lokia' }));
    const rows = await rowsOf(async () => {
      expect((await postReview(server, clients.esimies!, id, 'return', '')).status).toBe(400);
      expect((await postReview(server, clients.johtaja!, id, 'approve')).status).toBe(404);
      expect((await postReview(server, clients.elinvoima!, id, 'approve')).status).toBe(403);
      expect((await postDecisionRecord(server, clients.valmistelija!, id)).status).toBe(409);
    });
    expect(rows).toEqual([]);
  });

  describe('views of a confidential assessment', () => {
    let confidential: number;
    let aid: number;
    beforeAll(async () => {
      confidential = await draftIn(
        server,
        'submitted',
        clients.valmistelija!,
        clients.esimies!,
        draftFields(org, { title: 'Yrityksen vuokrasopimus', confidential: 'on' }),
      );
      aid = assessmentIdOf(confidential);
    });
    const expectView = (rows: AuditRow[], username: string) =>
      expect(rows.map(brief)).toEqual([
        { user_id: userId(server, username), action: 'assessment.view', entity_type: 'assessment', entity_id: aid, outcome: 'success' },
      ]);

    it('its page, viewed by the manager, the group and the author: one row each', async () => {
      for (const username of ['esimies', 'elinvoima', 'valmistelija']) {
        expectView(await rowsOf(async () => expect((await clients[username]!.get(`/decisions/${confidential}`)).status).toBe(200)), username);
      }
    });

    it('a page of a public assessment writes no row', async () => {
      const open = await createDecision(clients.valmistelija!, draftFields(org, { title: 'Julkinen asia' }));
      expect(await rowsOf(() => clients.esimies!.get(`/decisions/${open}`))).toEqual([]);
    });

    it('its history page, which shows its answers, is a view too: one row', async () => {
      expectView(await rowsOf(async () => expect((await clients.esimies!.get(`/decisions/${confidential}/history`)).status).toBe(200)), 'esimies');
    });

    it('its review page, which shows every answer, is a view too: one row', async () => {
      expectView(await rowsOf(async () => expect((await clients.esimies!.get(`/decisions/${confidential}/review`)).status).toBe(200)), 'esimies');
    });

    it('its checklist page, which shows the saved answers to the author, is a view too: one row (as its page is for the author)', async () => {
      const draft = await draftIn(server, 'draft', clients.valmistelija!, clients.esimies!, draftFields(org, { title: 'Henkilöasia', confidential: 'on' }));
      const draftAid = assessmentIdOf(draft);
      const rows = await rowsOf(async () => expect((await clients.valmistelija!.get(`/decisions/${draft}/checklist`)).status).toBe(200));
      expect(rows.map(brief)).toEqual([
        { user_id: userId(server, 'valmistelija'), action: 'assessment.view', entity_type: 'assessment', entity_id: draftAid, outcome: 'success' },
      ]);
    });
  });
});

describe('the log is append-only in the database', () => {
  it('refuses UPDATE and DELETE, whoever opens the file', () => {
    const before = dbAll<AuditRow>(server, 'SELECT * FROM audit_log ORDER BY id');
    expect(before.length).toBeGreaterThan(0);
    const db = openTestDb(server);
    try {
      const first = before[0]!.id;
      expect(() => db.prepare("UPDATE audit_log SET outcome = 'changed' WHERE id = ?").run(first)).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE audit_log SET details = '{}'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE id = ?').run(first)).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect(dbAll<AuditRow>(server, 'SELECT * FROM audit_log ORDER BY id')).toEqual(before);
  });
});

describe('no secrets in the log', () => {
  it('no row holds a demo password, the wrong password tried, a session token or its hash', async () => {
    // One more session after all the others, and a logout, so that every kind of row is there.
    await login('johtaja');
    const rows = dbAll<AuditRow>(server, 'SELECT * FROM audit_log');
    const sessionIds = dbAll<{ id: string }>(server, 'SELECT id FROM sessions').map((s) => s.id);
    const secrets = [
      ...DEMO_USERS.map((u) => `${u}-demo`),
      WRONG_PASSWORD,
      ...tokens,
      ...[...tokens].map((t) => crypto.createHash('sha256').update(t).digest('hex')),
      ...sessionIds,
    ];
    expect(tokens.size).toBeGreaterThanOrEqual(DEMO_USERS.length);
    for (const row of rows) {
      const text = JSON.stringify(row);
      for (const secret of secrets) expect(text.includes(secret), `row ${row.id} (${row.action}) holds a secret`).toBe(false);
    }
  });
});

describe('a fault between a change and its audit row leaves neither', () => {
  function withFault(table: string, condition: string, run: () => Promise<void>) {
    return async () => {
      const remove = injectFault(server, table, condition);
      try {
        await run();
      } finally {
        remove();
      }
    };
  }

  it(
    'a failing audit insert undoes the submit',
    withFault('audit_log', "NEW.action = 'assessment.submit'", async () => {
      const id = await createDecision(clients.valmistelija!, draftFields(org, { title: 'Vika lokissa' }));
      const before = fullSnapshot(server, id);
      const audit = lastAuditId(server);
      const res = await clients.valmistelija!.post(checklistUrl(id), checklistForm(1, 'submit', completeAnswers(['1', '1', '1', '1', '1', '1', '1'])));
      expect(res.status).toBe(500);
      expect(fullSnapshot(server, id)).toEqual(before);
      expect(statusOf(server, id)).toBe('draft');
      expect(auditSince(server, audit)).toEqual([]);
    }),
  );

  it(
    'a failing history snapshot undoes the decision and writes no audit row',
    withFault('assessment_snapshots', "NEW.event = 'decided'", async () => {
      const id = await draftIn(server, 'approved', clients.valmistelija!, clients.esimies!, draftFields(org, { title: 'Vika historiassa' }));
      const before = fullSnapshot(server, id);
      const audit = lastAuditId(server);
      const res = await postDecisionRecord(server, clients.valmistelija!, id);
      expect(res.status).toBe(500);
      expect(fullSnapshot(server, id)).toEqual(before);
      expect(auditSince(server, audit)).toEqual([]);
      expect(versionOf(server, id)).toBe(Number((before.assessment as unknown as { version: number }).version));
    }),
  );
});

describe('the audit page', () => {
  /** [time, user, action, entity, outcome] of the rows shown. */
  const shown = (html: string) => tableRows(html).map((r) => r.cells.slice(0, 5));
  const expectedRows = (where = '1 = 1', params: unknown[] = [], offset = 0) =>
    dbAll<AuditRow & { username: string | null; display_name: string | null }>(
      server,
      `SELECT l.*, u.username, u.display_name FROM audit_log l LEFT JOIN users u ON u.id = l.user_id WHERE ${where} ORDER BY l.id DESC LIMIT 50 OFFSET ${offset}`,
      ...params,
    ).map((r) => [
      r.at.replace('T', ' ').slice(0, 19),
      r.username ? `${r.display_name} (${r.username})` : 'järjestelmä',
      r.action,
      `${r.entity_type}${r.entity_id ? ` ${r.entity_id}` : ''}`,
      r.outcome,
    ]);
  const totalShown = (html: string) => /\d+–\d+ \/ (\d+)/.exec(visibleText(html))?.[1];

  beforeAll(async () => {
    // Enough rows for more than two pages.
    const id = await createDecision(clients.valmistelija!, draftFields(org, { title: 'Monta tallennusta' }));
    for (let i = 0; i < 110; i++) {
      const res = await clients.valmistelija!.post(
        checklistUrl(id),
        checklistForm(versionOf(server, id), 'save', { pienuus: { answer: '1', rationale: `Kierros ${i}` } }),
      );
      expect(res.status).toBe(302);
    }
  });

  it('is for admins only: 200 for the admin, 403 for every other role', async () => {
    expect((await clients.paakayttaja!.get('/admin/audit')).status).toBe(200);
    for (const username of DEMO_USERS.filter((u) => u !== 'paakayttaja')) {
      const res = await clients[username]!.get('/admin/audit');
      expect(res.status, username).toBe(403);
      expect(visibleText(await htmlOf(res))).not.toContain('auth.login');
    }
    const anonymous = await new Client(server.url).get('/admin/audit');
    expect(anonymous.status).toBe(302);
  });

  it('shows the newest 50 rows first, and the total', async () => {
    const html = await htmlOf(await clients.paakayttaja!.get('/admin/audit'));
    expect(shown(html)).toEqual(expectedRows());
    expect(totalShown(html)).toBe(String(count(server, 'audit_log')));
  });

  it('pages: page 2 and page 3 are the next rows, and no row is shown twice', async () => {
    const total = count(server, 'audit_log');
    expect(total).toBeGreaterThan(100);
    const page2 = await htmlOf(await clients.paakayttaja!.get('/admin/audit?page=2'));
    expect(shown(page2)).toEqual(expectedRows('1 = 1', [], 50));
    expect(visibleText(page2)).toContain(`51–100 / ${total}`);
    const page3 = await htmlOf(await clients.paakayttaja!.get('/admin/audit?page=3'));
    expect(shown(page3)).toEqual(expectedRows('1 = 1', [], 100));
    // A page past the end shows the last page.
    const last = Math.ceil(total / 50);
    const beyond = await htmlOf(await clients.paakayttaja!.get('/admin/audit?page=9999'));
    expect(shown(beyond)).toEqual(expectedRows('1 = 1', [], (last - 1) * 50));
  });

  it('filters by action', async () => {
    const html = await htmlOf(await clients.paakayttaja!.get('/admin/audit?action=auth.login_failed'));
    const rows = shown(html);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(expectedRows('l.action = ?', ['auth.login_failed']));
    expect(totalShown(html)).toBe(String(count(server, 'audit_log', "action = 'auth.login_failed'")));
  });

  it('filters by user, and by user and action together, with paging', async () => {
    const id = userId(server, 'valmistelija');
    const html = await htmlOf(await clients.paakayttaja!.get('/admin/audit?user=valmistelija'));
    expect(shown(html)).toEqual(expectedRows('l.user_id = ?', [id]));
    expect(totalShown(html)).toBe(String(count(server, 'audit_log', 'user_id = ?', id)));
    const page2 = await htmlOf(await clients.paakayttaja!.get('/admin/audit?user=valmistelija&action=assessment.save&page=2'));
    expect(shown(page2)).toEqual(expectedRows('l.user_id = ? AND l.action = ?', [id, 'assessment.save'], 50));
    // The links to other pages keep the filters.
    expect(page2).toMatch(/href="\/admin\/audit\?user=valmistelija&amp;action=assessment\.save&amp;page=3"/);
    const esimies = await htmlOf(await clients.paakayttaja!.get('/admin/audit?user=ESIMIES&action=assessment.return'));
    expect(shown(esimies)).toEqual(expectedRows('l.user_id = ? AND l.action = ?', [userId(server, 'esimies'), 'assessment.return']));
    expect(shown(esimies).length).toBeGreaterThan(0);
  });

  it('filters by object and by date (UTC days)', async () => {
    const aid = Number(dbGet<{ entity_id: number }>(server, "SELECT entity_id FROM audit_log WHERE action = 'assessment.approve' LIMIT 1")!.entity_id);
    const byEntity = await htmlOf(await clients.paakayttaja!.get(`/admin/audit?entity=${aid}`));
    expect(shown(byEntity)).toEqual(expectedRows('l.entity_id = ?', [aid]));
    // The day of the first row, not the clock's: a run that crosses midnight (UTC) has rows on two days.
    const today = String(dbGet<{ at: string }>(server, 'SELECT MIN(at) AS at FROM audit_log')!.at).slice(0, 10);
    const yesterday = plusDays(today, -1);
    const none = await htmlOf(await clients.paakayttaja!.get(`/admin/audit?to=${yesterday}`));
    expect(visibleText(none)).toContain('Ei lokirivejä.');
    const todays = await htmlOf(await clients.paakayttaja!.get(`/admin/audit?from=${today}&to=${today}`));
    expect(totalShown(todays)).toBe(String(count(server, 'audit_log', 'at >= ? AND at <= ?', `${today}T00:00:00.000Z`, `${today}T23:59:59.999Z`)));
    expect(helsinkiToday()).toMatch(/^\d{4}-\d\d-\d\d$/);
  });
});
