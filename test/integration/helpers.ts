/**
 * Small helpers for the integration tests: reading the server's SQLite file (read-only),
 * picking values out of the server-rendered HTML, and the few requests every suite repeats.
 * Expected values are never computed with the app's own code: only with what is here.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { Client, location } from '../support/client';
import type { TestServer } from '../support/server';
import { allRows, sharedTestDb, tableNames } from '../support/test-db';

// ---------------------------------------------------------------------------------------------
// The strategy as the tests know it (db/data/vesanto-strategy-2018.json), written out by hand.

/** The seven scored principles, in the order of the checklist. */
export const SCORED = [
  { key: 'pienuus', title: 'Pienuus on vahvuus!' },
  { key: 'vastavirta', title: 'Vastavirran edelläkävijä!' },
  { key: 'koti-maalla', title: 'Koti maalla, maailma lähellä!' },
  { key: 'luonto-luovuus-tekniikka', title: 'Luontoon, luovuuteen ja tekniikkaan me uskomme!' },
  { key: 'ennakointi', title: 'Reagoinnista ennakointiin' },
  { key: 'positiivinen', title: 'Positiivinen, kannustava, rohkea' },
  { key: 'verkostot', title: 'Verkostot ja yhteistyö' },
] as const;
export const SCORED_KEYS = SCORED.map((p) => p.key);
export const PROJECT_KEYS = ['jalkauttaminen', 'markkinointi', 'viestinta', 'konseptointi', 'tapahtumat'] as const;

// Finnish messages, copied from the specification of the forms (not from the app's catalog).
export const FI = {
  loginFailed: 'Käyttäjätunnus tai salasana on väärin.',
  required: 'Tämä kenttä on pakollinen.',
  invalidDate: 'Anna päivämäärä muodossa pp.kk.vvvv, esimerkiksi 15.3.2026.',
  invalidCaseNumber: 'Diaarinumerossa voi olla kirjaimia, numeroita, välilyöntejä ja merkit / . : - _ (esimerkiksi VES/123/2019).',
  tooLong: (max: number) => `Teksti on liian pitkä: enintään ${max} merkkiä.`,
  unknownBody: 'Valitse toimielin luettelosta.',
  unknownDepartment: 'Valitse hallintokunta luettelosta.',
  invalidChoice: 'Valitse jokin annetuista vaihtoehdoista.',
  answerRequired: 'Valitse vaikutus asteikolta.',
  rationaleRequired: 'Kirjoita perustelu vastaukselle.',
  knowledgeGapRequired: 'Kerro, mikä tieto puuttuu ja mistä se saadaan.',
  mitigationRequired: 'Kerro, miten haittoja lievennetään.',
  summaryTitle: 'Lomakkeessa on korjattavaa',
  conflict: 'Joku muu tallensi arvioinnin sillä välin',
} as const;

// ---------------------------------------------------------------------------------------------
// The server's database, read-only.

export function dbAll<T = Record<string, unknown>>(server: TestServer, sql: string, ...params: unknown[]): T[] {
  const db = sharedTestDb(server);
  try {
    return db.all<T>(sql, ...params);
  } finally {
    db.close();
  }
}

export function dbGet<T = Record<string, unknown>>(server: TestServer, sql: string, ...params: unknown[]): T | undefined {
  return dbAll<T>(server, sql, ...params)[0];
}

