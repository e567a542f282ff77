/**
 * The yearly numbers. For a period, over the approved or decided proposal
 * assessments whose meeting date falls in it: per scored principle key n, mean, distribution,
 * "ei liity" and "tieto puuttuu"; routine items; counts by body and department; decisions per
 * strategy project. They are served as JSON at /report.json, printed by `npm run report`, and
 * shown on /report.
 *
 * Every expected value here is computed with this file's own SQL on the server's SQLite file
 * (read-only), never with the app's code. The strategy's keys, titles and dimensions are written
 * out by hand (helpers.ts, and DIMENSION below).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { type SyncDb, openTestDb } from '../support/test-db';
import {
  type Answer,
  Client,
  PROJECT_KEYS,
  SCORED,
  SCORED_KEYS,
  checklistForm,
  checklistUrl,
  completeAnswers,
  createDecision,
  dbAll,
  draftFields,
  htmlOf,
  location,
  organisation,
  postReview,
  showServerLogsOnFailure,
  statusOf,
  userId,
  versionOf,
  visibleText,
} from './helpers';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FROM = '2025-09-01';
const TO = '2026-08-31';
const QUERY = `from=${FROM}&to=${TO}`;

/** The dimension of each scored principle (the seed: 4 vision elements, 3 operating-mode principles). */
const DIMENSION: Record<string, string> = {
  pienuus: 'visio',
  vastavirta: 'visio',
  'koti-maalla': 'visio',
  'luonto-luovuus-tekniikka': 'visio',
  ennakointi: 'toimintatapa',
  positiivinen: 'toimintatapa',
  verkostot: 'toimintatapa',
};

const TOP_KEYS = ['from', 'to', 'assessments', 'routine', 'principles', 'bodies', 'departments', 'projects'];
const PRINCIPLE_FIELDS = ['key', 'title', 'dimension', 'n', 'mean', 'distribution', 'notRelevant', 'knowledgeGap'];
const SCORES = ['-2', '-1', '0', '1', '2'] as const;

