import { describe, expect, it } from 'vitest';
import { addDays, formatDate, formatDateTime, parseDateInput, todayInHelsinki } from '~/domain/dates';

describe('parseDateInput', () => {
  it.each([
    ['2026-03-15', '2026-03-15'],
    ['15.3.2026', '2026-03-15'],
    ['05.03.2026', '2026-03-05'],
    ['5.03.2026', '2026-03-05'],
    ['1.1.2026', '2026-01-01'],
    ['31.12.2026', '2026-12-31'],
    ['  15.3.2026  ', '2026-03-15'],
    [' 2026-03-15\n', '2026-03-15'],
    ['29.2.2028', '2028-02-29'],
    ['2028-02-29', '2028-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['30.4.2026', '2026-04-30'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseDateInput(input)).toBe(expected);
  });

  it.each([
    '31.2.2026',
    '30.2.2028',
    '29.2.2026',
    '2026-02-29',
    '2026-02-30',
    '1900-02-29',
    '31.4.2026',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '0.1.2026',
    '32.1.2026',
    '1.13.2026',
    '1.0.2026',
    '',
    '   ',
    'garbage',
    'huomenna',
    '15/3/2026',
    '2026/03/15',
    '2026-3-15',
    '15.3.26',
    '15.3.',
    '15.3.2026 klo 12',
    '2026-03-15T10:00',
    '<script>',
  ])('rejects %j', (input) => {
    expect(parseDateInput(input)).toBeNull();
  });
});

describe('formatDate', () => {
  it('writes yyyy-mm-dd the Finnish way without leading zeros', () => {
    expect(formatDate('2026-03-05')).toBe('5.3.2026');
    expect(formatDate('2026-12-31')).toBe('31.12.2026');
    expect(formatDate('2026-10-01')).toBe('1.10.2026');
  });

  it('uses the date part of a timestamp', () => {
    expect(formatDate('2026-03-05T10:00:00Z')).toBe('5.3.2026');
  });

  it('gives an empty string for no date', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('')).toBe('');
  });

  it('passes something that is not a date through unchanged', () => {
    expect(formatDate('ei päivää')).toBe('ei päivää');
  });
});

describe('formatDateTime (Europe/Helsinki)', () => {
  it('adds three hours in summer time (EEST)', () => {
    expect(formatDateTime('2026-07-01T09:05:00Z')).toBe('1.7.2026 12.05');
  });

  it('adds two hours in winter time and moves to the next day after 22 UTC', () => {
    expect(formatDateTime('2026-01-15T22:30:00Z')).toBe('16.1.2026 00.30');
  });

  it('moves to the next day after 21 UTC in summer', () => {
    expect(formatDateTime('2026-06-30T21:00:00Z')).toBe('1.7.2026 00.00');
    expect(formatDateTime('2026-06-30T20:59:00Z')).toBe('30.6.2026 23.59');
  });

  it('crosses the new year in Helsinki before it does in UTC', () => {
    expect(formatDateTime('2025-12-31T22:15:00Z')).toBe('1.1.2026 00.15');
  });

  it('follows the spring change of 29.3.2026 (03.00 EET → 04.00 EEST at 01.00 UTC)', () => {
    expect(formatDateTime('2026-03-29T00:59:00Z')).toBe('29.3.2026 02.59');
    expect(formatDateTime('2026-03-29T01:00:00Z')).toBe('29.3.2026 04.00');
  });

  it('follows the autumn change of 25.10.2026 (04.00 EEST → 03.00 EET at 01.00 UTC)', () => {
    expect(formatDateTime('2026-10-25T00:30:00Z')).toBe('25.10.2026 03.30');
    expect(formatDateTime('2026-10-25T01:30:00Z')).toBe('25.10.2026 03.30');
    expect(formatDateTime('2026-10-25T02:30:00Z')).toBe('25.10.2026 04.30');
  });

  it('pads hours and minutes to two digits', () => {
    expect(formatDateTime('2026-02-03T07:07:00Z')).toBe('3.2.2026 09.07');
  });

  it('accepts an instant with an explicit offset', () => {
    expect(formatDateTime('2026-07-01T12:05:00+03:00')).toBe('1.7.2026 12.05');
  });

  it('gives an empty string for no instant and passes an invalid one through', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime(undefined)).toBe('');
    expect(formatDateTime('')).toBe('');
    expect(formatDateTime('not a time')).toBe('not a time');
  });
});

describe('todayInHelsinki', () => {
  it('is already tomorrow in Helsinki shortly before midnight UTC (winter)', () => {
    expect(todayInHelsinki(new Date('2026-03-14T22:30:00Z'))).toBe('2026-03-15');
    expect(todayInHelsinki(new Date('2026-03-14T21:59:59Z'))).toBe('2026-03-14');
    expect(todayInHelsinki(new Date('2026-03-14T22:00:00Z'))).toBe('2026-03-15');
  });

  it('changes the day at 21 UTC in summer', () => {
    expect(todayInHelsinki(new Date('2026-06-30T20:59:59Z'))).toBe('2026-06-30');
    expect(todayInHelsinki(new Date('2026-06-30T21:00:00Z'))).toBe('2026-07-01');
  });

  it('is the same day shortly after midnight UTC', () => {
    expect(todayInHelsinki(new Date('2026-03-15T00:10:00Z'))).toBe('2026-03-15');
  });

  it('changes the year in Helsinki at 22 UTC on 31 December', () => {
    expect(todayInHelsinki(new Date('2025-12-31T22:00:00Z'))).toBe('2026-01-01');
  });

  it('gives yyyy-mm-dd for the current moment by default', () => {
    expect(todayInHelsinki()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-03-15', 0, '2026-03-15'],
    ['2026-03-15', 1, '2026-03-16'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-10-24', 2, '2026-10-26'],
    ['2026-03-31', -31, '2026-02-28'],
    ['2025-09-01', 364, '2026-08-31'],
  ])('%s plus %d days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});
