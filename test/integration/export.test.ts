/**
 * The data (CSV, .xlsx) and the report (.docx) leave the app. Against a real
 * server: who may download (the group all, a manager their own departments, an official
 * nothing), what the files hold compared with this file's own SQL on the server's database
 * (approved and decided proposals whose meeting is in the period), that confidential decisions
 * are counted but never named, that formulas are neutralised while scores stay numbers, and
 * one audit row per export.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse as parseCsvStrict } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths';
import { type TestServer, startServer } from '../support/server';
import { openTestDb } from '../support/test-db';
import { unzip } from '../support/zip';
import {
  Client,
  type Answer,
  type AuditRow,
  PROJECT_KEYS,
  SCORED,
  auditSince,
  checklistForm,
  checklistUrl,
  createDecision,
  dbAll,
  dbGet,
  decode,
  draftFields,
  lastAuditId,
  organisation,
  postDecisionRecord,
  postReview,
  showServerLogsOnFailure,
  userId,
  visibleText,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
const clients: Record<string, Client> = {};

/** December 2026: the demo data has only drafts and submitted items there, so the counted rows are this file's. */
const DEC = { from: '2026-12-01', to: '2026-12-31' };
/** The last full evaluation period of the demo data (the test base is made "today" 26.11.2026). */
const YEAR = { from: '2025-09-01', to: '2026-08-31' };
const query = (p: { from: string; to: string }) => `from=${p.from}&to=${p.to}`;

const FORMULA_TITLE = '=SUM(1); "lainaus" ja puolipiste';
const SECRET = 'Salainen yrityskauppa Kx9';
const SECRET_TEXT = 'Salainen perustelu Kx9';
const ROUND_ANSWER = 'Ryhmän yhteinen vastaus: kyläkoulut ja lähipalvelut Qz7';
const ROUND_SUMMARY = 'Yhteenveto: strategia toteutuu Qz7';
const ROUND_PROPOSALS = 'Täsmennystarve: avoimuus periaatteeksi Qz7';
const ROUND_BOARD = 'Kunnanhallitus yhtyy arvioon Qz7';

async function make(options: {
  title: string;
  caseNumber: string;
  to: 'submitted' | 'approved' | 'decided';
  values: Answer[];
  meetingDate: string;
  department?: string;
  body?: string;
  author?: string;
  confidential?: boolean;
  projects?: string[];
  text?: string;
}) {
  const author = clients[options.author ?? 'valmistelija']!;
  const department = options.department ?? 'Sivistystoimi';
  const manager = ['Sivistystoimi', 'Yleishallinto'].includes(department) ? clients.esimies! : clients.johtaja!;
  const id = await createDecision(
    author,
    draftFields(org, {
      title: options.title,
      caseNumber: options.caseNumber,
      meetingDate: options.meetingDate,
      department,
      body: options.body,
      ...(options.confidential ? { confidential: 'on' } : {}),
    }),
  );
  const answers = Object.fromEntries(
    SCORED.map((p, i) => {
      const answer = options.values[i]!;
      const text = options.text ?? `Perustelu ${p.key}`;
      return [p.key, { answer, rationale: answer === 'not_relevant' ? '' : text, mitigation: answer === '-1' || answer === '-2' ? text : '' }];
    }),
  );
  expect((await author.post(checklistUrl(id), checklistForm(1, 'submit', answers, options.projects ?? []))).status).toBe(302);
  if (options.to !== 'submitted') {
    const version = Number(dbGet<{ version: number }>(server, 'SELECT version FROM assessments WHERE decision_id = ?', id)!.version);
    expect((await manager.post(`/decisions/${id}/review`, { version: String(version), comment: '', intent: 'approve' })).status).toBe(302);
  }
  if (options.to === 'decided') expect((await postDecisionRecord(server, author, id, 'approved', '45', options.meetingDate)).status).toBe(302);
  return id;
}

