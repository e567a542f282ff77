import { describe, expect, it } from 'vitest';
import {
  IMPORT_ERROR_CODES,
  type ImportContext,
  type ImportError,
  type ImportRow,
  decodeCsv,
  detectDelimiter,
  meetingDatesOf,
  normaliseColumn,
  parseConfidential,
  parseCsv,
  parseOutcome,
  parseScore,
  readImport,
  splitProjects,
  parseReplaceChoices,
  replaceRuleOf,
} from '~/domain/import';
import { en } from '~/i18n/en';
import { fi } from '~/i18n/fi';

// Two strategy versions, written out by hand: the 2022 one adds the principle "avoin".
const SCORED_2018 = ['pienuus', 'vastavirta', 'koti-maalla', 'luonto-luovuus-tekniikka', 'ennakointi', 'positiivinen', 'verkostot'];
const PROJECTS = ['jalkauttaminen', 'markkinointi', 'viestinta', 'konseptointi', 'tapahtumat'];
const V2018 = { scored: SCORED_2018, projects: PROJECTS };
const V2022 = { scored: [...SCORED_2018, 'avoin'], projects: PROJECTS };

const context: ImportContext = {
  strategyFor: (date) => (date >= '2022-01-01' ? V2022 : V2018),
  bodies: ['Kunnanhallitus', 'Sivistyslautakunta', 'Tekninen lautakunta'],
  departments: ['Yleishallinto', 'Sivistystoimi'],
};

const BASE = 'case_number,title,body,meeting_date';
const SCORES_2018 = SCORED_2018.map((k) => `score:${k}`).join(',');
/** Seven answers of the 2018 strategy, in its order. */
const SEVEN = '2,1,0,-1,-2,ei liity,?';

