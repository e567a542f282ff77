/**
 * The audit row is written wherever a confidential item's content is shown or downloaded, by
 * construction (one access function that loaders cannot bypass), and this test walks every route
 * that can show a confidential item and checks for the row (Information Management
 * Act 906/2019, 17 §; docs/SECURITY.md; ADR 010).
 *
 * The walked set is read from app/routes (test/support/route-table.ts): every route whose URL has
 * a decision's id (`decisions.$id…`), so a new one is walked without anyone adding it here; and the
 * one entry that takes the id from the query (`/decisions/new?copyFrom=ID`). For a confidential
 * decision in each state, each route is requested by each actor who may see it (the author, the
 * manager of its department, the group, an admin) and by two who may not:
 *   - 200: exactly one new `assessment.view` row, of that user and that decision;
 *   - 409: no row (a refusal; the "locked" page names the decision but shows none of its content);
 *   - 403, 404, a redirect: no row, and the decision's title is not in the answer.
 * The same as a client-side navigation (the single-fetch `.data` request). Then the actions that
 * re-render the decision (a 400 with the form, a conflict page): one row per request, none for a
 * redirect; a form posted without JavaScript runs the action and the loader in one request, and
 * still writes one row. Last, every route of the app is requested with the decision's id in every
 * parameter: one that answers 200, or shows the decision's title, must be in the walked set (or be
 * one of the lists, which ADR 010 says are not views).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { ROUTES, ROUTES_DIR, type RouteFile, urlOf } from '../support/route-table';
import {
  Client,
  type AuditRow,
  type WorkflowStatus,
  auditSince,
  checklistForm,
  completeAnswers,
  createDecision,
  dbGet,
  decisionForm,
  draftFields,
  draftIn,
  htmlOf,
  lastAuditId,
  organisation,
  reviewForm,
  showServerLogsOnFailure,
  userId,
  versionOf,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
const clients: Record<string, Client> = {};

/** Who may see valmistelija's confidential decision in Sivistystoimi: its author, the manager who leads it, the group, an admin. */
const SEERS = ['valmistelija', 'esimies', 'elinvoima', 'paakayttaja'] as const;
/** An official of another department and a manager who does not lead it: 404, as for an unknown id. */
const OTHERS = ['tekninen', 'johtaja'] as const;
const ACTORS = [...SEERS, ...OTHERS];
const STATES: WorkflowStatus[] = ['draft', 'submitted', 'returned', 'approved', 'decided'];

/** The routes with a decision's id in their URL, from app/routes. */
const WALKED: RouteFile[] = ROUTES.filter((r) => r.segments[0] === 'decisions' && r.segments.includes('$id'));
/** Entries that take a decision's id from the query string. */
const QUERY_ENTRIES: Array<{ file: string; url: (id: number) => string }> = [{ file: 'decisions.new.tsx', url: (id) => `/decisions/new?copyFrom=${id}` }];
/**
 * Lists name the confidential items a user may see (title, case number, body, date, status), never
 * their content; ADR 010 says why a list is not a view. Only these may show a confidential title
 * without being walked.
 */
const LISTS = ['decisions._index.tsx', 'decisions.all.tsx', 'reviews.tsx', 'overview.tsx'];

interface Confidential {
  id: number;
  aid: number;
  title: string;
  description: string;
}
const decisions = {} as Record<WorkflowStatus, Confidential>;

