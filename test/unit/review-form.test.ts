import { describe, expect, it } from 'vitest';
import { LIMITS } from '~/domain/limits';
import { commentField, readRecordDecisionForm, readReviewForm, recordDecisionSchema, reviewSchema } from '~/domain/review-form';
import { type FieldErrors, fieldErrorsOf } from '~/domain/validation';
import { OUTCOMES } from '~/domain/workflow';

const KEYS = ['elinvoimainen', 'rohkea'];

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const review = (overrides: Record<string, unknown> = {}) => ({
  outcome: 'approve',
  comment: '',
  principleComments: { elinvoimainen: '', rohkea: '' },
  ...overrides,
});

function reviewErrors(input: unknown): FieldErrors {
  const result = reviewSchema(KEYS).safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
}

function decisionErrors(input: unknown): FieldErrors {
  const result = recordDecisionSchema.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
}

describe('reviewSchema', () => {
  it('accepts an approval without any comment', () => {
    expect(reviewSchema(KEYS).parse(review())).toEqual(review());
  });

  it('accepts an approval with comments, trimmed', () => {
    const parsed = reviewSchema(KEYS).parse(review({ comment: '  Hyvä arvio.  ', principleComments: { elinvoimainen: ' Perusteltu. ', rohkea: '' } }));
    expect(parsed).toEqual(review({ comment: 'Hyvä arvio.', principleComments: { elinvoimainen: 'Perusteltu.', rohkea: '' } }));
  });

  it('accepts a return with an overall comment', () => {
    expect(reviewErrors(review({ outcome: 'return', comment: 'Lisää perustelut kohtaan rohkea.' }))).toEqual({});
  });

  it('requires an overall comment when the assessment is returned', () => {
    expect(reviewErrors(review({ outcome: 'return', comment: '' }))).toEqual({ comment: { code: 'returnCommentRequired' } });
  });

  it('does not count spaces and line breaks as a comment when returning', () => {
    expect(reviewErrors(review({ outcome: 'return', comment: '  \n\t ' }))).toEqual({ comment: { code: 'returnCommentRequired' } });
  });

  it('does not accept principle comments in place of the overall comment when returning', () => {
    expect(reviewErrors(review({ outcome: 'return', principleComments: { elinvoimainen: 'Korjaa tämä.', rohkea: '' } }))).toEqual({
      comment: { code: 'returnCommentRequired' },
    });
  });

  it('accepts an overall comment of exactly the maximum length', () => {
    expect(reviewErrors(review({ comment: 'x'.repeat(LIMITS.comment) }))).toEqual({});
  });

  it('refuses a too long overall comment', () => {
    expect(reviewErrors(review({ comment: 'x'.repeat(LIMITS.comment + 1) }))).toEqual({
      comment: { code: 'tooLong', params: { max: LIMITS.comment } },
    });
  });

  it('refuses a too long principle comment under the field name of the form', () => {
    expect(reviewErrors(review({ principleComments: { elinvoimainen: '', rohkea: 'x'.repeat(LIMITS.comment + 1) } }))).toEqual({
      [commentField('rohkea')]: { code: 'tooLong', params: { max: LIMITS.comment } },
    });
    expect(commentField('rohkea')).toBe('principleComments.rohkea');
  });

  it('refuses an unknown outcome', () => {
    expect(reviewErrors(review({ outcome: 'decide' }))).toEqual({ outcome: { code: 'invalidChoice' } });
  });

  it('refuses a missing outcome', () => {
    expect(reviewErrors(review({ outcome: '' }))).toEqual({ outcome: { code: 'invalidChoice' } });
  });
});

describe('readReviewForm', () => {
  it('reads the button pressed (intent) as the outcome, and the comments per principle', () => {
    const data = form({
      intent: 'return',
      comment: 'Palautetaan.',
      'principleComments.elinvoimainen': 'Perustele tarkemmin.',
      'principleComments.rohkea': '',
    });
    expect(readReviewForm(data, KEYS)).toEqual({
      outcome: 'return',
      comment: 'Palautetaan.',
      principleComments: { elinvoimainen: 'Perustele tarkemmin.', rohkea: '' },
    });
  });

  it('reads missing fields as empty, and ignores comments on unknown principles', () => {
    expect(readReviewForm(form({ 'principleComments.muu': 'x' }), KEYS)).toEqual({
      outcome: '',
      comment: '',
      principleComments: { elinvoimainen: '', rohkea: '' },
    });
  });

  it('makes a textarea’s CR LF line breaks LF', () => {
    expect(readReviewForm(form({ intent: 'return', comment: 'Yksi\r\nkaksi' }), KEYS).comment).toBe('Yksi\nkaksi');
  });

  it('gives what the schema accepts for a valid return', () => {
    const read = readReviewForm(form({ intent: 'return', comment: 'Syy.' }), KEYS);
    expect(reviewSchema(KEYS).safeParse(read).success).toBe(true);
  });
});