export function count(server: TestServer, table: string, where = '1 = 1', ...params: unknown[]): number {
  return Number(dbGet<{ n: number }>(server, `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, ...params)!.n);
}

/** The number of rows in each of the app's tables. */
export function tableRowCounts(server: TestServer): Record<string, number> {
  return Object.fromEntries(tableNames(sharedTestDb(server)).map((t) => [t, count(server, `"${t}"`)]));
}

/**
 * Every row of every table, to show that a request changed nothing; of the sessions only what a
 * request does not touch (not last_seen_at / expires_at).
 */
export function tableContents(server: TestServer): Record<string, unknown[]> {
  const db = sharedTestDb(server);
  try {
    return Object.fromEntries(
      tableNames(db).map((t) => [t, t === 'sessions' ? db.all('SELECT id, user_id, created_at FROM sessions ORDER BY id') : allRows(db, t)]),
    );
  } finally {
    db.close();
  }
}

export function userId(server: TestServer, username: string): number {
  const row = dbGet<{ id: number }>(server, 'SELECT id FROM users WHERE username = ?', username);
  if (!row) throw new Error(`No user ${username}`);
  return row.id;
}

export interface AssessmentRow {
  id: number;
  status: string;
  version: number;
  framework_version_id: number;
  submitted_at: string | null;
  is_proposal: number;
}

export function assessmentOf(server: TestServer, decisionId: number): AssessmentRow {
  const rows = dbAll<AssessmentRow>(
    server,
    'SELECT id, status, version, framework_version_id, submitted_at, is_proposal FROM assessments WHERE decision_id = ?',
    decisionId,
  );
  expect(rows, `one assessment for decision ${decisionId}`).toHaveLength(1);
  return rows[0]!;
}

export interface AnswerRow {
  key: string;
  answer_kind: string | null;
  score: number | null;
  rationale: string | null;
  mitigation: string | null;
}

/** The stored answers of a decision's assessment, by principle key, in key order. */
export function answersOf(server: TestServer, decisionId: number): AnswerRow[] {
  return dbAll<AnswerRow>(
    server,
    `SELECT p.key, aa.answer_kind, aa.score, aa.rationale, aa.mitigation
       FROM assessment_answers aa
       JOIN assessments a ON a.id = aa.assessment_id
       JOIN principles p ON p.id = aa.principle_id
      WHERE a.decision_id = ?
      ORDER BY p.key`,
    decisionId,
  );
}

export function projectsOf(server: TestServer, decisionId: number): string[] {
  return dbAll<{ key: string }>(
    server,
    `SELECT p.key FROM assessment_projects ap
       JOIN assessments a ON a.id = ap.assessment_id
       JOIN principles p ON p.id = ap.principle_id
      WHERE a.decision_id = ? ORDER BY p.key`,
    decisionId,
  ).map((r) => r.key);
}

export function decisionRow(server: TestServer, decisionId: number) {
  return dbGet<{
    id: number;
    title: string;
    case_number: string | null;
    body_id: number;
    department_id: number;
    meeting_date: string;
    description: string;
    confidential: number;
    author_id: number;
    updated_at: string;
  }>(server, 'SELECT * FROM decisions WHERE id = ?', decisionId);
}

/** Everything a change to one decision could touch, to compare before and after a refused request. */
export function snapshot(server: TestServer, decisionId: number) {
  return {
    decision: decisionRow(server, decisionId),
    assessment: dbGet(server, 'SELECT * FROM assessments WHERE decision_id = ?', decisionId),
    answers: answersOf(server, decisionId),
    projects: projectsOf(server, decisionId),
    decisions: count(server, 'decisions'),
    audit: count(server, 'audit_log'),
  };
}

// ---------------------------------------------------------------------------------------------
// HTML.

/**
 * The body of a response as text. NUL bytes are dropped here: react-dom 18.3.1's streaming
 * renderer inserts them at some 2 KB chunk boundaries (see rendering.test.ts, which checks the
 * raw bytes), and they would otherwise split the words the other tests look for.
 */
export async function htmlOf(response: Response): Promise<string> {
  return (await response.text()).replace(/\0/g, '');
}

export function decode(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The page without scripts (whose hydration data repeats every value) and without React's text separators. */
export function withoutScripts(html: string): string {
  return html.replace(/<script\b[\s\S]*?<\/script>/g, '').replace(/<!-- -->/g, '');
}

/** What a reader sees: tags removed, entities decoded, white space collapsed. */
export function visibleText(html: string): string {
  return decode(
    withoutScripts(html)
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  ).trim();
}

/** The opening tag of the element with this id. */
export function tagById(html: string, tag: string, id: string): string | null {
  const re = new RegExp(`<${tag}\\b[^>]*\\bid="${escapeRegExp(id)}"[^>]*>`);
  return re.exec(html)?.[0] ?? null;
}

export function attribute(tagText: string | null, name: string): string | null {
  if (!tagText) return null;
  const match = new RegExp(`\\s${escapeRegExp(name)}="([^"]*)"`).exec(tagText);
  return match ? decode(match[1]!) : null;
}

/** The value an <input id=…> is rendered with. */
export function inputValue(html: string, id: string): string | null {
  return attribute(tagById(html, 'input', id), 'value');
}

