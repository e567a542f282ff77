/**
 * An assessment as the cells of a spreadsheet row (CSV and .xlsx alike), and what keeps a
 * spreadsheet or a Word document from running or choking on a text: neutralise() and xmlSafe().
 */
import type { Translate } from '~/i18n';
import type { AssessmentExportRow, AssessmentTable, ExportAnswer } from './rows.server';

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

/** Characters XML 1.0 cannot hold at all (C0 controls but tab and line breaks): dropped, not escaped. */
export const xmlSafe = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

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
export const MEETING_DATE_COLUMN = 4;
export const SECTION_COLUMN = 7;
export const FIRST_ANSWER_COLUMN = 10;

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