function rowsOf(text: string, ctx: ImportContext = context): ImportRow[] {
  const result = readImport(text, ctx);
  if (!result.ok) throw new Error(`expected rows, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf(text: string, ctx: ImportContext = context): ImportError[] {
  const result = readImport(text, ctx);
  if (result.ok) throw new Error('expected errors, got rows');
  return result.errors;
}

/** Errors as "line column code" strings, for short expectations. */
const brief = (errors: ImportError[]) => errors.map((e) => `${e.line} ${e.column ?? '-'} ${e.code}`);

describe('decodeCsv', () => {
  it('reads UTF-8 with and without a BOM', () => {
    // The decoder drops the BOM; parseCsv would strip it too.
    const withBom = decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0xa4]));
    expect(withBom).toEqual({ ok: true, value: 'aä' });
    expect(decodeCsv(new TextEncoder().encode('pöytä'))).toEqual({ ok: true, value: 'pöytä' });
  });

  it('refuses a Latin-1 file at the line of the first byte that is not UTF-8', () => {
    // "a\nb\nä" with ä as the single Latin-1 byte 0xE4, on line 3.
    const bytes = new Uint8Array([0x61, 0x0a, 0x62, 0x0d, 0x0a, 0xe4]);
    expect(decodeCsv(bytes)).toEqual({ ok: false, errors: [{ line: 3, column: null, code: 'encoding' }] });
  });

  it('refuses UTF-16', () => {
    expect(decodeCsv(new Uint8Array([0xff, 0xfe, 0x61, 0x00]))).toEqual({ ok: false, errors: [{ line: 1, column: null, code: 'encoding' }] });
  });
});

describe('detectDelimiter', () => {
  it('takes the separator the header line has more of', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,2,3,4,5')).toBe(';');
    expect(detectDelimiter('a;b,c;d\n')).toBe(';');
  });

  it('does not count separators inside quotes, and skips leading blank lines', () => {
    expect(detectDelimiter('"a,b,c";d;e')).toBe(';');
    expect(detectDelimiter('\n\n  \na;b\n1,2,3,4')).toBe(';');
  });

  it('is a comma when the header has neither', () => {
    expect(detectDelimiter('case_number')).toBe(',');
  });
});

describe('parseCsv', () => {
  it('reads a comma-separated file with normalised header names and the line of each row', () => {
    const parsed = parseCsv(' Case_Number ,TITLE, Score : Pienuus \nA/1,Yksi,2\nA/2,Kaksi,1\n');
    expect(parsed).toEqual({
      ok: true,
      value: {
        columns: ['case_number', 'title', 'score:pienuus'],
        headerLine: 1,
        rows: [
          { line: 2, cells: ['A/1', 'Yksi', '2'] },
          { line: 3, cells: ['A/2', 'Kaksi', '1'] },
        ],
      },
    });
  });

  it('reads a semicolon-separated file whose fields hold commas', () => {
    const parsed = parseCsv('case_number;title\nA/1;Tontit, tiet ja vesi\n');
    expect(parsed.ok && parsed.value.rows).toEqual([{ line: 2, cells: ['A/1', 'Tontit, tiet ja vesi'] }]);
  });

  it('strips a UTF-8 BOM from the first column name', () => {
    const parsed = parseCsv('\uFEFFcase_number;title\nA/1;T');
    expect(parsed.ok && parsed.value.columns).toEqual(['case_number', 'title']);
  });

  it('keeps separators, quotes and line breaks inside quoted fields, and counts those lines', () => {
    const text = [
      'case_number;title;reason:pienuus', // 1
      'A/1;"Yksi; kaksi";"Rivi yksi', // 2
      'rivi kaksi', // 3
      'rivi ""kolme"""', // 4
      'A/2;Toinen;', // 5
      'A/3;"Kolmas', // 6
      '', // 7 (inside the quotes)
      'otsikko";x', // 8
      'A/4;Neljäs;', // 9
    ].join('\r\n');
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value.rows).toEqual([
      { line: 2, cells: ['A/1', 'Yksi; kaksi', 'Rivi yksi\nrivi kaksi\nrivi "kolme"'] },
      { line: 5, cells: ['A/2', 'Toinen', ''] },
      { line: 6, cells: ['A/3', 'Kolmas\n\notsikko', 'x'] },
      { line: 9, cells: ['A/4', 'Neljäs', ''] },
    ]);
  });

  it("reads CR LF, LF and CR line ends alike, and a spreadsheet's LF inside a cell between CR LF rows", () => {
    for (const nl of ['\r\n', '\n', '\r']) {
      const parsed = parseCsv(`a,b${nl}1,2${nl}3,4${nl}`);
      expect(parsed.ok && parsed.value.rows.map((r) => r.line)).toEqual([2, 3]);
    }
    const excel = parseCsv('a;b\r\n1;"x\ny"\r\n2;z\r\n');
    expect(excel.ok && excel.value.rows).toEqual([
      { line: 2, cells: ['1', 'x\ny'] },
      { line: 4, cells: ['2', 'z'] },
    ]);
  });

  it('skips blank lines and rows of empty cells, and keeps the real line numbers', () => {
    const parsed = parseCsv('\n\na;b;c\n\n1;2;3\n;;\n   \n4;5;6\n;;\n');
    expect(parsed.ok && parsed.value.headerLine).toBe(3);
    expect(parsed.ok && parsed.value.rows.map((r) => r.line)).toEqual([5, 8]);
  });

  it('reports a quote that is never closed at the line where its field starts', () => {
    expect(parseCsv('a,b\n1,2\n\n3,"auki\n4,5\n6,7')).toEqual({ ok: false, errors: [{ line: 4, column: null, code: 'unclosedQuote' }] });
  });

  it('reports an empty file', () => {
    expect(parseCsv('')).toEqual({ ok: false, errors: [{ line: 1, column: null, code: 'empty' }] });
    expect(parseCsv('\uFEFF\r\n  \r\n')).toEqual({ ok: false, errors: [{ line: 1, column: null, code: 'empty' }] });
  });

  it('normalises column names', () => {
    expect(normaliseColumn('  Meeting_Date ')).toBe('meeting_date');
    expect(normaliseColumn('REASON :Koti-Maalla')).toBe('reason:koti-maalla');
  });
});

describe('values', () => {
  it('reads every form of a score', () => {
    const cases: Array<[string, string]> = [
      ['2', '2'],
      ['+2', '2'],
      ['1', '1'],
      ['+1', '1'],
      ['0', '0'],
      ['-1', '-1'],
      ['\u22121', '-1'],
      ['-2', '-2'],
      ['\u22122', '-2'],
      [' 1 ', '1'],
      ['ei liity', 'not_relevant'],
      ['Ei Liity', 'not_relevant'],
      ['EI  LIITY', 'not_relevant'],
      ['-', 'not_relevant'],
      ['?', 'knowledge_gap'],
      ['tieto puuttuu', 'knowledge_gap'],
      ['Tieto puuttuu', 'knowledge_gap'],
    ];
    for (const [raw, expected] of cases) expect(parseScore(raw), raw).toBe(expected);
  });

  it('refuses anything else as a score', () => {
    for (const raw of ['3', '-3', '+0', '1.0', '1,5', '', 'x', '--1', '+-1', 'ei', '??', '2+']) expect(parseScore(raw), raw).toBeNull();
  });

  it('reads the outcome words of the minutes', () => {
    expect(parseOutcome('hyväksytty')).toBe('approved');
    expect(parseOutcome('Muutettu')).toBe('amended');
    expect(parseOutcome('HYLÄTTY')).toBe('rejected');
    expect(parseOutcome(' pöydälle ')).toBe('tabled');
    expect(parseOutcome('palautettu')).toBe('returned_for_preparation');
    expect(parseOutcome('returned_for_preparation')).toBe('returned_for_preparation');
    expect(parseOutcome('hyväksytään')).toBeNull();
  });

  it('reads the confidential flag', () => {
    for (const raw of ['1', 'kyllä', 'KYLLÄ', 'true', 'True']) expect(parseConfidential(raw), raw).toBe(true);
    for (const raw of ['0', 'ei', 'Ei', 'false', 'FALSE', '', ' ']) expect(parseConfidential(raw), raw).toBe(false);
    for (const raw of ['2', 'yes', 'joo', 'x']) expect(parseConfidential(raw), raw).toBeNull();
  });

  it('splits project keys at spaces and commas', () => {
    expect(splitProjects('markkinointi, konseptointi  viestinta,Markkinointi')).toEqual(['markkinointi', 'konseptointi', 'viestinta']);
    expect(splitProjects(' ')).toEqual([]);
  });
});

describe('validateImport: good files', () => {
  it('gives every field of a complete row', () => {
    const text = [
      `${BASE},department,preparer,outcome,confidential,projects,${SCORES_2018},reason:pienuus`,
      `VES/45/2018,"Kirjaston aukioloajat, laajennus",KUNNANHALLITUS,2.10.2018, sivistystoimi ,Liisa Lukkari,Muutettu,kyllä,"viestinta, tapahtumat",+2,1,0,\u22121,-2,ei liity,tieto puuttuu,"Auki
myös iltaisin"`,
    ].join('\n');
    expect(rowsOf(text)).toEqual([
      {
        line: 2,
        caseNumber: 'VES/45/2018',
        title: 'Kirjaston aukioloajat, laajennus',
        body: 'Kunnanhallitus',
        meetingDate: '2018-10-02',
        department: 'Sivistystoimi',
        preparer: 'Liisa Lukkari',
        outcome: 'amended',
        confidential: true,
        projects: ['viestinta', 'tapahtumat'],
        answers: {
          pienuus: { answer: '2', reason: 'Auki\nmyös iltaisin' },
          vastavirta: { answer: '1', reason: undefined },
          'koti-maalla': { answer: '0', reason: undefined },
          'luonto-luovuus-tekniikka': { answer: '-1', reason: undefined },
          ennakointi: { answer: '-2', reason: undefined },
          positiivinen: { answer: 'not_relevant', reason: undefined },
          verkostot: { answer: 'knowledge_gap', reason: undefined },
        },
      },
    ]);
  });

  it('takes the columns in any order and tells a missing optional column (undefined) from an empty cell', () => {
    const text = [
      `${SCORES_2018},meeting_date,body,title,case_number,outcome,confidential,projects,department,preparer`,
      `${SEVEN},2019-01-31,Sivistyslautakunta,T,A/1,,,,,`,
    ].join('\n');
    const [row] = rowsOf(text);
    expect(row).toMatchObject({ caseNumber: 'A/1', title: 'T', body: 'Sivistyslautakunta', meetingDate: '2019-01-31' });
    expect(row).toMatchObject({ department: null, preparer: null, outcome: null, confidential: false, projects: [] });
    const [bare] = rowsOf([`${BASE},${SCORES_2018}`, `A/1,T,Kunnanhallitus,2019-01-31,${SEVEN}`].join('\n'));
    expect(bare).toMatchObject({ department: undefined, preparer: undefined, outcome: undefined, confidential: undefined, projects: undefined });
    expect(bare!.answers.pienuus).toEqual({ answer: '2', reason: undefined });
  });

  it('reads a semicolon file with a BOM and CR LF line ends', () => {
    const text = `\uFEFF${BASE.replace(/,/g, ';')};${SCORES_2018.replace(/,/g, ';')}\r\nA/1;Tontit, tiet;Kunnanhallitus;1.2.2019;${SEVEN.replace(/,/g, ';')}\r\n`;
    const [row] = rowsOf(text);
    expect(row).toMatchObject({ line: 2, caseNumber: 'A/1', title: 'Tontit, tiet', meetingDate: '2019-02-01' });
    expect(row!.answers.verkostot).toEqual({ answer: 'knowledge_gap', reason: undefined });
  });

  it("needs the scores of the strategy in force on each row's date, and no more", () => {
    const text = [
      `${BASE},${SCORES_2018},score:avoin,reason:avoin`,
      `A/1,Vanha,Kunnanhallitus,2021-12-31,${SEVEN},,`,
      `A/2,Uusi,Kunnanhallitus,2022-01-01,${SEVEN},+1,Avoimuus paranee`,
    ].join('\n');
    const [old, updated] = rowsOf(text);
    expect(Object.keys(old!.answers)).toEqual(SCORED_2018);
    expect(Object.keys(updated!.answers)).toEqual([...SCORED_2018, 'avoin']);
    expect(updated!.answers.avoin).toEqual({ answer: '1', reason: 'Avoimuus paranee' });
  });

  it('collapses line breaks in one-line fields and drops control characters', () => {
    const [row] = rowsOf([`${BASE},preparer,${SCORES_2018}`, `A/1,"Kaksi\nriviä",Kunnanhallitus,2019-01-31,"Maija\u0007 Meikäläinen",${SEVEN}`].join('\n'));
    expect(row!.title).toBe('Kaksi riviä');
    expect(row!.preparer).toBe('Maija Meikäläinen');
  });

  it('lists the distinct valid meeting dates', () => {
    const parsed = parseCsv(`${BASE}\nA,T,B,2.1.2019\nB,T,B,2019-01-02\nC,T,B,huomenna\nD,T,B,2019-03-01`);
    expect(parsed.ok && meetingDatesOf(parsed.value)).toEqual(['2019-01-02', '2019-03-01']);
  });
});

