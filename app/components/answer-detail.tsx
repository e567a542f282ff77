import type { ReactNode } from 'react';
import { answerSign } from '~/domain/scale';
import type { AnswerValue } from '~/domain/scale';
import { useT } from '~/utils/i18n';

const answerClass = (answer: AnswerValue | null) =>
  answer === null ? 'none' : answer.startsWith('-') ? 'negative' : answer === '1' || answer === '2' ? 'positive' : answer === '0' ? 'neutral' : 'other';

/** One principle's answer as read by others: the title, the answer with its sign, the rationale and the mitigation. */
export function AnswerDetail({
  id,
  title,
  answer,
  rationale,
  mitigation,
  children,
}: {
  id?: string;
  title: string;
  answer: AnswerValue | null;
  rationale: string;
  mitigation: string;
  children?: ReactNode;
}) {
  const t = useT();
  const sign = answerSign(answer);
  return (
    <>
      <h4 id={id} className="answer-list__title">
        {title}
      </h4>
      <p className={`answer answer--${answerClass(answer)}`}>
        {sign ? <span className="answer__sign">{sign}</span> : null}
        {answer ? t(`answers.${answer}`) : t('answers.unanswered')}
      </p>
      {rationale ? (
        <p>
          <strong>{t('decision.rationale')}:</strong> <span className="prewrap">{rationale}</span>
        </p>
      ) : null}
      {mitigation ? (
        <p>
          <strong>{t('decision.mitigation')}:</strong> <span className="prewrap">{mitigation}</span>
        </p>
      ) : null}
      {children}
    </>
  );
}

/** A reviewer's comment on one principle, shown beside the answer it concerns. */
export function ReviewComment({ text }: { text: string | undefined }) {
  const t = useT();
  if (!text) return null;
  return (
    <div className="review-comment">
      <p className="review-comment__title">{t('review.commentFor')}</p>
      <p className="prewrap">{text}</p>
    </div>
  );
}
