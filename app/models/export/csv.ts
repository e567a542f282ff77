/** The assessment data as CSV for Excel in Finnish. */
import type { Translate } from '~/i18n';
import { type Cell, assessmentCells, assessmentHeaders, neutralise } from './cells';
import type { AssessmentTable } from './rows.server';

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

export function assessmentCsv(table: AssessmentTable, t: Translate): string {
  return toCsv(
    table.rows.map((r) => assessmentCells(r, table, t)),
    assessmentHeaders(table, t),
  );
}