beforeAll(async () => {
  server = await startServer();
  for (const username of ['valmistelija', 'tekninen', 'esimies', 'johtaja', 'elinvoima']) clients[username] = await new Client(server.url).login(username);
  org = await organisation(clients.valmistelija!);
  await make({
    title: FORMULA_TITLE,
    caseNumber: 'EXP/1/2026',
    to: 'decided',
    values: ['-1', '-2', '0', '1', '2', 'not_relevant', 'knowledge_gap'],
    meetingDate: '10.12.2026',
    projects: ['viestinta', 'markkinointi'],
  });
  await make({
    title: '+1 ja @x alkavat otsikot',
    caseNumber: 'EXP/2/2026',
    to: 'approved',
    values: ['2', '2', '1', '0', '-1', '-2', '1'],
    meetingDate: '11.12.2026',
    department: 'Yleishallinto',
    body: 'Kunnanhallitus',
  });
  await make({
    title: SECRET,
    caseNumber: 'EXP/3/2026',
    to: 'approved',
    values: ['-2', '1', '1', 'not_relevant', '0', '2', '-1'],
    meetingDate: '12.12.2026',
    department: 'Tekninen toimi',
    body: 'Tekninen lautakunta',
    author: 'tekninen',
    confidential: true,
    text: SECRET_TEXT,
  });
  // Submitted only: not counted, so in no file.
  await make({ title: '@ei mukana', caseNumber: 'EXP/4/2026', to: 'submitted', values: ['1', '1', '1', '1', '1', '1', '1'], meetingDate: '13.12.2026' });

  // The group's round for the demo period. Its pages are being built beside this work, so the
  // round is written here as the round model stores it (evaluation_rounds, round_answers).
  const db = openTestDb(server);
  try {
    const now = new Date().toISOString();
    const round = db
      .prepare(
        `INSERT INTO evaluation_rounds (period_from, period_to, status, survey_open, summary, proposals, sent_on, board_comments, presented_on, version, created_at, updated_at)
         VALUES (?, ?, 'sent', FALSE, ?, ?, '2026-08-12', ?, NULL, 3, ?, ?) RETURNING id`,
      )
      .get<{ id: number }>(YEAR.from, YEAR.to, ROUND_SUMMARY, ROUND_PROPOSALS, ROUND_BOARD, now, now)!;
    db.prepare('INSERT INTO round_answers (round_id, question_key, text, version, updated_at) VALUES (?, ?, ?, 1, ?)').run(
      round.id,
      'pienuus:1',
      ROUND_ANSWER,
      now,
    );
  } finally {
    db.close();
  }
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

// ---------------------------------------------------------------------------------------------
// Reading the files, without the app's code.

/** Semicolon-separated fields, quotes doubled inside quoted fields, CRLF between records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The texts of a WordprocessingML part, in order, entities decoded. */
function wordTexts(xml: string): string[] {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) =>
    m[1]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

const finnish = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}.${Number(m)}.${y}`;
};

/** A mean as the report writes it: two decimals, a comma, a sign (a real minus sign). */
function meanText(mean: number | null): string {
  if (mean === null) return '–';
  const abs = Math.abs(mean).toFixed(2).replace('.', ',');
  if (abs === '0,00') return '0,00';
  return `${mean > 0 ? '+' : '\u2212'}${abs}`;
}

// ---------------------------------------------------------------------------------------------
// The expected rows, from the database.

interface Expected {
  assessment_id: number;
  case_number: string | null;
  title: string;
  confidential: number;
  meeting_date: string;
  status: string;
  department: string;
  body: string;
  minutes_section: string | null;
}

function expectedRows(period: { from: string; to: string }, departments: string[] | null): Expected[] {
  return dbAll<Expected>(
    server,
    `SELECT a.id AS assessment_id, d.case_number, d.title, d.confidential, d.meeting_date, a.status, dep.name AS department, b.name AS body, d.minutes_section
       FROM assessments a
       JOIN decisions d ON d.id = a.decision_id
       JOIN departments dep ON dep.id = d.department_id
       JOIN bodies b ON b.id = d.body_id
      WHERE a.is_proposal AND a.status IN ('approved', 'decided') AND d.meeting_date BETWEEN ? AND ?
      ORDER BY d.meeting_date, a.id`,
    period.from,
    period.to,
  ).filter((r) => departments === null || departments.includes(r.department));
}

/** The cell a principle's answer should have: the score, or the words of the two other answers. */
function answerCells(assessmentId: number): Record<string, string> {
  const rows = dbAll<{ key: string; answer_kind: string | null; score: number | null }>(
    server,
    `SELECT p.key, aa.answer_kind, aa.score FROM assessment_answers aa JOIN principles p ON p.id = aa.principle_id WHERE aa.assessment_id = ?`,
    assessmentId,
  );
  return Object.fromEntries(
    rows.map((r) => [
      r.key,
      r.answer_kind === 'scored' ? String(r.score) : r.answer_kind === 'not_relevant' ? 'ei liity' : r.answer_kind === 'knowledge_gap' ? 'tieto puuttuu' : '',
    ]),
  );
}

function isRoutine(assessmentId: number): boolean {
  const kinds = dbAll<{ answer_kind: string | null }>(server, 'SELECT answer_kind FROM assessment_answers WHERE assessment_id = ?', assessmentId);
  return kinds.length > 0 && kinds.every((k) => k.answer_kind === 'not_relevant');
}

function ledDepartments(username: string): string[] {
  return dbAll<{ name: string }>(
    server,
    `SELECT dep.name FROM user_departments ud JOIN departments dep ON dep.id = ud.department_id WHERE ud.user_id = ? AND ud.relation = 'lead'`,
    userId(server, username),
  ).map((r) => r.name);
}

function municipality(): string {
  return dbGet<{ value: string }>(server, "SELECT value FROM settings WHERE key = 'municipality_name'")!.value;
}

const COLUMNS = ['Diaarinumero', 'Otsikko', 'Toimielin', 'Hallintokunta', 'Kokouspäivä', 'Tila', 'Päätös', 'Pykälä (§)', 'Luottamuksellinen', 'Rutiiniasia'];

async function download(client: Client, format: 'csv' | 'xlsx' | 'docx', period: { from: string; to: string }) {
  const before = lastAuditId(server);
  const res = await client.get(`/report.${format}?${query(period)}`);
  expect(res.status, `${format}: ${res.status}`).toBe(200);
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="linssi-arviointi-${period.from}-${period.to}.${format}"`);
  // server.js sets no-store on every page and the route sets it too: the header may repeat it, never weaken it.
  expect(
    new Set(
      res.headers
        .get('cache-control')!
        .split(',')
        .map((d) => d.trim()),
    ),
  ).toEqual(new Set(['no-store']));
  const body = Buffer.from(await res.arrayBuffer());
  return { res, body, audit: auditSince(server, before) };
}

