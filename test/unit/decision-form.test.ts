import { describe, expect, it } from 'vitest';
import { type DecisionFormValues, decisionSchema, readDecisionForm } from '~/domain/decision-form';
import { LIMITS } from '~/domain/limits';
import { type FieldErrors, fieldErrorsOf } from '~/domain/validation';

const valid = (overrides: Partial<DecisionFormValues> = {}): DecisionFormValues => ({
  title: 'Kyläkoulun peruskorjaus',
  caseNumber: 'VES/123/2019',
  bodyId: '2',
  departmentId: '5',
  meetingDate: '15.3.2026',
  description: 'Esitetään koulun peruskorjauksen aloittamista.',
  confidential: false,
  ...overrides,
});

function errorsOf(input: unknown): FieldErrors {
  const result = decisionSchema.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe('readDecisionForm', () => {
  it('reads every field as typed', () => {
    expect(
      readDecisionForm(
        form({
          title: ' Otsikko ',
          caseNumber: 'VES/1/2026',
          bodyId: '3',
          departmentId: '7',
          meetingDate: '1.4.2026',
          description: 'Kuvaus',
          confidential: 'on',
        }),
      ),
    ).toEqual({
      title: ' Otsikko ',
      caseNumber: 'VES/1/2026',
      bodyId: '3',
      departmentId: '7',
      meetingDate: '1.4.2026',
      description: 'Kuvaus',
      confidential: true,
    });
  });

  it('reads a ticked checkbox ("on") as confidential', () => {
    expect(readDecisionForm(form({ confidential: 'on' })).confidential).toBe(true);
  });

  it('reads a missing checkbox as not confidential', () => {
    expect(readDecisionForm(form({})).confidential).toBe(false);
  });

  it('reads any other checkbox value as not confidential', () => {
    expect(readDecisionForm(form({ confidential: 'off' })).confidential).toBe(false);
    expect(readDecisionForm(form({ confidential: 'true' })).confidential).toBe(false);
  });

  it('reads missing fields and files as empty texts', () => {
    const data = new FormData();
    data.set('title', new Blob(['x']), 'title.txt');
    expect(readDecisionForm(data)).toEqual({
      title: '',
      caseNumber: '',
      bodyId: '',
      departmentId: '',
      meetingDate: '',
      description: '',
      confidential: false,
    });
  });
});

describe('decisionSchema', () => {
  it('accepts a complete draft, converting the Finnish date and the ids', () => {
    expect(decisionSchema.parse(valid())).toEqual({
      title: 'Kyläkoulun peruskorjaus',
      caseNumber: 'VES/123/2019',
      bodyId: 2,
      departmentId: 5,
      meetingDate: '2026-03-15',
      description: 'Esitetään koulun peruskorjauksen aloittamista.',
      confidential: false,
    });
  });

  it('accepts a read form end to end', () => {
    const values = readDecisionForm(
      form({
        title: 'Tarkastajien valinta',
        caseNumber: '',
        bodyId: '1',
        departmentId: '1',
        meetingDate: '2026-08-31',
        description: 'Valitaan pöytäkirjan tarkastajat.',
        confidential: 'on',
      }),
    );
    expect(decisionSchema.parse(values)).toEqual({
      title: 'Tarkastajien valinta',
      caseNumber: '',
      bodyId: 1,
      departmentId: 1,
      meetingDate: '2026-08-31',
      description: 'Valitaan pöytäkirjan tarkastajat.',
      confidential: true,
    });
  });

  it('trims the texts', () => {
    const data = decisionSchema.parse(valid({ title: '  Otsikko  ', caseNumber: ' VES/1/2026 ', description: '\nKuvaus\n' }));
    expect(data.title).toBe('Otsikko');
    expect(data.caseNumber).toBe('VES/1/2026');
    expect(data.description).toBe('Kuvaus');
  });

  it('requires the title, body, department, meeting date and description', () => {
    expect(errorsOf(valid({ title: '', bodyId: '', departmentId: '', meetingDate: '', description: '' }))).toEqual({
      title: { code: 'required' },
      bodyId: { code: 'required' },
      departmentId: { code: 'required' },
      meetingDate: { code: 'required' },
      description: { code: 'required' },
    });
  });

  it('counts white space only as missing', () => {
    expect(errorsOf(valid({ title: '   ', meetingDate: ' ', description: '\n\t' }))).toEqual({
      title: { code: 'required' },
      meetingDate: { code: 'required' },
      description: { code: 'required' },
    });
  });

  it('makes the case number optional', () => {
    expect(errorsOf(valid({ caseNumber: '' }))).toEqual({});
    expect(errorsOf(valid({ caseNumber: '   ' }))).toEqual({});
  });

  it.each(['VES/123/2019', 'VES 123/2019', 'KH 12.3.2026 45', 'D:123_4-5', 'Ä1', '2019/123', 'vesanto.fi/1'])('accepts the case number %j', (caseNumber) => {
    expect(errorsOf(valid({ caseNumber }))).toEqual({});
  });

  it.each(['<b>', '<script>alert(1)</script>', '/123', '-VES', 'VES/1"', "VES'1", 'VES;1', 'VES§1', 'a&b'])('rejects the case number %j', (caseNumber) => {
    expect(errorsOf(valid({ caseNumber }))).toEqual({ caseNumber: { code: 'invalidCaseNumber' } });
  });

  it('limits the case number', () => {
    expect(errorsOf(valid({ caseNumber: 'A'.repeat(LIMITS.caseNumber) }))).toEqual({});
    expect(errorsOf(valid({ caseNumber: 'A'.repeat(LIMITS.caseNumber + 1) }))).toEqual({
      caseNumber: { code: 'tooLong', params: { max: 64 } },
    });
  });

  it('limits the title', () => {
    expect(errorsOf(valid({ title: 'x'.repeat(LIMITS.title) }))).toEqual({});
    expect(errorsOf(valid({ title: 'x'.repeat(LIMITS.title + 1) }))).toEqual({
      title: { code: 'tooLong', params: { max: 300 } },
    });
  });

  it('limits the description', () => {
    expect(errorsOf(valid({ description: 'x'.repeat(LIMITS.description) }))).toEqual({});
    expect(errorsOf(valid({ description: 'x'.repeat(LIMITS.description + 1) }))).toEqual({
      description: { code: 'tooLong', params: { max: 4000 } },
    });
  });

  it.each([
    ['15.3.2026', '2026-03-15'],
    ['2026-03-15', '2026-03-15'],
    [' 1.12.2026 ', '2026-12-01'],
    ['29.2.2028', '2028-02-29'],
  ])('reads the meeting date %j as %s', (meetingDate, expected) => {
    expect(decisionSchema.parse(valid({ meetingDate })).meetingDate).toBe(expected);
  });

  it.each(['2026-02-30', '31.2.2026', '2026-13-01', '32.1.2026', 'ensi tiistaina', '15/3/2026'])('rejects the meeting date %j as invalid', (meetingDate) => {
    expect(errorsOf(valid({ meetingDate }))).toEqual({ meetingDate: { code: 'invalidDate' } });
  });

  it.each(['abc', '-1', '1.5', '1e3', '1234567890', ' ', '0x1'])('rejects the id %j', (bodyId) => {
    expect(Object.keys(errorsOf(valid({ bodyId })))).toEqual(['bodyId']);
  });

  it('accepts a description the browser let through: line breaks sent as CRLF count as one character', () => {
    // The textarea counts a line break as one character; the browser sends it as CR LF.
    // 40 paragraphs of 99 characters: 3999 in the textarea, 4038 in the request.
    const typed = Array.from({ length: 40 }, () => 'a'.repeat(99)).join('\n');
    expect(typed.length).toBeLessThanOrEqual(LIMITS.description);
    const values = readDecisionForm(
      form({
        title: 'Otsikko',
        caseNumber: '',
        bodyId: '1',
        departmentId: '1',
        meetingDate: '15.3.2026',
        description: typed.replace(/\n/g, '\r\n'),
      }),
    );
    expect(errorsOf(values)).toEqual({});
  });
});
