import { describe, expect, it } from 'vitest';
import { keyFromTitle, parseFrameworkText } from '~/domain/framework';
import { dimensionSchema, principleSchema, versionMetaSchema } from '~/domain/framework-form';
import { fieldErrorsOf } from '~/domain/validation';

const file = (dimensions: unknown[], framework: Record<string, unknown> = {}) =>
  JSON.stringify({ framework: { key: 'kunta-2030', name: 'Kuntastrategia', validFrom: '2030-01-01', ...framework }, dimensions });
const scored = (key: string, name: string, principles: unknown[]) => ({ key, name, kind: 'scored', principles });

describe('parseStrategyText', () => {
  it('reads a valid file, with defaults for the lists', () => {
    const result = parseFrameworkText(file([scored('visio', 'Visio', [{ key: 'avoin', title: 'Avoin' }])]));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.file.dimensions[0]!.principles[0]).toMatchObject({ key: 'avoin', guidingQuestions: [], description: '' });
  });

  it('tolerates a byte order mark', () => {
    expect(parseFrameworkText(`\uFEFF${file([scored('visio', 'Visio', [{ key: 'a', title: 'A' }])])}`).ok).toBe(true);
  });

  it('gives the line and column of a JSON syntax error, counted as a person counts', () => {
    const text = '{\n  "framework": {\n    "key": "x",\n  }\n}';
    const result = parseFrameworkText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ code: 'jsonSyntax', line: 4 });
      // The character V8 names is on that line.
      const lines = text.split('\n');
      expect(lines[3]!.slice(0, result.problems[0]!.column)).toContain('}');
    }
  });

  it('names the dimension and principle of a duplicate key, by number and by name', () => {
    const result = parseFrameworkText(
      file([
        scored('visio', 'Visio', [{ key: 'a', title: 'A' }]),
        scored('tapa', 'Toimintatapa', [
          { key: 'b', title: 'B' },
          { key: 'a', title: 'Toinen A' },
        ]),
      ]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        { code: 'duplicateKey', dimension: { n: 2, label: 'Toimintatapa' }, principle: { n: 2, label: 'Toinen A' }, field: 'key' },
      ]);
    }
  });

  it('names an empty title by the principle’s key, and a missing dimension name by the dimension’s key', () => {
    const result = parseFrameworkText(file([{ key: 'visio', kind: 'scored', principles: [{ key: 'a', title: '  ' }] }]));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toContainEqual({ code: 'required', dimension: { n: 1, label: 'visio' }, field: 'name' });
      expect(result.problems).toContainEqual({ code: 'required', dimension: { n: 1, label: 'visio' }, principle: { n: 1, label: 'a' }, field: 'title' });
    }
  });

  it('refuses a date that is no day, a bad key, an unknown kind, no scored dimension and an end before the start', () => {
    const codes = (text: string) => {
      const result = parseFrameworkText(text);
      return result.ok ? [] : result.problems.map((p) => `${p.code}@${p.field ?? ''}`);
    };
    expect(codes(file([scored('v', 'V', [{ key: 'a', title: 'A' }])], { validFrom: '2030-02-30' }))).toEqual(['invalidDate@validFrom']);
    expect(codes(file([scored('v', 'V', [{ key: 'Iso Avain', title: 'A' }])]))).toEqual(['invalidKey@key']);
    expect(codes(file([{ key: 'v', name: 'V', kind: 'weird', principles: [{ key: 'a', title: 'A' }] }]))).toEqual(['invalidChoice@kind']);
    expect(codes(file([{ key: 'v', name: 'V', kind: 'linked', principles: [{ key: 'a', title: 'A' }] }]))).toEqual(['noScored@dimensions']);
    expect(codes(file([scored('v', 'V', [{ key: 'a', title: 'A' }])], { validTo: '2029-12-31' }))).toEqual(['dateOrder@validTo']);
    expect(codes(file([scored('v', 'V', [])]))).toEqual(['noPrinciples@principles']);
  });

  it('names the item of a list: the second guiding question', () => {
    const result = parseFrameworkText(file([scored('v', 'V', [{ key: 'a', title: 'A', guidingQuestions: ['Hyvä?', '  '] }])]));
    expect(result).toEqual({
      ok: false,
      problems: [{ code: 'required', dimension: { n: 1, label: 'V' }, principle: { n: 1, label: 'A' }, field: 'guidingQuestions', item: 2 }],
    });
  });

  it('refuses a file that is not an object', () => {
    expect(parseFrameworkText('[1, 2]')).toEqual({ ok: false, problems: [{ code: 'notObject' }] });
    expect(parseFrameworkText('"teksti"')).toEqual({ ok: false, problems: [{ code: 'notObject' }] });
  });
});

describe('keyFromTitle', () => {
  it.each([
    ['Avoin', 'avoin'],
    ['Pienuus on vahvuus!', 'pienuus-on-vahvuus'],
    ['Koti maalla, maailma lähellä!', 'koti-maalla-maailma-lahella'],
    ['Åland ja Öljy', 'aland-ja-oljy'],
    ['  --  ', ''],
  ])('%s → %s', (title, key) => {
    expect(keyFromTitle(title)).toBe(key);
  });

  it('keeps a key within 64 characters without a trailing hyphen', () => {
    const key = keyFromTitle(`${'a'.repeat(63)} b`);
    expect(key.length).toBeLessThanOrEqual(64);
    expect(key.endsWith('-')).toBe(false);
  });
});

describe('the strategy editor’s forms', () => {
  it('reads the version details with Finnish dates, and refuses an end before the start at the end date', () => {
    const base = { key: 'kunta-2027', name: 'Kuntastrategia', approvedBy: '', approvedOn: '', validFrom: '1.1.2027', validTo: '' };
    expect(versionMetaSchema.parse({ ...base, visionName: '' })).toMatchObject({ validFrom: '2027-01-01', validTo: null, approvedOn: null });
    const bad = versionMetaSchema.safeParse({ ...base, visionName: '', validTo: '31.12.2026' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(fieldErrorsOf(bad.error)).toEqual({ validTo: { code: 'dateOrder' } });
  });

  it('reads questions one per line, dropping empty lines', () => {
    const parsed = principleSchema.parse({ dimensionId: '3', key: 'avoin', title: 'Avoin', description: '', guidingQuestions: 'Yksi?\r\n\n  Kaksi?  \n' });
    expect(parsed.guidingQuestions).toEqual(['Yksi?', 'Kaksi?']);
    expect(dimensionSchema.parse({ key: 'tapa', name: 'Tapa', question: '', kind: 'scored', evaluationQuestions: 'A\nB' }).evaluationQuestions).toEqual([
      'A',
      'B',
    ]);
  });

  it('gives each field its own message', () => {
    const bad = principleSchema.safeParse({ dimensionId: '', key: 'Iso', title: ' ', description: '', guidingQuestions: '' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(fieldErrorsOf(bad.error)).toMatchObject({ key: { code: 'invalidKey' }, title: { code: 'required' } });
  });
});
