/**
 * Import of earlier assessments: reading a CSV file of decisions and their
 * scores, and checking every row, without the database. The caller gives what the database
 * knows (the strategy in force on a date, the names of the bodies and departments); the model
 * (import.server.ts) writes the rows.
 */
import { parse } from 'csv-parse/sync';
import { parseDateInput } from './dates';
import { LIMITS } from './limits';
import type { AnswerValue } from './scale';
import type { AssessmentStatus } from './permissions';
import { OUTCOMES, type Outcome } from './workflow';

/** What can be wrong with a file, a row or a cell; each is a message `dataImport.errors.<code>`. */
export const IMPORT_ERROR_CODES = [
  'encoding',
  'empty',
  'unclosedQuote',
  'noRows',
  'missingColumn',
  'duplicateColumn',
  'unknownColumn',
  'unnamedColumn',
  'fieldCount',
  'required',
  'tooLong',
  'invalidCaseNumber',
  'duplicateCaseNumber',
  'ambiguousCaseNumber',
  'invalidDate',
  'noStrategy',
  'missingScoreColumn',
  'invalidScore',
  'notInStrategy',
  'invalidOutcome',
  'invalidConfidential',
  'unknownProject',
  'unknownBody',
  'unknownDepartment',
  'noDepartment',
  // A case number of a decision made in the app: refused unless the admin chooses to
  // replace it; a submitted or decided one never (ADR 011).
  'appDraft',
  'appReturned',
  'appApproved',
  'appSubmitted',
  'appDecided',
  'confidentialStays',
  'changedSinceShown',
  'notInFile',
  'replaceNeedsAdmin',
  // The bounds of one import (ADR 017): refused as a whole, before any row is checked.
  'tooManyRows',
  'tooManyColumns',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

export interface ImportError {
  /** The line of the file where the row (or the header) starts, from 1. */
  line: number;
  /** The column's name as normalised from the header (lower case), or null for the whole row or file. */
  column: string | null;
  code: ImportErrorCode;
  params?: Record<string, string | number>;
}

/** The keys the strategy in force on a date scores and links. */
export interface StrategyKeys {
  scored: readonly string[];
  projects: readonly string[];
}

/** What the database knows, for checking rows. */
export interface ImportContext {
  /** The strategy in force on a yyyy-mm-dd date; null when no strategy has been loaded. */
  strategyFor: (date: string) => StrategyKeys | null;
  /** Names of the bodies and departments in use. */
  bodies: readonly string[];
  departments: readonly string[];
}

export interface ImportAnswer {
  answer: AnswerValue;
  /** The text of `reason:<key>`; undefined when the file has no such column. */
  reason: string | undefined;
}

/**
 * One checked row. For an optional field, undefined means that the file has no such column
 * (an existing decision keeps its value); an empty cell gives null, false or [].
 */
export interface ImportRow {
  line: number;
  caseNumber: string;
  title: string;
  /** The body's name as the database spells it. */
  body: string;
  meetingDate: string;
  department: string | null | undefined;
  preparer: string | null | undefined;
  outcome: Outcome | null | undefined;
  confidential: boolean | undefined;
  projects: string[] | undefined;
  /** By scored principle key of the strategy in force on the meeting date. */
  answers: Record<string, ImportAnswer>;
}

export interface ParsedCsv {
  /** The header's names, normalised: trimmed, lower case, no spaces around the colon of `score:<key>`. */
  columns: string[];
  headerLine: number;
  rows: Array<{ line: number; cells: string[] }>;
}

/** A refusal lists at most IMPORT_CAPS.errors problems; `more` counts the rest. */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: ImportError[]; more?: number };

/**
 * The bounds of one import (ADR 017), so that a file is checked and written in a bounded
 * time and memory: the rows of one file, the columns (the nine named ones, a score and a reason
 * for each scored principle, and a few more: enough for 70 principles), and the problems listed
 * (the rest are counted). The rows cap bounds the write transaction, during which SQLite's one
 * connection serves no other request: 500 rows are written in about 1–2 s (ADR 017). A small
 * municipality's year fits in one file; a city splits its history (by year or by quarter).
 */
export const IMPORT_CAPS = { rows: 500, columns: 150, errors: 100 } as const;

/** The first `IMPORT_CAPS.errors` problems, and how many more there are. */
export function capErrors(errors: ImportError[], counted = errors.length): { errors: ImportError[]; more: number } {
  const listed = errors.slice(0, IMPORT_CAPS.errors);
  return { errors: listed, more: counted - listed.length };
}

