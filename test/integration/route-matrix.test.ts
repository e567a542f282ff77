/**
 * Access control: every route of the app (read from the route files, so that a new route cannot
 * be forgotten) checked for every role and for anonymous users against an expected table, with
 * object-level checks for other people's drafts, other departments and confidential items.
 *
 * The routes are read from app/routes. Every file must have a row in EXPECTED below (a new route
 * fails the suite by name until someone decides who may reach it), and every row must name a file.
 * The expected statuses were derived by reading each route's loader (requireUser, requireRole,
 * getOptionalUser, …) and app/domain/permissions.ts and workflow.ts (judge: 404 when the actor may
 * not see the decision, 403 when they may see it but not act, 409 when the state does not allow
 * it) — not by recording what the server answers.
 *
 * The actors (the demo data; passwords <username>-demo):
 *   valmistelija  official, member of Sivistystoimi; author of most demo decisions
 *   esimies       manager, leads Sivistystoimi and Yleishallinto
 *   elinvoima     the vitality group
 *   paakayttaja   admin
 *   tekninen      official of Tekninen toimi (another department)
 *   johtaja       manager who leads Perusturva and Tekninen toimi, not valmistelija's departments
 * The ids used for parameters are looked up in the database by what makes each case meaningful
 * (status, author, department, confidential), and those facts are checked before anything else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  allListedIds,
  checklistForm,
  completeAnswers,
  count,
  dbAll,
  dbGet,
  htmlOf,
  location,
  showServerLogsOnFailure,
  tableContents,
  tableRowCounts,
  userId,
} from './helpers';
import {
  type Actor,
  ACTORS,
  type Case,
  EXPECTED,
  type Expected,
  type Fixture,
  type Kind,
  type RouteFile,
  ROUTES,
  splitSegments,
  STAFF,
  urlOf,
} from '../support/route-table';

// ---------------------------------------------------------------------------------------------
// The server, the people, the ids.

let server: TestServer;
const clients = {} as Record<Exclude<Actor, 'anonymous'> | 'perusturva', Client>;
let fixture: Fixture;

function clientOf(actor: Actor): Client {
  return actor === 'anonymous' ? new Client(server.url) : clients[actor];
}

/** The departments a user leads. */
function leads(username: string): number[] {
  return dbAll<{ department_id: number }>(
    server,
    "SELECT department_id FROM user_departments WHERE relation = 'lead' AND user_id = ?",
    userId(server, username),
  ).map((r) => r.department_id);
}

/** The newest decision matching the facts (its proposal's assessment status), or a failure naming what is missing. */
function pick(what: string, author: string, status: string, confidential: boolean, ledBy: string, notLedBy: string): number {
  const led = leads(ledBy);
  const notLed = leads(notLedBy);
  const row = dbGet<{ id: number }>(
    server,
    `SELECT d.id FROM decisions d JOIN assessments a ON a.decision_id = d.id AND a.is_proposal
      WHERE d.author_id = ? AND a.status = ? AND d.confidential = ?
        AND d.department_id IN (${led.map(() => '?').join(',') || 'NULL'})
        AND d.department_id NOT IN (${notLed.map(() => '?').join(',') || 'NULL'})
      ORDER BY d.id LIMIT 1`,
    userId(server, author),
    status,
    confidential ? 1 : 0,
    ...led,
    ...notLed,
  );
  if (!row) throw new Error(`The demo data has no ${what}: by ${author}, ${status}, confidential=${confidential}, led by ${ledBy}, not by ${notLedBy}`);
  return row.id;
}

