/**
 * Issue 6, item 3: login throttling keyed by user name and by network address separately. The
 * 11th failed attempt for one user name within 15 minutes gets 429, whatever the password; another
 * user from the same address still logs in; the count is in the database, so a second app process
 * on the same database refuses too. The address limit (higher, for a whole office) is set low here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { Client, auditSince, count, htmlOf, lastAuditId, showServerLogsOnFailure, visibleText } from './helpers';

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