type Distribution = Record<(typeof SCORES)[number], number>;
interface PrincipleExpect {
  key: string;
  title: string;
  dimension: string;
  n: number;
  sum: number;
  distribution: Distribution;
  notRelevant: number;
  knowledgeGap: number;
}
interface Expected {
  from: string;
  to: string;
  assessments: number;
  routine: number;
  principles: PrincipleExpect[];
  bodies: Record<string, number>;
  departments: Record<string, number>;
  projects: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// The expected numbers, with this file's own SQL.

/** `url`: a database URL (file:… or postgres://…). */
function withDb<T>(url: string, fn: (db: SyncDb) => T): T {
  const db = openTestDb(url, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * The counted assessments of a period as a CTE: the proposal, approved or decided, meeting date
 * from..to inclusive, optionally only in some departments.
 */
function countedCte(departmentIds: number[] | null): { sql: string; params: unknown[] } {
  const deps = departmentIds === null ? '' : `AND d.department_id IN (${departmentIds.map(() => '?').join(',') || 'NULL'})`;
  return {
    sql: `WITH counted AS (
      SELECT a.id AS assessment_id, d.id AS decision_id, d.body_id, d.department_id
        FROM assessments a JOIN decisions d ON d.id = a.decision_id
       WHERE a.is_proposal AND a.status IN ('approved', 'decided')
         AND d.meeting_date >= ? AND d.meeting_date <= ? ${deps})`,
    params: departmentIds === null ? [] : departmentIds,
  };
}

function expectedNumbers(url: string, from: string, to: string, departmentIds: number[] | null = null): Expected {
  return withDb(url, (db) => {
    const cte = countedCte(departmentIds);
    const params = [from, to, ...cte.params];
    const all = <T>(sql: string) => db.prepare(`${cte.sql} ${sql}`).all(...params) as T[];

    const assessments = all<{ n: number }>('SELECT COUNT(*) AS n FROM counted')[0]!.n;
    const routine = all<{ n: number }>(
      `SELECT COUNT(*) AS n FROM counted c
        WHERE EXISTS (SELECT 1 FROM assessment_answers x WHERE x.assessment_id = c.assessment_id)
          AND NOT EXISTS (SELECT 1 FROM assessment_answers x WHERE x.assessment_id = c.assessment_id
                           AND (x.answer_kind IS NULL OR x.answer_kind <> 'not_relevant'))`,
    )[0]!.n;
    const rows = all<{ key: string; kind: string | null; score: number | null; k: number }>(
      `SELECT p.key, aa.answer_kind AS kind, aa.score, COUNT(*) AS k
         FROM counted c
         JOIN assessment_answers aa ON aa.assessment_id = c.assessment_id
         JOIN principles p ON p.id = aa.principle_id
        GROUP BY p.key, aa.answer_kind, aa.score`,
    );
    const principles = SCORED.map(({ key, title }) => {
      const own = rows.filter((r) => r.key === key);
      const distribution = Object.fromEntries(
        SCORES.map((s) => [s, own.filter((r) => r.kind === 'scored' && r.score === Number(s)).reduce((t, r) => t + r.k, 0)]),
      ) as Distribution;
      const scored = own.filter((r) => r.kind === 'scored');
      return {
        key,
        title,
        dimension: DIMENSION[key]!,
        n: scored.reduce((t, r) => t + r.k, 0),
        sum: scored.reduce((t, r) => t + r.k * Number(r.score), 0),
        distribution,
        notRelevant: own.filter((r) => r.kind === 'not_relevant').reduce((t, r) => t + r.k, 0),
        knowledgeGap: own.filter((r) => r.kind === 'knowledge_gap').reduce((t, r) => t + r.k, 0),
      };
    });
    const named = (table: 'bodies' | 'departments', column: 'body_id' | 'department_id') =>
      Object.fromEntries(
        all<{ name: string; n: number }>(`SELECT g.name, COUNT(*) AS n FROM counted c JOIN ${table} g ON g.id = c.${column} GROUP BY g.id, g.name`).map((r) => [
          r.name,
          r.n,
        ]),
      );
    const linked = Object.fromEntries(
      all<{ key: string; n: number }>(
        `SELECT p.key, COUNT(DISTINCT c.decision_id) AS n
           FROM counted c
           JOIN assessment_projects ap ON ap.assessment_id = c.assessment_id
           JOIN principles p ON p.id = ap.principle_id
          GROUP BY p.key`,
      ).map((r) => [r.key, r.n]),
    );
    const projects = Object.fromEntries(PROJECT_KEYS.map((k) => [k, linked[k] ?? 0]));
    return { from, to, assessments, routine, principles, bodies: named('bodies', 'body_id'), departments: named('departments', 'department_id'), projects };
  });
}

/** Every assessment of the period (not only the counted ones) by status, for the coverage figures. */
function coverageOf(url: string, from: string, to: string, departmentIds: number[] | null = null) {
  return withDb(url, (db) => {
    const deps = departmentIds === null ? '' : `AND d.department_id IN (${departmentIds.join(',') || 'NULL'})`;
    const rows = db
      .prepare(
        `SELECT a.status, COUNT(*) AS n FROM assessments a JOIN decisions d ON d.id = a.decision_id
          WHERE a.is_proposal AND d.meeting_date >= ? AND d.meeting_date <= ? ${deps} GROUP BY a.status`,
      )
      .all(from, to) as Array<{ status: string; n: number }>;
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    return Object.fromEntries(['draft', 'submitted', 'returned', 'approved', 'decided'].map((s) => [s, by[s] ?? 0]));
  });
}

function leadsOf(server: TestServer, username: string): number[] {
  return dbAll<{ department_id: number }>(
    server,
    `SELECT department_id FROM user_departments WHERE user_id = ? AND relation = 'lead' ORDER BY department_id`,
    userId(server, username),
  ).map((r) => r.department_id);
}

// ---------------------------------------------------------------------------------------------
// Comparing an answer with the expected numbers.

/** Decimals written in a number's shortest form (0.125 → 3, 1.4 → 1, 2 → 0). */
function decimalsOf(value: number): number {
  const text = String(value);
  if (/e-/i.test(text)) return 20;
  return text.includes('.') ? text.split('.')[1]!.length : 0;
}

/** The mean: null when n is 0; otherwise sum/n, not rounded to fewer than 3 decimals. */
function expectMean(actual: unknown, p: PrincipleExpect, where: string) {
  if (p.n === 0) {
    expect(actual, `${where}: mean of ${p.key} with n = 0`).toBeNull();
    return;
  }
  expect(typeof actual, `${where}: mean of ${p.key} is a number`).toBe('number');
  const exact = p.sum / p.n;
  const mean = actual as number;
  expect(Math.abs(mean - exact), `${where}: mean of ${p.key} is ${mean}, expected ${p.sum}/${p.n} = ${exact}`).toBeLessThanOrEqual(0.0005 + 1e-12);
  // An exact value with 3 or more decimals must be written with at least 3.
  const needed = Math.min(3, decimalsOf(Number(exact.toFixed(12))));
  expect(decimalsOf(mean), `${where}: mean of ${p.key} (${mean}) is rounded to fewer than 3 decimals`).toBeGreaterThanOrEqual(needed);
}

/** Body or department counts: every listed entry is {name, assessments} and right; none with counted assessments is missing. */
function expectGroupCounts(actual: unknown, expected: Record<string, number>, where: string) {
  expect(Array.isArray(actual), `${where} is an array`).toBe(true);
  const list = actual as Array<Record<string, unknown>>;
  for (const entry of list) expect(Object.keys(entry).sort(), `${where}: an entry's keys`).toEqual(['assessments', 'name']);
  const names = list.map((e) => String(e.name));
  expect(new Set(names).size, `${where}: no name twice (${names.join(', ')})`).toBe(names.length);
  const listed = Object.fromEntries(list.map((e) => [String(e.name), e.assessments]));
  for (const [name, n] of Object.entries(listed)) expect(n, `${where}: ${name}`).toBe(expected[name] ?? 0);
  for (const [name, n] of Object.entries(expected)) expect(listed[name], `${where}: ${name} (${n} counted) is listed`).toBe(n);
}

/** The JSON has exactly the spec's shape, and every number is the expected one. */
function expectNumbers(actual: unknown, expected: Expected, where: string) {
  const json = actual as Record<string, unknown>;
  expect(Object.keys(json).sort(), `${where}: top-level keys`).toEqual([...TOP_KEYS].sort());
  expect(json.from, `${where}: from`).toBe(expected.from);
  expect(json.to, `${where}: to`).toBe(expected.to);
  expect(json.assessments, `${where}: assessments`).toBe(expected.assessments);
  expect(json.routine, `${where}: routine`).toBe(expected.routine);

  const principles = json.principles as Array<Record<string, unknown>>;
  expect(
    principles.map((p) => p.key),
    `${where}: the scored principles, in the checklist's order`,
  ).toEqual(SCORED_KEYS);
  for (const [i, p] of expected.principles.entries()) {
    const got = principles[i]!;
    expect(Object.keys(got).sort(), `${where}: keys of ${p.key}`).toEqual([...PRINCIPLE_FIELDS].sort());
    expect(Object.keys(got.distribution as object).sort(), `${where}: distribution keys of ${p.key}`).toEqual([...SCORES].sort());
    expect(
      {
        key: got.key,
        title: got.title,
        dimension: got.dimension,
        n: got.n,
        distribution: got.distribution,
        notRelevant: got.notRelevant,
        knowledgeGap: got.knowledgeGap,
      },
      `${where}: ${p.key}`,
    ).toEqual({
      key: p.key,
      title: p.title,
      dimension: p.dimension,
      n: p.n,
      distribution: p.distribution,
      notRelevant: p.notRelevant,
      knowledgeGap: p.knowledgeGap,
    });
    expectMean(got.mean, p, where);
  }

  expectGroupCounts(json.bodies, expected.bodies, `${where}: bodies`);
  expectGroupCounts(json.departments, expected.departments, `${where}: departments`);

  const projects = json.projects as Array<Record<string, unknown>>;
  for (const entry of projects) expect(Object.keys(entry).sort(), `${where}: a project's keys`).toEqual(['decisions', 'key']);
  expect(projects.map((p) => p.key).sort(), `${where}: every strategy project, once`).toEqual([...PROJECT_KEYS].sort());
  expect(Object.fromEntries(projects.map((p) => [p.key, p.decisions])), `${where}: decisions per project`).toEqual(expected.projects);
}

/** The expected numbers after one more counted assessment with these answers, body, department and projects. */
function plusAssessment(before: Expected, values: Answer[], body: string, department: string, projects: string[]): Expected {
  const after: Expected = structuredClone(before);
  after.assessments += 1;
  if (values.every((v) => v === 'not_relevant')) after.routine += 1;
  for (const [i, value] of values.entries()) {
    const p = after.principles[i]!;
    if (value === 'not_relevant') p.notRelevant += 1;
    else if (value === 'knowledge_gap') p.knowledgeGap += 1;
    else {
      p.n += 1;
      p.sum += Number(value);
      p.distribution[value as (typeof SCORES)[number]] += 1;
    }
  }
  after.bodies[body] = (after.bodies[body] ?? 0) + 1;
  after.departments[department] = (after.departments[department] ?? 0) + 1;
  for (const key of projects) after.projects[key] = (after.projects[key] ?? 0) + 1;
  return after;
}

// ---------------------------------------------------------------------------------------------
// The app's three forms of the numbers.

async function reportJson(client: Client, query = QUERY): Promise<unknown> {
  const res = await client.get(`/report.json?${query}`);
  expect(res.status, `/report.json?${query}`).toBe(200);
  expect(res.headers.get('Content-Type') ?? '').toMatch(/^application\/json/);
  return JSON.parse(await res.text());
}

/**
 * The database for the command: on SQLite a consistent copy of the server's live file (SQLite's
 * online backup: the WAL is included); on PostgreSQL the live database itself, which the command
 * only reads. Its URL, and how to remove the copy.
 */
async function copyOfDb(server: TestServer): Promise<{ url: string; remove: () => void }> {
  if (!server.dbFile) return { url: server.databaseUrl, remove: () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linssi-report-'));
  const file = path.join(dir, 'copy.db');
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
  return { url: `file:${file}`, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** `npm run report -- --from X --to Y --format json`, run as the project's script on a copy of the database. */
function runReportCli(databaseUrl: string, from: string, to: string): { stdout: string; json: unknown } {
  const stdout = execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/report.ts', '--from', from, '--to', to, '--format', 'json'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { stdout, json: JSON.parse(stdout) };
}

/** The visible text of the element with data-testid="…". */
function cell(html: string, testId: string): string | null {
  const match = new RegExp(`<(td|dd)\\b[^>]*\\bdata-testid="${testId}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return match ? visibleText(match[2]!) : null;
}

/** A Finnish number with exactly two decimals (a sign allowed), as its value: "+0,62" → 0.62; null if not one. */
function finnishTwoDecimals(text: string): number | null {
  const match = /^([+\-\u2212]?)(\d+),(\d{2})$/.exec(text.replace(/\s/g, ''));
  if (!match) return null;
  const value = Number(`${match[2]}.${match[3]}`);
  return match[1] === '-' || match[1] === '\u2212' ? -value : value;
}

/** The n and mean cells of /report agree with the expected numbers. */
function expectReportCells(html: string, expected: Expected, where: string) {
  for (const p of expected.principles) {
    expect(cell(html, `n-${p.key}`), `${where}: n-${p.key}`).toBe(String(p.n));
    const mean = cell(html, `mean-${p.key}`);
    expect(mean, `${where}: mean-${p.key} is shown`).not.toBeNull();
    if (p.n === 0) {
      expect(finnishTwoDecimals(mean!), `${where}: mean-${p.key} with n = 0 is not a number (${mean})`).toBeNull();
      continue;
    }
    const value = finnishTwoDecimals(mean!);
    expect(value, `${where}: mean-${p.key} "${mean}" in Finnish format with 2 decimals (0,62)`).not.toBeNull();
    expect(Math.abs(value! - p.sum / p.n), `${where}: mean-${p.key} "${mean}" vs ${p.sum}/${p.n}`).toBeLessThanOrEqual(0.005 + 1e-9);
  }
}

// ---------------------------------------------------------------------------------------------

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
const as: Record<'group' | 'admin' | 'manager' | 'manager2' | 'official', Client> = {} as never;

beforeAll(async () => {
  server = await startServer();
  as.group = await new Client(server.url).login('elinvoima');
  as.admin = await new Client(server.url).login('paakayttaja');
  as.manager = await new Client(server.url).login('esimies');
  as.manager2 = await new Client(server.url).login('johtaja');
  as.official = await new Client(server.url).login('valmistelija');
  org = await organisation(as.official);
});

afterAll(async () => {
  await server?.stop();
});

showServerLogsOnFailure(() => server);

describe('the yearly numbers of 2025-09-01..2026-08-31', () => {
  it('the demo period has counted, uncounted, routine and confidential assessments (the comparison below means something)', () => {
    const cover = coverageOf(server.databaseUrl, FROM, TO);
    const expected = expectedNumbers(server.databaseUrl, FROM, TO);
    expect(expected.assessments).toBe(cover.approved! + cover.decided!);
    expect(cover.approved, 'approved ones in the period').toBeGreaterThan(0);
    expect(cover.decided, 'decided ones in the period').toBeGreaterThan(0);
    expect(cover.submitted! + cover.returned! + cover.draft!, 'uncounted ones in the period').toBeGreaterThan(0);
    expect(expected.routine, 'routine items').toBeGreaterThan(0);
    expect(expected.principles.some((p) => p.knowledgeGap > 0 && p.notRelevant > 0 && p.distribution['-1'] + p.distribution['-2'] > 0)).toBe(true);
    const confidential = dbAll(
      server,
      `SELECT d.id FROM decisions d JOIN assessments a ON a.decision_id = d.id
        WHERE d.confidential AND a.status IN ('approved','decided') AND d.meeting_date BETWEEN ? AND ?`,
      FROM,
      TO,
    );
    expect(confidential.length, 'a confidential counted assessment in the period').toBeGreaterThan(0);
    // Meetings outside the period exist on both sides.
    expect(dbAll(server, `SELECT 1 FROM decisions WHERE meeting_date < ?`, FROM).length).toBeGreaterThan(0);
    expect(dbAll(server, `SELECT 1 FROM decisions WHERE meeting_date > ?`, TO).length).toBeGreaterThan(0);
  });

  it('GET /report.json as the group has exactly the spec’s shape and the numbers computed here with SQL', async () => {
    const json = await reportJson(as.group);
    expectNumbers(json, expectedNumbers(server.databaseUrl, FROM, TO), 'group /report.json');
  });

  it('an admin gets the same numbers as the group', async () => {
    const [group, admin] = [await reportJson(as.group), await reportJson(as.admin)];
    expect(admin).toEqual(group);
    expectNumbers(admin, expectedNumbers(server.databaseUrl, FROM, TO), 'admin /report.json');
  });

  it('`npm run report -- --from … --to … --format json` prints the same numbers, in the same shape, as /report.json', async () => {
    const http = await reportJson(as.group);
    const copy = await copyOfDb(server);
    try {
      const { stdout, json } = runReportCli(copy.url, FROM, TO);
      expect(stdout.trim().startsWith('{'), 'stdout is the JSON only').toBe(true);
      expectNumbers(json, expectedNumbers(copy.url, FROM, TO), 'npm run report');
      expect(json, 'the command line and the URL agree').toEqual(http);
    } finally {
      copy.remove();
    }
  });

  it('the mean is null when n is 0: a day with only a routine item, and a period with nothing (URL and command line)', async () => {
    const day = '2026-04-07';
    const onlyRoutine = expectedNumbers(server.databaseUrl, day, day);
    expect(onlyRoutine.assessments, 'the demo data: one counted assessment on 7.4.2026').toBe(1);
    expect(onlyRoutine.routine, 'and it is a routine item').toBe(1);
    expect(onlyRoutine.principles.every((p) => p.n === 0 && p.notRelevant === 1)).toBe(true);
    const empty = expectedNumbers(server.databaseUrl, '2030-09-01', '2031-08-31');
    expect(empty.assessments).toBe(0);

    expectNumbers(await reportJson(as.group, `from=${day}&to=${day}`), onlyRoutine, 'routine day /report.json');
    expectNumbers(await reportJson(as.group, 'from=2030-09-01&to=2031-08-31'), empty, 'empty period /report.json');
    const copy = await copyOfDb(server);
    try {
      expectNumbers(runReportCli(copy.url, day, day).json, expectedNumbers(copy.url, day, day), 'routine day npm run report');
      expectNumbers(
        runReportCli(copy.url, '2030-09-01', '2031-08-31').json,
        expectedNumbers(copy.url, '2030-09-01', '2031-08-31'),
        'empty period npm run report',
      );
    } finally {
      copy.remove();
    }
  });

  it('the period’s ends are inclusive and other periods are other numbers (2024-09-01..2025-08-31)', async () => {
    const previous = expectedNumbers(server.databaseUrl, '2024-09-01', '2025-08-31');
    expect(previous.assessments).toBeGreaterThan(0);
    expectNumbers(await reportJson(as.group, 'from=2024-09-01&to=2025-08-31'), previous, 'period 2025 /report.json');
    // A period of one meeting day counts that day.
    const one = dbAll<{ meeting_date: string }>(
      server,
      `SELECT d.meeting_date FROM decisions d JOIN assessments a ON a.decision_id = d.id
        WHERE a.status = 'decided' AND d.meeting_date BETWEEN ? AND ? ORDER BY d.meeting_date LIMIT 1`,
      FROM,
      TO,
    )[0]!.meeting_date;
    const oneDay = expectedNumbers(server.databaseUrl, one, one);
    expect(oneDay.assessments).toBeGreaterThan(0);
    expectNumbers(await reportJson(as.group, `from=${one}&to=${one}`), oneDay, `one day ${one}`);
  });
});

describe('who sees which numbers', () => {
  it('a manager (esimies) gets the numbers of the departments they lead only', async () => {
    const leads = leadsOf(server, 'esimies');
    expect(leads.length, 'esimies leads departments').toBeGreaterThan(0);
    const own = expectedNumbers(server.databaseUrl, FROM, TO, leads);
    const all = expectedNumbers(server.databaseUrl, FROM, TO);
    expect(own.assessments, 'the manager’s share is a part of the whole').toBeGreaterThan(0);
    expect(own.assessments).toBeLessThan(all.assessments);
    const json = await reportJson(as.manager);
    expectNumbers(json, own, 'esimies /report.json');
    const leadNames = dbAll<{ name: string }>(server, `SELECT name FROM departments WHERE id IN (${leads.join(',')})`).map((r) => r.name);
    for (const d of (json as { departments: Array<{ name: string; assessments: number }> }).departments) {
      if (d.assessments > 0) expect(leadNames, `a department esimies does not lead: ${d.name}`).toContain(d.name);
    }
  });

  it('the other manager (johtaja) gets their own departments’ numbers, and the two add up to the whole', async () => {
    const own = expectedNumbers(server.databaseUrl, FROM, TO, leadsOf(server, 'johtaja'));
    expectNumbers(await reportJson(as.manager2), own, 'johtaja /report.json');
    const other = expectedNumbers(server.databaseUrl, FROM, TO, leadsOf(server, 'esimies'));
    // The demo's two managers lead the four departments between them.
    expect(own.assessments + other.assessments).toBe(expectedNumbers(server.databaseUrl, FROM, TO).assessments);
  });

  it('the manager’s /report page shows their own numbers', async () => {
    const res = await as.manager.get(`/report?${QUERY}`);
    expect(res.status).toBe(200);
    const html = await htmlOf(res);
    const leads = leadsOf(server, 'esimies');
    expectReportCells(html, expectedNumbers(server.databaseUrl, FROM, TO, leads), 'esimies /report');
    const cover = coverageOf(server.databaseUrl, FROM, TO, leads);
    for (const status of Object.keys(cover)) expect(cell(html, `coverage-${status}`), `esimies coverage-${status}`).toBe(String(cover[status]));
  });

  it('an official (valmistelija) gets 403 on /report and /report.json', async () => {
    for (const url of ['/report', `/report?${QUERY}`, '/report.json', `/report.json?${QUERY}`]) {
      const res = await as.official.get(url);
      expect(res.status, `valmistelija GET ${url}`).toBe(403);
      const body = await res.text();
      expect(body, `no numbers in the refusal of ${url}`).not.toMatch(/"principles"|data-testid="n-/);
    }
  });

  it('without logging in, /report and /report.json send to the login page', async () => {
    const anonymous = new Client(server.url);
    for (const url of [`/report?${QUERY}`, `/report.json?${QUERY}`]) {
      const res = await anonymous.get(url);
      expect(res.status, url).toBe(302);
      expect(location(res) ?? '', url).toMatch(/^\/login/);
    }
  });
});

describe('the /report page', () => {
  it('shows the same n and mean (Finnish format, 2 decimals) as computed here, and the coverage by status', async () => {
    const res = await as.group.get(`/report?${QUERY}`);
    expect(res.status).toBe(200);
    const html = await htmlOf(res);
    const expected = expectedNumbers(server.databaseUrl, FROM, TO);
    expectReportCells(html, expected, 'group /report');
    const cover = coverageOf(server.databaseUrl, FROM, TO);
    for (const status of Object.keys(cover)) expect(cell(html, `coverage-${status}`), `coverage-${status}`).toBe(String(cover[status]));
    expect(cell(html, 'coverage-counted')).toBe(String(expected.assessments));
    expect(cell(html, 'coverage-routine')).toBe(String(expected.routine));
  });

  it('counts a confidential decided assessment but never shows its title', async () => {
    const confidential = dbAll<{ id: number; title: string }>(
      server,
      `SELECT d.id, d.title FROM decisions d JOIN assessments a ON a.decision_id = d.id
        WHERE d.confidential AND a.status = 'decided' AND d.meeting_date BETWEEN ? AND ?`,
      FROM,
      TO,
    );
    expect(confidential.length, 'the demo period has a confidential decided assessment').toBeGreaterThan(0);
    const withIt = expectedNumbers(server.databaseUrl, FROM, TO);
    const json = (await reportJson(as.group)) as { assessments: number };
    expect(json.assessments, 'counted').toBe(withIt.assessments);
    // Without the confidential ones, the count would be lower: they are in it.
    const nonConfidential = dbAll<{ n: number }>(
      server,
      `SELECT COUNT(*) AS n FROM decisions d JOIN assessments a ON a.decision_id = d.id
        WHERE NOT d.confidential AND a.is_proposal AND a.status IN ('approved','decided') AND d.meeting_date BETWEEN ? AND ?`,
      FROM,
      TO,
    )[0]!.n;
    expect(json.assessments).toBeGreaterThan(nonConfidential);

    for (const client of [as.group, as.manager]) {
      const html = await htmlOf(await client.get(`/report?${QUERY}`));
      for (const { id, title } of confidential) {
        expect(html.includes(title), `the confidential title "${title}" on /report`).toBe(false);
        expect(html.includes('Toimitilan vuokraaminen'), 'a part of the confidential title').toBe(false);
        expect(html, `a link to the confidential decision ${id}`).not.toContain(`href="/decisions/${id}"`);
      }
    }
  });
});

describe('a new assessment through the real endpoints', () => {
  /** A draft by valmistelija, submitted with these answers and projects; returns its id. */
  async function submitted(fields: Record<string, string>, values: Answer[], projects: string[]): Promise<number> {
    const id = await createDecision(as.official, fields);
    const res = await as.official.post(checklistUrl(id), checklistForm(versionOf(server, id), 'submit', completeAnswers(values), projects));
    expect(res.status, `submit ${id}`).toBe(302);
    expect(statusOf(server, id)).toBe('submitted');
    return id;
  }

  async function approve(id: number) {
    const res = await postReview(server, as.manager, id, 'approve');
    expect(res.status, `approve ${id}`).toBe(302);
    expect(statusOf(server, id)).toBe('approved');
  }

  it('submitted does not count; approved by esimies, the numbers change by exactly its answers (last day of the period)', async () => {
    const values: Answer[] = ['-2', '2', 'knowledge_gap', 'not_relevant', '0', '-1', '1'];
    const projects = ['markkinointi', 'tapahtumat'];
    const before = expectedNumbers(server.databaseUrl, FROM, TO);
    const beforeJson = await reportJson(as.group);
    expectNumbers(beforeJson, before, 'before');

    const id = await submitted(
      draftFields(org, { title: 'Raportin testiesitys viimeisenä päivänä', body: 'Kunnanvaltuusto', department: 'Sivistystoimi', meetingDate: '31.8.2026' }),
      values,
      projects,
    );
    expect(await reportJson(as.group), 'a submitted assessment is not counted').toEqual(beforeJson);

    await approve(id);
    const expected = plusAssessment(before, values, 'Kunnanvaltuusto', 'Sivistystoimi', projects);
    const after = await reportJson(as.group);
    expectNumbers(after, expected, 'after the approval');
    expectNumbers(after, expectedNumbers(server.databaseUrl, FROM, TO), 'after the approval, SQL');
    // The manager leads Sivistystoimi: their numbers change the same way.
    const leads = leadsOf(server, 'esimies');
    expectNumbers(await reportJson(as.manager), expectedNumbers(server.databaseUrl, FROM, TO, leads), 'esimies after the approval');
    // And /report shows it.
    expectReportCells(await htmlOf(await as.group.get(`/report?${QUERY}`)), expected, '/report after the approval');
  });

  it('an approved all-"ei liity" assessment on the first day is one more routine item; one the day after the period is not counted', async () => {
    const routine: Answer[] = SCORED_KEYS.map(() => 'not_relevant');
    const before = expectedNumbers(server.databaseUrl, FROM, TO);
    const first = await submitted(
      draftFields(org, {
        title: 'Raportin rutiiniasia ensimmäisenä päivänä',
        body: 'Sivistyslautakunta',
        department: 'Sivistystoimi',
        meetingDate: '1.9.2025',
      }),
      routine,
      [],
    );
    await approve(first);
    const expected = plusAssessment(before, routine, 'Sivistyslautakunta', 'Sivistystoimi', []);
    expect(expected.routine).toBe(before.routine + 1);
    expectNumbers(await reportJson(as.group), expected, 'after the routine item');

    const outside = await submitted(
      draftFields(org, { title: 'Raportin testiesitys jakson jälkeen', body: 'Sivistyslautakunta', department: 'Sivistystoimi', meetingDate: '1.9.2026' }),
      ['2', '2', '2', '2', '2', '2', '2'],
      ['konseptointi'],
    );
    await approve(outside);
    expectNumbers(await reportJson(as.group), expected, 'after an approval outside the period');
  });

  it('a confidential assessment that is approved is counted, listed without its title, and its title never appears on /report', async () => {
    const title = 'Salainen yrityskauppa XQ731 raportin testi';
    const values: Answer[] = ['2', '2', '2', '2', '2', '2', '2'];
    const before = expectedNumbers(server.databaseUrl, FROM, TO);
    const id = await submitted(
      draftFields(org, { title, body: 'Kunnanhallitus', department: 'Sivistystoimi', meetingDate: '30.8.2026', confidential: 'on' }),
      values,
      ['konseptointi'],
    );
    expect(dbAll<{ confidential: number }>(server, 'SELECT confidential FROM decisions WHERE id = ?', id)[0]!.confidential).toBe(1);
    await approve(id);
    expectNumbers(
      await reportJson(as.group),
      plusAssessment(before, values, 'Kunnanhallitus', 'Sivistystoimi', ['konseptointi']),
      'after the confidential one',
    );
    for (const [who, client] of [
      ['group', as.group],
      ['admin', as.admin],
      ['esimies', as.manager],
    ] as const) {
      const html = await htmlOf(await client.get(`/report?${QUERY}`));
      expect(html.includes('XQ731'), `${who}: the confidential title on /report`).toBe(false);
      expect(html, `${who}: a link to the confidential decision`).not.toContain(`/decisions/${id}"`);
      // It strengthens every principle clearly and is the latest in the period: it is listed, unnamed.
      expect(visibleText(html), `${who}: the confidential decision is listed without its name`).toContain('Luottamuksellinen asia');
    }
    const json = await (await as.group.get(`/report.json?${QUERY}`)).text();
    expect(json.includes('XQ731')).toBe(false);
  });
});
