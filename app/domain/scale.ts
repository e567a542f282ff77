/** The assessment scale: five numeric answers and two that are counted apart. */
export const ANSWER_VALUES = ['2', '1', '0', '-1', '-2', 'not_relevant', 'knowledge_gap'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];

export type AnswerKind = 'scored' | 'not_relevant' | 'knowledge_gap';
export type Score = -2 | -1 | 0 | 1 | 2;

/** How an answer is stored: the kind, and the score when the kind is 'scored'. */
export interface StoredAnswer {
  kind: AnswerKind;
  score: Score | null;
}

export function isAnswerValue(value: unknown): value is AnswerValue {
  return typeof value === 'string' && (ANSWER_VALUES as readonly string[]).includes(value);
}

export function toStored(value: AnswerValue): StoredAnswer {
  if (value === 'not_relevant' || value === 'knowledge_gap') return { kind: value, score: null };
  return { kind: 'scored', score: Number(value) as Score };
}

export function fromStored(kind: string | null, score: number | null): AnswerValue | null {
  if (kind === 'not_relevant' || kind === 'knowledge_gap') return kind;
  if (kind === 'scored' && score !== null && score >= -2 && score <= 2 && Number.isInteger(score)) {
    return String(score) as AnswerValue;
  }
  return null;
}

/** Every answer but "ei liity" needs a rationale; for "tieto puuttuu" it names what is missing. */
export function requiresRationale(value: AnswerValue): boolean {
  return value !== 'not_relevant';
}

/** A negative answer also needs the mitigation (miten haittoja lievennetään). */
export function requiresMitigation(value: AnswerValue): boolean {
  return value === '-1' || value === '-2';
}

export function scoreOf(value: AnswerValue): Score | null {
  return toStored(value).score;
}

/** A score as it is printed: +2, +1, 0, −1, −2 (with a real minus sign). */
export function signedScore(score: number): string {
  if (score > 0) return `+${score}`;
  if (score < 0) return `−${Math.abs(score)}`;
  return '0';
}

/** The printed score of an answer, or null for "ei liity" and "tieto puuttuu". */
export function answerSign(value: AnswerValue | string | null): string | null {
  if (!isAnswerValue(value)) return null;
  const score = scoreOf(value);
  return score === null ? null : signedScore(score);
}