describe('validateImport: errors', () => {
  it('reports every problem of the header at its line', () => {
    const text = `\n title , Title ,body,projekti,score:,,score:pienuus\nA,T,B,x,1,,2`;
    expect(brief(errorsOf(text))).toEqual([
      '2 title duplicateColumn',
      '2 projekti unknownColumn',
      '2 score: unknownColumn',
      '2 case_number missingColumn',
      '2 meeting_date missingColumn',
    ]);
  });

  it('reports a column with data but no name, and ignores an empty one', () => {
    expect(brief(errorsOf(`${BASE},,${SCORES_2018}\nA,T,Kunnanhallitus,2019-01-01,huom,${SEVEN}`))).toEqual(['1 - unnamedColumn']);
    expect(rowsOf(`${BASE},,${SCORES_2018}\nA,T,Kunnanhallitus,2019-01-01,,${SEVEN}`)).toHaveLength(1);
  });

  it('reports a file with only the header', () => {
    expect(errorsOf(`${BASE},${SCORES_2018}\n\n`)).toEqual([{ line: 1, column: null, code: 'noRows' }]);
  });

  it('reports a row with the wrong number of fields, and nothing else of it', () => {
    expect(errorsOf(`${BASE},${SCORES_2018}\nA,T,Kunnanhallitus,2019-01-01,${SEVEN},ylimääräinen\nB,T,Kunnanhallitus,2019-01-01,1,1`)).toEqual([
      { line: 2, column: null, code: 'fieldCount', params: { expected: 11, found: 12 } },
      { line: 3, column: null, code: 'fieldCount', params: { expected: 11, found: 6 } },
    ]);
  });

  it('reports every bad row with its line (counting line breaks in quotes), column and reason', () => {
    const header = `${BASE},department,preparer,outcome,confidential,projects,${SCORES_2018},reason:pienuus`;
    const ok = `Kunnanhallitus,2019-01-01,,,,,,${SEVEN},`;
    const text = [
      header, // 1
      `A/1,"Monirivinen`, // 2
      `otsikko",${ok}`, // 3
      `,,,,,,,,,${SEVEN},`, // 4: required fields empty
      `A/1,T,Lautakunta X,31.2.2019,Tekninen toimi,,hyväksytään,joo,viestinta,3,1,1,1,1,1,,`, // 5
      `A/2,${'x'.repeat(301)},Kunnanhallitus,2019/01/01,,${'p'.repeat(201)},,,,${SEVEN},${'r'.repeat(4001)}`, // 6
      `A 3!,T,Kunnanhallitus,2019-05-05,,,,,foo markkinointi bar,${SEVEN},`, // 7
      `${'V'.repeat(65)},T,Kunnanhallitus,2019-05-05,,,,,,${SEVEN},`, // 8
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      { line: 4, column: 'case_number', code: 'required' },
      { line: 4, column: 'title', code: 'required' },
      { line: 4, column: 'body', code: 'required' },
      { line: 4, column: 'meeting_date', code: 'required' },
      { line: 5, column: 'case_number', code: 'duplicateCaseNumber', params: { first: 2 } },
      { line: 5, column: 'body', code: 'unknownBody', params: { value: 'Lautakunta X' } },
      { line: 5, column: 'meeting_date', code: 'invalidDate' },
      { line: 5, column: 'department', code: 'unknownDepartment', params: { value: 'Tekninen toimi' } },
      { line: 5, column: 'outcome', code: 'invalidOutcome', params: { value: 'hyväksytään' } },
      { line: 5, column: 'confidential', code: 'invalidConfidential', params: { value: 'joo' } },
      { line: 5, column: 'score:pienuus', code: 'invalidScore', params: { value: '3' } },
      { line: 5, column: 'score:verkostot', code: 'required' },
      { line: 6, column: 'title', code: 'tooLong', params: { max: 300 } },
      { line: 6, column: 'meeting_date', code: 'invalidDate' },
      { line: 6, column: 'preparer', code: 'tooLong', params: { max: 200 } },
      { line: 6, column: 'reason:pienuus', code: 'tooLong', params: { max: 4000 } },
      { line: 7, column: 'case_number', code: 'invalidCaseNumber' },
      { line: 7, column: 'projects', code: 'unknownProject', params: { value: 'foo' } },
      { line: 7, column: 'projects', code: 'unknownProject', params: { value: 'bar' } },
      { line: 8, column: 'case_number', code: 'tooLong', params: { max: 64 } },
    ]);
  });

  it('reports a score column the strategy of that date needs, and a score it does not have', () => {
    const text = [
      `${BASE},${SCORES_2018},reason:avoin`,
      `A/1,Vanha,Kunnanhallitus,2021-06-01,${SEVEN},Ei kuulu tähän`,
      `A/2,Uusi,Kunnanhallitus,2022-06-01,${SEVEN},`,
      `A/3,Vanha tyhjä,Kunnanhallitus,2021-06-01,${SEVEN},`,
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      { line: 2, column: 'reason:avoin', code: 'notInStrategy' },
      { line: 3, column: 'score:avoin', code: 'missingScoreColumn' },
    ]);
    const withScore = [`${BASE},${SCORES_2018},score:avoin`, `A/1,Vanha,Kunnanhallitus,2021-06-01,${SEVEN},1`].join('\n');
    expect(errorsOf(withScore)).toEqual([{ line: 2, column: 'score:avoin', code: 'notInStrategy' }]);
  });

  it('reports a missing score column at every row that needs it', () => {
    const scores = SCORED_2018.filter((k) => k !== 'ennakointi')
      .map((k) => `score:${k}`)
      .join(',');
    const six = '2,1,0,-1,ei liity,?';
    const text = [`${BASE},${scores}`, `A/1,T,Kunnanhallitus,2019-01-01,${six}`, `A/2,T,Kunnanhallitus,2019-01-02,${six}`].join('\n');
    expect(brief(errorsOf(text))).toEqual(['2 score:ennakointi missingScoreColumn', '3 score:ennakointi missingScoreColumn']);
  });

  it('reports a date before any strategy was loaded', () => {
    const none: ImportContext = { ...context, strategyFor: () => null };
    expect(errorsOf(`${BASE},${SCORES_2018}\nA/1,T,Kunnanhallitus,2019-01-01,${SEVEN}`, none)).toEqual([
      { line: 2, column: 'meeting_date', code: 'noStrategy' },
    ]);
  });
});

