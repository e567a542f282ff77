import fc from 'fast-check';
import { decode as decodeTurboStream } from 'turbo-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { KNOWN_HOSTILE, hostileAddress, offSiteProblem } from '../support/return-address';
import { Client, attribute, htmlOf, showServerLogsOnFailure } from './helpers';

/*
 * Whatever return address comes in, the browser is sent to a path on this site,
 * at every place that takes one, and on each of the three ways a Remix app answers a request: a
 * document request (302 + Location), the `_data` data request (204 + X-Remix-Redirect) and the
 * single-fetch `.data` request the app's own JavaScript makes (202, the address in the
 * turbo-stream body). Where the browser goes is computed with the WHATWG URL parser (Node's URL,
 * as in browsers) against the address of the request, in test/support/return-address.ts.
 */

let server: TestServer;
let official: Client;
let manager: Client;

beforeAll(async () => {
  server = await startServer();
  official = await new Client(server.url).login('valmistelija');
  manager = await new Client(server.url).login('esimies');
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

type Transport = 'document' | '_data' | '.data';
const TRANSPORTS: Transport[] = ['document', '_data', '.data'];

/** The same addresses on every run: the written-out ones and a fixed sample of generated ones. */
const SAMPLE = [...KNOWN_HOSTILE, ...fc.sample(hostileAddress, { numRuns: 30, seed: 14 })];
/**
 * Where each request hashes a password (scrypt, slow on purpose: half a second or more here), a few
 * of them: one per kind of normalisation (a dot segment, an encoded one, an encoded slash) on the
 * document request, and one or two on the data requests (the address is the same; what is shown is
 * that the data answers carry the checked one too).
 */
const FEW: Record<Transport, string[]> = {
  document: ['/.//evil.example', '/%2e%2e//evil.example', '/%2F%2Fevil.example'],
  _data: ['/x/..//evil.example'],
  '.data': ['/.%2e//evil.example', '/a/%2e%2e//evil.example'],
};

/** The URL of `path` (which may have a query) as each transport asks for it. */
function via(transport: Transport, path: string, routeId: string): string {
  const [pathname, query] = path.split('?') as [string, string | undefined];
  if (transport === 'document') return path;
  if (transport === '_data') return `${pathname}?${query ? `${query}&` : ''}_data=${encodeURIComponent(routeId)}`;
  return `${pathname}.data${query ? `?${query}` : ''}`;
}

/** Where the answer sends the browser, read as Remix's client reads it; fails if it sends it nowhere. */
async function targetOf(transport: Transport, response: Response): Promise<string> {
  if (transport === 'document') {
    expect([301, 302, 303, 307, 308], 'a redirect').toContain(response.status);
    return response.headers.get('Location') ?? '';
  }
  if (transport === '_data') {
    expect(response.status, 'a data redirect').toBe(204);
    return response.headers.get('X-Remix-Redirect') ?? '';
  }
  expect(response.status, 'a single-fetch redirect').toBe(202);
  const decoded = await decodeTurboStream(response.body!, {
    // As @remix-run/react decodes a loader's redirect (an action's comes as a plain object).
    plugins: [(type: string, ...rest: unknown[]) => (type === 'SingleFetchRedirect' ? { value: rest[0] } : undefined)],
  });
  await decoded.done;
  const value = decoded.value as { redirect?: unknown };
  return typeof value?.redirect === 'string' ? value.redirect : '';
}

/** Every address that left the site, with where it was sent from and how. */
async function offSite(transport: Transport, addresses: string[], send: (address: string) => Promise<{ url: string; response: Response }>): Promise<string[]> {
  const wrong: string[] = [];
  for (const address of addresses) {
    const { url, response } = await send(address);
    const target = await targetOf(transport, response);
    const problem = offSiteProblem(target, [server.url + url]);
    if (problem) wrong.push(`${transport} ${JSON.stringify(address)} → ${JSON.stringify(target)}: ${problem}`);
  }
  return wrong;
}

describe('every place that takes a return address sends the browser to this site only', () => {
  it.each(TRANSPORTS)('logging in (POST /login, %s)', async (transport) => {
    const url = via(transport, '/login', 'routes/login');
    const wrong = await offSite(transport, FEW[transport], async (redirectTo) => ({
      url,
      response: await new Client(server.url).post(url, { username: 'valmistelija', password: 'valmistelija-demo', redirectTo }),
    }));
    expect(wrong).toEqual([]);
  });

  it.each(TRANSPORTS)('the login page visited while logged in (GET /login, %s)', async (transport) => {
    const wrong = await offSite(transport, SAMPLE, async (redirectTo) => {
      const url = via(transport, `/login?${new URLSearchParams({ redirectTo })}`, 'routes/login');
      return { url, response: await official.get(url) };
    });
    expect(wrong).toEqual([]);
  });

  it.each(TRANSPORTS)('switching the language (POST /language, %s), logged in and not', async (transport) => {
    const url = via(transport, '/language', 'routes/language');
    const anonymous = new Client(server.url);
    // fi and en are switched to; sv is refused and only sent back.
    const languages = ['fi', 'en', 'sv'];
    const wrong = await offSite(transport, SAMPLE, async (redirectTo) => {
      const i = SAMPLE.indexOf(redirectTo);
      return { url, response: await (i % 2 ? manager : anonymous).post(url, { language: languages[i % 3]!, redirectTo }) };
    });
    expect(wrong).toEqual([]);
  });

  it('changing the password (POST /password, as a document and as the app’s JavaScript sends it)', async () => {
    const client = await new Client(server.url).login('tekninen');
    let current = 'tekninen-demo';
    const wrong: string[] = [];
    for (const transport of ['document', '.data'] as const) {
      const url = via(transport, '/password', 'routes/password');
      wrong.push(
        ...(await offSite(transport, [FEW[transport][0]!], async (redirectTo) => {
          const next = current === 'tekninen-demo' ? 'tekninen-uusi-salasana' : 'tekninen-demo';
          const response = await client.post(url, { currentPassword: current, newPassword: next, repeatPassword: next, redirectTo });
          current = next;
          return { url, response };
        })),
      );
    }
    expect(wrong).toEqual([]);
  });
});

describe('a return address written into a page', () => {
  const hiddenRedirectTo = (html: string) => [...html.matchAll(/<input\b[^>]*\bname="redirectTo"[^>]*>/g)].map((m) => attribute(m[0], 'value') ?? '');

  it('is on the site in the login and password forms, whatever the query said', async () => {
    const anonymous = new Client(server.url);
    const wrong: string[] = [];
    for (const address of KNOWN_HOSTILE) {
      for (const [who, path] of [
        [anonymous, '/login'],
        [official, '/password'],
      ] as const) {
        const url = `${path}?${new URLSearchParams({ redirectTo: address })}`;
        const response = await who.get(url);
        expect(response.status, url).toBe(200);
        const values = hiddenRedirectTo(await htmlOf(response));
        expect(values.length, `${url}: the form's and the language switch's redirectTo`).toBeGreaterThanOrEqual(2);
        // The password form leaves it empty when there is nowhere to return to.
        for (const value of values.filter((v) => v !== '')) {
          const problem = offSiteProblem(value, [server.url + url]);
          if (problem) wrong.push(`${url} → ${JSON.stringify(value)}: ${problem}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('is on the site in the language switch of a page whose own path begins with //', async () => {
    const wrong: string[] = [];
    for (const path of ['//evil.example', '/.//evil.example', '//evil.example/decisions', '/%2e%2e//evil.example']) {
      const response = await official.get(path);
      for (const value of hiddenRedirectTo(await htmlOf(response))) {
        const problem = offSiteProblem(value, [server.url + path]);
        if (problem) wrong.push(`${path} (${response.status}) → ${JSON.stringify(value)}: ${problem}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
