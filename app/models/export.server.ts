/**
 * The report and the data leave the app (issue 4, part 3): the counted assessments as CSV and
 * .xlsx, one row per assessment and one column per scored principle, and the yearly report as
 * .docx for the agenda system. Every export is audited ('report.export').
 */
import { AlignmentType, Document, Footer, Header, HeadingLevel, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { formatDate, todayInHelsinki } from '~/domain/dates';
import { disclose } from '~/domain/disclosure';
import type { Period } from '~/domain/period';
import type { Actor } from '~/domain/roles';
import { signedScore } from '~/domain/scale';
import { type Language, type Translate, formatNumber } from '~/i18n';
import { writeAudit } from '~/utils/audit.server';
import { db } from '~/utils/db.server';
import { type EvaluationTopic, type Round, roundOfPeriod, topicsOfPeriod } from './evaluation.server';
import { getSetting } from './organisation.server';
import { reportPage } from './report-page.server';
import { existedText } from '~/domain/summary';
import { counted, type NamedDecision, type PrincipleNumbers, type ReportScope, type YearlyNumbers, principlesOfPeriod } from './report.server';

// ---------------------------------------------------------------------------------------------
// The rows.

/** A numeric answer −2…2, one of the two answers counted apart, or null when unanswered. */
export type ExportAnswer = number | 'not_relevant' | 'knowledge_gap' | null;

export interface AssessmentExportRow {
  assessmentId: number;
  /** The case number, title and § are empty for a confidential decision: it is counted, never named (disclose()). */
  caseNumber: string;
  title: string;
  body: string;
  department: string;
  /** d.m.yyyy */
  meetingDate: string;
  meetingDateIso: string;
  status: string;
  outcome: string | null;
  minutesSection: string;
  confidential: boolean;
  routine: boolean;
  /** By principle key. */
  answers: Record<string, ExportAnswer>;
  /** Strategy project keys. */
  projects: string[];
}

export interface AssessmentTable {
  period: Period;
  /** The scored principles of the period, one column each, in the checklist's order. */
  principles: Array<{ key: string; title: string }>;
  rows: AssessmentExportRow[];
}

const BATCH = 1000;

/** The counted assessments of a scope (report.server's one rule) with their decision's body and department. */
function countedWithDecision(conn: Knex, scope: ReportScope) {
  return counted(conn, scope).join('bodies as b', 'b.id', 'd.body_id').join('departments as dep', 'dep.id', 'd.department_id');
}

/**
 * One row per counted assessment of the scope, oldest meeting first. Read in batches of 1000
 * (keyset on meeting date and id): per batch one query for the decisions, one for the answers and
 * one for the projects, so 100,000 assessments take 300 queries, not one per assessment.
 */
export async function assessmentRows(scope: ReportScope, conn: Knex = db()): Promise<AssessmentTable> {
  const principles = await principlesOfPeriod(scope.period, conn);
  const scored = principles.filter((p) => p.kind === 'scored').map((p) => ({ key: p.key, title: p.title }));
  const projectOrder = new Map(principles.filter((p) => p.kind === 'linked').map((p, i) => [p.key, i]));
  const rows: AssessmentExportRow[] = [];
  let after: { date: string; id: number } | null = null;
  for (;;) {
    const q = countedWithDecision(conn, scope)
      .orderBy([
        { column: 'd.meeting_date', order: 'asc' },
        { column: 'a.id', order: 'asc' },
      ])
      .limit(BATCH)
      .select(
        'a.id as assessment_id',
        'a.status',
        'd.id',
        'd.case_number',
        'd.title',
        'd.confidential',
        'd.meeting_date',
        'd.outcome',
        'd.minutes_section',
        'b.name as body',
        'dep.name as department',
      );
    if (after) {
      const { date, id } = after;
      q.where((w) => w.where('d.meeting_date', '>', date).orWhere((same) => same.where('d.meeting_date', date).andWhere('a.id', '>', id)));
    }
    const batch = (await q) as Array<Record<string, unknown>>;
    if (batch.length === 0) break;
    const ids = batch.map((r) => Number(r.assessment_id));
    const [answers, projects] = await Promise.all([
      conn('assessment_answers as aa')
        .join('principles as p', 'p.id', 'aa.principle_id')
        .whereIn('aa.assessment_id', ids)
        .select('aa.assessment_id', 'p.key', 'aa.answer_kind', 'aa.score'),
      conn('assessment_projects as ap').join('principles as p', 'p.id', 'ap.principle_id').whereIn('ap.assessment_id', ids).select('ap.assessment_id', 'p.key'),
    ]);
    const answersOf = new Map<number, Array<{ key: string; kind: string | null; score: number | null }>>();
    for (const a of answers as Array<Record<string, unknown>>) {
      const list = answersOf.get(Number(a.assessment_id)) ?? [];
      list.push({
        key: String(a.key),
        kind: (a.answer_kind as string | null) ?? null,
        score: a.score === null || a.score === undefined ? null : Number(a.score),
      });
      answersOf.set(Number(a.assessment_id), list);
    }
    const projectsOf = new Map<number, string[]>();
    for (const p of projects as Array<Record<string, unknown>>) {
      const list = projectsOf.get(Number(p.assessment_id)) ?? [];
      list.push(String(p.key));
      projectsOf.set(Number(p.assessment_id), list);
    }
    for (const r of batch) {
      const id = Number(r.assessment_id);
      const own = answersOf.get(id) ?? [];
      const byKey = new Map(own.map((a) => [a.key, a]));
      // What names the decision comes only from disclose(): of a confidential one, nothing.
      const shown = disclose(r);
      const meetingDateIso = shown.meetingDate;
      rows.push({
        assessmentId: id,
        caseNumber: shown.caseNumber ?? '',
        title: shown.title ?? '',
        body: String(r.body),
        department: String(r.department),
        meetingDate: formatDate(meetingDateIso),
        meetingDateIso,
        status: String(r.status),
        outcome: (r.outcome as string | null) ?? null,
        minutesSection: shown.minutesSection ?? '',
        confidential: shown.confidential,
        // The rule of yearlyNumbers: at least one answer, and every answer "ei liity".
        routine: own.length > 0 && own.every((a) => a.kind === 'not_relevant'),
        answers: Object.fromEntries(
          scored.map((p) => {
            const a = byKey.get(p.key);
            const value: ExportAnswer =
              a?.kind === 'scored' && a.score !== null ? a.score : a?.kind === 'not_relevant' || a?.kind === 'knowledge_gap' ? a.kind : null;
            return [p.key, value];
          }),
        ),
        projects: (projectsOf.get(id) ?? []).sort((x, y) => (projectOrder.get(x) ?? 99) - (projectOrder.get(y) ?? 99) || x.localeCompare(y)),
      });
    }
    if (batch.length < BATCH) break;
    const last = rows[rows.length - 1]!;
    after = { date: last.meetingDateIso, id: last.assessmentId };
  }
  return { period: scope.period, principles: scored, rows };
}

// ---------------------------------------------------------------------------------------------
// Cells, and what keeps a spreadsheet from running them.

export type Cell = string | number | null | undefined;

const SCORE_TEXT = /^(?:-2|-1|0|1|2)$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Formula injection ("CSV injection"): a spreadsheet reads a cell that starts with = + - or @
 * (or with a tab or a carriage return, which some programs drop before they look) as a formula,
 * so a decision titled "=HYPERLINK(…)" could run when the file is opened. Such a text gets a
 * leading apostrophe, which makes it text. The one exception: a value that is exactly a score of
 * the scale, −2…2, written with an ASCII minus: the number itself (typeof number), or a text that
 * is nothing but "-2", "-1", "0", "1" or "2". It cannot carry a formula, and it must stay a number
 * so that the spreadsheet can sum and average the answers. Every other text, "-1 (arvio)" or
 * "-cmd" included, is neutralised.
 */
export function neutralise(value: string): string {
  if (SCORE_TEXT.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A number as Finnish Excel reads it from a CSV file: an ASCII minus and a decimal comma. */
function csvNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(value).replace('.', ',');
}

function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  // A number made by the app (a score, a count) is data, never a formula: written as it is.
  if (typeof value === 'number') return Number.isFinite(value) ? csvNumber(value) : '';
  const text = neutralise(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV for Excel in Finnish: semicolons between fields, UTF-8 with a byte order mark (without
 * it Excel guesses Windows-1252 and breaks ä and ö), CRLF line ends, fields with a semicolon, a
 * quote or a line break quoted with the quotes doubled; text neutralised against formulas.
 */
export function toCsv(rows: Cell[][], headers: string[]): string {
  const line = (cells: Cell[]) => cells.map(csvField).join(';');
  return `\uFEFF${[headers, ...rows].map(line).join('\r\n')}\r\n`;
}

/** The header row of the assessment data. */
export function assessmentHeaders(table: AssessmentTable, t: Translate): string[] {
  return [
    t('dataExport.colCaseNumber'),
    t('dataExport.colTitle'),
    t('dataExport.colBody'),
    t('dataExport.colDepartment'),
    t('dataExport.colMeetingDate'),
    t('dataExport.colStatus'),
    t('dataExport.colOutcome'),
    t('dataExport.colSection'),
    t('dataExport.colConfidential'),
    t('dataExport.colRoutine'),
    ...table.principles.map((p) => p.title),
    t('dataExport.colProjects'),
  ];
}

/** Where the columns are (the xlsx writes the date and the § as numbers). */
const MEETING_DATE_COLUMN = 4;
const SECTION_COLUMN = 7;
const FIRST_ANSWER_COLUMN = 10;

const knownOutcomes = ['approved', 'amended', 'rejected', 'tabled', 'returned_for_preparation'] as const;
const knownStatuses = ['draft', 'submitted', 'returned', 'approved', 'decided'] as const;

/** One assessment as cells, in the user's language: the scores as numbers, the rest as text. */
export function assessmentCells(row: AssessmentExportRow, table: AssessmentTable, t: Translate): Cell[] {
  const status = (knownStatuses as readonly string[]).includes(row.status) ? t(`status.${row.status as (typeof knownStatuses)[number]}`) : row.status;
  const outcome =
    row.outcome === null
      ? ''
      : (knownOutcomes as readonly string[]).includes(row.outcome)
        ? t(`outcomes.${row.outcome as (typeof knownOutcomes)[number]}`)
        : row.outcome;
  const answer = (value: ExportAnswer): Cell =>
    value === 'not_relevant' ? t('dataExport.notRelevant') : value === 'knowledge_gap' ? t('dataExport.knowledgeGap') : value;
  return [
    row.caseNumber,
    row.title,
    row.body,
    row.department,
    row.meetingDate,
    status,
    outcome,
    row.minutesSection,
    row.confidential ? t('dataExport.yes') : t('dataExport.no'),
    row.routine ? t('dataExport.yes') : t('dataExport.no'),
    ...table.principles.map((p) => answer(row.answers[p.key] ?? null)),
    row.projects.join(' '),
  ];
}

export function assessmentCsv(table: AssessmentTable, t: Translate): string {
  return toCsv(
    table.rows.map((r) => assessmentCells(r, table, t)),
    assessmentHeaders(table, t),
  );
}

// ---------------------------------------------------------------------------------------------
// .xlsx

/** Characters XML 1.0 cannot hold at all (C0 controls but tab and line breaks): dropped, not escaped. */
const xmlSafe = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

const xlsxText = (value: string) => xmlSafe(neutralise(value));

function widthOf(values: Cell[], header: string, max = 60) {
  const longest = values.reduce<number>((m, v) => Math.max(m, v === null || v === undefined ? 0 : String(v).split('\n')[0]!.length), header.length);
  return Math.min(Math.max(longest + 2, 8), max);
}

function styleHeader(sheet: ExcelJS.Worksheet) {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
}

/**
 * The data as a workbook: the assessments (a header row that stays in view, a filter, column
 * widths; scores, dates and § numbers as numbers) and the numbers per principle of yearlyNumbers.
 */
export async function toXlsx(table: AssessmentTable, numbers: YearlyNumbers, t: Translate): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Linssi';
  workbook.created = new Date();

  const headers = assessmentHeaders(table, t);
  const cells = table.rows.map((r) => assessmentCells(r, table, t));
  const sheet = workbook.addWorksheet(xmlSafe(t('dataExport.sheetAssessments')).slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers.map((header, i) => ({
    header: xlsxText(header),
    width:
      i >= FIRST_ANSWER_COLUMN && i < FIRST_ANSWER_COLUMN + table.principles.length
        ? 14
        : widthOf(
            cells.map((c) => c[i]),
            header,
          ),
  }));
  styleHeader(sheet);
  table.rows.forEach((row, r) => {
    const values = cells[r]!.map((value, i): string | number | Date | null => {
      if (i === MEETING_DATE_COLUMN) {
        const [y, m, d] = row.meetingDateIso.split('-').map(Number);
        return new Date(Date.UTC(y!, m! - 1, d!));
      }
      if (i === SECTION_COLUMN && /^\d{1,9}$/.test(row.minutesSection)) return Number(row.minutesSection);
      if (value === null || value === undefined) return null;
      return typeof value === 'number' ? value : xlsxText(value);
    });
    sheet.addRow(values);
  });
  sheet.getColumn(MEETING_DATE_COLUMN + 1).numFmt = 'd.m.yyyy';
  if (headers.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };

  const stats = workbook.addWorksheet(xmlSafe(t('dataExport.sheetNumbers')).slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const statHeaders = [
    t('dataExport.colPrinciple'),
    t('dataExport.colKey'),
    t('dataExport.colDimension'),
    t('dataExport.colN'),
    t('dataExport.colMean'),
    ...(['-2', '-1', '0', '1', '2'] as const).map((s) => signedScore(Number(s))),
    t('dataExport.colNotRelevant'),
    t('dataExport.colKnowledgeGap'),
  ];
  stats.columns = statHeaders.map((header, i) => ({
    header: xlsxText(header),
    width:
      i === 0
        ? widthOf(
            numbers.principles.map((p) => p.title),
            header,
          )
        : i < 3
          ? widthOf(
              numbers.principles.map((p) => (i === 1 ? p.key : p.dimension)),
              header,
            )
          : Math.max(header.length + 2, 8),
  }));
  styleHeader(stats);
  for (const p of numbers.principles) {
    stats.addRow([
      xlsxText(p.title),
      xlsxText(p.key),
      xlsxText(p.dimension),
      p.n,
      p.mean,
      p.distribution['-2'],
      p.distribution['-1'],
      p.distribution['0'],
      p.distribution['1'],
      p.distribution['2'],
      p.notRelevant,
      p.knowledgeGap,
    ]);
  }
  stats.getColumn(5).numFmt = '0.00';

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// .docx

export type ReportPageData = Awaited<ReturnType<typeof reportPage>>;

export interface DocxReport {
  municipality: string;
  title: string;
  page: ReportPageData;
  /** Null when no round was opened for the period. */
  round: Round | null;
  topics: EvaluationTopic[];
  /** A manager's report covers only their departments; the document says so. */
  partial: boolean;
  madeOn: string;
}

/**
 * Everything the .docx shows, for one scope: the report page's numbers and the group's round of
 * the period (its texts are the group's words to the council, shown on the report page to
 * everyone who may see it; the topics are read here for their dimensions, which group them).
 */
export async function exportReport(scope: ReportScope, t: Translate): Promise<DocxReport> {
  const [page, municipality, round, topics] = await Promise.all([
    reportPage(scope),
    getSetting('municipality_name'),
    roundOfPeriod(scope.period),
    topicsOfPeriod(scope.period),
  ]);
  const { period } = scope;
  return {
    municipality: municipality ?? '',
    title: period.year ? t('report.titleYear', { year: period.year }) : t('report.title'),
    page,
    round,
    topics,
    partial: Boolean(scope.departmentIds),
    madeOn: todayInHelsinki(),
  };
}

const FONT_SIZE = 22; // half-points: 11 pt
const TABLE_FONT_SIZE = 18; // 9 pt

/** A text the user wrote, one paragraph per line (a line break in a run would be lost in Word). */
function textParagraphs(text: string, empty: string): Paragraph[] {
  const lines = xmlSafe(text).split(/\r?\n/);
  if (text.trim() === '') return [new Paragraph({ children: [new TextRun({ text: empty, italics: true })] })];
  return lines.map((line) => new Paragraph({ text: line }));
}

const heading = (text: string, level: 1 | 2 | 3 | 4, pageBreakBefore = false) =>
  new Paragraph({
    text: xmlSafe(text),
    heading: level === 1 ? HeadingLevel.HEADING_1 : level === 2 ? HeadingLevel.HEADING_2 : level === 3 ? HeadingLevel.HEADING_3 : HeadingLevel.HEADING_4,
    pageBreakBefore,
    keepNext: true,
  });

const para = (text: string, options: { italics?: boolean; bold?: boolean } = {}) =>
  new Paragraph({ children: [new TextRun({ text: xmlSafe(text), ...options })] });

function cell(text: string, options: { bold?: boolean; right?: boolean; header?: boolean } = {}) {
  return new TableCell({
    children: [
      new Paragraph({
        alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text: xmlSafe(text), bold: options.bold || options.header, size: TABLE_FONT_SIZE })],
      }),
    ],
    ...(options.header ? { shading: { fill: 'E6E6E6', type: 'clear', color: 'auto' } } : {}),
  });
}

function table(headers: string[], rows: string[][], firstColumnPercent = 30) {
  const rest = headers.length > 1 ? (100 - firstColumnPercent) / (headers.length - 1) : 0;
  // Total width 9638 twips: the text width of A4 with 2 cm margins.
  const total = 9638;
  const widths = headers.map((_, i) => Math.round(((i === 0 ? firstColumnPercent : rest) / 100) * total));
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, { header: true, right: i > 0 })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, { bold: i === 0, right: i > 0 })) })),
    ],
  });
}

