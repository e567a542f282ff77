/**
 * The password change checks the current password, so it must not be an oracle
 * without a limit. A wrong current password counts toward the same per-name throttle as a failed
 * login (and the address limit); once ten are counted within 15 minutes the next change is refused
 * and the session that tried it is ended on the server, and login for that name gets 429 until the
 * window has passed. Attempts sent at once cannot exceed the limit: each is counted before its
 * password is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { openTestDb } from '../support/test-db';
import { Client, auditSince, count, dbGet, fieldError, htmlOf, lastAuditId, location, showServerLogsOnFailure, userId, visibleText } from './helpers';

let a: TestServer;
let b: TestServer;
let office: TestServer;
const OFFICE_LIMIT = 3;
showServerLogsOnFailure(() => a);
showServerLogsOnFailure(() => office);

beforeAll(async () => {
  [a, office] = await Promise.all([startServer({ LOGIN_ADDRESS_LIMIT: '1000' }), startServer({ LOGIN_ADDRESS_LIMIT: String(OFFICE_LIMIT) })]);
  // A second app server on a's database.
  b = await startServer({ DATABASE_URL: a.databaseUrl, LOGIN_ADDRESS_LIMIT: '1000' });
}, 60_000);
afterAll(async () => {
  await b?.stop();
  await Promise.all([a?.stop(), office?.stop()]);
});

const WRONG = 'Nykyinen salasana on väärin.';
const ENDED_FI = 'Istuntosi päätettiin, koska nykyinen salasana annettiin väärin liian monta kertaa.';
const ENDED_EN = 'Your session was ended because the current password was given wrong too many times.';
const NEW = 'uusi-salasana-2026';

const change = (client: Client, currentPassword: string) => client.post('/password', { currentPassword, newPassword: NEW, repeatPassword: NEW });
const hashOf = (server: TestServer, username: string) => dbGet<{ h: string }>(server, 'SELECT password_hash AS h FROM users WHERE username = ?', username)!.h;

/** Logs in and returns the client with the session cookie as sent (to replay it later). */
async function session(server: TestServer, username: string) {
  const client = new Client(server.url);
  const res = await client.post('/login', { username, password: `${username}-demo` });
  expect(res.status, `login as ${username}`).toBe(302);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('linssi_session='))!
    .split(';')[0]!;
  return { client, cookie };
}

const replay = (server: TestServer, cookie: string, path: string) => fetch(server.url + path, { headers: { Cookie: cookie }, redirect: 'manual' });

