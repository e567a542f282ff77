/**
 * Login throttling keyed by user name and by network address separately. The
 * 11th failed attempt for one user name within 15 minutes gets 429, whatever the password; another
 * user from the same address still logs in; the count is in the database, so a second app process
 * on the same database refuses too. The address limit (higher, for a whole office) is set low here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { openTestDb } from '../support/test-db';
import { Client, auditSince, count, htmlOf, lastAuditId, showServerLogsOnFailure, userId, visibleText } from './helpers';

let server: TestServer;
let second: TestServer;
const ADDRESS_LIMIT = 30;
showServerLogsOnFailure(() => server);

beforeAll(async () => {
  server = await startServer({ LOGIN_ADDRESS_LIMIT: String(ADDRESS_LIMIT) });
  // Another app process on the same database file.
  second = await startServer({ DATABASE_URL: server.databaseUrl, LOGIN_ADDRESS_LIMIT: String(ADDRESS_LIMIT) });
});
afterAll(async () => {
  await second?.stop();
  await server?.stop();
});

const attempt = (base: string, username: string, password: string) => new Client(base).post('/login', { username, password });

describe('login throttling', () => {
  it('refuses the 11th attempt for one user name with 429, even with the right password, on every app process', async () => {
    const audit = lastAuditId(server);
    for (let i = 1; i <= 10; i++) {
      const res = await attempt(i % 2 ? server.url : second.url, 'valmistelija', `väärä-salasana-${i}`);
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    for (const base of [server.url, second.url]) {
      const res = await attempt(base, 'valmistelija', 'valmistelija-demo');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('900');
      expect(res.headers.getSetCookie().some((c) => c.includes('linssi_session'))).toBe(false);
      expect(visibleText(await htmlOf(res))).toContain('Tälle käyttäjätunnukselle on tehty liian monta epäonnistunutta kirjautumisyritystä');
    }
    // The name is normalised: the same user typed in capitals is the same user.
    expect((await attempt(server.url, ' VALMISTELIJA ', 'valmistelija-demo')).status).toBe(429);
    const actions = auditSince(server, audit).map((a) => a.action);
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(10);
    expect(actions.filter((a) => a === 'auth.login_throttled')).toHaveLength(3);
    expect(actions).not.toContain('auth.login');
  });

  it('lets another user log in from the same address meanwhile', async () => {
    const res = await attempt(server.url, 'esimies', 'esimies-demo');
    expect(res.status).toBe(302);
  });

  it('a successful login clears the name’s failures', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(server.url, 'elinvoima', 'väärin')).status).toBe(401);
    expect(count(server, 'login_failures', "username = 'elinvoima'")).toBe(5);
    expect((await attempt(server.url, 'elinvoima', 'elinvoima-demo')).status).toBe(302);
    expect(count(server, 'login_failures', "username = 'elinvoima'")).toBe(0);
  });

  it('an address with too many failures (many names) must wait too: then even a right login from it gets 429', async () => {
    const sofar = count(server, 'login_failures', "address <> ''");
    for (let i = sofar; i < ADDRESS_LIMIT; i++) expect((await attempt(server.url, `arvattu${i}`, 'väärin')).status).toBe(401);
    const res = await attempt(server.url, 'paakayttaja', 'paakayttaja-demo');
    expect(res.status).toBe(429);
    expect(visibleText(await htmlOf(res))).toContain('Tästä verkosta on tehty liian monta epäonnistunutta kirjautumisyritystä');
  });
});

/**
 * The count must not be beaten by sending at once. An attempt is counted (a row
 * reserved) before its password is checked, in one transaction that takes turns with every other
 * for the same name and address, so that attempts in flight count too: of 50 wrong passwords sent
 * at the same moment exactly 10 are judged (401) and 40 refused (429), on one app server or two on
 * one database, and the right password after them is refused and creates no session.
 */
