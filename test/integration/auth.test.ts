import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { Client, FI, count, htmlOf, location, occurrences, showServerLogsOnFailure, visibleText } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

const SESSION = 'linssi_session';

/** The error box of the login page, with the (per-request) nonces out of the way. */
function errorBox(html: string): string | null {
  return /<div class="error-summary" role="alert">[\s\S]*?<\/div>/.exec(html)?.[0] ?? null;
}

/** A raw request with exactly the given Cookie header: a replayed cookie, not the client's jar. */
function rawGet(path: string, cookie: string) {
  return fetch(server.url + path, { headers: { Cookie: cookie }, redirect: 'manual' });
}

describe('login', () => {
  it('refuses a wrong password with 401, the generic Finnish message and no cookie', async () => {
    const sessions = count(server, 'sessions');
    const client = new Client(server.url);
    const res = await client.post('/login', { username: 'valmistelija', password: 'väärä-salasana', redirectTo: '/' });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(client.hasCookies()).toBe(false);
    const html = await htmlOf(res);
    expect(occurrences(visibleText(html), FI.loginFailed)).toBe(1);
    // The form is shown again, without any message at a field that would tell what was wrong.
    expect(html).not.toContain('class="field__error"');
    expect(count(server, 'sessions')).toBe(sessions);
  });

  it('refuses an unknown user exactly as it refuses a wrong password', async () => {
    const sessions = count(server, 'sessions');
    const wrong = await new Client(server.url).post('/login', { username: 'valmistelija', password: 'x-väärä' });
    const unknown = await new Client(server.url).post('/login', { username: 'eiolemassa', password: 'x-väärä' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.headers.getSetCookie()).toEqual([]);
    const [wrongHtml, unknownHtml] = [await htmlOf(wrong), await htmlOf(unknown)];
    expect(occurrences(visibleText(unknownHtml), FI.loginFailed)).toBe(1);
    expect(unknownHtml).not.toContain('class="field__error"');
    expect(errorBox(unknownHtml)).not.toBeNull();
    expect(errorBox(unknownHtml)).toBe(errorBox(wrongHtml));
    expect(count(server, 'sessions')).toBe(sessions);
  });

  it('does not log in a user whose password is another user’s', async () => {
    const res = await new Client(server.url).post('/login', { username: 'esimies', password: 'valmistelija-demo' });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('logs in with a good password: HttpOnly, SameSite=Lax session cookie and a redirect', async () => {
    const sessions = count(server, 'sessions');
    const client = new Client(server.url);
    const res = await client.post('/login', { username: 'valmistelija', password: 'valmistelija-demo', redirectTo: '/' });
    expect(res.status).toBe(302);
    expect(location(res)).toBe('/');
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith(`${SESSION}=`));
    expect(session, cookies.join('\n')).toBeDefined();
    const attributes = session!.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
    expect(session!.split(';')[0]!.length).toBeGreaterThan(`${SESSION}=`.length + 20);
    expect(count(server, 'sessions')).toBe(sessions + 1);
    // The cookie works: the home page greets the user.
    const home = await client.get('/');
    expect(home.status).toBe(200);
    expect(visibleText(await htmlOf(home))).toContain('Veera Valmistelija');
  });

  it('honours a local redirectTo', async () => {
    const res = await new Client(server.url).post('/login', {
      username: 'valmistelija',
      password: 'valmistelija-demo',
      redirectTo: '/decisions/all?page=2',
    });
    expect(res.status).toBe(302);
    expect(location(res)).toBe('/decisions/all?page=2');
  });

  // Whatever redirectTo says, the browser must end up on this site: the Location is resolved as a
  // browser resolves it (the WHATWG URL parser, which drops tabs and newlines) and its origin compared.
  it.each([
    ['//evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/\t/evil.example', null],
    ['/\n/evil.example', null],
  ])('never redirects off the site after login (redirectTo=%j)', async (redirectTo, expected) => {
    const res = await new Client(server.url).post('/login', {
      username: 'valmistelija',
      password: 'valmistelija-demo',
      redirectTo,
    });
    expect(res.status, `status for ${JSON.stringify(redirectTo)}`).toBe(302);
    const target = new URL(location(res) ?? '', server.url);
    expect(target.origin).toBe(new URL(server.url).origin);
    if (expected) expect(location(res)).toBe(expected);
  });

  it('sends a logged-in visitor of /login to a local redirectTo only', async () => {
    const client = await new Client(server.url).login('valmistelija');
    const evil = await client.get(`/login?redirectTo=${encodeURIComponent('//evil.example')}`);
    expect(evil.status).toBe(302);
    expect(location(evil)).toBe('/');
    const local = await client.get(`/login?redirectTo=${encodeURIComponent('/decisions')}`);
    expect(location(local)).toBe('/decisions');
  });
});

describe('anonymous visitors', () => {
  it('are sent from /decisions to the login page, which brings them back', async () => {
    const client = new Client(server.url);
    const res = await client.get('/decisions');
    expect(res.status).toBe(302);
    expect(location(res)).toBe('/login?redirectTo=%2Fdecisions');

    const withQuery = await client.get('/decisions?page=2');
    const target = new URL(location(withQuery)!, server.url);
    expect(target.pathname).toBe('/login');
    expect(target.searchParams.get('redirectTo')).toBe('/decisions?page=2');

    // The login page carries redirectTo in its form, and logging in goes there.
    const page = await htmlOf(await client.get(location(withQuery)!));
    expect(page).toMatch(/<input type="hidden" name="redirectTo" value="\/decisions\?page=2"\/>/);
    const login = await client.post('/login', { username: 'valmistelija', password: 'valmistelija-demo', redirectTo: '/decisions?page=2' });
    expect(location(login)).toBe('/decisions?page=2');
  });

  it('cannot create a decision', async () => {
    const before = count(server, 'decisions');
    const res = await new Client(server.url).post('/decisions/new', {
      title: 'Anonyymi',
      bodyId: '1',
      departmentId: '1',
      meetingDate: '15.12.2026',
      description: 'x',
    });
    expect(res.status).toBe(302);
    expect(location(res)).toMatch(/^\/login\?/);
    expect(count(server, 'decisions')).toBe(before);
  });
});

describe('logout', () => {
  it('deletes the session on the server: the old cookie no longer works when replayed', async () => {
    const client = new Client(server.url);
    const login = await client.post('/login', { username: 'valmistelija', password: 'valmistelija-demo' });
    const pair = login.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION}=`))!
      .split(';')[0]!;
    // The replayed cookie works before logout.
    const before = await rawGet('/decisions', pair);
    expect(before.status).toBe(200);
    const sessions = count(server, 'sessions');

    const res = await client.post('/logout', {});
    expect(res.status).toBe(302);
    expect(location(res)).toBe('/login?reason=logout');
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION}=`));
    expect(cleared).toBeDefined();
    expect(cleared!.toLowerCase()).toMatch(/max-age=0/);
    expect(count(server, 'sessions')).toBe(sessions - 1);

    // Replaying the old cookie by hand: the server no longer knows it.
    const after = await rawGet('/decisions', pair);
    expect(after.status).toBe(302);
    const target = new URL(location(after)!, server.url);
    expect(target.pathname).toBe('/login');
    expect(target.searchParams.get('redirectTo')).toBe('/decisions');
    const home = await rawGet('/', pair);
    expect(home.status).toBe(302);
    expect(location(home)).toMatch(/^\/login\?/);
  });

  it('is not done by a GET', async () => {
    const client = await new Client(server.url).login('valmistelija');
    const sessions = count(server, 'sessions');
    const res = await client.get('/logout');
    expect(res.status).toBe(302);
    expect(count(server, 'sessions')).toBe(sessions);
    expect((await client.get('/decisions')).status).toBe(200);
  });
});