function decisionLine(d: NamedDecision, t: Translate, showScore: boolean): Paragraph[] {
  const name = d.title === null ? t('report.confidential') : d.title;
  const score = showScore && d.score !== null ? ` ${signedScore(d.score)}` : '';
  const lines = [
    new Paragraph({
      bullet: { level: 0 },
      children: [
        new TextRun({ text: xmlSafe(name), italics: d.title === null }),
        new TextRun({ text: ` (${formatDate(d.meetingDate)})` }),
        ...(score ? [new TextRun({ text: score, bold: true })] : []),
      ],
    }),
  ];
  if (d.text)
    lines.push(
      ...xmlSafe(d.text)
        .split(/\r?\n/)
        .map((line) => new Paragraph({ text: line, indent: { left: 720 } })),
    );
  return lines;
}

function principleRows(principles: PrincipleNumbers[], previousMeans: Record<string, number | null>, t: Translate, language: Language): string[][] {
  return principles.map((p) => {
    const before = previousMeans[p.key];
    let change = t('report.changeNone');
    if (p.mean !== null && before !== null && before !== undefined) {
      const diff = Math.round((p.mean - before) * 100) / 100;
      const value = formatNumber(language, diff, 2);
      change = diff === 0 ? t('report.changeSame') : diff > 0 ? `↑ ${t('report.changeUp', { value })}` : `↓ ${t('report.changeDown', { value })}`;
    }
    const existed = existedText(t, p);
    return [
      existed ? `${p.title} (${existed})` : p.title,
      String(p.n),
      p.mean === null ? '–' : formatNumber(language, p.mean, 2),
      change,
      String(p.distribution['-2']),
      String(p.distribution['-1']),
      String(p.distribution['0']),
      String(p.distribution['1']),
      String(p.distribution['2']),
      String(p.notRelevant),
      String(p.knowledgeGap),
    ];
  });
}