describe('recordDecisionSchema', () => {
  const valid = { outcome: 'approved', minutesSection: '45', meetingDate: '15.3.2026' };

  it('accepts a decision and gives the date as yyyy-mm-dd', () => {
    expect(recordDecisionSchema.parse(valid)).toEqual({ outcome: 'approved', minutesSection: '45', meetingDate: '2026-03-15' });
  });

  it('accepts each of the five outcomes', () => {
    expect([...OUTCOMES].sort()).toEqual(['amended', 'approved', 'rejected', 'returned_for_preparation', 'tabled']);
    for (const outcome of OUTCOMES) expect(decisionErrors({ ...valid, outcome }), outcome).toEqual({});
  });

  it('refuses an unknown outcome', () => {
    expect(decisionErrors({ ...valid, outcome: 'hyväksytty' })).toEqual({ outcome: { code: 'invalidChoice' } });
  });

  it('refuses a missing outcome', () => {
    expect(decisionErrors({ ...valid, outcome: '' })).toEqual({ outcome: { code: 'invalidChoice' } });
  });

  it('reads "45 §" as 45', () => {
    expect(recordDecisionSchema.parse({ ...valid, minutesSection: '45 §' }).minutesSection).toBe('45');
  });

  it('reads "45§" and " 45 " as 45', () => {
    expect(recordDecisionSchema.parse({ ...valid, minutesSection: '45§' }).minutesSection).toBe('45');
    expect(recordDecisionSchema.parse({ ...valid, minutesSection: ' 45 ' }).minutesSection).toBe('45');
  });

  it('accepts a section with a letter, such as 12a', () => {
    expect(recordDecisionSchema.parse({ ...valid, minutesSection: '12a' }).minutesSection).toBe('12a');
  });

  it('refuses a section that is not a number', () => {
    expect(decisionErrors({ ...valid, minutesSection: 'abc' })).toEqual({ minutesSection: { code: 'invalidSection' } });
  });

  it('refuses a bare §', () => {
    expect(decisionErrors({ ...valid, minutesSection: '§' })).toEqual({ minutesSection: { code: 'invalidSection' } });
  });

  it('refuses a section with a negative or decimal number', () => {
    expect(decisionErrors({ ...valid, minutesSection: '-3' })).toEqual({ minutesSection: { code: 'invalidSection' } });
    expect(decisionErrors({ ...valid, minutesSection: '4.5' })).toEqual({ minutesSection: { code: 'invalidSection' } });
  });

  it('requires the section', () => {
    expect(decisionErrors({ ...valid, minutesSection: '' })).toEqual({ minutesSection: { code: 'required' } });
    expect(decisionErrors({ ...valid, minutesSection: '   ' })).toEqual({ minutesSection: { code: 'required' } });
  });

  it('accepts a meeting date typed as yyyy-mm-dd', () => {
    expect(recordDecisionSchema.parse({ ...valid, meetingDate: '2026-03-15' }).meetingDate).toBe('2026-03-15');
  });

  it('refuses a date that does not exist', () => {
    expect(decisionErrors({ ...valid, meetingDate: '31.2.2026' })).toEqual({ meetingDate: { code: 'invalidDate' } });
  });

  it('refuses a text that is not a date', () => {
    expect(decisionErrors({ ...valid, meetingDate: 'ensi tiistaina' })).toEqual({ meetingDate: { code: 'invalidDate' } });
  });

  it('requires the meeting date', () => {
    expect(decisionErrors({ ...valid, meetingDate: '' })).toEqual({ meetingDate: { code: 'required' } });
  });

  it('reports each field’s problem at once', () => {
    expect(decisionErrors({ outcome: 'x', minutesSection: 'abc', meetingDate: 'x' })).toEqual({
      outcome: { code: 'invalidChoice' },
      minutesSection: { code: 'invalidSection' },
      meetingDate: { code: 'invalidDate' },
    });
  });
});

describe('readRecordDecisionForm', () => {
  it('reads the three fields, missing ones as empty', () => {
    expect(readRecordDecisionForm(form({ outcome: 'tabled', minutesSection: '12 §' }))).toEqual({
      outcome: 'tabled',
      minutesSection: '12 §',
      meetingDate: '',
    });
  });
});
