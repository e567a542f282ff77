import { describe, expect, it } from 'vitest';
import { ANSWER_VALUES, fromStored, isAnswerValue, requiresMitigation, requiresRationale, scoreOf, toStored } from '~/domain/scale';

describe('toStored', () => {
  it.each([
    ['2', 2],
    ['1', 1],
    ['0', 0],
    ['-1', -1],
    ['-2', -2],
  ] as const)('stores %s as a scored answer with score %d', (value, score) => {
    expect(toStored(value)).toEqual({ kind: 'scored', score });
  });

  it('stores "ei liity" without a score', () => {
    expect(toStored('not_relevant')).toEqual({ kind: 'not_relevant', score: null });
  });

  it('stores "tieto puuttuu" without a score', () => {
    expect(toStored('knowledge_gap')).toEqual({ kind: 'knowledge_gap', score: null });
  });

  it('keeps a zero score as the number 0, not null', () => {
    expect(toStored('0').score).toBe(0);
  });
});

describe('fromStored', () => {
  it.each([
    [2, '2'],
    [1, '1'],
    [0, '0'],
    [-1, '-1'],
    [-2, '-2'],
  ] as const)('reads a scored answer %d as %s', (score, value) => {
    expect(fromStored('scored', score)).toBe(value);
  });

  it('reads the two answers that have no score', () => {
    expect(fromStored('not_relevant', null)).toBe('not_relevant');
    expect(fromStored('knowledge_gap', null)).toBe('knowledge_gap');
  });

  it('ignores a stray score on an unscored kind', () => {
    expect(fromStored('not_relevant', 2)).toBe('not_relevant');
  });

  it('round-trips every answer value', () => {
    for (const value of ANSWER_VALUES) {
      const stored = toStored(value);
      expect(fromStored(stored.kind, stored.score)).toBe(value);
    }
  });

  it.each([
    ['scored', 3],
    ['scored', -3],
    ['scored', 1.5],
    ['scored', null],
    [null, null],
    [null, 1],
    ['bogus', 1],
    ['', 0],
  ] as const)('returns null for an impossible stored pair (%s, %s)', (kind, score) => {
    expect(fromStored(kind, score)).toBeNull();
  });
});

describe('isAnswerValue', () => {
  it('accepts the scale values', () => {
    for (const value of ['2', '1', '0', '-1', '-2', 'not_relevant', 'knowledge_gap']) {
      expect(isAnswerValue(value)).toBe(true);
    }
  });

  it('rejects anything else', () => {
    for (const value of ['3', '-3', '+1', '', ' 1', '<script>', 2, 0, null, undefined, {}]) {
      expect(isAnswerValue(value)).toBe(false);
    }
  });
});

describe('requiresRationale', () => {
  it('is required for every answer except "ei liity"', () => {
    expect(requiresRationale('2')).toBe(true);
    expect(requiresRationale('1')).toBe(true);
    expect(requiresRationale('0')).toBe(true);
    expect(requiresRationale('-1')).toBe(true);
    expect(requiresRationale('-2')).toBe(true);
    expect(requiresRationale('knowledge_gap')).toBe(true);
    expect(requiresRationale('not_relevant')).toBe(false);
  });
});

describe('requiresMitigation', () => {
  it('is required for the two negative answers only', () => {
    expect(requiresMitigation('-1')).toBe(true);
    expect(requiresMitigation('-2')).toBe(true);
    expect(requiresMitigation('0')).toBe(false);
    expect(requiresMitigation('1')).toBe(false);
    expect(requiresMitigation('2')).toBe(false);
    expect(requiresMitigation('not_relevant')).toBe(false);
    expect(requiresMitigation('knowledge_gap')).toBe(false);
  });
});

describe('scoreOf', () => {
  it('gives the number of a numeric answer and null otherwise', () => {
    expect(scoreOf('-2')).toBe(-2);
    expect(scoreOf('0')).toBe(0);
    expect(scoreOf('2')).toBe(2);
    expect(scoreOf('not_relevant')).toBeNull();
    expect(scoreOf('knowledge_gap')).toBeNull();
  });
});

describe('printed scores', () => {
  it('signs every numeric answer with a real minus sign, and none for the two others', async () => {
    const { answerSign, signedScore } = await import('~/domain/scale');
    expect(['2', '1', '0', '-1', '-2', 'not_relevant', 'knowledge_gap', null, 'x'].map(answerSign)).toEqual([
      '+2',
      '+1',
      '0',
      '\u22121',
      '\u22122',
      null,
      null,
      null,
      null,
    ]);
    expect(signedScore(-2)).toBe('\u22122');
  });
});
