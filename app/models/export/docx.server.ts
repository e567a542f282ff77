/** The yearly report to the council as a Word document (A4) for the agenda system. */
import { AlignmentType, Document, Footer, Header, HeadingLevel, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { formatDate } from '~/domain/dates';
import { signedScore } from '~/domain/scale';
import { existedText } from '~/domain/summary';
import { type Language, type Translate, formatNumber } from '~/i18n';
import type { NamedDecision, PrincipleNumbers } from '../report.server';
import { xmlSafe } from './cells';
import type { DocxReport, ReportPageData } from './docx-content.server';

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
