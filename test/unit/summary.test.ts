import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '~/domain/scale';
import { summarize } from '~/domain/summary';

describe('summarize', () => {
  it('counts each kind of answer and averages the numeric ones only', () => {
    // Numeric answers: 2, 1, -1, 0 → sum 2, four of them → mean 0.5.
    const answers: Array<AnswerValue | null> = ['2', '1', '-1', 'not_relevant', 'knowledge_gap', '0', null];
    expect(summarize(answers)).toEqual({
      total: 7,
      scored: 4,
      positive: 2,
      neutral: 1,
      negative: 1,
      notRelevant: 1,
      knowledgeGap: 1,
      unanswered: 1,
      mean: 0.5,
      routine: false,
    });
  });

  it('is routine when every answer is "ei liity"', () => {
    const s = summarize(['not_relevant', 'not_relevant', 'not_relevant', 'not_relevant', 'not_relevant', 'not_relevant', 'not_relevant']);
    expect(s.routine).toBe(true);
    expect(s.total).toBe(7);
    expect(s.notRelevant).toBe(7);
    expect(s.scored).toBe(0);
    expect(s.mean).toBeNull();
  });

  it('is not routine when one principle is still unanswered', () => {
    const s = summarize(['not_relevant', 'not_relevant', null]);
    expect(s.routine).toBe(false);
    expect(s.unanswered).toBe(1);
  });

  it('is not routine when one answer is a knowledge gap', () => {
    expect(summarize(['not_relevant', 'knowledge_gap']).routine).toBe(false);
  });

  it('is not routine when one answer is "no significant effect"', () => {
    const s = summarize(['not_relevant', 'not_relevant', '0']);
    expect(s.routine).toBe(false);
    expect(s.mean).toBe(0);
    expect(s.neutral).toBe(1);
  });

  it('has no mean and is not routine with no answers at all', () => {
    expect(summarize([])).toEqual({
      total: 0,
      scored: 0,
      positive: 0,
      neutral: 0,
      negative: 0,
      notRelevant: 0,
      knowledgeGap: 0,
      unanswered: 0,
      mean: null,
      routine: false,
    });
  });

  it('has no mean when nothing is numeric', () => {
    const s = summarize(['knowledge_gap', 'not_relevant', null]);
    expect(s.mean).toBeNull();
    expect(s.scored).toBe(0);
    expect(s.knowledgeGap).toBe(1);
    expect(s.notRelevant).toBe(1);
    expect(s.unanswered).toBe(1);
  });

  it('does not count "ei liity" or "tieto puuttuu" as zero in the mean', () => {
    // Only the 2 is numeric: mean 2, not 2/3.
    expect(summarize(['2', 'not_relevant', 'knowledge_gap']).mean).toBe(2);
  });

  it('averages negative answers', () => {
    // (-2 + -1) / 2 = -1.5
    const s = summarize(['-2', '-1']);
    expect(s.mean).toBe(-1.5);
    expect(s.negative).toBe(2);
    expect(s.positive).toBe(0);
  });

  it('averages to a repeating fraction', () => {
    // (2 + 2 + 1) / 3 = 5/3
    expect(summarize(['2', '2', '1']).mean).toBeCloseTo(1.6667, 4);
  });

  it('counts the whole scale', () => {
    // 2 + 1 + 0 - 1 - 2 = 0 over five numeric answers.
    const s = summarize(['2', '1', '0', '-1', '-2', 'not_relevant', 'knowledge_gap']);
    expect(s.scored).toBe(5);
    expect(s.positive).toBe(2);
    expect(s.neutral).toBe(1);
    expect(s.negative).toBe(2);
    expect(s.mean).toBe(0);
    expect(s.total).toBe(7);
  });
});