function groupTable(groups: ReportPageData['byBody'], principles: PrincipleNumbers[], t: Translate, language: Language) {
  return table(
    [t('report.colGroup'), ...principles.map((p) => p.title)],
    groups.map((g) => [g.name, ...g.principles.map((p) => `${p.mean === null ? '–' : formatNumber(language, p.mean, 2)} (n = ${p.n})`)]),
    20,
  );
}

/**
 * The report to the council as a Word document (A4): the municipality and the period in the
 * header, then the report page's sections (coverage, the numbers per principle, by body and by
 * department, the decisions per principle and per project, confidential ones never named) and
 * the group's round: its texts per topic and question, the summary, the proposed changes
 * (täsmennystarpeet) and the board's comments. The library writes the XML; strings go in as they are.
 */
export async function toDocx(report: DocxReport, t: Translate, language: Language): Promise<Buffer> {
  const { page, round } = report;
  const { numbers, coverage, previous } = page;
  const from = formatDate(numbers.from);
  const to = formatDate(numbers.to);
  const children: Array<Paragraph | Table> = [];

  children.push(new Paragraph({ text: xmlSafe(report.title), heading: HeadingLevel.TITLE }));
  children.push(para(report.municipality, { bold: true }));
  children.push(para(t('dataExport.periodLine', { from, to })));
  children.push(para(t('report.previousPeriod', { from: formatDate(previous.from), to: formatDate(previous.to) })));
  if (report.partial) children.push(para(t('dataExport.scopeManager'), { italics: true }));
  children.push(para(t('dataExport.madeOn', { date: formatDate(report.madeOn) }), { italics: true }));

  children.push(heading(t('report.coverageTitle'), 1));
  children.push(para(t('report.coverageIntro')));
  children.push(
    table(
      [t('dataExport.colStatus'), t('dataExport.colStatusCount')],
      [
        ...(['draft', 'submitted', 'returned', 'approved', 'decided'] as const).map((s) => [t(`status.${s}`), String(coverage[s])]),
        [t('report.counted'), String(numbers.assessments)],
        [t('report.routine'), String(numbers.routine)],
      ],
      60,
    ),
  );

  if (numbers.assessments === 0) {
    children.push(para(t('report.empty')));
  } else {
    children.push(heading(t('report.principlesTitle'), 1, true));
    children.push(para(t('dataExport.distributionNote'), { italics: true }));
    children.push(
      table(
        [
          t('overview.colPrinciple'),
          'n',
          t('overview.colMean'),
          t('report.colChange'),
          ...[-2, -1, 0, 1, 2].map(signedScore),
          t('overview.colNotRelevant'),
          t('overview.colGap'),
        ],
        principleRows(numbers.principles, previous.means, t, language),
        24,
      ),
    );

    children.push(heading(`${t('report.byBodyTitle')} · ${t('report.byDepartmentTitle')}`, 1, true));
    children.push(para(t('report.byIntro')));
    children.push(heading(t('report.byBodyTitle'), 2));
    children.push(groupTable(page.byBody, numbers.principles, t, language));
    children.push(heading(t('report.byDepartmentTitle'), 2));
    children.push(groupTable(page.byDepartment, numbers.principles, t, language));

    children.push(heading(t('report.detailsTitle'), 1, true));
    for (const p of numbers.principles) {
      children.push(heading(p.title, 2));
      children.push(heading(t('report.supportersTitle'), 3));
      const supporters = page.supporters[p.key] ?? [];
      if (supporters.length) supporters.forEach((d) => children.push(...decisionLine(d, t, true)));
      else children.push(para(t('report.noSupporters')));
      children.push(heading(t('report.negativesTitle'), 3));
      const negatives = page.negatives.filter((n) => n.principleKey === p.key);
      if (negatives.length) negatives.forEach((d) => children.push(...decisionLine(d, t, true)));
      else children.push(para(t('report.noNegatives')));
    }

    children.push(heading(t('report.projectsTitle'), 1, true));
    for (const project of numbers.projects) {
      children.push(heading(`${page.projectTitles[project.key] ?? project.key} (${t('report.projectDecisions', { count: project.decisions })})`, 2));
      const list = page.projects.filter((d) => d.projectKey === project.key);
      if (list.length) list.forEach((d) => children.push(...decisionLine(d, t, false)));
      else children.push(para(t('report.noProjectDecisions')));
    }
  }

  children.push(heading(t('dataExport.roundTitle'), 1, true));
  if (!round) {
    children.push(para(t('dataExport.noRound')));
  } else {
    children.push(para(t('dataExport.roundIntro')));
    let dimension = '';
    for (const topic of report.topics) {
      if (topic.dimensionName !== dimension) {
        dimension = topic.dimensionName;
        children.push(heading(dimension, 2));
      }
      children.push(heading(topic.title, 3));
      for (const q of topic.questions) {
        children.push(para(q.text, { bold: true }));
        children.push(...textParagraphs(round.answers[q.key]?.text ?? '', t('dataExport.noAnswer')));
      }
    }
    children.push(heading(t('dataExport.summaryTitle'), 1, true));
    children.push(...textParagraphs(round.summary, t('dataExport.notWritten')));
    children.push(heading(t('dataExport.proposalsTitle'), 1));
    children.push(...textParagraphs(round.proposals, t('dataExport.notWritten')));
    children.push(heading(t('dataExport.boardTitle'), 1));
    children.push(...textParagraphs(round.boardComments, t('dataExport.notWritten')));
    if (round.sentOn) children.push(para(t('dataExport.sentOn', { date: formatDate(round.sentOn) })));
    if (round.presentedOn) children.push(para(t('dataExport.presentedOn', { date: formatDate(round.presentedOn) })));
  }

  const headerText = t('dataExport.header', { municipality: report.municipality, title: report.title, from, to });
  const document = new Document({
    creator: 'Linssi',
    title: xmlSafe(`${report.municipality} – ${report.title}`),
    description: xmlSafe(t('dataExport.periodLine', { from, to })),
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: FONT_SIZE, language: { value: language === 'fi' ? 'fi-FI' : 'en-GB' } } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            // A4 in twips, with 2 cm margins.
            size: { width: 11906, height: 16838 },
            margin: { top: 1134, right: 1134, bottom: 1134, left: 1134, header: 567, footer: 567 },
          },
        },
        headers: {
          default: new Header({ children: [new Paragraph({ children: [new TextRun({ text: xmlSafe(headerText), size: 18 })] })] }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [`${t('dataExport.page')} `, PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 18 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

// ---------------------------------------------------------------------------------------------
// Delivery.

export type ExportFormat = 'csv' | 'xlsx' | 'docx';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Every export is recorded: who took which period out, in which format. */
export async function auditExport(actor: Actor, format: ExportFormat, period: Period, conn: Knex = db()) {
  await writeAudit(conn, {
    userId: actor.id,
    action: 'report.export',
    entityType: 'report',
    entityId: null,
    details: { format, from: period.from, to: period.to },
  });
}

/** The file as an attachment, never cached (it holds assessments that are not public). */
export function fileResponse(body: string | Buffer, format: ExportFormat, period: Period): Response {
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="linssi-arviointi-${period.from}-${period.to}.${format}"`,
      'Cache-Control': 'no-store',
    },
  });
}