describe('login throttling under concurrent attempts', () => {
  let a: TestServer;
  let b: TestServer;
  let c: TestServer;
  let d: TestServer;
  const NAME_LIMIT = 10;
  const OFFICE_LIMIT = 10;
  showServerLogsOnFailure(() => a);
  showServerLogsOnFailure(() => c);

  beforeAll(async () => {
    // a, b: two app servers on one database with a high address limit (the name limit is tested);
    // c, d: two more on another database with a low address limit.
    [a, c] = await Promise.all([startServer({ LOGIN_ADDRESS_LIMIT: '1000' }), startServer({ LOGIN_ADDRESS_LIMIT: String(OFFICE_LIMIT) })]);
    [b, d] = await Promise.all([
      startServer({ DATABASE_URL: a.databaseUrl, LOGIN_ADDRESS_LIMIT: '1000' }),
      startServer({ DATABASE_URL: c.databaseUrl, LOGIN_ADDRESS_LIMIT: String(OFFICE_LIMIT) }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([b?.stop(), d?.stop()]);
    await Promise.all([a?.stop(), c?.stop()]);
  });

  const statuses = (responses: Response[]) => {
    const by: Record<number, number> = {};
    for (const r of responses) by[r.status] = (by[r.status] ?? 0) + 1;
    return by;
  };
  const sessionsOf = (server: TestServer, username: string) => count(server, 'sessions', 'user_id = ?', userId(server, username));

  async function burstThenRight(bases: string[], username: string) {
    const audit = lastAuditId(a);
    const sessions = sessionsOf(a, username);
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt(bases[i % bases.length]!, username, `väärä-salasana-${i}`)));
    const right = await Promise.all(bases.map((base) => attempt(base, username, `${username}-demo`)));
    expect(statuses(burst), 'the burst: 10 judged, 40 refused').toEqual({ 401: NAME_LIMIT, 429: 50 - NAME_LIMIT });
    for (const res of burst.filter((r) => r.status === 429)) expect(res.headers.get('retry-after')).toBe('900');
    for (const res of right) {
      expect(res.status, 'the right password after the burst').toBe(429);
      expect(res.headers.getSetCookie().some((cookie) => cookie.includes('linssi_session'))).toBe(false);
    }
    expect(sessionsOf(a, username), 'no session was created').toBe(sessions);
    expect(count(a, 'login_failures', 'username = ?', username), 'the counted attempts').toBe(NAME_LIMIT);
    const actions = auditSince(a, audit).map((row) => row.action);
    expect(actions.filter((x) => x === 'auth.login_failed')).toHaveLength(NAME_LIMIT);
    expect(actions.filter((x) => x === 'auth.login_throttled')).toHaveLength(50 - NAME_LIMIT + bases.length);
    expect(actions).not.toContain('auth.login');
  }

  it('50 wrong passwords for one name at once: at most 10 judged, the rest and the right one after them 429', async () => {
    await burstThenRight([a.url], 'valmistelija');
  }, 60_000);

  it('the same split over two app servers on one database', async () => {
    await burstThenRight([a.url, b.url], 'esimies');
  }, 60_000);

  it('after the window has passed the name logs in again, and the success clears its failures', async () => {
    // The window is 15 minutes: the attempts are moved 16 minutes into the past instead of waiting.
    const db = openTestDb(a);
    try {
      db.run('UPDATE login_failures SET at = ? WHERE username = ?', new Date(Date.now() - 16 * 60_000).toISOString(), 'valmistelija');
    } finally {
      db.close();
    }
    expect((await attempt(b.url, 'valmistelija', 'valmistelija-demo')).status).toBe(302);
    expect(count(a, 'login_failures', "username = 'valmistelija'")).toBe(0);
    // esimies's attempts are still in the window.
    expect((await attempt(a.url, 'esimies', 'esimies-demo')).status).toBe(429);
  }, 60_000);

  it('the address limit holds the same way: 50 wrong logins for 50 names from one address at once, over two servers', async () => {
    const audit = lastAuditId(c);
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt(i % 2 ? c.url : d.url, `arvaus${i}`, 'väärin-väärin')));
    expect(statuses(burst), 'the burst').toEqual({ 401: OFFICE_LIMIT, 429: 50 - OFFICE_LIMIT });
    const sessions = sessionsOf(c, 'paakayttaja');
    const right = await attempt(d.url, 'paakayttaja', 'paakayttaja-demo');
    expect(right.status).toBe(429);
    expect(visibleText(await htmlOf(right))).toContain('Tästä verkosta on tehty liian monta epäonnistunutta kirjautumisyritystä');
    expect(sessionsOf(c, 'paakayttaja')).toBe(sessions);
    expect(count(c, 'login_failures', '1 = 1')).toBe(OFFICE_LIMIT);
    const actions = auditSince(c, audit).map((row) => row.action);
    expect(actions.filter((x) => x === 'auth.login_failed')).toHaveLength(OFFICE_LIMIT);
    expect(actions).not.toContain('auth.login');
  }, 60_000);
});