describe('messages', () => {
  it('name every import error in Finnish and English', () => {
    for (const code of IMPORT_ERROR_CODES) {
      expect(typeof fi.dataImport.errors[code], `fi ${code}`).toBe('string');
      expect(typeof en.dataImport.errors[code], `en ${code}`).toBe('string');
    }
  });
});

describe('decisions made in the app', () => {
  it('may be replaced only from draft, returned or approved; submitted is under review, decided is frozen', () => {
    // Written out from ADR 011, not derived from the workflow table.
    expect(replaceRuleOf('draft')).toBe('replaceable');
    expect(replaceRuleOf('returned')).toBe('replaceable');
    expect(replaceRuleOf('approved')).toBe('replaceable');
    expect(replaceRuleOf('submitted')).toBe('underReview');
    expect(replaceRuleOf('decided')).toBe('frozen');
  });

  it('reads the ticked boxes "id:version"; anything else chooses nothing', () => {
    expect(parseReplaceChoices(['12:3', '15', ' 7:1 ', '12:4'])).toEqual([
      { decisionId: 12, version: 4 },
      { decisionId: 15, version: null },
      { decisionId: 7, version: 1 },
    ]);
    expect(parseReplaceChoices(['', 'x', '-1:2', '1:2:3', '1e3', '12;DROP', '9999999999'])).toEqual([]);
  });
});