export const REQUIRED_COLUMNS = ['case_number', 'title', 'body', 'meeting_date'] as const;
export const OPTIONAL_COLUMNS = ['department', 'preparer', 'outcome', 'confidential', 'projects'] as const;
const KNOWN_COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
const KEYED_COLUMN = /^(score|reason):([a-z0-9][a-z0-9-]{0,63})$/;
export const PREPARER_MAX = 200;

const lower = (value: string) => value.toLocaleLowerCase('fi');
/** A name as it is compared: trimmed, runs of white space as one space, lower case. */
export const nameKey = (value: string) => lower(value.trim().replace(/\s+/g, ' '));

// ---------------------------------------------------------------------------------------------
// Bytes and text.

/**
 * The file's bytes as text: UTF-8, with or without a BOM. Anything else (a spreadsheet's
 * "ANSI" export, UTF-16) is refused with the line of the first byte that is not UTF-8.
 */
export function decodeCsv(bytes: Uint8Array): Result<string> {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, errors: [{ line: 1, column: null, code: 'encoding' }] };
  }
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const at = text.indexOf('\uFFFD');
    const line = at < 0 ? 1 : text.slice(0, at).split(/\r\n|\r|\n/).length;
    return { ok: false, errors: [{ line, column: null, code: 'encoding' }] };
  }
}

/** The separator of the header line (the first line that is not empty): ';' if it has more of them than ',', else ','. */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  let seen = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n') {
      if (seen) break;
    } else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
    if (c.trim() !== '') seen = true;
  }
  return semicolons > commas ? ';' : ',';
}

/** A header name as it is compared: `Score : Pienuus ` → `score:pienuus`. */
export function normaliseColumn(name: string): string {
  return lower(name.trim()).replace(/\s*:\s*/, ':');
}

/**
 * The first line on which a record has more separators (outside quotes) than the columns cap
 * allows, or null: one pass over the text before the parser, which would build such a record's
 * fields first (a 5 MB line of separators is 5 million fields).
 */
function firstWideLine(text: string, delimiter: string): number | null {
  let line = 1;
  let start = 1;
  let separators = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n') {
      line++;
      if (!quoted) {
        separators = 0;
        start = line;
      }
    } else if (c === delimiter && !quoted && ++separators >= IMPORT_CAPS.columns) return start;
  }
  return null;
}

/**
 * Reads the CSV text into a header and rows, each with the line it starts on. Line breaks
 * (LF, CR LF or CR) are read as LF, also inside quoted fields; rows of empty cells are skipped.
 */
export function parseCsv(input: string): Result<ParsedCsv> {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return { ok: false, errors: [{ line: 1, column: null, code: 'empty' }] };
  const delimiter = detectDelimiter(text);
  const wide = firstWideLine(text, delimiter);
  if (wide !== null) return { ok: false, errors: [{ line: wide, column: null, code: 'tooManyColumns', params: { max: IMPORT_CAPS.columns } }] };
  let lastLine = 0;
  let records: Array<{ record: string[]; info: { lines: number } }>;
  // The caps, as the parser reads: a record wider than the columns cap, or one row past the rows
  // cap, stops it there (the rest of the file is never read into rows).
  let kept = 0;
  let skipped = 0;
  let capped: ImportError | null = null;
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (record, context) => {
        lastLine = context.lines;
        // With `info`, the record comes as { record, info }.
        const cells = (record as unknown as { record: string[] }).record;
        if (cells.length > IMPORT_CAPS.columns) {
          capped = { line: context.lines, column: null, code: 'tooManyColumns', params: { max: IMPORT_CAPS.columns } };
          throw new Error('too many columns');
        }
        // A row of empty cells is skipped here, not kept (a file of 5 MB of them is 2.6 million);
        // the parser's records are bounded too: as many empty ones as data rows at most.
        const blank = !cells.some((cell) => cell.trim() !== '');
        if (blank ? ++skipped > IMPORT_CAPS.rows : ++kept > IMPORT_CAPS.rows + 1) {
          capped = { line: context.lines, column: null, code: 'tooManyRows', params: { max: IMPORT_CAPS.rows } };
          throw new Error('too many rows');
        }
        return blank ? null : record;
      },
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch {
    if (capped) return { ok: false, errors: [capped] };
    // The one error left with relaxed quotes: a quote opened and never closed. It opened on the
    // first line with text after the last complete row.
    const lines = text.split('\n');
    let line = lastLine + 1;
    while (line < lines.length && (lines[line - 1] ?? '').trim() === '') line++;
    return { ok: false, errors: [{ line, column: null, code: 'unclosedQuote' }] };
  }
  const rows: ParsedCsv['rows'] = [];
  for (const { record, info } of records) {
    if (record.every((cell) => cell.trim() === '')) continue;
    // info.lines is the line the record ends on; a quoted field's line breaks are its own.
    const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    rows.push({ line: info.lines - breaks, cells: record });
  }
  const [header, ...body] = rows;
  if (!header) return { ok: false, errors: [{ line: 1, column: null, code: 'empty' }] };
  return { ok: true, value: { columns: header.cells.map(normaliseColumn), headerLine: header.line, rows: body } };
}

