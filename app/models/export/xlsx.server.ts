/** The assessment data and the numbers per principle as an Excel workbook. */
import type ExcelJS from 'exceljs';
import { signedScore } from '~/domain/scale';
import type { Translate } from '~/i18n';
import type { YearlyNumbers } from '../report.server';
import { type Cell, FIRST_ANSWER_COLUMN, MEETING_DATE_COLUMN, SECTION_COLUMN, assessmentCells, assessmentHeaders, neutralise, xmlSafe } from './cells';
import type { AssessmentTable } from './rows.server';

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
  // Loaded at the first export, not at the server's start: it alone took 0.4 s of CPU there.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
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
