/**
 * Only admins reach the admin pages (every route with every other role: 403), and every admin
 * change is in the audit log.
 *
 * The admin routes are read from app/routes, not listed by hand: a new admin page is tested the
 * day it is added, and one whose URL parameter this file cannot fill fails the suite by name.
 * Every page is asked for as a document and, through Remix's single-fetch data URL, loader by
 * loader (a client-side navigation runs a child's loader without the layout's, so the layout's
 * check does not protect it). Every action is posted to with every intent its source names.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths';
import { type TestServer, startServer } from '../support/server';
import { Client, cookieOf, dbAll, dbGet, htmlOf, lastAuditId, location, showServerLogsOnFailure, tableContents, tableRowCounts, userId } from './helpers';

// ---------------------------------------------------------------------------------------------
// The admin routes, from the file system.

const ROUTES_DIR = path.join(ROOT, 'app', 'routes');

interface AdminRoute {
  /** The file (or folder) name in app/routes. */
  file: string;
  /** Remix's route id: routes/<name without extension>. */
  routeId: string;
  /** The flat-route name split into its segments (dots outside [] brackets). */
  segments: string[];
  source: string;
  hasAction: boolean;
  multipart: boolean;
  /** The intents the route's source names (buttons, hidden fields, switch cases). */
  intents: string[];
}

/** Splits a flat-route name at the dots that are not inside [ ] (an escaped literal dot). */
function splitSegments(name: string): string[] {
  const segments: string[] = [];
  let current = '';
  let inBrackets = false;
  for (const ch of name) {
    if (ch === '[') inBrackets = true;
    if (ch === ']') inBrackets = false;
    if (ch === '.' && !inBrackets) {
      segments.push(current);
      current = '';
    } else current += ch;
  }
  segments.push(current);
  return segments;
}

function intentsOf(source: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /case\s+'([\w-]+)'/g,
    /intent\s*===\s*'([\w-]+)'/g,
    /'intent'\)\s*!==\s*'([\w-]+)'/g,
    /intent\s*=\s*'([\w-]+)'/g,
    /name="intent"\s+value="([\w-]+)"/g,
    /intent="([\w-]+)"/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.add(m[1]!);
  return [...found].sort();
}

function adminRoutes(): AdminRoute[] {
  const routes: AdminRoute[] = [];
  for (const entry of fs.readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    // remix.config.js: ignoredRouteFiles ['**/.*', '**/*.test.*'].
    if (entry.name.startsWith('.') || /\.test\./.test(entry.name)) continue;
    let name: string;
    let file: string;
    if (entry.isDirectory()) {
      const index = ['route.tsx', 'route.ts', 'route.jsx', 'route.js'].find((f) => fs.existsSync(path.join(ROUTES_DIR, entry.name, f)));
      if (!index) continue;
      name = entry.name;
      file = path.join(entry.name, index);
    } else {
      if (!/\.(tsx|ts|jsx|js)$/.test(entry.name)) continue;
      name = entry.name.replace(/\.(tsx|ts|jsx|js)$/, '');
      file = entry.name;
    }
    const segments = splitSegments(name);
    // admin.tsx (the layout), admin._index.tsx and every admin.… or admin_.… below them.
    if (segments[0] !== 'admin' && segments[0] !== 'admin_') continue;
    const source = fs.readFileSync(path.join(ROUTES_DIR, file), 'utf8');
    routes.push({
      file,
      routeId: `routes/${name}`,
      segments,
      source,
      hasAction: /export\s+(async\s+)?function\s+action\b|export\s+(const|let)\s+action\b|export\s*\{[^}]*\baction\b[^}]*\}/.test(source),
      multipart: /multipart\/form-data|parseMultipartFormData/.test(source),
      intents: intentsOf(source),
    });
  }
  return routes.sort((a, b) => a.file.localeCompare(b.file));
}

/** The ids the URL parameters are filled with, by "<static segment before it>/<$param>". */
type ParamValues = Record<string, string>;

/**
 * The URL of a flat route (Remix v2): dots → slashes, `_index` and pathless `_layout` segments →
 * nothing, a trailing `_` dropped, `[x]` → literal x, `$param` → a real id from `params`.
 * Throws, naming the file, for a parameter it does not know how to fill.
 */