// ---------------------------------------------------------------------------------------------
// Values.

/** −2…2 (also +1, +2 and a real minus sign), `ei liity` or `-`, `?` or `tieto puuttuu`; null for anything else. */
export function parseScore(raw: string): AnswerValue | null {
  const value = nameKey(raw).replace(/^[\u2212\u2013]/, '-');
  if (value === '-' || value === 'ei liity') return 'not_relevant';
  if (value === '?' || value === 'tieto puuttuu') return 'knowledge_gap';
  const match = /^([+-]?)([12])$/.exec(value);
  if (match) return (match[1] === '-' ? `-${match[2]}` : match[2]) as AnswerValue;
  return value === '0' ? '0' : null;
}

const OUTCOME_WORDS: Record<string, Outcome> = {
  hyväksytty: 'approved',
  muutettu: 'amended',
  hylätty: 'rejected',
  pöydälle: 'tabled',
  palautettu: 'returned_for_preparation',
};

/** The Finnish word of the minutes (or the app's own code); null for anything else. */
export function parseOutcome(raw: string): Outcome | null {
  const value = nameKey(raw);
  if (OUTCOME_WORDS[value]) return OUTCOME_WORDS[value];
  return (OUTCOMES as readonly string[]).includes(value) ? (value as Outcome) : null;
}

const CONFIDENTIAL_WORDS: Record<string, boolean> = { '1': true, '0': false, kyllä: true, ei: false, true: true, false: false };

/** 1/0, kyllä/ei, true/false; an empty cell is "no"; null for anything else. */
export function parseConfidential(raw: string): boolean | null {
  const value = nameKey(raw);
  if (value === '') return false;
  return CONFIDENTIAL_WORDS[value] ?? null;
}

/** Project keys separated by spaces or commas, lower case, each once. */
export function splitProjects(raw: string): string[] {
  return [
    ...new Set(
      lower(raw)
        .split(/[\s,]+/)
        .filter(Boolean),
    ),
  ];
}

/** Control characters other than tab and newline have no place in a text (as in the forms). */
const clean = (value: string) => value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();

const CASE_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N} ./:_-]*$/u;

// ---------------------------------------------------------------------------------------------
// The header and the rows.

function checkHeader(csv: ParsedCsv): ImportError[] {
  const errors: ImportError[] = [];
  const line = csv.headerLine;
  const seen = new Set<string>();
  for (const column of csv.columns) {
    if (column === '') continue;
    if (seen.has(column)) errors.push({ line, column, code: 'duplicateColumn' });
    seen.add(column);
    if (!KNOWN_COLUMNS.includes(column) && !KEYED_COLUMN.test(column)) errors.push({ line, column, code: 'unknownColumn' });
  }
  for (const column of REQUIRED_COLUMNS) {
    if (!seen.has(column)) errors.push({ line, column, code: 'missingColumn' });
  }
  // One pass over the cells (not one over the rows for each unnamed column).
  const unnamed = csv.columns.map((c) => c === '');
  if (unnamed.includes(true) && csv.rows.some((r) => r.cells.some((cell, i) => unnamed[i] === true && cell.trim() !== ''))) {
    errors.push({ line, column: null, code: 'unnamedColumn' });
  }
  return errors;
}

/** The distinct valid meeting dates of the rows, for looking up the strategies in force. */
export function meetingDatesOf(csv: ParsedCsv): string[] {
  const index = csv.columns.indexOf('meeting_date');
  if (index < 0) return [];
  const dates = new Set<string>();
  for (const row of csv.rows) {
    const date = parseDateInput(row.cells[index] ?? '');
    if (date) dates.add(date);
  }
  return [...dates].sort();
}

