import { describe, expect, it } from 'vitest';
import { evaluationPeriodOf, periodFromQuery } from '~/domain/period';

const query = (params: Record<string, string>) => new URLSearchParams(params);

describe('evaluationPeriodOf', () => {
  it('puts 31 August in the period that ends that day', () => {
    expect(evaluationPeriodOf('2026-08-31')).toEqual({ from: '2025-09-01', to: '2026-08-31', year: 2026 });
  });

  it('puts 1 September in the period that begins that day, named by the next year', () => {
    expect(evaluationPeriodOf('2026-09-01')).toEqual({ from: '2026-09-01', to: '2027-08-31', year: 2027 });
  });

  it('puts 1 January in the period that ends that August', () => {
    expect(evaluationPeriodOf('2026-01-01')).toEqual({ from: '2025-09-01', to: '2026-08-31', year: 2026 });
  });

  it('puts 31 December in the period that ends the next August', () => {
    expect(evaluationPeriodOf('2025-12-31')).toEqual({ from: '2025-09-01', to: '2026-08-31', year: 2026 });
  });

  it('gives the same period for every day from 1 September to 31 August', () => {
    const expected = { from: '2019-09-01', to: '2020-08-31', year: 2020 };
    for (const date of ['2019-09-01', '2019-10-15', '2020-02-29', '2020-06-18', '2020-08-01', '2020-08-31']) {
      expect(evaluationPeriodOf(date), date).toEqual(expected);
    }
  });
});

describe('periodFromQuery', () => {
  const TODAY = '2026-03-15';
  const STANDARD = { from: '2025-09-01', to: '2026-08-31', year: 2026 };

  it('gives the standard period of today when no dates are chosen', () => {
    expect(periodFromQuery(query({}), TODAY)).toEqual(STANDARD);
  });

  it('gives the standard period of today when both dates are empty', () => {
    expect(periodFromQuery(query({ from: '', to: '' }), TODAY)).toEqual(STANDARD);
  });

  it('reads yyyy-mm-dd dates, and a range that is not a standard period has no year', () => {
    expect(periodFromQuery(query({ from: '2026-01-01', to: '2026-06-30' }), TODAY)).toEqual({
      from: '2026-01-01',
      to: '2026-06-30',
      year: null,
    });
  });

  it('reads d.m.yyyy dates', () => {
    expect(periodFromQuery(query({ from: '1.1.2026', to: '30.6.2026' }), TODAY)).toEqual({
      from: '2026-01-01',
      to: '2026-06-30',
      year: null,
    });
  });

  it('reads the two forms mixed, with spaces around', () => {
    expect(periodFromQuery(query({ from: ' 5.2.2026 ', to: '2026-02-20 ' }), TODAY)).toEqual({
      from: '2026-02-05',
      to: '2026-02-20',
      year: null,
    });
  });

  it('names a chosen standard period (1.9. – 31.8.) by the year it ends, even another year than today’s', () => {
    expect(periodFromQuery(query({ from: '1.9.2018', to: '31.8.2019' }), TODAY)).toEqual({
      from: '2018-09-01',
      to: '2019-08-31',
      year: 2019,
    });
  });

  it('gives no year to a range from 1 September to 31 August two years later', () => {
    expect(periodFromQuery(query({ from: '2018-09-01', to: '2020-08-31' }), TODAY).year).toBeNull();
  });

  it('treats 1 September – 31 August of the same year as reversed', () => {
    expect(periodFromQuery(query({ from: '2026-09-01', to: '2026-08-31' }), TODAY)).toEqual(STANDARD);
  });

  it('accepts a single day', () => {
    expect(periodFromQuery(query({ from: '2026-03-01', to: '1.3.2026' }), TODAY)).toEqual({
      from: '2026-03-01',
      to: '2026-03-01',
      year: null,
    });
  });

  it('gives the standard period of today when the range is reversed', () => {
    expect(periodFromQuery(query({ from: '2026-06-30', to: '2026-01-01' }), TODAY)).toEqual(STANDARD);
  });

  it('gives the standard period of today when both dates are invalid', () => {
    expect(periodFromQuery(query({ from: 'eilen', to: '31.2.2026' }), TODAY)).toEqual(STANDARD);
  });

  it('gives the standard period of today when the start date is invalid', () => {
    expect(periodFromQuery(query({ from: '32.1.2026', to: '2026-06-30' }), TODAY)).toEqual(STANDARD);
  });

  it('gives the standard period of today when the end date is invalid', () => {
    expect(periodFromQuery(query({ from: '2026-01-01', to: '2026-13-01' }), TODAY)).toEqual(STANDARD);
  });

  it('reckons the standard period from today: on 1 September it is the new one', () => {
    expect(periodFromQuery(query({}), '2026-09-01')).toEqual({ from: '2026-09-01', to: '2027-08-31', year: 2027 });
  });
});