beforeAll(async () => {
  server = await startServer();
  for (const username of ACTORS) clients[username] = await new Client(server.url).login(username);
  org = await organisation(clients.valmistelija!);
  const nonce = Date.now().toString(36);
  for (const state of STATES) {
    const title = `Salainen ${state} ${nonce}`;
    const description = `Yksityisen henkilön asia ${state} ${nonce}`;
    const id = await draftIn(server, state, clients.valmistelija!, clients.esimies!, draftFields(org, { title, description, confidential: 'on' }));
    const aid = Number(dbGet<{ id: number }>(server, 'SELECT id FROM assessments WHERE decision_id = ?', id)!.id);
    decisions[state] = { id, aid, title, description };
  }
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

/** The view rows written by `step`, and its response and body. */
async function viewsOf(step: () => Promise<Response>) {
  const since = lastAuditId(server);
  const res = await step();
  const body = await htmlOf(res);
  const rows = auditSince(server, since).filter((r) => r.action === 'assessment.view');
  return { res, body, rows };
}

const shows = (body: string, d: Confidential) => body.includes(d.title) || body.includes(d.description);

function expectRows(rows: AuditRow[], n: number, username: string, d: Confidential, what: string) {
  expect(rows.length, `${what}: ${n} view row(s)`).toBe(n);
  for (const row of rows) {
    expect({ user: row.user_id, entity: row.entity_type, id: row.entity_id, outcome: row.outcome }, what).toEqual({
      user: userId(server, username),
      entity: 'assessment',
      id: d.aid,
      outcome: 'success',
    });
    expect(JSON.parse(row.details).decisionId, what).toBe(d.id);
  }
}

/**
 * The rule for a GET: 200 → one row (a decision's own page always shows it; the new-draft form
 * only when the copy source is one the user may see); 409 → no row: a refusal, at most the
 * "locked" page that names the decision but shows none of its content (not its description);
 * 403, 404, a redirect → no row, and nothing of it shown.
 */
function checkGet(res: Response, body: string, rows: AuditRow[], username: string, d: Confidential, what: string, ownPage: boolean) {
  const status = res.status;
  if (status === 200) {
    if (ownPage) expect(shows(body, d), `${what}: a 200 page shows the decision`).toBe(true);
    expectRows(rows, shows(body, d) ? 1 : 0, username, d, what);
  } else if (status === 409) {
    expect(body.includes(d.description), `${what}: a 409 shows nothing of the decision's content`).toBe(false);
    expectRows(rows, 0, username, d, what);
  } else {
    expect([302, 303, 403, 404], `${what}: status`).toContain(status);
    expect(shows(body, d), `${what}: a ${status} shows nothing of the decision`).toBe(false);
    expectRows(rows, 0, username, d, what);
  }
}

describe('no route shows a confidential decision outside the walked set', () => {
  // First, while the audit log's newest rows are still the ones that created these decisions.
  it('every route, with the decision’s id in each parameter and the query: one that shows it is a walked route or a list', async () => {
    const walked = new Set([...WALKED.map((r) => r.file), ...QUERY_ENTRIES.map((q) => q.file)]);
    const all = STATES.map((state) => decisions[state]);
    const escaped: string[] = [];
    for (const route of ROUTES) {
      if (!route.hasLoader || walked.has(route.file) || LISTS.includes(route.file)) continue;
      const names = route.segments.filter((seg) => seg.startsWith('$')).map((seg) => seg.slice(1));
      // A route without parameters shows the same whatever the id: one request looks for all five.
      for (const d of names.length > 0 ? [decisions.submitted, decisions.decided] : [decisions.decided]) {
        const url = `${urlOf(route, Object.fromEntries(names.map((n) => [n, String(d.id)])))}?copyFrom=${d.id}&id=${d.id}&decision=${d.id}&entity=${d.aid}`;
        // The admin sees every decision; the author is asked where the admin is refused (an official's pages).
        let res = await clients.paakayttaja!.get(url);
        let body = await htmlOf(res);
        if (res.status === 403) {
          res = await clients.valmistelija!.get(url);
          body = await htmlOf(res);
        }
        const shown = all.filter((c) => shows(body, c)).map((c) => c.title);
        if (shown.length > 0) escaped.push(`${route.file}: ${url} shows ${shown.join(', ')}`);
      }
    }
    expect(escaped, 'routes that show a confidential decision without being walked').toEqual([]);
  });

  it('the audit log names a confidential decision’s rows but shows their details only for public ones', async () => {
    const d = decisions.decided;
    for (const entity of [d.id, d.aid]) {
      const res = await clients.paakayttaja!.get(`/admin/audit?entity=${entity}`);
      expect(res.status).toBe(200);
      const body = await htmlOf(res);
      expect(body).toContain('Luottamuksellinen asia: tiedot näkyvät vain asian omalla sivulla');
      expect(shows(body, d), `/admin/audit?entity=${entity}`).toBe(false);
      expect(body).not.toContain('Perustelu pienuus');
    }
    const title = `Julkinen asia ${Date.now().toString(36)}`;
    const open = await createDecision(clients.valmistelija!, draftFields(org, { title }));
    const page = await htmlOf(await clients.paakayttaja!.get(`/admin/audit?entity=${open}`));
    expect(page).toContain(title);
    expect(page).not.toContain('Luottamuksellinen asia: tiedot näkyvät vain asian omalla sivulla');
  });

  it('no route reads a decision, its content or its history other than through decision-access.server.ts', () => {
    const raw = /\b(getDecisionDetail|getVisibleDecision|readAssessmentContent|recordConfidentialView|runTransition|takeSnapshot)\b/;
    const offenders: string[] = [];
    for (const route of ROUTES) {
      const source = fs.readFileSync(path.join(ROUTES_DIR, route.file), 'utf8');
      if (raw.test(source)) offenders.push(`${route.file}: ${raw.exec(source)![0]}`);
      if (/as\s+(unknown\s+as\s+)?DecisionGrant\b/.test(source)) offenders.push(`${route.file}: makes a DecisionGrant by a cast`);
    }
    expect(offenders).toEqual([]);
  });
});

describe('the walked routes, read from app/routes', () => {
  it('are every decisions.$id route there is today (the list may grow, and is then walked)', () => {
    const files = WALKED.map((r) => r.file);
    for (const known of [
      'decisions.$id._index.tsx',
      'decisions.$id.checklist.tsx',
      'decisions.$id.decision.tsx',
      'decisions.$id.edit.tsx',
      'decisions.$id.history.tsx',
      'decisions.$id.review.tsx',
      'decisions.$id.strategy.tsx',
    ]) {
      expect(files).toContain(known);
    }
  });
});

describe('every GET of a confidential decision by every route, actor and state', () => {
  it('writes one view row per page that shows it, and none otherwise; the same through a client-side navigation', async () => {
    const reached = new Set<string>();
    for (const state of STATES) {
      const d = decisions[state];
      const urls = [
        ...WALKED.map((r) => ({ file: r.file, url: urlOf(r, { id: String(d.id) }), ownPage: true, route: r as RouteFile | null })),
        ...QUERY_ENTRIES.map((q) => ({ file: q.file, url: q.url(d.id), ownPage: false, route: null })),
      ];
      // Those who may not see it get 404 whatever the state: asked in the first and the last.
      const actors = state === 'draft' || state === 'decided' ? ACTORS : [...SEERS];
      for (const { file, url, ownPage, route } of urls) {
        for (const username of actors) {
          const what = `${username} GET ${url} (${file}, ${state})`;
          const { res, body, rows } = await viewsOf(() => clients[username]!.get(url));
          checkGet(res, body, rows, username, d, what, ownPage);
          if (res.status === 200 && shows(body, d)) reached.add(file);
          if ((OTHERS as readonly string[]).includes(username) && ownPage && route?.hasDefault) expect(res.status, what).toBe(404);
          // A client-side navigation to a page that was shown (or locked): the route's loader alone (single fetch), the same rows.
          if (route && (res.status === 200 || res.status === 409) && shows(body, d)) {
            const data = await viewsOf(() => clients[username]!.get(`${url}.data?_routes=${encodeURIComponent(route.routeId)}`));
            expect(shows(data.body, d), `${what} (.data)`).toBe(true);
            expectRows(data.rows, res.status === 200 ? 1 : 0, username, d, `${what} (.data)`);
          }
        }
      }
    }
    // Every page of the walked set was shown to someone (otherwise the walk proves nothing for it).
    const pages = [...WALKED.filter((r) => r.hasDefault).map((r) => r.file), ...QUERY_ENTRIES.map((q) => q.file)];
    expect(
      pages.filter((f) => !reached.has(f)),
      'pages never answered 200',
    ).toEqual([]);
  });

  it('the edit page of a confidential draft, which shows its title and description, writes its row', async () => {
    const d = decisions.draft;
    const { res, body, rows } = await viewsOf(() => clients.valmistelija!.get(`/decisions/${d.id}/edit`));
    expect(res.status).toBe(200);
    expect(body).toContain(d.description);
    expectRows(rows, 1, 'valmistelija', d, 'the edit page');
  });
});

/** A POST to a walked route: what it answers and how many view rows it must write. */
interface PostCase {
  label: string;
  username: (typeof SEERS)[number];
  state: WorkflowStatus;
  path: (id: number) => string;
  body: (d: Confidential) => Record<string, string> | URLSearchParams;
  status: number;
  views: 0 | 1;
}

/** One case per way an action answers: every action of the walked set must have one that re-renders. */
const POSTS: Record<string, PostCase[]> = {
  'decisions.$id.checklist.tsx': [
    {
      label: 'a submit with missing answers: 400, the form again',
      username: 'valmistelija',
      state: 'draft',
      path: (id) => `/decisions/${id}/checklist`,
      body: (d) => checklistForm(versionOf(server, d.id), 'submit', { pienuus: { answer: '1', rationale: 'Puolivalmis' } }),
      status: 400,
      views: 1,
    },
    {
      label: 'a routine step without its rationale: 400',
      username: 'valmistelija',
      state: 'draft',
      path: (id) => `/decisions/${id}/checklist`,
      body: (d) => ({ intent: 'routine', version: String(versionOf(server, d.id)), routineRationale: '' }),
      status: 400,
      views: 1,
    },
    {
      label: 'a save from an old version: 409, the conflict page shows the saved answers',
      username: 'valmistelija',
      state: 'returned',
      path: (id) => `/decisions/${id}/checklist`,
      body: (d) => checklistForm(versionOf(server, d.id) - 1, 'save', completeAnswers(['1', '1', '1', '1', '1', '1', '1'])),
      status: 409,
      views: 1,
    },
    {
      label: 'a save to a submitted one: 409, the locked page (its name and what was typed): a refusal, no view',
      username: 'valmistelija',
      state: 'submitted',
      path: (id) => `/decisions/${id}/checklist`,
      body: (d) => checklistForm(versionOf(server, d.id), 'save', { pienuus: { answer: '1', rationale: 'Myöhässä' } }),
      status: 409,
      views: 0,
    },
    {
      label: 'a save that succeeds: a redirect, no view',
      username: 'valmistelija',
      state: 'draft',
      path: (id) => `/decisions/${id}/checklist`,
      body: (d) => checklistForm(versionOf(server, d.id), 'save', { pienuus: { answer: '1', rationale: 'Tallennettu' } }),
      status: 302,
      views: 0,
    },
  ],
  'decisions.$id.edit.tsx': [
    {
      label: 'an empty title: 400, the form again',
      username: 'valmistelija',
      state: 'draft',
      path: (id) => `/decisions/${id}/edit`,
      body: (d) => ({ ...draftFields(org, { title: '', description: d.description, confidential: 'on' }), version: String(versionOf(server, d.id)) }),
      status: 400,
      views: 1,
    },
    {
      label: 'a save from an old version: 409, the form again',
      username: 'valmistelija',
      state: 'returned',
      path: (id) => `/decisions/${id}/edit`,
      body: (d) => ({ ...draftFields(org, { title: d.title, description: d.description, confidential: 'on' }), version: String(versionOf(server, d.id) - 1) }),
      status: 409,
      views: 1,
    },
    {
      label: 'a save that succeeds: a redirect, no view',
      username: 'valmistelija',
      state: 'draft',
      path: (id) => `/decisions/${id}/edit`,
      body: (d) => ({ ...draftFields(org, { title: d.title, description: d.description, confidential: 'on' }), version: String(versionOf(server, d.id)) }),
      status: 302,
      views: 0,
    },
  ],
  'decisions.$id.review.tsx': [
    {
      label: 'a return without a comment: 400, the review page again',
      username: 'esimies',
      state: 'submitted',
      path: (id) => `/decisions/${id}/review`,
      body: (d) => reviewForm('return', versionOf(server, d.id), ''),
      status: 400,
      views: 1,
    },
    {
      label: 'an approval from an old version: 409',
      username: 'esimies',
      state: 'submitted',
      path: (id) => `/decisions/${id}/review`,
      body: (d) => reviewForm('approve', versionOf(server, d.id) - 1),
      status: 409,
      views: 1,
    },
    {
      label: 'a review of one already approved: 409, the locked page: a refusal, no view',
      username: 'esimies',
      state: 'approved',
      path: (id) => `/decisions/${id}/review`,
      body: (d) => reviewForm('approve', versionOf(server, d.id)),
      status: 409,
      views: 0,
    },
  ],
  'decisions.$id.decision.tsx': [
    {
      label: 'no outcome: 400, the form again',
      username: 'valmistelija',
      state: 'approved',
      path: (id) => `/decisions/${id}/decision`,
      body: (d) => decisionForm(versionOf(server, d.id), ''),
      status: 400,
      views: 1,
    },
    {
      label: 'from an old version: 409',
      username: 'paakayttaja',
      state: 'approved',
      path: (id) => `/decisions/${id}/decision`,
      body: (d) => decisionForm(versionOf(server, d.id) - 1),
      status: 409,
      views: 1,
    },
  ],
  // Moves a draft to another strategy version; it only ever redirects (or refuses): never a view.
  'decisions.$id.strategy.tsx': [
    {
      label: 'an offer no longer valid: a redirect to the checklist, no view',
      username: 'valmistelija',
      state: 'draft',
      path: (id) => `/decisions/${id}/strategy`,
      body: (d) => ({ version: String(versionOf(server, d.id)), target: '999999' }),
      status: 302,
      views: 0,
    },
  ],
};

describe('the actions of the walked routes', () => {
  it('every action has its cases here (a new one fails by name until it has)', () => {
    const actions = WALKED.filter((r) => r.hasAction).map((r) => r.file);
    expect(
      actions.filter((f) => !POSTS[f]),
      'actions without cases in POSTS',
    ).toEqual([]);
  });

  for (const [file, cases] of Object.entries(POSTS)) {
    for (const c of cases) {
      it(`${file}: ${c.label}: ${c.views} view row(s), without and with JavaScript`, async () => {
        const d = decisions[c.state];
        // Without JavaScript: the action and then the page's loader in one request, one row at most.
        const plain = await viewsOf(() => clients[c.username]!.post(c.path(d.id), c.body(d)));
        expect(plain.res.status, `${c.username} POST ${c.path(d.id)}`).toBe(c.status);
        expectRows(plain.rows, c.views, c.username, d, `${c.label} (document)`);
        if (c.status === 302) return;
        // With JavaScript: the action alone (single fetch); its answer re-renders the page.
        const js = await viewsOf(() => clients[c.username]!.post(`${c.path(d.id)}.data`, c.body(d)));
        expect(js.res.status, `${c.username} POST ${c.path(d.id)}.data`).toBe(c.status);
        expectRows(js.rows, c.views, c.username, d, `${c.label} (single fetch)`);
      });
    }
  }

  it('copying a confidential decided assessment as a new draft is a view: one row for its author; nothing for one who may not see it', async () => {
    const d = decisions.decided;
    const author = await viewsOf(() =>
      clients.valmistelija!.post('/decisions/new', { ...draftFields(org, { title: 'Salaisen pohjalta' }), copyFrom: String(d.id) }),
    );
    expect(author.res.status).toBe(302);
    expect(author.res.headers.get('Location')).toMatch(/notice=copied$/);
    expectRows(author.rows, 1, 'valmistelija', d, 'the author copies it');
    // The copy carries the source's rationales: it is confidential too, even though the box was not ticked.
    const copy = Number(/^\/decisions\/(\d+)\//.exec(author.res.headers.get('Location') ?? '')?.[1]);
    expect(dbGet<{ confidential: unknown }>(server, 'SELECT confidential FROM decisions WHERE id = ?', copy)!.confidential).toBeTruthy();
    expect(
      dbGet<{ n: number }>(
        server,
        'SELECT COUNT(*) AS n FROM assessment_answers aa JOIN assessments a ON a.id = aa.assessment_id WHERE a.decision_id = ?',
        copy,
      )!.n,
    ).toBeGreaterThan(0);
    // The form offers it ticked, naming its source.
    const form = await viewsOf(() => clients.valmistelija!.get(`/decisions/new?copyFrom=${d.id}`));
    expect(form.body).toMatch(/<input[^>]*id="confidential"[^>]*checked=""|<input[^>]*checked=""[^>]*id="confidential"/);
    expectRows(form.rows, 1, 'valmistelija', d, 'the form naming its copy source');
    const other = await viewsOf(() =>
      clients.tekninen!.post('/decisions/new', {
        ...draftFields(org, { title: 'Ei salaisen pohjalta', department: 'Tekninen toimi', body: 'Tekninen lautakunta' }),
        copyFrom: String(d.id),
      }),
    );
    expect(other.res.status).toBe(302);
    expect(other.res.headers.get('Location')).toMatch(/notice=created$/);
    expect(other.rows).toEqual([]);
  });
});