/**
 * Checks every row and gives either all rows or every problem of every row. A row is checked
 * against the strategy in force on its meeting date: each scored principle needs its
 * `score:<key>` column and a value there.
 */
export function validateImport(csv: ParsedCsv, context: ImportContext): Result<ImportRow[]> {
  const headerErrors = checkHeader(csv);
  if (headerErrors.length > 0) return { ok: false, ...capErrors(headerErrors) };
  if (csv.rows.length === 0) return { ok: false, errors: [{ line: csv.headerLine, column: null, code: 'noRows' }] };

  const indexOf = new Map(csv.columns.map((c, i) => [c, i]));
  const bodies = new Map(context.bodies.map((name) => [nameKey(name), name]));
  const departments = new Map(context.departments.map((name) => [nameKey(name), name]));
  const keyed = (kind: 'score' | 'reason') =>
    csv.columns.flatMap((c) => {
      const match = KEYED_COLUMN.exec(c);
      return match && match[1] === kind ? [match[2]!] : [];
    });
  const scoreKeys = keyed('score');
  const reasonKeys = keyed('reason');
  const firstLineOf = new Map<string, number>();
  // The first IMPORT_CAPS.errors problems are kept; the rest are only counted.
  const errors: ImportError[] = [];
  let found = 0;
  const push = (error: ImportError) => {
    found++;
    if (errors.length < IMPORT_CAPS.errors) errors.push(error);
  };
  const rows: ImportRow[] = [];

  for (const { line, cells } of csv.rows) {
    if (cells.length !== csv.columns.length) {
      push({ line, column: null, code: 'fieldCount', params: { expected: csv.columns.length, found: cells.length } });
      continue;
    }
    const before = found;
    const fail = (column: string, code: ImportErrorCode, params?: ImportError['params']) =>
      push(params ? { line, column, code, params } : { line, column, code });
    /** The trimmed cell without control characters, or undefined when the file has no such column. */
    const cell = (column: string): string | undefined => {
      const index = indexOf.get(column);
      return index === undefined ? undefined : clean(cells[index] ?? '');
    };
    /** A one-line field: its line breaks and tabs as spaces. */
    const oneLine = (column: string) => cell(column)?.replace(/\s+/g, ' ');
    const required = (column: string, max?: number): string => {
      const value = oneLine(column) ?? '';
      if (value === '') fail(column, 'required');
      else if (max !== undefined && value.length > max) fail(column, 'tooLong', { max });
      return value;
    };

    const caseNumber = required('case_number', LIMITS.caseNumber);
    if (caseNumber !== '' && caseNumber.length <= LIMITS.caseNumber) {
      if (!CASE_NUMBER.test(caseNumber)) fail('case_number', 'invalidCaseNumber');
      else if (firstLineOf.has(caseNumber)) fail('case_number', 'duplicateCaseNumber', { first: firstLineOf.get(caseNumber)! });
      else firstLineOf.set(caseNumber, line);
    }
    const title = required('title', LIMITS.title);
    const bodyName = required('body');
    const body = bodies.get(nameKey(bodyName));
    if (bodyName !== '' && !body) fail('body', 'unknownBody', { value: bodyName });
    const dateText = required('meeting_date');
    const meetingDate = dateText === '' ? null : parseDateInput(dateText);
    if (dateText !== '' && !meetingDate) fail('meeting_date', 'invalidDate');

    const departmentText = cell('department');
    let department: string | null | undefined = departmentText === undefined ? undefined : null;
    if (departmentText) {
      department = departments.get(nameKey(departmentText)) ?? null;
      if (!department) fail('department', 'unknownDepartment', { value: departmentText });
    }
    const preparerText = oneLine('preparer');
    if (preparerText && preparerText.length > PREPARER_MAX) fail('preparer', 'tooLong', { max: PREPARER_MAX });
    const outcomeText = cell('outcome');
    const outcome = outcomeText === undefined ? undefined : outcomeText === '' ? null : parseOutcome(outcomeText);
    if (outcomeText && !outcome) fail('outcome', 'invalidOutcome', { value: outcomeText });
    const confidentialText = cell('confidential');
    const confidential = confidentialText === undefined ? undefined : parseConfidential(confidentialText);
    if (confidential === null) fail('confidential', 'invalidConfidential', { value: confidentialText! });
    const projectsText = cell('projects');
    const projects = projectsText === undefined ? undefined : splitProjects(projectsText);

    // The scores: the strategy in force on the meeting date says which are needed.
    const strategy = meetingDate ? context.strategyFor(meetingDate) : null;
    if (meetingDate && !strategy) fail('meeting_date', 'noStrategy');
    const answers: Record<string, ImportAnswer> = {};
    const needed = strategy ? strategy.scored : scoreKeys;
    for (const key of needed) {
      const raw = cell(`score:${key}`);
      if (raw === undefined) {
        fail(`score:${key}`, 'missingScoreColumn');
        continue;
      }
      if (raw === '') {
        fail(`score:${key}`, 'required');
        continue;
      }
      const answer = parseScore(raw);
      if (!answer) {
        fail(`score:${key}`, 'invalidScore', { value: raw });
        continue;
      }
      const reason = cell(`reason:${key}`);
      if (reason !== undefined && reason.length > LIMITS.rationale) fail(`reason:${key}`, 'tooLong', { max: LIMITS.rationale });
      answers[key] = { answer, reason };
    }
    if (strategy) {
      // A score or a reason for a principle that the strategy of that date does not have.
      for (const [kind, keys] of [
        ['score', scoreKeys],
        ['reason', reasonKeys],
      ] as const) {
        for (const key of keys) {
          if (!strategy.scored.includes(key) && cell(`${kind}:${key}`) !== '') fail(`${kind}:${key}`, 'notInStrategy');
        }
      }
      for (const key of projects ?? []) {
        if (!strategy.projects.includes(key)) fail('projects', 'unknownProject', { value: key });
      }
    }

    if (found > before || !meetingDate || !body) continue;
    rows.push({
      line,
      caseNumber,
      title,
      body,
      meetingDate,
      department,
      preparer: preparerText === undefined ? undefined : preparerText || null,
      outcome,
      confidential: confidential ?? undefined,
      projects,
      answers,
    });
  }
  return found > 0 ? { ok: false, errors, more: found - errors.length } : { ok: true, value: rows };
}

