/**
 * A session that expires while a user is writing loses nothing. The form they
 * send is kept for them; after logging in again they get it back, and sending it saves exactly
 * what they wrote. It is theirs only: another user, or the same token twice, gets nothing.
 * Expiry is made by ageing the session row, as an idle hour would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { openTestDb } from '../support/test-db';
import {
  Client,
  answersOf,
  attribute,
  auditSince,
  checklistForm,
  checklistUrl,
  completeAnswers,
  count,
  createDecision,
  draftFields,
  htmlOf,
  lastAuditId,
  location,
  organisation,
  showServerLogsOnFailure,
  userId,
  versionOf,
  visibleText,
} from './helpers';

let server: TestServer;
showServerLogsOnFailure(() => server);

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function ageSessions(username: string) {
  const db = openTestDb(server);
  db.run("UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00.000Z' WHERE user_id = (SELECT id FROM users WHERE username = ?)", username);
  db.close();
}

/** The hidden fields of the page's form with this id, as a browser would send them. */
function formOf(html: string, id: string): { action: string; fields: URLSearchParams } {
  const form = new RegExp(`<form\\b[^>]*id="${id}"[^>]*>([\\s\\S]*?)</form>`).exec(html);
  expect(form, `form #${id}`).not.toBeNull();
  const fields = new URLSearchParams();
  for (const m of form![1]!.matchAll(/<input\b[^>]*>/g)) {
    const name = attribute(m[0], 'name');
    if (name) fields.append(name, attribute(m[0], 'value') ?? '');
  }
  return { action: attribute(/<form\b[^>]*>/.exec(form![0])![0], 'action') ?? '', fields };
}

describe('a session that expires while the user is writing', () => {
  it('keeps the sent form; after logging in again the user sends it and it is saved with their text', async () => {
    const official = await new Client(server.url).login('valmistelija');
    const org = await organisation(official);
    const id = await createDecision(official, draftFields(org, { title: 'Istunto vanheni kesken' }));
    const answers = completeAnswers(['2', '1', '0', '-1', 'not_relevant', 'knowledge_gap', '1']);
    answers.pienuus!.rationale = 'Pitkä perustelu, jota kirjoitin tunnin – ÄÖ <b>ei tagia</b>';
    const version = versionOf(server, id);
    ageSessions('valmistelija');

    const refused = await official.post(checklistUrl(id), checklistForm(version, 'save', answers));
    expect(refused.status).toBe(302);
    const login = new URL(location(refused)!, server.url);
    expect(login.pathname).toBe('/login');
    expect(login.searchParams.get('reason')).toBe('expired');
    const token = login.searchParams.get('resume');
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(answersOf(server, id).every((a) => a.answer_kind === null)).toBe(true);
    expect(visibleText(await htmlOf(await official.get(`${login.pathname}${login.search}`)))).toContain('Mitään ei menetetty');

    // Logging in again, through the same form (it carries the token).
    const again = await official.post('/login', {
      username: 'valmistelija',
      password: 'valmistelija-demo',
      redirectTo: login.searchParams.get('redirectTo')!,
      resume: token!,
    });
    expect(again.status).toBe(302);
    expect(location(again)).toBe(`/resume?token=${token}`);
    const page = await htmlOf(await official.get(location(again)!));
    const form = formOf(page, 'resume-form');
    expect(form.action).toBe(checklistUrl(id));
    expect(form.fields.get('answers.pienuus.rationale')).toBe(answers.pienuus!.rationale);
    expect(count(server, 'pending_posts')).toBe(0);

    const sent = await official.post(form.action, form.fields);
    expect(sent.status).toBe(302);
    const stored = answersOf(server, id).find((a) => a.key === 'pienuus')!;
    expect(stored).toMatchObject({ answer_kind: 'scored', score: 2, rationale: answers.pienuus!.rationale });
    expect(versionOf(server, id)).toBe(version + 1);

    // Once given back it is gone: the same link shows nothing to send.
    const gone = await official.get(`/resume?token=${token}`);
    expect(gone.status).toBe(200);
    expect(visibleText(await htmlOf(gone))).toContain('Lomaketta ei löytynyt');
  });

  it('is given back to its writer only: another user who logs in with the token gets nothing', async () => {
    const official = await new Client(server.url).login('valmistelija');
    const org = await organisation(official);
    const id = await createDecision(official, draftFields(org, { title: 'Toisen käsiin ei' }));
    const answers = completeAnswers(['1', '1', '1', '1', '1', '1', '1']);
    answers.pienuus!.rationale = 'SALAINEN-LUONNOSTEKSTI';
    ageSessions('valmistelija');
    const refused = await official.post(checklistUrl(id), checklistForm(versionOf(server, id), 'save', answers));
    const token = new URL(location(refused)!, server.url).searchParams.get('resume')!;
    expect(token).toBeTruthy();

    const other = new Client(server.url);
    const login = await other.post('/login', { username: 'tekninen', password: 'tekninen-demo', redirectTo: '/', resume: token });
    expect(location(login)).toBe('/');
    const page = await htmlOf(await other.get(`/resume?token=${token}`));
    expect(page).not.toContain('SALAINEN-LUONNOSTEKSTI');
    expect(visibleText(page)).toContain('Lomaketta ei löytynyt');
    expect(count(server, 'pending_posts')).toBe(1);
  });

  it('keeps nothing for a visitor who had no session, and nothing for a GET', async () => {
    const before = count(server, 'pending_posts');
    const stranger = new Client(server.url);
    const res = await stranger.post('/decisions/new', { title: 'x' });
    expect(location(res)).not.toContain('resume=');
    const official = await new Client(server.url).login('valmistelija');
    ageSessions('valmistelija');
    const get = await official.get('/decisions');
    expect(location(get)).not.toContain('resume=');
    // A form with a password in it is never stored.
    const again = await new Client(server.url).login('valmistelija');
    ageSessions('valmistelija');
    const password = await again.post('/password', {
      currentPassword: 'valmistelija-demo',
      newPassword: 'uusi-salasana-123',
      repeatPassword: 'uusi-salasana-123',
    });
    expect(password.status).toBe(302);
    expect(location(password)).not.toContain('resume=');
    expect(count(server, 'pending_posts')).toBe(before);
  });
});