function urlOf(route: AdminRoute, params: ParamValues): string {
  const parts: string[] = [];
  let previous = '';
  for (const raw of route.segments) {
    if (raw === '_index') continue;
    if (raw.startsWith('_') && !raw.startsWith('[')) continue; // a pathless layout
    let segment = raw.endsWith('_') && !raw.endsWith(']') ? raw.slice(0, -1) : raw;
    if (segment.startsWith('$') || segment.startsWith('($') || segment === '$') {
      const key = `${previous}/${segment}`;
      const value = params[key];
      if (value === undefined) {
        throw new Error(
          `${route.file}: the test does not know how to fill the URL parameter ${segment} (after "${previous}"); add it to the parameters of admin-access.test.ts`,
        );
      }
      parts.push(value);
      previous = segment;
      continue;
    }
    if (segment.startsWith('(')) {
      throw new Error(`${route.file}: optional segment ${segment}; add it to admin-access.test.ts`);
    }
    segment = segment.replace(/\[([^\]]*)\]/g, '$1');
    parts.push(segment);
    previous = segment;
  }
  return `/${parts.join('/')}`;
}

const ROUTES = adminRoutes();

// ---------------------------------------------------------------------------------------------
// The server and its people.

const REFUSED = ['valmistelija', 'esimies', 'elinvoima'] as const; // official, manager, group
const ADMIN = 'paakayttaja';

let server: TestServer;
const clients: Record<string, Client> = {};
let params: ParamValues;
let activeVersionId: number;
/** A draft made in beforeAll by the admin: the editable target every refused request aims at. */
let draftId: number;
let draftDimensionId: number;
let draftPrincipleId: number;
let bodyId: number;
let departmentId: number;
let targetUserId: number;
let frameworkJson: string;
const CSV = fs.readFileSync(path.join(ROOT, 'db', 'data', 'import-example.csv'));
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  server = await startServer();
  for (const username of [...REFUSED, ADMIN]) clients[username] = await new Client(server.url).login(username);
  activeVersionId = Number(dbGet<{ id: number }>(server, "SELECT id FROM framework_versions WHERE status = 'active' ORDER BY id LIMIT 1")!.id);
  const copied = await clients[ADMIN]!.post('/admin/strategy', { intent: 'copy', versionId: String(activeVersionId) });
  expect(copied.status, 'the admin copies the active version into a draft').toBe(302);
  draftId = Number(dbGet<{ id: number }>(server, "SELECT MAX(id) AS id FROM framework_versions WHERE status = 'draft'")!.id);
  draftDimensionId = Number(dbGet<{ id: number }>(server, 'SELECT MIN(id) AS id FROM dimensions WHERE version_id = ?', draftId)!.id);
  draftPrincipleId = Number(dbGet<{ id: number }>(server, 'SELECT MIN(id) AS id FROM principles WHERE version_id = ?', draftId)!.id);
  expect(draftDimensionId && draftPrincipleId, 'the draft has dimensions and principles').toBeTruthy();
  bodyId = Number(dbGet<{ id: number }>(server, 'SELECT MIN(id) AS id FROM bodies')!.id);
  departmentId = Number(dbGet<{ id: number }>(server, 'SELECT MIN(id) AS id FROM departments')!.id);
  // The official's own account: raising one's own roles is the attack that matters most.
  targetUserId = userId(server, 'valmistelija');
  params = {
    'users/$id': String(targetUserId),
    'strategy/$id': String(draftId),
    'dimensions/$dimensionId': String(draftDimensionId),
    'principles/$principleId': String(draftPrincipleId),
  };
  const exported = await clients[ADMIN]!.get(`/admin/strategy/${activeVersionId}/export`);
  expect(exported.status).toBe(200);
  frameworkJson = (await exported.text()).replace(/"key":\s*"vesanto-2018"/, '"key": "vieras-tuonti"');
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

// ---------------------------------------------------------------------------------------------
// What a refused request must leave as it was.

const rowCounts = () => tableRowCounts(server);
const contents = () => tableContents(server);

// ---------------------------------------------------------------------------------------------
// Requests.