function expectOneExportAudit(audit: AuditRow[], username: string, format: string, period: { from: string; to: string }) {
  const exports = audit.filter((a) => a.action === 'report.export');
  expect(exports).toHaveLength(1);
  expect(exports[0]!.user_id).toBe(userId(server, username));
  expect(JSON.parse(exports[0]!.details)).toEqual({ format, from: period.from, to: period.to });
  expect(exports[0]!.outcome).toBe('success');
}

function checkCsvAgainstDatabase(records: string[][], expected: Expected[]) {
  const [header, ...rows] = records;
  expect(header!.slice(0, COLUMNS.length)).toEqual(COLUMNS);
  expect(header!.slice(COLUMNS.length, COLUMNS.length + SCORED.length)).toEqual(SCORED.map((p) => p.title));
  expect(header![header!.length - 1]).toBe('Strategiaprojektit');
  expect(rows).toHaveLength(expected.length);
  rows.forEach((row, i) => {
    const e = expected[i]!;
    const label = `row ${i + 1} (${e.case_number})`;
    expect(row, label).toHaveLength(COLUMNS.length + SCORED.length + 1);
    // A confidential decision is counted, never named: no case number, no title, no § (disclose()).
    expect(row[0], label).toBe(e.confidential ? '' : (e.case_number ?? ''));
    if (e.confidential) expect(row[1], label).toBe('');
    else expect(row[1]!.replace(/^'/, ''), label).toBe(e.title);
    expect(row[2], label).toBe(e.body);
    expect(row[3], label).toBe(e.department);
    expect(row[4], label).toBe(finnish(e.meeting_date));
    expect(row[5], label).toBe(e.status === 'decided' ? 'Päätetty' : 'Hyväksytty');
    expect(row[7], label).toBe(e.confidential ? '' : (e.minutes_section ?? ''));
    expect(row[8], label).toBe(e.confidential ? 'kyllä' : 'ei');
    expect(row[9], label).toBe(isRoutine(e.assessment_id) ? 'kyllä' : 'ei');
    const answers = answerCells(e.assessment_id);
    expect(row.slice(COLUMNS.length, COLUMNS.length + SCORED.length), label).toEqual(SCORED.map((p) => answers[p.key] ?? ''));
    const projects = dbAll<{ key: string }>(
      server,
      'SELECT p.key FROM assessment_projects ap JOIN principles p ON p.id = ap.principle_id WHERE ap.assessment_id = ?',
      e.assessment_id,
    ).map((r) => r.key);
    expect(row[row.length - 1], label).toBe(PROJECT_KEYS.filter((k) => projects.includes(k)).join(' '));
  });
}

// ---------------------------------------------------------------------------------------------

describe('CSV', () => {
  it('for the group: BOM, semicolons, CRLF, every counted assessment of the period, formulas neutralised and scores as numbers', async () => {
    const { res, body, audit } = await download(clients.elinvoima!, 'csv', DEC);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\r/);
    const records = parseCsv(text);
    const expected = expectedRows(DEC, null);
    expect(expected.map((e) => e.case_number)).toEqual(['EXP/1/2026', 'EXP/2/2026', 'EXP/3/2026']);
    checkCsvAgainstDatabase(records, expected);

    // The formula title is quoted (it has ; and ") and neutralised; the scores −1 and −2 stay bare
    // numbers; the projects in the strategy's order (PROJECT_KEYS), whatever order they were ticked in.
    const raw = text.split('\r\n');
    expect(raw[1]).toBe(
      `EXP/1/2026;"'=SUM(1); ""lainaus"" ja puolipiste";Sivistyslautakunta;Sivistystoimi;10.12.2026;Päätetty;Hyväksytty;45;ei;ei;-1;-2;0;1;2;ei liity;tieto puuttuu;markkinointi viestinta`,
    );
    expect(records[2]![1]).toBe("'+1 ja @x alkavat otsikot");
    expect(records[2]!.slice(10, 17)).toEqual(['2', '2', '1', '0', '-1', '-2', '1']);
    // The confidential one is counted, without its case number, title or texts.
    expect(records[3]!.slice(0, 2)).toEqual(['', '']);
    expect(records[3]![8]).toBe('kyllä');
    expect(text).not.toContain('EXP/3/2026');
    expect(text).not.toContain('Kx9');
    expect(text).not.toContain('@ei mukana');
    expectOneExportAudit(audit, 'elinvoima', 'csv', DEC);
  });

  it('for the group over the demo period: row count and answers match the database', async () => {
    const { body } = await download(clients.elinvoima!, 'csv', YEAR);
    const records = parseCsv(body.toString('utf8').slice(1));
    const expected = expectedRows(YEAR, null);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.some((e) => e.confidential)).toBe(true);
    expect(expected.some((e) => isRoutine(e.assessment_id))).toBe(true);
    checkCsvAgainstDatabase(records, expected);
    for (const e of expected.filter((x) => x.confidential)) expect(body.toString('utf8')).not.toContain(e.title);
  });

  it('for a manager: only the departments they lead', async () => {
    const led = ledDepartments('esimies');
    expect(led.sort()).toEqual(['Sivistystoimi', 'Yleishallinto']);
    const { body, audit } = await download(clients.esimies!, 'csv', DEC);
    const records = parseCsv(body.toString('utf8').slice(1));
    const expected = expectedRows(DEC, led);
    expect(expected.map((e) => e.case_number)).toEqual(['EXP/1/2026', 'EXP/2/2026']);
    checkCsvAgainstDatabase(records, expected);
    expectOneExportAudit(audit, 'esimies', 'csv', DEC);

    const year = parseCsv((await download(clients.esimies!, 'csv', YEAR)).body.toString('utf8').slice(1));
    const yearExpected = expectedRows(YEAR, led);
    expect(yearExpected.length).toBeLessThan(expectedRows(YEAR, null).length);
    checkCsvAgainstDatabase(year, yearExpected);
  });
});

