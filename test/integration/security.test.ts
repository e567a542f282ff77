/**
 * The stored password hash and its parameters; the session cookie in
 * production (__Host-, Secure, HttpOnly, SameSite=Lax), a new session id at each login, the idle
 * and absolute timeouts (configurable); and the headers of every response.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { openTestDb } from '../support/test-db';
import { Client, dbAll, dbGet, location, showServerLogsOnFailure } from './helpers';

let server: TestServer;
let secure: TestServer;
showServerLogsOnFailure(() => server);

beforeAll(async () => {
  server = await startServer({ SESSION_IDLE_MINUTES: '5', SESSION_ABSOLUTE_HOURS: '2' });
  // As in production: Secure cookies under the __Host- prefix, and HSTS.
  secure = await startServer({ SECURE_COOKIES: 'true' });
});
afterAll(async () => {
  await secure?.stop();
  await server?.stop();
});

const login = (base: string, username: string) =>
  fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(base).origin },
    body: new URLSearchParams({ username, password: `${username}-demo`, redirectTo: '/' }),
    redirect: 'manual',
  });

describe('passwords', () => {
  it('are stored as scrypt with N=2^17, r=8, p=1, a 16-byte salt and a 32-byte key, never in clear', async () => {
    // A password the app itself hashes (the change form): the test database's demo accounts carry
    // cheaper hashes made by the suite (test/support/quick-hashes.ts), which this must not read.
    const hashOf = () => dbGet<{ password_hash: string }>(server, "SELECT password_hash FROM users WHERE username = 'tekninen'")!.password_hash;
    expect(hashOf().split('$')[1], 'the demo account’s hash is the suite’s own, before the change').toBe(String(2 ** 10));
    const client = await new Client(server.url).login('tekninen');
    const next = 'uusi salasana tekniselle';
    const changed = await client.post('/password', { currentPassword: 'tekninen-demo', newPassword: next, repeatPassword: next });
    expect(changed.status).toBe(302);
    const hash = hashOf();
    const [scheme, n, r, p, salt, key] = hash.split('$');
    expect(scheme).toBe('scrypt');
    expect(Number(n)).toBe(2 ** 17);
    expect(Number(r)).toBe(8);
    expect(Number(p)).toBe(1);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(hash).not.toContain(next);
    expect((await login(server.url, 'tekninen')).status, 'the old password no longer works').toBe(401);
  });

  it('accept 12 to 128 characters with no composition rules (the change form), and refuse 11 and 129', async () => {
    const client = await new Client(server.url).login('elinvoima');
    const change = (next: string) => client.post('/password', { currentPassword: 'elinvoima-demo', newPassword: next, repeatPassword: next });
    expect((await change('a'.repeat(11))).status).toBe(400);
    expect((await change('ä'.repeat(129))).status).toBe(400);
    const long = 'ä'.repeat(128);
    const ok = await change(long);
    expect(
      ok.status,
      await ok
        .clone()
        .text()
        .then((t) => t.slice(0, 200)),
    ).toBe(302);
    expect((await login(server.url, 'elinvoima')).status).toBe(401);
    const fresh = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams({ username: 'elinvoima', password: long, redirectTo: '/' }),
      redirect: 'manual',
    });
    expect(fresh.status).toBe(302);
  });
});

describe('the session cookie', () => {
  it('in production is __Host-linssi_session: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain', async () => {
    const res = await login(secure.url, 'valmistelija');
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-linssi_session='))!;
    expect(cookie).toBeTruthy();
    const attributes = cookie
      .split(';')
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));
    expect(attributes.some((a) => a.startsWith('domain'))).toBe(false);
  });

  it('gets a new id at every login; the session id stored is a hash of the cookie’s token', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await login(server.url, 'esimies');
      tokens.add(
        res.headers
          .getSetCookie()
          .find((c) => c.startsWith('linssi_session='))!
          .split(';')[0]!
          .split('=')[1]!,
      );
    }
    expect(tokens.size).toBe(3);
    const ids = dbAll<{ id: string }>(server, 'SELECT id FROM sessions').map((r) => r.id);
    for (const token of tokens) expect(ids).not.toContain(token);
    expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
  });

  it('ends after the idle time (configured here as 5 minutes) and after the absolute time (2 hours)', async () => {
    const age = (column: 'last_seen_at' | 'expires_at', minutesAgo: number) => {
      const db = openTestDb(server);
      db.run(`UPDATE sessions SET ${column} = ?`, new Date(Date.now() - minutesAgo * 60_000).toISOString());
      db.close();
    };
    const idle = await new Client(server.url).login('johtaja');
    expect((await idle.get('/')).status).toBe(200);
    age('last_seen_at', 4);
    expect((await idle.get('/')).status).toBe(200); // 4 minutes idle: still on
    age('last_seen_at', 6);
    const out = await idle.get('/');
    expect(out.status).toBe(302);
    expect(location(out)).toContain('reason=expired');

    const absolute = await new Client(server.url).login('johtaja');
    const created = dbGet<{ created_at: string; expires_at: string }>(server, 'SELECT created_at, expires_at FROM sessions ORDER BY created_at DESC LIMIT 1')!;
    expect(Date.parse(created.expires_at) - Date.parse(created.created_at)).toBe(2 * 3_600_000);
    age('expires_at', 1); // past its absolute end, though used a moment ago
    expect((await absolute.get('/')).status).toBe(302);
  });
});

describe('headers on every response', () => {
  const paths = ['/login', '/', '/decisions', '/accessibility', '/decisions/999999', '/report.json'];
  it('an enforced CSP with a fresh nonce, nosniff, a Referrer-Policy, frame-ancestors none; no-store behind login', async () => {
    const client = await new Client(server.url).login('paakayttaja');
    const nonces = new Set<string>();
    for (const path of paths) {
      const res = await client.get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(res.headers.get('content-security-policy-report-only'), path).toBeNull();
      for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp, path).toContain(directive);
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      nonces.add(nonce!);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBeTruthy();
      expect(res.headers.get('cache-control'), path).toContain('no-store');
      if ((res.headers.get('content-type') ?? '').includes('text/html')) {
        const html = await res.text();
        const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts.length, path).toBeGreaterThan(0);
        for (const tag of scripts) if (!/\ssrc=/.test(tag)) expect(tag, path).toContain(`nonce="${nonce}"`);
      }
    }
    expect(nonces.size).toBe(paths.length);
  });

  it('HSTS in production (secure cookies on), none on plain development http', async () => {
    expect((await fetch(`${secure.url}/login`)).headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    expect((await fetch(`${server.url}/login`)).headers.get('strict-transport-security')).toBeNull();
  });
});