/** The fields every refused POST carries, with ids that exist: if an action let the request in, it would change something. */
function bodiesFor(route: AdminRoute): Array<Record<string, string | string[]>> {
  const common = {
    versionId: String(activeVersionId),
    name: 'Vieraan muutos',
    key: 'vieras-avain',
    title: 'Vieraan periaate',
    description: 'Vieras kirjoitti tämän.',
    guidingQuestions: 'Kysymys?',
    question: 'Vieraan kysymys?',
    evaluationQuestions: 'Arviointikysymys?',
    dimensionId: String(draftDimensionId),
    approvedBy: 'Vieras',
    approvedOn: '1.1.2026',
    validFrom: '1.1.2030',
    validTo: '',
    visionName: 'Vieras visio',
    username: 'vieras',
    displayName: 'Vieras Käyttäjä',
    email: 'vieras@example.fi',
    roles: ['official', 'manager', 'group', 'admin'],
    memberOf: String(departmentId),
    leads: String(departmentId),
    direction: 'up',
  };
  const variants: Array<Record<string, string>> = [
    { kind: 'body', id: String(bodyId), what: 'dimension' },
    { kind: 'department', id: String(departmentId), what: 'principle' },
    { kind: 'scored', id: String(draftDimensionId), what: 'dimension' },
    { kind: 'linked', id: String(draftPrincipleId), what: 'principle' },
  ];
  const intents = route.intents.length > 0 ? route.intents : ['save'];
  return intents.flatMap((intent) => variants.map((variant) => ({ ...common, ...variant, intent })));
}

/** The multipart forms a browser could send to a page with a file upload. */
function multipartForms(): Array<{ label: string; form: () => FormData }> {
  return [
    {
      label: 'file=import CSV',
      form: () => {
        const f = new FormData();
        f.append('file', new Blob([new Uint8Array(CSV)], { type: 'text/csv' }), 'arvioinnit.csv');
        return f;
      },
    },
    {
      label: 'file=strategy JSON',
      form: () => {
        const f = new FormData();
        f.append('intent', 'import');
        f.append('file', new Blob([frameworkJson], { type: 'application/json' }), 'strategia.json');
        return f;
      },
    },
    {
      label: 'intent=logo, logo=PNG',
      form: () => {
        const f = new FormData();
        f.append('intent', 'logo');
        f.append('logo', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'logo.png');
        return f;
      },
    },
  ];
}

function postMultipart(client: Client | null, url: string, form: FormData) {
  const session = client ? cookieOf(client, 'linssi_session') : undefined;
  return fetch(`${server.url}${url}`, {
    method: 'POST',
    body: form,
    headers: { Origin: server.url, ...(session ? { Cookie: `linssi_session=${session}` } : {}) },
    redirect: 'manual',
  });
}

/** The single-fetch data URL that runs only this route's loader, as a client-side navigation does. */
function dataUrl(url: string, route: AdminRoute): string {
  return `${url === '/' ? '/_root' : url}.data?_routes=${encodeURIComponent(route.routeId)}`;
}

const anonymous = () => new Client(server.url);

// ---------------------------------------------------------------------------------------------

describe('the admin routes, read from app/routes', () => {
  it('are found, with their actions, and every one gets a URL', () => {
    const files = ROUTES.map((r) => r.file);
    // The ones there are today: the list may grow (and is then tested), not shrink unnoticed.
    for (const known of [
      'admin.tsx',
      'admin._index.tsx',
      'admin.audit.tsx',
      'admin.import.tsx',
      'admin.organisation.tsx',
      'admin.users._index.tsx',
      'admin.users.new.tsx',
      'admin.users.$id.tsx',
      'admin.strategy._index.tsx',
      'admin.strategy.$id._index.tsx',
      'admin.strategy.$id.preview.tsx',
      'admin.strategy.$id.export.tsx',
      'admin.strategy.$id.dimensions.$dimensionId.tsx',
      'admin.strategy.$id.principles.$principleId.tsx',
    ]) {
      expect(files, 'admin routes found in app/routes').toContain(known);
    }
    const withAction = ROUTES.filter((r) => r.hasAction).map((r) => r.file);
    for (const known of [
      'admin.import.tsx',
      'admin.organisation.tsx',
      'admin.users.new.tsx',
      'admin.users.$id.tsx',
      'admin.strategy._index.tsx',
      'admin.strategy.$id._index.tsx',
    ]) {
      expect(withAction, 'routes with an action').toContain(known);
    }
    expect(withAction).not.toContain('admin.audit.tsx');
    // Every parameter can be filled (otherwise this names the file), and every URL is under /admin.
    for (const route of ROUTES) {
      const url = urlOf(route, params);
      expect(url, route.file).toMatch(/^\/admin(\/|$)/);
      expect(url, route.file).not.toMatch(/\$|\[|\]|\/\/|_index/);
    }
    expect(
      urlOf(
        ROUTES.find((r) => r.file === 'admin.strategy.$id.dimensions.$dimensionId.tsx')!,
        params,
      ),
    ).toBe(`/admin/strategy/${draftId}/dimensions/${draftDimensionId}`);
    expect(
      urlOf(
        ROUTES.find((r) => r.file === 'admin._index.tsx')!,
        params,
      ),
    ).toBe('/admin');
  });

  it('a parameter the test cannot fill fails, naming the file', () => {
    const invented: AdminRoute = { ...ROUTES[0]!, file: 'admin.reports.$reportId.tsx', segments: ['admin', 'reports', '$reportId'] };
    expect(() => urlOf(invented, params)).toThrow(/admin\.reports\.\$reportId\.tsx/);
    const escaped: AdminRoute = { ...ROUTES[0]!, file: 'admin.sitemap[.]xml.tsx', segments: splitSegments('admin.sitemap[.]xml') };
    expect(urlOf(escaped, params)).toBe('/admin/sitemap.xml');
  });
});