describe('xlsx', () => {
  it('holds the rows (numbers as numbers, text neutralised, header frozen) and the numbers per principle', async () => {
    const { res, body, audit } = await download(clients.elinvoima!, 'xlsx', DEC);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const [sheet, stats] = workbook.worksheets;
    expect(sheet!.name).toBe('Arvioinnit');
    expect(sheet!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const expected = expectedRows(DEC, null);
    expect(sheet!.rowCount).toBe(1 + expected.length);
    expect(sheet!.getRow(1).getCell(1).value).toBe('Diaarinumero');
    expect(sheet!.getRow(1).getCell(11).value).toBe(SCORED[0].title);
    const first = sheet!.getRow(2);
    expect(first.getCell(1).value).toBe('EXP/1/2026');
    expect(first.getCell(2).value).toBe(`'${FORMULA_TITLE}`);
    expect(first.getCell(5).value).toEqual(new Date(Date.UTC(2026, 11, 10)));
    const answers = answerCells(expected[0]!.assessment_id);
    SCORED.forEach((p, i) => {
      const cell = first.getCell(11 + i).value;
      const want = answers[p.key]!;
      if (/^-?\d$/.test(want)) expect(cell, p.key).toBe(Number(want));
      else expect(cell, p.key).toBe(want);
    });
    expect(first.getCell(11).value).toBe(-1);
    expect(first.getCell(12).value).toBe(-2);
    expect(sheet!.getRow(4).getCell(1).value ?? '').toBe('');
    expect(sheet!.getRow(4).getCell(2).value ?? '').toBe('');
    expect(sheet!.getRow(4).getCell(9).value).toBe('kyllä');

    // The numbers per principle, computed here from the rows.
    expect(stats!.name).toBe('Luvut periaatteittain');
    const answerRows = dbAll<{ key: string; answer_kind: string; score: number | null }>(
      server,
      `SELECT p.key, aa.answer_kind, aa.score FROM assessment_answers aa
         JOIN assessments a ON a.id = aa.assessment_id JOIN decisions d ON d.id = a.decision_id JOIN principles p ON p.id = aa.principle_id
        WHERE a.is_proposal AND a.status IN ('approved', 'decided') AND d.meeting_date BETWEEN ? AND ?`,
      DEC.from,
      DEC.to,
    );
    SCORED.forEach((p, i) => {
      const row = stats!.getRow(2 + i);
      const scores = answerRows.filter((r) => r.key === p.key && r.answer_kind === 'scored').map((r) => Number(r.score));
      expect(row.getCell(1).value).toBe(p.title);
      expect(row.getCell(2).value).toBe(p.key);
      expect(row.getCell(4).value, p.key).toBe(scores.length);
      expect(row.getCell(5).value as number, p.key).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 9);
      expect(
        [6, 7, 8, 9, 10].map((c) => row.getCell(c).value),
        p.key,
      ).toEqual([-2, -1, 0, 1, 2].map((s) => scores.filter((x) => x === s).length));
      expect(row.getCell(11).value, p.key).toBe(answerRows.filter((r) => r.key === p.key && r.answer_kind === 'not_relevant').length);
      expect(row.getCell(12).value, p.key).toBe(answerRows.filter((r) => r.key === p.key && r.answer_kind === 'knowledge_gap').length);
    });
    const strings = [...unzip(body)].map(([, data]) => data.toString('utf8')).join('');
    expect(strings).not.toContain('Kx9');
    expect(strings).not.toContain('EXP/3/2026');
    expectOneExportAudit(audit, 'elinvoima', 'xlsx', DEC);
  });
});