describe('wrong current passwords on /password', () => {
  it('ten are refused at the field; the 11th (even with the right password) ends the session; login then gets 429 until the window passes', async () => {
    const { client, cookie } = await session(a, 'valmistelija');
    const hash = hashOf(a, 'valmistelija');
    const audit = lastAuditId(a);
    for (let i = 1; i <= 10; i++) {
      const res = await change(i % 2 ? client : client.at(b.url), `väärä-nykyinen-${i}`);
      expect(res.status, `attempt ${i}`).toBe(400);
      expect(fieldError(await htmlOf(res), 'currentPassword'), `attempt ${i}`).toBe(WRONG);
    }
    expect(count(a, 'login_failures', "username = 'valmistelija'")).toBe(10);
    const eleventh = await change(client, 'valmistelija-demo');
    expect(eleventh.status).toBe(302);
    expect(location(eleventh)).toBe('/login?reason=throttled');
    expect(eleventh.headers.getSetCookie().some((c) => /^linssi_session=;/.test(c) && /max-age=0/i.test(c))).toBe(true);
    expect(hashOf(a, 'valmistelija'), 'the password was not changed').toBe(hash);
    // The session is gone on the server: the old cookie replayed to either server no longer works.
    for (const server of [a, b]) {
      const res = await replay(server, cookie, '/decisions');
      expect(res.status, server.url).toBe(302);
      expect(location(res), server.url).toMatch(/^\/login/);
    }
    // The login page says why, in Finnish and in English.
    expect(visibleText(await htmlOf(await new Client(a.url).get('/login?reason=throttled')))).toContain(ENDED_FI);
    const english = await fetch(`${a.url}/login?reason=throttled`, { headers: { Cookie: 'linssi_lang=en' } });
    expect(visibleText(await htmlOf(english))).toContain(ENDED_EN);
    // Login for the name is refused, whatever the password, on both servers.
    for (const server of [a, b]) {
      const res = await new Client(server.url).post('/login', { username: 'valmistelija', password: 'valmistelija-demo' });
      expect(res.status, server.url).toBe(429);
    }
    const actions = auditSince(a, audit).map((row) => `${row.action}:${row.outcome}:${(JSON.parse(row.details) as { reason?: string }).reason ?? ''}`);
    expect(actions.filter((x) => x === 'user.password_change:failure:wrongPassword')).toHaveLength(10);
    expect(actions.filter((x) => x === 'user.password_change:failure:throttled')).toHaveLength(1);
    expect(actions.filter((x) => x === 'auth.session_ended:failure:passwordThrottled')).toHaveLength(1);
    expect(actions.filter((x) => x.startsWith('user.password_change:success'))).toEqual([]);

    // The window passes (the attempts are moved 16 minutes back instead of waiting): login works again.
    const db = openTestDb(a);
    try {
      db.run('UPDATE login_failures SET at = ? WHERE username = ?', new Date(Date.now() - 16 * 60_000).toISOString(), 'valmistelija');
    } finally {
      db.close();
    }
    expect((await new Client(b.url).post('/login', { username: 'valmistelija', password: 'valmistelija-demo' })).status).toBe(302);
  }, 60_000);

  it('wrong logins and wrong current passwords share one count, and 30 changes sent at once over two servers cannot exceed it', async () => {
    const { client, cookie } = await session(a, 'esimies');
    const hash = hashOf(a, 'esimies');
    const sessions = count(a, 'sessions', 'user_id = ?', userId(a, 'esimies'));
    // Four wrong logins for the name (from another browser) …
    const logins = await Promise.all([1, 2, 3, 4].map((i) => new Client(b.url).post('/login', { username: 'esimies', password: `väärin-${i}` })));
    expect(logins.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    // … leave six for the password page, however many are sent at once.
    const audit = lastAuditId(a);
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => change(i % 2 ? client : client.at(b.url), `väärä-nykyinen-${i}`)));
    // Judged: a wrong current password on record. The first refusal ends the session, so a judged
    // attempt whose answer comes after that is sent to the login page too (the page's loader no
    // longer has a user): the audit rows, not the answers, tell how many were judged.
    const reasons = auditSince(a, audit)
      .filter((row) => row.action === 'user.password_change')
      .map((row) => (JSON.parse(row.details) as { reason?: string }).reason);
    expect(
      reasons.filter((r) => r === 'wrongPassword'),
      'judged',
    ).toHaveLength(6);
    expect(reasons.filter((r) => r === 'throttled').length, 'refused').toBeGreaterThanOrEqual(1);
    for (const res of burst) {
      if (res.status === 400) expect(fieldError(await htmlOf(res), 'currentPassword')).toBe(WRONG);
      else {
        expect(res.status).toBe(302);
        expect(location(res)).toMatch(/^\/login\?/);
      }
    }
    expect(count(a, 'login_failures', "username = 'esimies'")).toBe(10);
    expect((await replay(b, cookie, '/decisions')).status, 'the session ended').toBe(302);
    expect(count(a, 'sessions', 'user_id = ?', userId(a, 'esimies'))).toBe(sessions - 1);
    expect(hashOf(a, 'esimies')).toBe(hash);
    expect((await new Client(a.url).post('/login', { username: 'esimies', password: 'esimies-demo' })).status).toBe(429);
  }, 60_000);

  it('when the address has too many failures the change is refused at the field, in Finnish and English, and nothing is checked', async () => {
    const { client } = await session(office, 'perusturva');
    const hash = hashOf(office, 'perusturva');
    for (let i = 0; i < OFFICE_LIMIT; i++)
      expect((await new Client(office.url).post('/login', { username: `arvaus${i}`, password: 'väärin' })).status).toBe(401);
    const audit = lastAuditId(office);
    for (const [language, message] of [
      ['fi', 'Tästä verkosta on tehty liian monta epäonnistunutta yritystä. Yritä uudelleen 15 minuutin kuluttua.'],
      ['en', 'Too many failed attempts from this network. Try again in 15 minutes.'],
    ] as const) {
      expect((await client.post('/language', { language, redirectTo: '/password' })).status).toBe(302);
      // The right current password: refused all the same, without being checked.
      const res = await change(client, 'perusturva-demo');
      expect(res.status, language).toBe(429);
      expect(res.headers.get('retry-after')).toBe('900');
      expect(fieldError(await htmlOf(res), 'currentPassword'), language).toBe(message);
    }
    expect(hashOf(office, 'perusturva')).toBe(hash);
    expect(count(office, 'login_failures', "username = 'perusturva'")).toBe(0);
    // The session goes on (it is not the name that is locked).
    expect((await client.get('/password')).status).toBe(200);
    const actions = auditSince(office, audit).map((row) => `${row.action}:${row.outcome}`);
    expect(actions.filter((x) => x === 'user.password_change:failure')).toHaveLength(2);
  }, 60_000);
});