/** The text inside a <textarea id=…>. */
export function textareaValue(html: string, id: string): string | null {
  const match = new RegExp(`<textarea\\b[^>]*\\bid="${escapeRegExp(id)}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return match ? decode(match[1]!) : null;
}

/** The error message shown at a field (<p id="<field>-error">), or null. */
export function fieldError(html: string, id: string): string | null {
  const match = new RegExp(`<p\\b[^>]*\\bid="${escapeRegExp(id)}-error"[^>]*>([\\s\\S]*?)</p>`).exec(withoutScripts(html));
  return match ? decode(match[1]!.replace(/<[^>]+>/g, '')).trim() : null;
}

/** Every field error on the page, by field id. */
export function allFieldErrors(html: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const match of withoutScripts(html).matchAll(/<p\b[^>]*\bid="([^"]+)-error"[^>]*>([\s\S]*?)<\/p>/g)) {
    errors[decode(match[1]!)] = decode(match[2]!.replace(/<[^>]+>/g, '')).trim();
  }
  return errors;
}

export interface OptionInfo {
  value: string;
  label: string;
  selected: boolean;
}

export function selectOptions(html: string, id: string): OptionInfo[] {
  const match = new RegExp(`<select\\b[^>]*\\bid="${escapeRegExp(id)}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!match) return [];
  return [...match[1]!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map((m) => ({
    value: attribute(`<option${m[1]}>`, 'value') ?? '',
    label: decode(m[2]!).trim(),
    selected: /\sselected=""/.test(m[1]!),
  }));
}

/** The value of the checked radio button of a group, or null. */
export function checkedRadio(html: string, name: string): string | null {
  for (const match of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = match[0];
    if (attribute(tag, 'type') === 'radio' && attribute(tag, 'name') === name && /\schecked=""/.test(tag)) {
      return attribute(tag, 'value');
    }
  }
  return null;
}

export function checkedBoxes(html: string, name: string): string[] {
  return [...html.matchAll(/<input\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => attribute(tag, 'type') === 'checkbox' && attribute(tag, 'name') === name && /\schecked=""/.test(tag))
    .map((tag) => attribute(tag, 'value') ?? '');
}

export function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** The decision ids linked from the rows of the list table, in order. */
export function listedIds(html: string): number[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>[\s\S]*?href="\/decisions\/(\d+)"[\s\S]*?<\/tr>/g)].map((m) => Number(m[1]));
}

// ---------------------------------------------------------------------------------------------
// Requests.

/** The id in a redirect to /decisions/:id/… */
export function idFromLocation(response: Response): number {
  const loc = location(response) ?? '';
  const match = /^\/decisions\/(\d+)\//.exec(loc);
  if (!match) throw new Error(`Not a redirect to a decision: ${response.status} ${loc}`);
  return Number(match[1]);
}

/** Body and department ids by name, read from the <option>s of the new-draft form. */
export async function organisation(client: Client) {
  const res = await client.get('/decisions/new');
  expect(res.status).toBe(200);
  const html = await htmlOf(res);
  const byName = (id: string) =>
    new Map(
      selectOptions(html, id)
        .filter((o) => o.value !== '')
        .map((o) => [o.label, o.value]),
    );
  return { bodies: byName('bodyId'), departments: byName('departmentId') };
}

export type DecisionFields = Record<string, string>;

/** Posts the new-draft form; returns the response. */
export function postDecision(client: Client, fields: DecisionFields) {
  return client.post('/decisions/new', fields);
}

/** Creates a decision through the form and returns its id; fails the test unless it redirects. */
export async function createDecision(client: Client, fields: DecisionFields): Promise<number> {
  const res = await postDecision(client, fields);
  expect(res.status, `create decision: ${res.status}`).toBe(302);
  return idFromLocation(res);
}

export type Answer = '2' | '1' | '0' | '-1' | '-2' | 'not_relevant' | 'knowledge_gap';
export interface AnswerInput {
  answer?: Answer | string;
  rationale?: string;
  mitigation?: string;
}

/** The checklist form's fields, as a browser sends them. */
export function checklistForm(
  version: number | string,
  intent: 'save' | 'submit' | 'routine' | string,
  answers: Partial<Record<string, AnswerInput>>,
  projects: string[] = [],
): URLSearchParams {
  const body = new URLSearchParams();
  body.append('version', String(version));
  for (const key of SCORED_KEYS) {
    const a = answers[key] ?? {};
    if (a.answer !== undefined) body.append(`answers.${key}.answer`, a.answer);
    body.append(`answers.${key}.rationale`, a.rationale ?? '');
    body.append(`answers.${key}.mitigation`, a.mitigation ?? '');
  }
  for (const p of projects) body.append('projects', p);
  body.append('intent', intent);
  return body;
}

/** A complete set of answers that may be submitted. */
export function completeAnswers(values: Answer[]): Record<string, AnswerInput> {
  return Object.fromEntries(
    SCORED_KEYS.map((key, i) => {
      const answer = values[i]!;
      return [
        key,
        {
          answer,
          rationale: answer === 'not_relevant' ? '' : `Perustelu ${key}`,
          mitigation: answer === '-1' || answer === '-2' ? `Lievennys ${key}` : '',
        },
      ];
    }),
  );
}

/** On failure, show the server's output: a crash or an error logged there explains most failures. */
export function showServerLogsOnFailure(server: () => TestServer | undefined) {
  afterEach((context) => {
    if (context.task.result?.state === 'fail') {
      const logs = server()?.logs() ?? '';
      if (logs.trim()) console.error(`--- server output (${context.task.name}) ---\n${logs.slice(-4000)}`);
    }
  });
}

export { Client, location };

// ---------------------------------------------------------------------------------------------
// The workflow: review, decision, history, audit. Added for the workflow suites.

/** Today in Helsinki as yyyy-mm-dd, the way the server's clock sees it. */
export function helsinkiToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** yyyy-mm-dd plus n days. */
export function plusDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** yyyy-mm-dd → d.m.yyyy, as the forms take it. */
export function finnishDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${Number(d)}.${Number(m)}.${y}`;
}

export function versionOf(server: TestServer, decisionId: number): number {
  return Number(dbGet<{ version: number }>(server, 'SELECT version FROM assessments WHERE decision_id = ?', decisionId)!.version);
}

export function statusOf(server: TestServer, decisionId: number): string {
  return String(dbGet<{ status: string }>(server, 'SELECT status FROM assessments WHERE decision_id = ?', decisionId)!.status);
}

/**
 * Every row a workflow step on one decision could write: the decision, its assessment, the
 * answers and projects, the reviews and their comments, the history's snapshots, and the
 * counts of those tables over all decisions (a step must not touch another decision either).
 * The audit log is left out: compare auditCount() separately.
 */
export function fullSnapshot(server: TestServer, decisionId: number) {
  const assessment = dbGet<{ id: number }>(server, 'SELECT * FROM assessments WHERE decision_id = ?', decisionId);
  const aid = assessment?.id ?? -1;
  return {
    decision: dbGet(server, 'SELECT * FROM decisions WHERE id = ?', decisionId),
    assessment,
    answers: dbAll(server, 'SELECT * FROM assessment_answers WHERE assessment_id = ? ORDER BY principle_id', aid),
    projects: dbAll(server, 'SELECT * FROM assessment_projects WHERE assessment_id = ? ORDER BY principle_id', aid),
    reviews: dbAll(server, 'SELECT * FROM reviews WHERE assessment_id = ? ORDER BY id', aid),
    reviewComments: dbAll(
      server,
      'SELECT rc.* FROM review_comments rc JOIN reviews r ON r.id = rc.review_id WHERE r.assessment_id = ? ORDER BY rc.review_id, rc.principle_key',
      aid,
    ),
    snapshots: dbAll(server, 'SELECT * FROM assessment_snapshots WHERE assessment_id = ? ORDER BY id', aid),
    totals: Object.fromEntries(
      ['decisions', 'assessments', 'assessment_answers', 'assessment_projects', 'reviews', 'review_comments', 'assessment_snapshots'].map((t) => [
        t,
        count(server, t),
      ]),
    ),
  };
}

export function auditCount(server: TestServer): number {
  return count(server, 'audit_log');
}

export interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  action: string;
  entity_type: string;
  entity_id: number | null;
  details: string;
  outcome: string;
}

/** The audit rows written after the row with id `afterId`, oldest first. */
export function auditSince(server: TestServer, afterId: number): AuditRow[] {
  return dbAll<AuditRow>(server, 'SELECT * FROM audit_log WHERE id > ? ORDER BY id', afterId);
}

export function lastAuditId(server: TestServer): number {
  return Number(dbGet<{ id: number | null }>(server, 'SELECT MAX(id) AS id FROM audit_log')!.id ?? 0);
}

/** The fields of a valid new-draft (or edit) form; ids by name from organisation(). */
export function draftFields(
  org: { bodies: Map<string, string>; departments: Map<string, string> },
  overrides: Partial<Record<'title' | 'caseNumber' | 'body' | 'department' | 'meetingDate' | 'description' | 'confidential', string>> = {},
): DecisionFields {
  const fields: DecisionFields = {
    title: overrides.title ?? 'Työnkulun testiesitys',
    caseNumber: overrides.caseNumber ?? '',
    bodyId: org.bodies.get(overrides.body ?? 'Sivistyslautakunta')!,
    departmentId: org.departments.get(overrides.department ?? 'Sivistystoimi')!,
    meetingDate: overrides.meetingDate ?? '17.12.2026',
    description: overrides.description ?? 'Esitys työnkulun testiä varten.',
  };
  if (overrides.confidential) fields.confidential = overrides.confidential;
  return fields;
}

export const checklistUrl = (id: number) => `/decisions/${id}/checklist`;

/** Submits a complete checklist from the current version; fails the test unless it redirects. */
export async function submitComplete(
  server: TestServer,
  client: Client,
  id: number,
  values: Answer[] = ['2', '1', '0', '-1', 'not_relevant', 'knowledge_gap', '1'],
  projects: string[] = [],
) {
  const res = await client.post(checklistUrl(id), checklistForm(versionOf(server, id), 'submit', completeAnswers(values), projects));
  expect(res.status, `submit ${id}`).toBe(302);
  return res;
}

/** A manager's review form. */
export function reviewForm(
  intent: 'approve' | 'return' | string,
  version: number | string,
  comment = '',
  principleComments: Record<string, string> = {},
): Record<string, string> {
  const form: Record<string, string> = { version: String(version), comment, intent };
  for (const [key, text] of Object.entries(principleComments)) form[`principleComments.${key}`] = text;
  return form;
}

export function postReview(server: TestServer, client: Client, id: number, intent: string, comment = '', principleComments: Record<string, string> = {}) {
  return client.post(`/decisions/${id}/review`, reviewForm(intent, versionOf(server, id), comment, principleComments));
}

/** The form that records the body's decision. */
export function decisionForm(version: number | string, outcome = 'approved', minutesSection = '45', meetingDate = '17.12.2026') {
  return { version: String(version), outcome, minutesSection, meetingDate };
}

export function postDecisionRecord(server: TestServer, client: Client, id: number, outcome = 'approved', minutesSection = '45', meetingDate = '17.12.2026') {
  return client.post(`/decisions/${id}/decision`, decisionForm(versionOf(server, id), outcome, minutesSection, meetingDate));
}

export type WorkflowStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'decided';

/**
 * A new draft by `author`, driven through the real endpoints to `status`: submitted by its
 * author, returned or approved by `manager`, decided by its author.
 */
export async function draftIn(server: TestServer, status: WorkflowStatus, author: Client, manager: Client, fields: DecisionFields): Promise<number> {
  const id = await createDecision(author, fields);
  if (status === 'draft') return id;
  await submitComplete(server, author, id);
  if (status === 'submitted') return id;
  if (status === 'returned') {
    const res = await postReview(server, manager, id, 'return', 'Korjaa perustelut.');
    expect(res.status, `return ${id}`).toBe(302);
    return id;
  }
  const approved = await postReview(server, manager, id, 'approve');
  expect(approved.status, `approve ${id}`).toBe(302);
  if (status === 'approved') return id;
  const decided = await postDecisionRecord(server, author, id);
  expect(decided.status, `decide ${id}`).toBe(302);
  expect(statusOf(server, id)).toBe('decided');
  return id;
}

/**
 * Creates a user with the project's own command-line tool (npm run user:create) in the test
 * server's database: the demo data has no one who is both an official and a manager.
 * The password is `${username}-demo`, as for the demo users, so that Client.login works.
 */
export function createUserWithCli(server: TestServer, username: string, args: string[]) {
  const root = path.resolve(import.meta.dirname, '..', '..');
  return execFileSync(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    ['scripts/user-create.ts', '--username', username, '--password', `${username}-demo`, ...args],
    { cwd: root, env: { ...process.env, DATABASE_URL: server.databaseUrl }, encoding: 'utf8' },
  );
}

/** The value of a cookie the client holds (read from its private jar: the tests need the session token). */
export function cookieOf(client: Client, name: string): string | undefined {
  return (client as unknown as { cookies: Map<string, string> }).cookies.get(name);
}

/** The rows of the first <tbody> after `marker` (or the first on the page): each row's cells as visible text, and its raw HTML. */
export function tableRows(html: string, marker?: string): Array<{ cells: string[]; html: string }> {
  const page = withoutScripts(html);
  const start = marker ? page.indexOf(marker) : 0;
  if (start < 0) return [];
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page.slice(start))?.[1] ?? '';
  return [...body.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({
    html: m[0],
    cells: [...m[1]!.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => visibleText(c[1]!)),
  }));
}

/** Every decision id listed by a paged list (follows ?page=N until the last page). */
export async function allListedIds(client: Client, path: string): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; page < 1000; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await client.get(`${path}${sep}page=${page}`);
    expect(res.status, `${path} page ${page}`).toBe(200);
    const html = await htmlOf(res);
    ids.push(...listedIds(html));
    if (!/rel="next"/.test(html)) break;
  }
  return ids;
}
