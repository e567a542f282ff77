import type { AnswerValue } from './scale';
import { scoreOf } from './scale';
import { formatDate } from './dates';

export interface AssessmentSummary {
  /** Principles scored in this assessment. */
  total: number;
  /** Numeric answers (−2…+2), the only ones in the mean. */
  scored: number;
  positive: number;
  neutral: number;
  negative: number;
  notRelevant: number;
  knowledgeGap: number;
  unanswered: number;
  /** Mean of the numeric answers; null when there are none. */
  mean: number | null;
  /** Every principle answered "ei liity". */
  routine: boolean;
}

export function summarize(answers: Array<AnswerValue | null>): AssessmentSummary {
  let sum = 0;
  const s: AssessmentSummary = {
    total: answers.length,
    scored: 0,
    positive: 0,
    neutral: 0,
    negative: 0,
    notRelevant: 0,
    knowledgeGap: 0,
    unanswered: 0,
    mean: null,
    routine: false,
  };
  for (const answer of answers) {
    if (answer === null) s.unanswered++;
    else if (answer === 'not_relevant') s.notRelevant++;
    else if (answer === 'knowledge_gap') s.knowledgeGap++;
    else {
      const score = scoreOf(answer) ?? 0;
      s.scored++;
      sum += score;
      if (score > 0) s.positive++;
      else if (score < 0) s.negative++;
      else s.neutral++;
    }
  }
  s.mean = s.scored > 0 ? sum / s.scored : null;
  s.routine = s.total > 0 && s.notRelevant === s.total;
  return s;
}

/** "1.1.2027 alkaen", "31.12.2026 asti" or "1.1.–30.6.2027": the part of a period in which a principle existed. */
export function existedText(
  t: (key: 'report.existedFrom' | 'report.existedTo' | 'report.existedRange', params: Record<string, string>) => string,
  p: { existedFrom?: string | null; existedTo?: string | null },
): string | null {
  if (p.existedFrom && p.existedTo) return t('report.existedRange', { from: formatDate(p.existedFrom), to: formatDate(p.existedTo) });
  if (p.existedFrom) return t('report.existedFrom', { date: formatDate(p.existedFrom) });
  if (p.existedTo) return t('report.existedTo', { date: formatDate(p.existedTo) });
  return null;
}