describe.each(REFUSED)('%s (not an admin)', (username) => {
  it.each(ROUTES.map((r) => [r.file, r] as const))('GET %s: 403, as a page and as its loader’s data', async (_file, route) => {
    const client = clients[username]!;
    const url = urlOf(route, params);
    const page = await client.get(url);
    expect(page.status, `GET ${url} as ${username}`).toBe(403);
    expect(await htmlOf(page)).not.toContain('Cross-site request refused');
    const data = await client.get(dataUrl(url, route));
    const text = await data.text();
    expect(data.status, `GET ${dataUrl(url, route)} as ${username}: ${text.slice(0, 200)}`).toBe(403);
    expect(text).toContain('ErrorResponse');
    expect(text).not.toMatch(/"data"/);
  });
});

describe('anonymous', () => {
  it.each(ROUTES.map((r) => [r.file, r] as const))('GET %s redirects to /login', async (_file, route) => {
    const url = urlOf(route, params);
    const page = await anonymous().get(url);
    expect([302, 303], `GET ${url}`).toContain(page.status);
    expect(location(page) ?? '').toMatch(/^\/login(\?|$)/);
    const data = await anonymous().get(dataUrl(url, route));
    const text = await data.text();
    expect(text, `GET ${dataUrl(url, route)}`).toContain('SingleFetchRedirect');
    expect(text).toMatch(/"\/login(\?[^"]*)?"/);
    expect(text).not.toMatch(/"data"/);
  });
});

describe('the admin', () => {
  it.each(ROUTES.map((r) => [r.file, r] as const))('GET %s: 200 (the export: 200 with a download)', async (_file, route) => {
    const url = urlOf(route, params);
    const res = await clients[ADMIN]!.get(url);
    expect(res.status, `GET ${url} as admin`).toBe(200);
    const download = /^attachment/i.test(res.headers.get('Content-Disposition') ?? '');
    if (route.file === 'admin.strategy.$id.export.tsx') {
      expect(download, `${url} is a download`).toBe(true);
      expect(res.headers.get('Content-Type') ?? '').toMatch(/json/);
      const file = JSON.parse(await res.text()) as { framework?: unknown };
      expect(file.framework).toBeTruthy();
    } else if (download) {
      await res.arrayBuffer();
    } else {
      expect(res.headers.get('Content-Type') ?? '').toMatch(/text\/html/);
      await res.arrayBuffer();
    }
    const data = await clients[ADMIN]!.get(dataUrl(url, route));
    expect(data.status, `GET ${dataUrl(url, route)} as admin`).toBe(200);
    await data.arrayBuffer();
  });
});

