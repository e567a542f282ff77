/**
 * The export files without a database: the CSV writer (BOM, separator, line
 * ends, quoting, formula neutralisation), the cells of one assessment, the workbook read back
 * with exceljs and the Word document unzipped. Expected values are written out by hand.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { translator } from '~/i18n';
import {
  type AssessmentTable,
  type DocxReport,
  assessmentCells,
  assessmentCsv,
  assessmentHeaders,
  neutralise,
  toCsv,
  toDocx,
  toXlsx,
} from '~/models/export.server';
import type { YearlyNumbers } from '~/models/report.server';
import { unzip } from '../support/zip';

const t = translator('fi');
const BOM = '\uFEFF';

describe('toCsv', () => {
  it('starts with the UTF-8 byte order mark, separates with semicolons and ends lines with CRLF', () => {
    const csv = toCsv(
      [
        ['Äänestys', 'Öljy', 1],
        ['b', null, undefined],
      ],
      ['Otsikko', 'Toimielin', 'Pienuus'],
    );
    expect(csv).toBe(`${BOM}Otsikko;Toimielin;Pienuus\r\nÄänestys;Öljy;1\r\nb;;\r\n`);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes fields with a semicolon, a quote or a line break, doubling the quotes', () => {
    const csv = toCsv([['a;b', 'hän sanoi "kyllä"', 'rivi 1\nrivi 2', 'rivi 1\r\nrivi 2', 'tavallinen, pilkku']], ['h']);
    expect(csv.split('\r\n')[1]).toBe('"a;b";"hän sanoi ""kyllä""";"rivi 1\nrivi 2";"rivi 1');
    expect(csv).toBe(`${BOM}h\r\n"a;b";"hän sanoi ""kyllä""";"rivi 1\nrivi 2";"rivi 1\r\nrivi 2";tavallinen, pilkku\r\n`);
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    const csv = toCsv([['=SUM(1)', '+1', '@x', '-cmd', '\tx', '=1;2']], ['h']);
    expect(csv.split('\r\n')[1]).toBe(`'=SUM(1);'+1;'@x;'-cmd;'\tx;"'=1;2"`);
  });

  it('neutralises a carriage return at the start (and quotes the field for its line break)', () => {
    expect(toCsv([['\r=1']], ['h'])).toBe(`${BOM}h\r\n"'\r=1"\r\n`);
  });

  it('keeps the scores numbers: -1 and -2 are written without an apostrophe', () => {
    const csv = toCsv([[-2, -1, 0, 1, 2, '-1', '-2']], ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(csv.split('\r\n')[1]).toBe('-2;-1;0;1;2;-1;-2');
  });

  it('neutralises a text that only looks like a score', () => {
    const csv = toCsv([['-1 (arvio)', '-3', '+2', '- 1', '-1-1']], ['h']);
    expect(csv.split('\r\n')[1]).toBe("'-1 (arvio);'-3;'+2;'- 1;'-1-1");
  });

  it('neutralises the header row too', () => {
    expect(toCsv([], ['=otsikko', 'ok'])).toBe(`${BOM}'=otsikko;ok\r\n`);
  });

  it('writes a fraction with a decimal comma, as Excel in Finnish reads it', () => {
    expect(toCsv([[0.5, -1.25]], ['a', 'b']).split('\r\n')[1]).toBe('0,5;-1,25');
  });
});

describe('neutralise', () => {
  it('leaves ordinary text and exact scores alone', () => {
    expect(neutralise('Koulun hanke')).toBe('Koulun hanke');
    expect(neutralise('')).toBe('');
    expect(neutralise('-2')).toBe('-2');
    expect(neutralise('2')).toBe('2');
    expect(neutralise('a=b')).toBe('a=b');
    expect(neutralise('-')).toBe("'-");
  });
});

const TABLE: AssessmentTable = {
  period: { from: '2025-09-01', to: '2026-08-31', year: 2026 },
  principles: [
    { key: 'pienuus', title: 'Pienuus on vahvuus!' },
    { key: 'verkostot', title: 'Verkostot ja yhteistyö' },
  ],
  rows: [
    {
      assessmentId: 1,
      caseNumber: 'VES/1/2025',
      title: '=HYPERLINK("http://x")',
      body: 'Kunnanhallitus',
      department: 'Yleishallinto',
      meetingDate: '2.10.2025',
      meetingDateIso: '2025-10-02',
      status: 'decided',
      outcome: 'amended',
      minutesSection: '45',
      confidential: false,
      routine: false,
      answers: { pienuus: -2, verkostot: 'knowledge_gap' },
      projects: ['viestinta', 'markkinointi'],
    },
    {
      assessmentId: 2,
      // A confidential row as assessmentRows gives it (disclose()): no case number, title or §.
      caseNumber: '',
      title: '',
      body: 'Tekninen lautakunta',
      department: 'Tekninen toimi',
      meetingDate: '15.3.2026',
      meetingDateIso: '2026-03-15',
      status: 'approved',
      outcome: null,
      minutesSection: '',
      confidential: true,
      routine: true,
      answers: { pienuus: 'not_relevant', verkostot: 'not_relevant' },
      projects: [],
    },
  ],
};

describe('the assessment rows as cells', () => {
  it('have a header per field, one column per principle (its title) and the projects last', () => {
    expect(assessmentHeaders(TABLE, t)).toEqual([
      'Diaarinumero',
      'Otsikko',
      'Toimielin',
      'Hallintokunta',
      'Kokouspäivä',
      'Tila',
      'Päätös',
      'Pykälä (§)',
      'Luottamuksellinen',
      'Rutiiniasia',
      'Pienuus on vahvuus!',
      'Verkostot ja yhteistyö',
      'Strategiaprojektit',
    ]);
  });

  it('write the answers as numbers or as "ei liity" / "tieto puuttuu", flags as kyllä/ei', () => {
    expect(assessmentCells(TABLE.rows[0]!, TABLE, t)).toEqual([
      'VES/1/2025',
      '=HYPERLINK("http://x")',
      'Kunnanhallitus',
      'Yleishallinto',
      '2.10.2025',
      'Päätetty',
      'Hyväksytty muutettuna',
      '45',
      'ei',
      'ei',
      -2,
      'tieto puuttuu',
      'viestinta markkinointi',
    ]);
    expect(assessmentCells(TABLE.rows[1]!, TABLE, t)).toEqual([
      '',
      '',
      'Tekninen lautakunta',
      'Tekninen toimi',
      '15.3.2026',
      'Hyväksytty',
      '',
      '',
      'kyllä',
      'kyllä',
      'ei liity',
      'ei liity',
      '',
    ]);
  });

  it('come out of the CSV neutralised and quoted, the score still a number', () => {
    const lines = assessmentCsv(TABLE, t).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      `VES/1/2025;"'=HYPERLINK(""http://x"")";Kunnanhallitus;Yleishallinto;2.10.2025;Päätetty;Hyväksytty muutettuna;45;ei;ei;-2;tieto puuttuu;viestinta markkinointi`,
    );
    expect(lines[2]).toBe(';;Tekninen lautakunta;Tekninen toimi;15.3.2026;Hyväksytty;;;kyllä;kyllä;ei liity;ei liity;');
    expect(lines[3]).toBe('');
  });

  it('in English use the English words', () => {
    const cells = assessmentCells(TABLE.rows[1]!, TABLE, translator('en'));
    expect(cells.slice(8, 12)).toEqual(['yes', 'yes', 'not relevant', 'not relevant']);
  });
});

const NUMBERS: YearlyNumbers = {
  from: '2025-09-01',
  to: '2026-08-31',
  assessments: 2,
  routine: 1,
  principles: [
    {
      key: 'pienuus',
      title: 'Pienuus on vahvuus!',
      dimension: 'visio',
      n: 3,
      mean: 1 / 3,
      distribution: { '-2': 1, '-1': 0, '0': 0, '1': 1, '2': 1 },
      notRelevant: 1,
      knowledgeGap: 0,
    },
    {
      key: 'verkostot',
      title: 'Verkostot ja yhteistyö',
      dimension: 'toimintatapa',
      n: 0,
      mean: null,
      distribution: { '-2': 0, '-1': 0, '0': 0, '1': 0, '2': 0 },
      notRelevant: 1,
      knowledgeGap: 1,
    },
  ],
  bodies: [],
  departments: [],
  projects: [],
};

describe('toXlsx', () => {
  it('writes the rows with a frozen header, numbers as numbers, dates as dates and text neutralised', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(TABLE, NUMBERS, t)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Arvioinnit')!;
    expect(sheet).toBeDefined();
    expect(sheet.rowCount).toBe(3);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(11).value).toBe('Pienuus on vahvuus!');
    const first = sheet.getRow(2);
    expect(first.getCell(2).value).toBe(`'=HYPERLINK("http://x")`);
    expect(first.getCell(5).value).toEqual(new Date(Date.UTC(2025, 9, 2)));
    expect(first.getCell(8).value).toBe(45);
    expect(first.getCell(11).value).toBe(-2);
    expect(first.getCell(12).value).toBe('tieto puuttuu');
    expect(sheet.getRow(3).getCell(2).value ?? '').toBe('');
    expect(sheet.getColumn(2).width).toBeGreaterThan(8);

    const stats = workbook.getWorksheet('Luvut periaatteittain')!;
    expect(stats.rowCount).toBe(3);
    expect(stats.getRow(2).values).toEqual([undefined, 'Pienuus on vahvuus!', 'pienuus', 'visio', 3, 1 / 3, 1, 0, 0, 1, 1, 1, 0]);
    expect(stats.getRow(3).getCell(5).value ?? null).toBeNull();
  });
});

describe('toDocx', () => {
  const decision = (title: string | null, score: number | null, text: string | null) => ({
    id: title ? 7 : null,
    title,
    meetingDate: '2026-02-03',
    score,
    text,
  });
  const report: DocxReport = {
    municipality: 'Esimerkkilän kunta',
    title: 'Strategian toteutumisen arviointi 2026',
    partial: false,
    madeOn: '2026-08-20',
    page: {
      numbers: NUMBERS,
      previous: { from: '2024-09-01', to: '2025-08-31', year: 2025, means: { pienuus: 0.5 } },
      coverage: { draft: 4, submitted: 3, returned: 0, approved: 1, decided: 1 },
      byBody: [],
      byDepartment: [],
      negatives: [{ principleKey: 'pienuus', ...decision(null, -2, null) }],
      projects: [],
      supporters: { pienuus: [decision('Kirjaston <uudet> aukioloajat & muuta', 2, 'Perustelu')], verkostot: [] },
      projectTitles: {},
      // The report page may carry more (it is being extended beside this work); the document reads these.
    } as unknown as DocxReport['page'],
    round: {
      id: 1,
      period: { from: '2025-09-01', to: '2026-08-31', year: 2026 },
      status: 'sent',
      surveyOpen: false,
      summary: 'Yhteenvedon ensimmäinen rivi\nToinen rivi',
      proposals: 'Lisätään avoimuus periaatteeksi.',
      sentOn: '2026-08-10',
      boardComments: '',
      presentedOn: null,
      version: 3,
      answers: { 'pienuus:1': { text: 'Ryhmän vastaus pienuudesta', version: 1, updatedBy: null, updatedAt: '' } },
    },
    topics: [
      {
        key: 'pienuus',
        title: 'Pienuus on vahvuus!',
        dimension: 'visio',
        dimensionName: 'Visio',
        kind: 'scored',
        questions: [
          { key: 'pienuus:1', text: 'Missä tähän on tukeuduttu?' },
          { key: 'pienuus:2', text: 'Miten tätä on viestitty?' },
        ],
      },
    ],
  };

  it('is an A4 document with the municipality and the period in the header and the texts in the body', async () => {
    const files = unzip(await toDocx(report, t, 'fi'));
    const body = files.get('word/document.xml')!.toString('utf8');
    const header = [...files]
      .filter(([name]) => /^word\/header\d*\.xml$/.test(name))
      .map(([, data]) => data.toString('utf8'))
      .join('');
    expect(header).toContain('Esimerkkilän kunta');
    expect(header).toContain('1.9.2025–31.8.2026');
    expect(body).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(body).toContain('Esimerkkilän kunta');
    expect(body).toContain('Arviointijakso 1.9.2025–31.8.2026');
    // The mean with two decimals and a comma; the library escapes < > & itself.
    expect(body).toContain('+0,33');
    expect(body).toContain('Kirjaston &lt;uudet&gt; aukioloajat &amp; muuta');
    expect(body).toContain('Luottamuksellinen asia (ei nimetä)');
    expect(body).toContain('Ryhmän vastaus pienuudesta');
    expect(body).toContain('(ei vastausta)');
    expect(body).toContain('Yhteenvedon ensimmäinen rivi');
    expect(body).toContain('Toinen rivi');
    expect(body).toContain('Lisätään avoimuus periaatteeksi.');
    expect(body).toContain('Lähetetty kunnanhallitukselle 10.8.2026.');
  });

  it('says when it covers only a manager’s departments', async () => {
    const own = unzip(await toDocx({ ...report, partial: true }, t, 'fi'))
      .get('word/document.xml')!
      .toString('utf8');
    expect(own).toContain('Raportissa ovat mukana vain lataajan johtamien hallintokuntien arvioinnit.');
    const all = unzip(await toDocx(report, t, 'fi'))
      .get('word/document.xml')!
      .toString('utf8');
    expect(all).not.toContain('Raportissa ovat mukana vain');
  });

  it('says so when no round exists for the period', async () => {
    const body = unzip(await toDocx({ ...report, round: null }, t, 'fi'))
      .get('word/document.xml')!
      .toString('utf8');
    expect(body).toContain('Jaksolle ei ole avattu arviointikierrosta.');
    expect(body).not.toContain('Ryhmän vastaus pienuudesta');
  });
});