/** Parses and checks a file's text in one step. */
export function readImport(text: string, context: ImportContext): Result<ImportRow[]> {
  const parsed = parseCsv(text);
  return parsed.ok ? validateImport(parsed.value, context) : parsed;
}

/** Errors in the order of the file: by line, then as found. */
export function sortErrors(errors: ImportError[]): ImportError[] {
  return errors
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].line - b[0].line || a[1] - b[1])
    .map(([e]) => e);
}

// ---------------------------------------------------------------------------------------------
// Decisions made in the app (ADR 011).

/**
 * What an import may do with a decision that was made in the app, not by an import, by the state
 * of its assessment: a draft or returned one (its author's unfinished work) and an approved one
 * (the workflow lets an admin record its decision) may be replaced when the admin chooses it; a
 * submitted one is under a manager's review and a decided one is frozen: never.
 */
export type ReplaceRule = 'replaceable' | 'underReview' | 'frozen';
export function replaceRuleOf(status: AssessmentStatus): ReplaceRule {
  if (status === 'submitted') return 'underReview';
  if (status === 'decided') return 'frozen';
  return 'replaceable';
}

/** The reason a row naming a decision made in the app is refused, by its state. */
export const APP_MADE_CODE: Record<AssessmentStatus, ImportErrorCode> = {
  draft: 'appDraft',
  returned: 'appReturned',
  approved: 'appApproved',
  submitted: 'appSubmitted',
  decided: 'appDecided',
};

/** The refusals a confirmation can answer: with only these, the admin may choose what to replace. */
export const CONFIRMABLE_CODES: readonly ImportErrorCode[] = [
  'appDraft',
  'appReturned',
  'appApproved',
  'appSubmitted',
  'appDecided',
  'changedSinceShown',
  'notInFile',
];

/**
 * The choices of the confirmation page: "replace decision 12 as it was at version 3" (12:3). A value
 * in any other shape chooses nothing (its row then stays refused).
 */
export function parseReplaceChoices(values: readonly string[]): Array<{ decisionId: number; version: number | null }> {
  const choices = new Map<number, number | null>();
  for (const value of values.slice(0, 10_000)) {
    const match = /^(\d{1,9})(?::(\d{1,9}))?$/.exec(value.trim());
    if (match) choices.set(Number(match[1]), match[2] === undefined ? null : Number(match[2]));
  }
  return [...choices].map(([decisionId, version]) => ({ decisionId, version }));
}
