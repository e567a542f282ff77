/**
 * What a report may show of one decision and its assessment. A confidential one (it concerns
 * an individual company or person) stays with those who saw the draft: reports count it but never
 * show its title or texts.
 *
 * Every way the yearly report and the overview leave the app or reach a reader — the report page
 * (also printed), the overview's lists, the CSV, the .xlsx and the .docx — turns its decision rows
 * into this form here, and takes what names a decision only from what this returns: this is the
 * one place the rule is applied. (The JSON numbers and `npm run report` carry no row of a
 * decision at all, only counts.)
 *
 * "Not named" means: of a confidential decision nothing an official wrote about the matter leaves
 * — not its title, its case number (diaarinumero), its description, the § of the minutes, the
 * preparer's name, nor any text of its assessment (a rationale, a mitigation, what is missing),
 * and no link to it. What counts it stays: the meeting date, the body and department, the state,
 * the scores. The flag fails closed: a row whose `confidential` is anything but an explicit false
 * is treated as confidential, and a row without the flag (a query that forgot to select
 * `d.confidential`) is refused with an error instead of being shown as public.
 */

/**
 * A decision row as a query selects it (snake_case): `id`, `confidential` and `meeting_date` are
 * required; it may have `title`, `case_number`, `description`, `minutes_section`, `preparer`, and
 * `text`: the assessment's own words shown beside the row (a rationale, a mitigation, what is
 * missing), selected under that name.
 */
type Row = Readonly<Record<string, unknown>>;

/** A decision as a report may show it. Every text is null for a confidential decision. */
export interface Disclosed {
  /** The decision to link to; null for a confidential one (a report never links to it). */
  decisionId: number | null;
  confidential: boolean;
  /** As stored: an ISO date. */
  meetingDate: string;
  title: string | null;
  caseNumber: string | null;
  description: string | null;
  minutesSection: string | null;
  preparer: string | null;
  text: string | null;
}

/** False only for an explicit "no" (SQLite's 0, PostgreSQL's false); anything else is confidential. */
export function isConfidential(flag: unknown): boolean {
  if (flag === undefined || flag === null) {
    throw new Error('disclosure: the row has no confidential flag (select d.confidential with it)');
  }
  return !(flag === false || flag === 0 || flag === '0' || flag === 'false' || flag === 'f');
}

const textOf = (value: unknown): string | null => (value === undefined || value === null ? null : String(value));

/** The one place a report decides what of a decision it may show. */
export function disclose(row: Row): Disclosed {
  const confidential = isConfidential(row.confidential);
  const meetingDate = String(row.meeting_date);
  if (confidential) {
    return { decisionId: null, confidential, meetingDate, title: null, caseNumber: null, description: null, minutesSection: null, preparer: null, text: null };
  }
  return {
    decisionId: Number(row.id),
    confidential,
    meetingDate,
    title: textOf(row.title),
    caseNumber: textOf(row.case_number),
    description: textOf(row.description),
    minutesSection: textOf(row.minutes_section),
    preparer: textOf(row.preparer),
    text: textOf(row.text),
  };
}