describe('docx', () => {
  it('for the group: the municipality and period, the numbers per principle, the round texts; confidential decisions never named', async () => {
    const { res, body, audit } = await download(clients.elinvoima!, 'docx', YEAR);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const files = unzip(body);
    const xml = files.get('word/document.xml')!.toString('utf8');
    const texts = wordTexts(xml);
    const all = texts.join('\n');
    const period = `${finnish(YEAR.from)}–${finnish(YEAR.to)}`;
    expect(all).toContain(municipality());
    expect(all).toContain(period);
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    const header = [...files]
      .filter(([name]) => /^word\/header\d*\.xml$/.test(name))
      .map(([, d]) => wordTexts(d.toString('utf8')).join(''))
      .join('');
    expect(header).toContain(municipality());
    expect(header).toContain(period);

    // The first row of the principles table: title, n, mean, change, −2…+2, ei liity, tieto puuttuu.
    const rows = dbAll<{ key: string; answer_kind: string; score: number | null }>(
      server,
      `SELECT p.key, aa.answer_kind, aa.score FROM assessment_answers aa
         JOIN assessments a ON a.id = aa.assessment_id JOIN decisions d ON d.id = a.decision_id JOIN principles p ON p.id = aa.principle_id
        WHERE a.is_proposal AND a.status IN ('approved', 'decided') AND d.meeting_date BETWEEN ? AND ?`,
      YEAR.from,
      YEAR.to,
    );
    for (const p of SCORED) {
      const at = texts.indexOf(p.title);
      expect(at, p.title).toBeGreaterThan(0);
      const scores = rows.filter((r) => r.key === p.key && r.answer_kind === 'scored').map((r) => Number(r.score));
      const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
      expect(texts[at + 1], p.key).toBe(String(scores.length));
      expect(texts[at + 2], p.key).toBe(meanText(mean));
      expect(texts.slice(at + 4, at + 9), p.key).toEqual([-2, -1, 0, 1, 2].map((s) => String(scores.filter((x) => x === s).length)));
      expect(texts[at + 9], p.key).toBe(String(rows.filter((r) => r.key === p.key && r.answer_kind === 'not_relevant').length));
      expect(texts[at + 10], p.key).toBe(String(rows.filter((r) => r.key === p.key && r.answer_kind === 'knowledge_gap').length));
    }

    // The group's round: the question, its answer, the summary, proposals and the board's comments.
    const question = dbGet<{ evaluation_questions: string }>(
      server,
      `SELECT dm.evaluation_questions FROM dimensions dm JOIN principles p ON p.dimension_id = dm.id WHERE p.key = 'pienuus' LIMIT 1`,
    )!;
    expect(all).toContain((JSON.parse(question.evaluation_questions) as string[])[0]);
    for (const text of [ROUND_ANSWER, ROUND_SUMMARY, ROUND_PROPOSALS, ROUND_BOARD]) expect(all).toContain(text);

    // Confidential decisions of the period are counted but never named, their texts never shown.
    const secrets = expectedRows(YEAR, null).filter((e) => e.confidential);
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) expect(all).not.toContain(s.title);
    expect(all).toContain('Luottamuksellinen asia (ei nimetä)');
    expectOneExportAudit(audit, 'elinvoima', 'docx', YEAR);
  });

  it('for the December window, the confidential decision of this file is not named', async () => {
    const { body } = await download(clients.elinvoima!, 'docx', DEC);
    const files = unzip(body);
    const everything = [...files].map(([, d]) => d.toString('utf8')).join('\n');
    expect(everything).not.toContain('Kx9');
    expect(wordTexts(files.get('word/document.xml')!.toString('utf8')).join('\n')).toContain('1.12.2026–31.12.2026');
  });

  it('for a manager: the numbers of their departments only, and the group’s words', async () => {
    const led = ledDepartments('esimies');
    const { body, audit } = await download(clients.esimies!, 'docx', YEAR);
    const texts = wordTexts(unzip(body).get('word/document.xml')!.toString('utf8'));
    const all = texts.join('\n');
    expect(all).toContain(municipality());
    const rows = dbAll<{ key: string; answer_kind: string; department: string }>(
      server,
      `SELECT p.key, aa.answer_kind, dep.name AS department FROM assessment_answers aa
         JOIN assessments a ON a.id = aa.assessment_id JOIN decisions d ON d.id = a.decision_id
         JOIN departments dep ON dep.id = d.department_id JOIN principles p ON p.id = aa.principle_id
        WHERE a.is_proposal AND a.status IN ('approved', 'decided') AND d.meeting_date BETWEEN ? AND ?`,
      YEAR.from,
      YEAR.to,
    );
    for (const p of SCORED) {
      const own = rows.filter((r) => r.key === p.key && r.answer_kind === 'scored' && led.includes(r.department)).length;
      const everyone = rows.filter((r) => r.key === p.key && r.answer_kind === 'scored').length;
      expect(own, p.key).toBeLessThan(everyone);
      expect(texts[texts.indexOf(p.title) + 1], p.key).toBe(String(own));
    }
    expect(all).toContain(ROUND_SUMMARY);
    for (const s of expectedRows(YEAR, null).filter((e) => e.confidential)) expect(all).not.toContain(s.title);
    expectOneExportAudit(audit, 'esimies', 'docx', YEAR);
  });
});

