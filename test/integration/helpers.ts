/**
 * Small helpers for the integration tests: reading the server's SQLite file (read-only),
 * picking values out of the server-rendered HTML, and the few requests every suite repeats.
 * Expected values are never computed with the app's own code: only with what is here.
 */
import Database from 'better-sqlite3';
import { afterEach, expect } from 'vitest';
import { Client, location } from '../support/client';
import type { TestServer } from '../support/server';

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
  invalidCaseNumber:
    'Diaarinumerossa voi olla kirjaimia, numeroita, välilyöntejä ja merkit / . : - _ (esimerkiksi VES/123/2019).',
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
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
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
  const byName = (id: string) => new Map(selectOptions(html, id).filter((o) => o.value !== '').map((o) => [o.label, o.value]));
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