/**
 * A kept form and an expired session are each used once, however many requests
 * arrive at the same moment (PostgreSQL's READ COMMITTED let every one of them read the row
 * before any deleted it). Ten posts with one expired cookie keep one form: the first to end the
 * session, the form the user sent first (the rest are the same click repeated, or tabs sent in
 * the same instant, and each kept copy would be sent again). The others go to the login page
 * with no token. Ten takes of that form's token give it back once; the rest say it was sent.
 */
describe('one expired session, one kept form, taken once (many requests at once)', () => {
  it('keeps one form for ten concurrent posts with one expired cookie; the others go to the login without a token', async () => {
    // Three bursts, each with a new session that then expires: the later ones meet a warm pool of
    // connections, where the requests truly run side by side.
    for (let round = 0; round < 3; round++) {
      const official = await new Client(server.url).login('valmistelija');
      const org = await organisation(official);
      const before = count(server, 'pending_posts');
      ageSessions('valmistelija');

      const posts = await Promise.all(
        Array.from({ length: 10 }, (_, i) => official.post('/decisions/new', draftFields(org, { title: `Samanaikainen ${round}.${i}` }))),
      );
      const logins = posts.map((res) => new URL(location(res) ?? '', server.url));
      expect(logins.map((url) => url.pathname)).toEqual(Array(10).fill('/login'));
      expect(logins.map((url) => url.searchParams.get('reason'))).toEqual(Array(10).fill('expired'));
      const tokens = logins.map((url) => url.searchParams.get('resume')).filter((token) => token !== null);
      expect(tokens, `round ${round}`).toHaveLength(1);
      expect(count(server, 'pending_posts')).toBe(before + 1);
    }
  });

  it('gives a kept form back once of ten concurrent takes; the rest say it was sent already', async () => {
    // Three rounds, as above: the later ones run on a warm pool of connections. Who logged in again
    // in one round is the writer whose session expires in the next.
    let official = await new Client(server.url).login('valmistelija');
    const org = await organisation(official);
    for (let round = 0; round < 3; round++) {
      const before = count(server, 'pending_posts');
      ageSessions('valmistelija');
      const refused = await official.post('/decisions/new', draftFields(org, { title: `Yksi lomake ${round}` }));
      const token = new URL(location(refused)!, server.url).searchParams.get('resume');
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);

      const again = await new Client(server.url).login('valmistelija');
      const pages = await Promise.all(Array.from({ length: 10 }, () => again.get(`/resume?token=${token}`).then(htmlOf)));
      const withForm = pages.filter((html) => html.includes('id="resume-form"'));
      expect(withForm, `round ${round}`).toHaveLength(1);
      expect(withForm[0]).toContain(`Yksi lomake ${round}`);
      const others = pages.filter((html) => !html.includes('id="resume-form"'));
      expect(others).toHaveLength(9);
      for (const html of others) expect(visibleText(html)).toContain('se on jo lähetetty');
      expect(count(server, 'pending_posts')).toBe(before);
      official = again;
    }
  });

  it('ends a session once: ten logouts sent at once put one logout on record', async () => {
    const official = await new Client(server.url).login('valmistelija');
    const since = lastAuditId(server);
    const outs = await Promise.all(Array.from({ length: 10 }, () => official.post('/logout', {})));
    expect(outs.map((res) => location(res))).toEqual(Array(10).fill('/login?reason=logout'));
    const rows = auditSince(server, since).filter((row) => row.action === 'auth.logout');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: userId(server, 'valmistelija') });
  });
});