beforeAll(async () => {
  // The benchmark's bare route on, so that it is checked like every other page (route-table.ts).
  server = await startServer({ LINSSI_BENCH_ROUTE: '1' });
  for (const username of [...STAFF, 'perusturva'] as const) clients[username] = await new Client(server.url).login(username);

  // The facts the table relies on.
  const roles = (u: string) =>
    dbAll<{ role: string }>(server, 'SELECT role FROM user_roles WHERE user_id = ? ORDER BY role', userId(server, u)).map((r) => r.role);
  expect({
    valmistelija: roles('valmistelija'),
    esimies: roles('esimies'),
    elinvoima: roles('elinvoima'),
    paakayttaja: roles('paakayttaja'),
    tekninen: roles('tekninen'),
    johtaja: roles('johtaja'),
    perusturva: roles('perusturva'),
  }).toEqual({
    valmistelija: ['official'],
    esimies: ['manager'],
    elinvoima: ['group'],
    paakayttaja: ['admin'],
    tekninen: ['official'],
    johtaja: ['manager'],
    perusturva: ['official'],
  });
  expect(dbGet(server, "SELECT COUNT(*) AS n FROM settings WHERE key IN ('logo', 'logo_type', 'logo_version')"), 'the demo data has no logo').toEqual({ n: 0 });

  // Ids for the parameters.
  const draft = pick('draft', 'valmistelija', 'draft', false, 'esimies', 'johtaja');
  const submitted = pick('submitted assessment', 'valmistelija', 'submitted', false, 'esimies', 'johtaja');
  const approved = pick('approved assessment', 'valmistelija', 'approved', false, 'esimies', 'johtaja');
  const decided = pick('decided assessment', 'valmistelija', 'decided', false, 'esimies', 'johtaja');
  const confidential = pick('confidential decided assessment', 'valmistelija', 'decided', true, 'esimies', 'johtaja');
  const foreignSubmitted = pick('submitted assessment of tekninen', 'tekninen', 'submitted', false, 'johtaja', 'esimies');
  const foreignDecided = pick('decided assessment of tekninen', 'tekninen', 'decided', false, 'johtaja', 'esimies');
  // tekninen is no member of valmistelija's departments (so "another department" holds).
  const depOf = (id: number) => dbGet<{ department_id: number }>(server, 'SELECT department_id FROM decisions WHERE id = ?', id)!.department_id;
  for (const id of [draft, submitted, approved, decided, confidential]) {
    expect(
      count(server, 'user_departments', 'user_id = ? AND department_id = ?', userId(server, 'tekninen'), depOf(id)),
      `tekninen is not in the department of ${id}`,
    ).toBe(0);
  }

  // An evaluation round (the demo data has none), opened by the group.
  const opened = await clients.elinvoima.post('/evaluation', {});
  expect(opened.status, 'the group opens a round').toBe(302);
  const round = Number(/^\/evaluation\/(\d+)/.exec(location(opened) ?? '')?.[1]);
  expect(round).toBeGreaterThan(0);

  // A draft strategy version (copied from the active one by the admin), with its dimensions and principles.
  const activeVersion = Number(dbGet<{ id: number }>(server, "SELECT id FROM framework_versions WHERE status = 'active' ORDER BY id LIMIT 1")!.id);
  const copied = await clients.paakayttaja.post('/admin/strategy', { intent: 'copy', versionId: String(activeVersion) });
  expect(copied.status, 'the admin copies the active strategy version').toBe(302);
  const draftVersion = Number(dbGet<{ id: number }>(server, "SELECT MAX(id) AS id FROM framework_versions WHERE status = 'draft'")!.id);
  const firstOf = (table: string, versionId: number) =>
    Number(dbGet<{ id: number }>(server, `SELECT MIN(id) AS id FROM ${table} WHERE version_id = ?`, versionId)!.id);

  fixture = {
    draft,
    submitted,
    approved,
    decided,
    confidential,
    foreignSubmitted,
    foreignDecided,
    round,
    activeVersion,
    activeDimension: firstOf('dimensions', activeVersion),
    activePrinciple: firstOf('principles', activeVersion),
    draftVersion,
    draftDimension: firstOf('dimensions', draftVersion),
    draftPrinciple: firstOf('principles', draftVersion),
    user: userId(server, 'valmistelija'),
  };
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

// ---------------------------------------------------------------------------------------------
// What a refused request must leave as it was.

const rowCounts = () => tableRowCounts(server);
const contents = () => tableContents(server);

/** What a response is, in the table's terms. */
function classify(res: Response, url: string): Expected | string {
  const loc = location(res) ?? '';
  if (res.status >= 300 && res.status < 400) {
    if (/^\/login(\?|$)/.test(loc)) {
      const back = new URL(loc, 'http://x').searchParams.get('redirectTo');
      return back === url ? 'login' : `login (redirectTo=${back})`;
    }
    return 'redirect';
  }
  return res.status as Expected;
}

const caseUrl = (route: RouteFile, c: Case) => urlOf(route, c.params ? c.params(fixture) : {});

// ---------------------------------------------------------------------------------------------

describe('the route files', () => {
  it('every route file has a row in EXPECTED, and every row names a file', () => {
    const files = ROUTES.map((r) => r.name);
    const missing = files.filter((f) => !(f in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((k) => !files.includes(k));
    expect(missing, 'route files without a row in EXPECTED (decide who may reach them, and add them)').toEqual([]);
    expect(stale, 'rows of EXPECTED without a route file').toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(44);
  });

  it('each row’s kind matches what the file exports (loader / action / default)', () => {
    const wrong: string[] = [];
    for (const route of ROUTES) {
      const entry = EXPECTED[route.name];
      if (!entry) continue;
      const kind: Kind = route.hasDefault ? 'page' : route.hasAction ? 'action-only' : 'resource';
      if (kind !== entry.kind) wrong.push(`${route.name}: EXPECTED says ${entry.kind}, the file is ${kind}`);
      // A GET must reach some loader of ours: every route without a UI has one (otherwise Remix answers 405).
      if (!route.hasDefault && !route.hasLoader) wrong.push(`${route.name}: neither a loader nor a default export`);
    }
    expect(wrong).toEqual([]);
  });

  it('file names become URLs by the flat-route rules, and a parameter without a value fails by name', () => {
    const f = (name: string) => ({ file: `${name}.tsx`, segments: splitSegments(name) });
    expect(urlOf(f('_index'), {})).toBe('/');
    expect(urlOf(f('admin'), {})).toBe('/admin');
    expect(urlOf(f('admin._index'), {})).toBe('/admin');
    expect(urlOf(f('report[.]csv'), {})).toBe('/report.csv');
    expect(urlOf(f('decisions.$id.checklist'), { id: '7' })).toBe('/decisions/7/checklist');
    expect(urlOf(f('_auth.login'), {})).toBe('/login');
    expect(urlOf(f('decisions_.$id.print'), { id: '3' })).toBe('/decisions/3/print');
    expect(() => urlOf(f('reports.$reportId'), {})).toThrow(/reports\.\$reportId\.tsx/);
    // Every file with every one of its cases gets a URL without leftovers.
    for (const route of ROUTES) {
      for (const c of EXPECTED[route.name]?.cases ?? []) {
        expect(caseUrl(route, c), `${route.name} ${c.label}`).toMatch(/^\/[^$[\]]*$/);
        expect(caseUrl(route, c)).not.toMatch(/\/\/|_index/);
      }
    }
  });

  it('every case gives every actor an expectation', () => {
    for (const [name, entry] of Object.entries(EXPECTED)) {
      expect(entry.cases.length, name).toBeGreaterThan(0);
      for (const c of entry.cases) expect(Object.keys(c.expect).sort(), `${name} ${c.label}`).toEqual([...ACTORS].sort());
    }
  });
});

describe('GET of every route, for every actor, against EXPECTED', () => {
  const rows = ROUTES.flatMap((route) => (EXPECTED[route.name]?.cases ?? []).map((c) => [`${route.name}${c.label ? ` — ${c.label}` : ''}`, route, c] as const));

  it.each(rows)('%s', async (_title, route, c) => {
    const url = caseUrl(route, c);
    const actual = {} as Record<Actor, Expected | string>;
    for (const actor of ACTORS) {
      const res = await clientOf(actor).get(url);
      actual[actor] = classify(res, url);
      if (res.status === 200 && route.hasDefault) {
        expect(res.headers.get('Content-Type') ?? '', `${actor} GET ${url}`).toMatch(/text\/html/);
      }
      await res.arrayBuffer();
    }
    expect(actual, `GET ${url}`).toEqual(c.expect);
  });
});

// ---------------------------------------------------------------------------------------------
// Object level.

/** The form a request needs to change each decision route, if it were let in. */
function changes(id: number) {
  const version = String(dbGet<{ version: number }>(server, 'SELECT version FROM assessments WHERE decision_id = ? AND is_proposal', id)!.version);
  return [
    { what: 'checklist save', path: `/decisions/${id}/checklist`, form: checklistForm(version, 'save', { pienuus: { answer: '-2', rationale: 'Vieras' } }) },
    {
      what: 'checklist submit',
      path: `/decisions/${id}/checklist`,
      form: checklistForm(version, 'submit', completeAnswers(['0', '0', '0', '0', '0', '0', '0'])),
    },
    { what: 'checklist routine', path: `/decisions/${id}/checklist`, form: new URLSearchParams({ intent: 'routine', version, routineRationale: 'Vieras' }) },
    {
      what: 'edit',
      path: `/decisions/${id}/edit`,
      form: new URLSearchParams({
        title: 'Vieraan otsikko',
        caseNumber: '',
        bodyId: '1',
        departmentId: '1',
        meetingDate: '1.1.2027',
        description: 'Vieras muutti tämän.',
        version,
      }),
    },
    { what: 'strategy move', path: `/decisions/${id}/strategy`, form: new URLSearchParams({ version, target: String(fixture.activeVersion) }) },
    { what: 'review approve', path: `/decisions/${id}/review`, form: new URLSearchParams({ intent: 'approve', comment: 'Vieras hyväksyi', version }) },
    { what: 'review return', path: `/decisions/${id}/review`, form: new URLSearchParams({ intent: 'return', comment: 'Vieras palautti', version }) },
    {
      what: 'record decision',
      path: `/decisions/${id}/decision`,
      form: new URLSearchParams({ outcome: 'approved', minutesSection: '12', meetingDate: '1.12.2026', version }),
    },
  ];
}

const titleOf = (id: number) => dbGet<{ title: string }>(server, 'SELECT title FROM decisions WHERE id = ?', id)!.title;

describe('another official (tekninen, Tekninen toimi) and valmistelija’s draft', () => {
  it('GET of the draft and every page of it: 404, without its title, as a page and as loader data', async () => {
    const id = fixture.draft;
    const title = titleOf(id);
    const wrong: string[] = [];
    for (const [sub, routeId] of [
      ['', 'routes/decisions.$id._index'],
      ['/checklist', 'routes/decisions.$id.checklist'],
      ['/edit', 'routes/decisions.$id.edit'],
      ['/history', 'routes/decisions.$id.history'],
      ['/review', 'routes/decisions.$id.review'],
      ['/decision', 'routes/decisions.$id.decision'],
    ] as const) {
      const url = `/decisions/${id}${sub}`;
      const res = await clients.tekninen.get(url);
      const html = await htmlOf(res);
      if (res.status !== 404) wrong.push(`GET ${url} → ${res.status}`);
      if (html.includes(title)) wrong.push(`GET ${url} shows the title`);
      const data = await clients.tekninen.get(`${url}.data?_routes=${encodeURIComponent(routeId)}`);
      const text = await data.text();
      if (data.status !== 404) wrong.push(`GET ${url}.data → ${data.status}`);
      if (text.includes(title)) wrong.push(`GET ${url}.data shows the title`);
    }
    expect(wrong).toEqual([]);
  });

  it('POST to checklist, edit, strategy, review and decision: 404, and no row of any table changes', async () => {
    const before = contents();
    const answers: Record<string, number> = {};
    for (const { what, path: url, form } of changes(fixture.draft)) {
      const res = await clients.tekninen.post(url, form);
      answers[what] = res.status;
      await res.arrayBuffer();
    }
    expect(answers).toEqual(Object.fromEntries(changes(fixture.draft).map((c) => [c.what, 404])));
    expect(contents()).toEqual(before);
  });

  it('the draft is in no list of theirs', async () => {
    expect(await allListedIds(clients.tekninen, '/decisions/all')).not.toContain(fixture.draft);
    expect(await allListedIds(clients.tekninen, '/decisions')).not.toContain(fixture.draft);
    // … while its author and the manager of its department do see it (the lists can show it).
    expect(await allListedIds(clients.valmistelija, '/decisions')).toContain(fixture.draft);
    expect(await allListedIds(clients.esimies, '/decisions/all')).toContain(fixture.draft);
  });
});

describe('a manager who does not lead the department', () => {
  it('johtaja: valmistelija’s draft and submitted assessment: 404 for the review page and its POSTs; nothing changes', async () => {
    const before = contents();
    const got: string[] = [];
    for (const id of [fixture.draft, fixture.submitted]) {
      const page = await clients.johtaja.get(`/decisions/${id}/review`);
      got.push(`GET ${id}: ${page.status}`);
      expect(await htmlOf(page)).not.toContain(titleOf(id));
      for (const c of changes(id).filter((x) => x.what.startsWith('review'))) {
        const res = await clients.johtaja.post(c.path, c.form);
        got.push(`${c.what} ${id}: ${res.status}`);
        await res.arrayBuffer();
      }
    }
    expect(got).toEqual([fixture.draft, fixture.submitted].flatMap((id) => [`GET ${id}: 404`, `review approve ${id}: 404`, `review return ${id}: 404`]));
    expect(contents()).toEqual(before);
  });

  it('esimies: tekninen’s submitted one (not visible) 404; tekninen’s decided public one (visible, not theirs to review) 403; nothing changes', async () => {
    const before = contents();
    const got: Record<string, number> = {};
    for (const [label, id] of [
      ['submitted', fixture.foreignSubmitted],
      ['decided', fixture.foreignDecided],
    ] as const) {
      got[`GET ${label}`] = (await clients.esimies.get(`/decisions/${id}/review`)).status;
      for (const c of changes(id).filter((x) => x.what.startsWith('review'))) got[`${c.what} ${label}`] = (await clients.esimies.post(c.path, c.form)).status;
    }
    expect(got).toEqual({
      'GET submitted': 404,
      'review approve submitted': 404,
      'review return submitted': 404,
      'GET decided': 403,
      'review approve decided': 403,
      'review return decided': 403,
    });
    expect(contents()).toEqual(before);
  });
});

describe('a confidential decided decision', () => {
  const outsiders = ['tekninen', 'perusturva', 'johtaja'] as const;

  it.each(outsiders)('%s (neither its author, nor a manager of its department, nor group or admin) gets 404 for it and its pages', async (username) => {
    const id = fixture.confidential;
    const title = titleOf(id);
    for (const url of [`/decisions/${id}`, `/decisions/${id}/history`, `/decisions/${id}/checklist`, `/decisions/${id}/review`, `/decisions/${id}/edit`]) {
      const res = await clients[username].get(url);
      expect(res.status, `${username} GET ${url}`).toBe(404);
      expect(await htmlOf(res), `${username} GET ${url}`).not.toContain(title);
    }
  });

  it.each(outsiders)('%s never finds it in /archive or /decisions/all (no id, no title on any page)', async (username) => {
    const client = clients[username];
    const title = titleOf(fixture.confidential);
    const confidentialIds = dbAll<{ id: number }>(server, 'SELECT id FROM decisions WHERE confidential').map((r) => r.id);
    for (const list of ['/archive', '/decisions/all']) {
      const ids = await allListedIds(client, list);
      expect(ids.length, `${list} lists something for ${username}`).toBeGreaterThan(0);
      expect(
        ids.filter((i) => confidentialIds.includes(i)),
        `${username}: confidential ids in ${list}`,
      ).toEqual([]);
      const firstPage = await htmlOf(await client.get(list));
      expect(firstPage, `${username}: ${list}`).not.toContain(title);
    }
    // A search for its title finds nothing either.
    const search = await htmlOf(await client.get(`/archive?q=${encodeURIComponent(title)}`));
    expect(search).not.toContain(`/decisions/${fixture.confidential}"`);
  });

  it.each(['esimies', 'johtaja', 'elinvoima', 'paakayttaja'] as const)(
    '%s: the reports (page, CSV, JSON) count it but never show its title',
    async (username) => {
      const titles = dbAll<{ title: string }>(server, 'SELECT DISTINCT title FROM decisions WHERE confidential').map((r) => r.title);
      const publicTitles = new Set(dbAll<{ title: string }>(server, 'SELECT DISTINCT title FROM decisions WHERE NOT confidential').map((r) => r.title));
      const secret = titles.filter((t) => !publicTitles.has(t));
      expect(secret.length, 'a confidential title that no public decision shares').toBeGreaterThan(0);
      for (const url of ['/report', '/report.csv', '/report.json']) {
        const res = await clients[username].get(`${url}?from=1.1.2000&to=31.12.2030`);
        expect(res.status, `${username} GET ${url}`).toBe(200);
        const body = (await res.text()).replace(/\0/g, '');
        for (const t of secret) expect(body, `${username} GET ${url}`).not.toContain(t);
      }
    },
  );

  it('the lists can show it: its author finds it in /decisions/all; a public decided one is in /archive for tekninen', async () => {
    expect(await allListedIds(clients.valmistelija, '/decisions/all')).toContain(fixture.confidential);
    expect(await allListedIds(clients.tekninen, '/archive')).toContain(fixture.decided);
    expect(await allListedIds(clients.tekninen, '/decisions/all')).toContain(fixture.decided);
  });
});

// ---------------------------------------------------------------------------------------------
// Actions.

describe('every route that exports an action', () => {
  const withAction = ROUTES.filter((r) => r.hasAction);

  /** Fields with real ids, so that an action that let an anonymous request in would change something. */
  function formsFor(route: RouteFile): URLSearchParams[] {
    const base: Record<string, string> = {
      version: '1',
      versionId: String(fixture.activeVersion),
      target: String(fixture.activeVersion),
      title: 'Nimetön muutos',
      caseNumber: '',
      bodyId: '1',
      departmentId: '1',
      meetingDate: '1.1.2027',
      description: 'Kirjautumaton kirjoitti tämän.',
      name: 'Nimetön',
      key: 'nimeton',
      username: 'nimeton',
      displayName: 'Nimetön Käyttäjä',
      email: 'nimeton@example.fi',
      roles: 'admin',
      comment: 'Kirjautumaton',
      outcome: 'approved',
      minutesSection: '1',
      routineRationale: 'Kirjautumaton',
      kind: 'body',
      id: '1',
      language: 'en',
      redirectTo: '/',
    };
    const intents = route.intents.length > 0 ? route.intents : ['save'];
    return intents.map((intent) => new URLSearchParams({ ...base, intent }));
  }

  it('an anonymous POST never gets 2xx, is sent to /login where a sign-in is required, and changes no row of any table', async () => {
    expect(withAction.length).toBeGreaterThan(10);
    const countsBefore = rowCounts();
    const before = contents();
    const wrong: string[] = [];
    for (const route of withAction) {
      const c = EXPECTED[route.name]?.cases[0];
      const url = urlOf(route, c?.params ? c.params(fixture) : {});
      // The pages that may be used signed out: their GET is not 'login' for anonymous.
      const publicAction = c?.expect.anonymous !== 'login';
      for (const form of formsFor(route)) {
        const res = await new Client(server.url).post(url, form);
        await res.arrayBuffer();
        const what = `POST ${url} intent=${form.get('intent')} → ${res.status} ${location(res) ?? ''}`;
        if (res.status >= 200 && res.status < 300) wrong.push(`${what} (2xx)`);
        else if (res.status >= 500) wrong.push(`${what} (5xx)`);
        else if (!publicAction && classify(res, url) !== 'login') wrong.push(`${what} (not to /login)`);
      }
      if (route.multipart) {
        const form = new FormData();
        form.append('intent', route.intents[0] ?? 'import');
        form.append('file', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'x.csv');
        // With the app's own Origin, as a browser posts it: the login check is what is tested here.
        const res = await fetch(`${server.url}${url}`, { method: 'POST', body: form, headers: { Origin: server.url }, redirect: 'manual' });
        await res.arrayBuffer();
        if (classify(res, url) !== 'login') wrong.push(`multipart POST ${url} → ${res.status} ${location(res) ?? ''} (not to /login)`);
      }
    }
    expect(wrong).toEqual([]);
    expect(rowCounts(), 'row counts of every table').toEqual(countsBefore);
    expect(contents(), 'the rows of every table').toEqual(before);
  });

  it('a GET to a route that only has an action (its loader merely redirects) changes nothing, for anyone; GET /logout does not sign out', async () => {
    const actionOnly = ROUTES.filter((r) => EXPECTED[r.name]?.kind === 'action-only');
    expect(actionOnly.map((r) => r.name).sort()).toEqual(expect.arrayContaining(['language.tsx', 'logout.tsx']));
    // Fresh sessions, signed in before the "before" picture (signing in writes rows).
    const fresh: Array<[Actor, Client]> = [['anonymous', new Client(server.url)]];
    for (const actor of STAFF) fresh.push([actor, await new Client(server.url).login(actor)]);
    const before = contents();
    const languages = dbAll(server, 'SELECT id, language FROM users ORDER BY id');
    for (const route of actionOnly) {
      const c = EXPECTED[route.name]!.cases[0]!;
      const url = urlOf(route, c.params ? c.params(fixture) : {});
      for (const [actor, client] of fresh) {
        const res = await client.get(`${url}?language=en&redirectTo=%2Fadmin`);
        await res.arrayBuffer();
        expect(res.status, `${actor} GET ${url}`).toBeGreaterThanOrEqual(300);
        expect(res.status, `${actor} GET ${url}`).toBeLessThan(400);
      }
    }
    expect(contents()).toEqual(before);
    expect(dbAll(server, 'SELECT id, language FROM users ORDER BY id')).toEqual(languages);
    for (const [actor, client] of fresh) {
      if (actor === 'anonymous') continue;
      const home = await client.get('/');
      await home.arrayBuffer();
      expect(home.status, `${actor} is still signed in after GET /logout`).toBe(200);
    }
  });
});