describe('POST to every admin action by anyone but an admin', () => {
  const withAction = ROUTES.filter((r) => r.hasAction);

  it('is refused (403; anonymous: to /login or 4xx) and changes nothing in any table', async () => {
    expect(withAction.length).toBeGreaterThan(0);
    const countsBefore = rowCounts();
    const auditBefore = lastAuditId(server);
    const contentsBefore = contents();
    const wrong: string[] = [];
    let requests = 0;
    for (const route of withAction) {
      const url = urlOf(route, params);
      const urlencoded = bodiesFor(route);
      for (const username of [...REFUSED, null]) {
        const client = username ? clients[username]! : anonymous();
        const who = username ?? 'anonymous';
        const check = async (res: Response, what: string) => {
          requests++;
          const text = await res.text();
          if (username) {
            if (res.status !== 403 || text.includes('Cross-site request refused'))
              wrong.push(`${who}: POST ${url} ${what} → ${res.status} ${location(res) ?? ''}`);
          } else if (res.status < 300 || res.status >= 500 || (res.status < 400 && !/^\/login(\?|$)/.test(location(res) ?? ''))) {
            wrong.push(`${who}: POST ${url} ${what} → ${res.status} ${location(res) ?? ''}`);
          }
        };
        for (const body of urlencoded)
          await check(await client.post(url, body), `intent=${String(body.intent)} kind=${String(body.kind)} id=${String(body.id)}`);
        if (route.multipart) {
          for (const { label, form } of multipartForms()) await check(await postMultipart(username ? client : null, url, form()), `multipart ${label}`);
        }
      }
    }
    expect(wrong, 'refused POSTs that were not refused').toEqual([]);
    expect(requests).toBeGreaterThan(withAction.length * 4);
    expect(rowCounts(), 'row counts of every table').toEqual(countsBefore);
    expect(lastAuditId(server), 'the last audit_log id').toBe(auditBefore);
    expect(contents(), 'the rows of every table').toEqual(contentsBefore);
  });
});

describe('every admin change is in the audit log, with the admin’s id', () => {
  const newRows = (afterId: number, action: string) =>
    dbAll<{ id: number; user_id: number; action: string; entity_id: number | null; details: string }>(
      server,
      'SELECT id, user_id, action, entity_id, details FROM audit_log WHERE id > ? AND action = ? ORDER BY id',
      afterId,
      action,
    );

  it('strategy: copying a version (strategy.copy) and editing the draft’s details (strategy.update)', async () => {
    const admin = clients[ADMIN]!;
    const adminId = userId(server, ADMIN);
    let since = lastAuditId(server);
    const copied = await admin.post('/admin/strategy', { intent: 'copy', versionId: String(activeVersionId) });
    expect(copied.status).toBe(302);
    const newId = Number(dbGet<{ id: number }>(server, "SELECT MAX(id) AS id FROM framework_versions WHERE status = 'draft'")!.id);
    expect(newId).toBeGreaterThan(draftId);
    expect(location(copied) ?? '').toContain(`/admin/strategy/${newId}`);
    const copies = newRows(since, 'strategy.copy');
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ user_id: adminId, entity_id: newId });

    since = lastAuditId(server);
    const saved = await admin.post(`/admin/strategy/${newId}`, {
      intent: 'details',
      name: 'Auditoitu luonnos',
      key: 'auditoitu-luonnos',
      approvedBy: 'Kunnanvaltuusto',
      approvedOn: '15.12.2026',
      validFrom: '1.1.2027',
      validTo: '',
      visionName: 'Visio',
    });
    expect(
      saved.status,
      await saved
        .clone()
        .text()
        .then((t) => t.slice(0, 300)),
    ).toBe(302);
    expect(dbGet(server, 'SELECT name, key FROM framework_versions WHERE id = ?', newId)).toEqual({ name: 'Auditoitu luonnos', key: 'auditoitu-luonnos' });
    const updates = newRows(since, 'strategy.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.user_id).toBe(adminId);
  });

  it('people: creating a user (user.create)', async () => {
    const admin = clients[ADMIN]!;
    const adminId = userId(server, ADMIN);
    const since = lastAuditId(server);
    const res = await admin.post('/admin/users/new', {
      username: 'auditoitava',
      displayName: 'Auditoitava Käyttäjä',
      email: 'auditoitava@example.fi',
      roles: ['official'],
      memberOf: [String(departmentId)],
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const created = dbGet<{ id: number }>(server, 'SELECT id FROM users WHERE username = ?', 'auditoitava');
    expect(created).toBeTruthy();
    const rows = newRows(since, 'user.create');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: adminId, entity_id: created!.id });
    expect(rows[0]!.details).not.toMatch(/password/i);
  });

  it('organisation: renaming the municipality (organisation.name)', async () => {
    const admin = clients[ADMIN]!;
    const adminId = userId(server, ADMIN);
    const since = lastAuditId(server);
    const res = await admin.post('/admin/organisation', { intent: 'name', name: 'Auditoitu kunta' });
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(400);
    await res.arrayBuffer();
    const page = await htmlOf(await admin.get('/admin/organisation'));
    expect(page).toContain('Auditoitu kunta');
    const rows = newRows(since, 'organisation.name');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.user_id).toBe(adminId);
  });
});