describe('the bounds of one file', () => {
  // Written out: 500 data rows, 150 columns, 100 problems listed.
  const head = 'case_number,title,body,meeting_date';
  const context: ImportContext = { strategyFor: () => ({ scored: [], projects: [] }), bodies: ['Kunnanhallitus'], departments: [] };

  it('refuses a record wider than 150 columns at its line, but counts no separator inside quotes', () => {
    expect(parseCsv(`${head}\nA/1,T,K,2019-01-01\n${','.repeat(150)}\n`)).toEqual({
      ok: false,
      errors: [{ line: 3, column: null, code: 'tooManyColumns', params: { max: 150 } }],
    });
    const quoted = parseCsv(`${head}\nA/1,"${','.repeat(500)}\n${','.repeat(500)}",K,2019-01-01\nx${','.repeat(149)}\n`);
    expect(quoted.ok && quoted.value.rows.map((r) => [r.line, r.cells.length])).toEqual([
      [2, 4],
      [4, 150],
    ]);
  });

  it('refuses the 501st data row, and counts rows of empty cells against the cap too', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `A/${i},T,Kunnanhallitus,2019-01-01`).join('\n');
    const full = parseCsv(`${head}\n${rows(500)}\n`);
    expect(full.ok && full.value.rows.length).toBe(500);
    expect(parseCsv(`${head}\n${rows(501)}\n`)).toEqual({ ok: false, errors: [{ line: 502, column: null, code: 'tooManyRows', params: { max: 500 } }] });
    // Lines 2–502 are empty records: the 501st of them, on line 502, passes the cap.
    expect(parseCsv(`${head}\n${',,,\n'.repeat(600)}A/1,T,Kunnanhallitus,2019-01-01\n`)).toEqual({
      ok: false,
      errors: [{ line: 502, column: null, code: 'tooManyRows', params: { max: 500 } }],
    });
  });

  it('lists the first 100 problems and counts the rest', () => {
    const csv = `${head}\n${Array.from({ length: 300 }, (_, i) => `A/${i},,Kunnanhallitus,x`).join('\n')}`;
    const result = readImport(csv, context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Each row: title required and meeting_date invalid: 600 problems.
    expect(result.errors).toHaveLength(100);
    expect(result.more).toBe(500);
    expect(result.errors[99]).toMatchObject({ line: 51, column: 'meeting_date', code: 'invalidDate' });
  });
});