describe('access', () => {
  it('an official gets 403 for every format, and nothing is audited as an export', async () => {
    for (const format of ['csv', 'xlsx', 'docx']) {
      const before = lastAuditId(server);
      const res = await clients.valmistelija!.get(`/report.${format}?${query(YEAR)}`);
      expect(res.status, format).toBe(403);
      expect(res.headers.get('content-disposition'), format).toBeNull();
      expect(
        auditSince(server, before).filter((a) => a.action === 'report.export'),
        format,
      ).toEqual([]);
    }
  });

  it('without a session the files send to the login page', async () => {
    for (const format of ['csv', 'xlsx', 'docx']) {
      const res = await new Client(server.url).get(`/report.${format}?${query(YEAR)}`);
      expect(res.status, format).toBe(302);
      expect(res.headers.get('location'), format).toMatch(/^\/login\?/);
    }
  });

  it('the report page links to the three files for its period', async () => {
    const res = await clients.elinvoima!.get(`/report?${query(YEAR)}`);
    const html = (await res.text()).replace(/<!-- -->/g, '');
    for (const [format, label] of [
      ['csv', 'Lataa CSV'],
      ['xlsx', 'Lataa Excel (.xlsx)'],
      ['docx', 'Lataa Word (.docx)'],
    ] as const) {
      expect(html).toMatch(new RegExp(`<a href="/report\\.${format}\\?from=${YEAR.from}&amp;to=${YEAR.to}"[^>]*>${label.replace(/[.()]/g, '\\$&')}</a>`));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The files leave the app, and the report promises that a confidential item
// is never named. A confidential decision whose every text an official could write is marked
// (its title, case number, description, § of the minutes, the preparer, the rationales, the
// mitigations, what is missing, the reviewer's comments) is decided in a window of its own;
// every way the report leaves the app — CSV, .xlsx, .docx, JSON, the printed page, the overview
// and `npm run report` — is read back with a real reader, for the group, an admin and the
// manager who reviewed it, and must hold none of those texts while still counting the decision
// (the counts compared with this file's own SQL).

/** February 2027: the demo data has nothing counted there, so the window holds only the two decisions below. */
const FEB = { from: '2027-02-01', to: '2027-02-28' };
const HIDDEN = {
  title: 'SALAINEN-OTSIKKO-123',
  caseNumber: 'DNRO-SALAINEN-9/2026',
  description: 'SALAINEN-KUVAUS-456',
  rationale: 'SALAINEN-PERUSTELU',
  mitigation: 'SALAINEN-LIEVENNYS',
  knowledgeGap: 'SALAINEN-PUUTTUU',
  reviewComment: 'SALAINEN-KOMMENTTI-789',
  principleComment: 'SALAINEN-PERIAATEKOMMENTTI',
  preparer: 'SALAINEN-VALMISTELIJA',
  section: '8317Q',
};
/** −2, +2, a knowledge gap, +1, −1, 0, +2: every kind of answer that carries a text. */
const HIDDEN_VALUES: Answer[] = ['-2', '2', 'knowledge_gap', '1', '-1', '0', '2'];

describe('a confidential decision in every file and page: counted, never named', () => {
  let hiddenId = 0;
  const readers: Record<'group' | 'admin' | 'manager', { client: () => Client; username: string; departments: () => string[] | null }> = {
    group: { client: () => clients.elinvoima!, username: 'elinvoima', departments: () => null },
    admin: { client: () => clients.paakayttaja!, username: 'paakayttaja', departments: () => null },
    // The manager who reviewed it saw the draft, and still the report does not name it.
    manager: { client: () => clients.johtaja!, username: 'johtaja', departments: () => ledDepartments('johtaja') },
  };

  beforeAll(async () => {
    clients.paakayttaja = await new Client(server.url).login('paakayttaja');
    // A public decision beside it, so that a file that dropped the confidential row would still have rows.
    await make({
      title: 'Julkinen helmikuun esitys',
      caseNumber: 'EXP/5/2026',
      to: 'decided',
      values: ['1', '0', '1', '1', '0', '2', '1'],
      meetingDate: '3.2.2027',
    });

    const author = clients.tekninen!;
    hiddenId = await createDecision(
      author,
      draftFields(org, {
        title: HIDDEN.title,
        caseNumber: HIDDEN.caseNumber,
        description: `${HIDDEN.description}: yrityksen talous ja henkilöt`,
        meetingDate: '15.2.2027',
        department: 'Tekninen toimi',
        body: 'Tekninen lautakunta',
        confidential: 'on',
      }),
    );
    const answers = Object.fromEntries(
      SCORED.map((p, i) => {
        const answer = HIDDEN_VALUES[i]!;
        const rationale = answer === 'knowledge_gap' ? `${HIDDEN.knowledgeGap}-${p.key}` : `${HIDDEN.rationale}-${p.key}`;
        return [p.key, { answer, rationale, mitigation: answer === '-1' || answer === '-2' ? `${HIDDEN.mitigation}-${p.key}` : '' }];
      }),
    );
    expect((await author.post(checklistUrl(hiddenId), checklistForm(1, 'submit', answers, ['konseptointi', 'viestinta']))).status).toBe(302);
    const reviewed = await postReview(server, clients.johtaja!, hiddenId, 'approve', HIDDEN.reviewComment, { [SCORED[0].key]: HIDDEN.principleComment });
    expect(reviewed.status).toBe(302);
    expect((await postDecisionRecord(server, author, hiddenId, 'approved', HIDDEN.section, '15.2.2027')).status).toBe(302);
    // The preparer's name comes only from an import; written here as the import stores it.
    const db = openTestDb(server);
    try {
      db.run('UPDATE decisions SET preparer = ? WHERE id = ?', HIDDEN.preparer, hiddenId);
    } finally {
      db.close();
    }
    // The texts are really there, so that their absence below means something.
    const stored = dbGet<{
      title: string;
      case_number: string;
      description: string;
      minutes_section: string;
      preparer: string;
      status: string;
      confidential: unknown;
    }>(
      server,
      `SELECT d.title, d.case_number, d.description, d.minutes_section, d.preparer, d.confidential, a.status
         FROM decisions d JOIN assessments a ON a.decision_id = d.id AND a.is_proposal WHERE d.id = ?`,
      hiddenId,
    )!;
    expect(stored).toMatchObject({
      title: HIDDEN.title,
      case_number: HIDDEN.caseNumber,
      minutes_section: HIDDEN.section,
      preparer: HIDDEN.preparer,
      status: 'decided',
    });
    expect(Boolean(stored.confidential)).toBe(true);
    expect(stored.description).toContain(HIDDEN.description);
    const texts = dbAll<{ rationale: string | null; mitigation: string | null }>(
      server,
      'SELECT aa.rationale, aa.mitigation FROM assessment_answers aa JOIN assessments a ON a.id = aa.assessment_id WHERE a.decision_id = ?',
      hiddenId,
    );
    expect(texts.filter((t) => t.rationale?.startsWith(HIDDEN.rationale))).toHaveLength(6);
    expect(texts.filter((t) => t.rationale?.startsWith(HIDDEN.knowledgeGap))).toHaveLength(1);
    expect(texts.filter((t) => t.mitigation?.startsWith(HIDDEN.mitigation))).toHaveLength(2);
    expect(
      dbAll(
        server,
        `SELECT r.comment FROM reviews r JOIN assessments a ON a.id = r.assessment_id WHERE a.decision_id = ? AND r.comment = ?`,
        hiddenId,
        HIDDEN.reviewComment,
      ),
    ).toHaveLength(1);
  });

  /** Every text of the confidential decision, looked for in a whole file or page. */
  function expectUnnamed(where: string, content: string) {
    for (const [field, marker] of Object.entries(HIDDEN))
      expect(content.includes(marker), `${where}: the confidential decision's ${field} "${marker}"`).toBe(false);
    expect(content, `${where}: any text of the confidential decision`).not.toContain('SALAINEN');
  }

  /** The counted assessments of the window, with this file's own SQL. */
  function countedRows(departments: string[] | null) {
    return dbAll<{ assessment_id: number; key: string; answer_kind: string; score: number | null; department: string; confidential: unknown }>(
      server,
      `SELECT a.id AS assessment_id, p.key, aa.answer_kind, aa.score, dep.name AS department, d.confidential
         FROM assessments a JOIN decisions d ON d.id = a.decision_id JOIN departments dep ON dep.id = d.department_id
         JOIN assessment_answers aa ON aa.assessment_id = a.id JOIN principles p ON p.id = aa.principle_id
        WHERE a.is_proposal AND a.status IN ('approved', 'decided') AND d.meeting_date BETWEEN ? AND ?`,
      FEB.from,
      FEB.to,
    ).filter((r) => departments === null || departments.includes(r.department));
  }
  function expectedCounts(departments: string[] | null) {
    const rows = countedRows(departments);
    const assessments = new Set(rows.map((r) => r.assessment_id)).size;
    const confidential = new Set(rows.filter((r) => Boolean(r.confidential)).map((r) => r.assessment_id)).size;
    const n = Object.fromEntries(SCORED.map((p) => [p.key, rows.filter((r) => r.key === p.key && r.answer_kind === 'scored').length]));
    return { assessments, confidential, n };
  }

  it('the window holds the confidential decision and a public one, for every reader', () => {
    expect(expectedCounts(null)).toMatchObject({ assessments: 2, confidential: 1 });
    expect(expectedCounts(readers.manager.departments())).toMatchObject({ assessments: 1, confidential: 1 });
  });

  for (const [who, reader] of Object.entries(readers)) {
    it(`${who}: CSV (read with csv-parse)`, async () => {
      const { body } = await download(reader.client(), 'csv', FEB);
      const text = body.toString('utf8');
      expectUnnamed(`${who} csv`, text);
      const records = parseCsvStrict(text, { bom: true, delimiter: ';', record_delimiter: '\r\n' }) as string[][];
      const [header, ...rows] = records;
      const want = expectedCounts(reader.departments());
      expect(rows, `${who}: one row per counted assessment`).toHaveLength(want.assessments);
      const secret = rows.filter((r) => r[header!.indexOf('Luottamuksellinen')] === 'kyllä');
      expect(secret, `${who}: the confidential row is there`).toHaveLength(want.confidential);
      const row = secret[0]!;
      // Counted with its scores; nothing that names it.
      expect(row.slice(COLUMNS.length, COLUMNS.length + SCORED.length)).toEqual(HIDDEN_VALUES.map((v) => (v === 'knowledge_gap' ? 'tieto puuttuu' : v)));
      expect([row[0], row[1], row[7]], `${who}: case number, title and § of the confidential row`).toEqual(['', '', '']);
      expect(row[4]).toBe('15.2.2027');
      for (const p of SCORED) {
        const i = header!.indexOf(p.title);
        expect(rows.filter((r) => /^-?\d$/.test(r[i]!)).length, `${who} csv ${p.key}: the numeric answers`).toBe(want.n[p.key]);
      }
    });

    it(`${who}: .xlsx (read with exceljs, and every part of the zip)`, async () => {
      const { body } = await download(reader.client(), 'xlsx', FEB);
      for (const [name, data] of unzip(body)) expectUnnamed(`${who} xlsx ${name}`, data.toString('utf8'));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(body as unknown as ArrayBuffer);
      const cells: string[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.text ?? c.value)))));
      expectUnnamed(`${who} xlsx cells`, cells.join('\n'));
      const [sheet, stats] = workbook.worksheets;
      const want = expectedCounts(reader.departments());
      expect(sheet!.rowCount - 1, `${who}: one row per counted assessment`).toBe(want.assessments);
      const secret = [...Array(sheet!.rowCount - 1).keys()].map((i) => sheet!.getRow(i + 2)).filter((r) => r.getCell(9).value === 'kyllä');
      expect(secret).toHaveLength(want.confidential);
      expect(
        [1, 2, 8].map((c) => secret[0]!.getCell(c).value ?? ''),
        `${who}: case number, title and § of the confidential row`,
      ).toEqual(['', '', '']);
      SCORED.forEach((p, i) => expect(stats!.getRow(2 + i).getCell(4).value, `${who} xlsx n ${p.key}`).toBe(want.n[p.key]));
    });

    it(`${who}: .docx (every part of the zip, and the document's texts)`, async () => {
      const { body } = await download(reader.client(), 'docx', FEB);
      const files = unzip(body);
      for (const [name, data] of files) expectUnnamed(`${who} docx ${name}`, data.toString('utf8'));
      const texts = wordTexts(files.get('word/document.xml')!.toString('utf8'));
      expectUnnamed(`${who} docx texts`, texts.join('\n'));
      const want = expectedCounts(reader.departments());
      expect(texts[texts.indexOf('Luvuissa mukana') + 1], `${who}: counted`).toBe(String(want.assessments));
      for (const p of SCORED) expect(texts[texts.indexOf(p.title) + 1], `${who} docx n ${p.key}`).toBe(String(want.n[p.key]));
      // Listed where it belongs (a project, its strongest and weakest answers), without a name.
      expect(texts.join('\n')).toContain('Luottamuksellinen asia (ei nimetä)');
    });

    it(`${who}: JSON`, async () => {
      const res = await reader.client().get(`/report.json?${query(FEB)}`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expectUnnamed(`${who} json`, text);
      const json = JSON.parse(text) as YearlyJson;
      const want = expectedCounts(reader.departments());
      expect(json.assessments, `${who}: counted`).toBe(want.assessments);
      for (const p of SCORED) expect(json.principles.find((x) => x.key === p.key)?.n, `${who} json n ${p.key}`).toBe(want.n[p.key]);
    });

    it(`${who}: the report page as printed, and the overview`, async () => {
      const want = expectedCounts(reader.departments());
      const res = await reader.client().get(`/report?${query(FEB)}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expectUnnamed(`${who} /report`, html);
      expectUnnamed(`${who} /report decoded`, decode(html));
      expect(html, `${who}: a link to the confidential decision`).not.toMatch(new RegExp(`/decisions/${hiddenId}\\b`));
      expect(/data-testid="coverage-counted">(\d+)</.exec(html)?.[1], `${who}: counted`).toBe(String(want.assessments));
      expect(visibleText(html)).toContain('Luottamuksellinen asia (ei nimetä)');

      const overview = await reader.client().get(`/overview?${query(FEB)}`);
      expect(overview.status).toBe(200);
      const page = await overview.text();
      expectUnnamed(`${who} /overview`, page);
      expect(page, `${who}: a link to the confidential decision on /overview`).not.toMatch(new RegExp(`/decisions/${hiddenId}\\b`));
      expect(visibleText(page)).toContain('Luottamuksellinen asia');
    });
  }

  it('npm run report: the numbers count it, nothing names it', () => {
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/report.ts', '--from', FEB.from, '--to', FEB.to, '--format', 'json'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: server.databaseUrl, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expectUnnamed('npm run report', run.stdout + run.stderr);
    const json = JSON.parse(run.stdout) as YearlyJson;
    const want = expectedCounts(null);
    expect(json.assessments).toBe(want.assessments);
    for (const p of SCORED) expect(json.principles.find((x) => x.key === p.key)?.n, `report n ${p.key}`).toBe(want.n[p.key]);
  });
});

interface YearlyJson {
  assessments: number;
  principles: Array<{ key: string; n: number }>;
}
