/**
 * The one rule of what a report may show of a decision (app/domain/disclosure.ts).
 * A confidential one keeps what counts it (its date) and loses everything that names it; the
 * flag fails closed; a row without the flag is refused. The integration proof, every file read
 * back, is in test/integration/export.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { disclose, isConfidential } from '~/domain/disclosure';

const row = {
  id: 41,
  meeting_date: '2027-02-15',
  title: 'SALAINEN-OTSIKKO',
  case_number: 'DNRO-SALAINEN-9/2026',
  description: 'SALAINEN-KUVAUS',
  minutes_section: '8317Q',
  preparer: 'SALAINEN-VALMISTELIJA',
  text: 'SALAINEN-PERUSTELU',
  // Columns a query selects besides: never part of what disclose() returns.
  score: -2,
  body: 'Tekninen lautakunta',
};
const TEXTS = ['SALAINEN', '8317Q'];

describe('disclose', () => {
  // SQLite gives 1, PostgreSQL true; text forms in case a driver or a raw query gives them.
  for (const flag of [1, true, '1', 't', 'true', 2, 'yes']) {
    it(`confidential (${JSON.stringify(flag)}): no text, no link, the date kept`, () => {
      const shown = disclose({ ...row, confidential: flag });
      expect(shown).toEqual({
        decisionId: null,
        confidential: true,
        meetingDate: '2027-02-15',
        title: null,
        caseNumber: null,
        description: null,
        minutesSection: null,
        preparer: null,
        text: null,
      });
      for (const text of TEXTS) expect(JSON.stringify(shown)).not.toContain(text);
    });
  }

  for (const flag of [0, false, '0', 'f', 'false']) {
    it(`public (${JSON.stringify(flag)}): every field as stored`, () => {
      expect(disclose({ ...row, confidential: flag })).toEqual({
        decisionId: 41,
        confidential: false,
        meetingDate: '2027-02-15',
        title: 'SALAINEN-OTSIKKO',
        caseNumber: 'DNRO-SALAINEN-9/2026',
        description: 'SALAINEN-KUVAUS',
        minutesSection: '8317Q',
        preparer: 'SALAINEN-VALMISTELIJA',
        text: 'SALAINEN-PERUSTELU',
      });
    });
  }

  it('a public row without the optional columns gives nulls, not "undefined"', () => {
    expect(disclose({ id: '7', confidential: 0, meeting_date: '2026-12-10', title: 'Julkinen', case_number: null })).toMatchObject({
      decisionId: 7,
      title: 'Julkinen',
      caseNumber: null,
      description: null,
      minutesSection: null,
      text: null,
    });
  });

  it('a row whose query forgot the flag is refused, never shown as public', () => {
    const { confidential: _, ...withoutFlag } = { ...row, confidential: 1 };
    expect(() => disclose(withoutFlag)).toThrow(/confidential flag/);
    expect(() => disclose({ ...row, confidential: null })).toThrow(/confidential flag/);
    expect(() => isConfidential(undefined)).toThrow(/confidential flag/);
  });
});
