import type { ChecklistFormValues } from '~/domain/checklist';
import { answerSign, isAnswerValue } from '~/domain/scale';
import { useT } from '~/utils/i18n';
import { ScrollRegion } from './ui';

interface Props {
  yourVersion: number;
  savedVersion: number;
  savedBy: string;
  savedAt: string;
  principles: Array<{ key: string; title: string }>;
  /** What this user posted; null for the routine step. */
  yours: ChecklistFormValues | null;
  saved: ChecklistFormValues;
}

/**
 * Shown when someone else saved the assessment first: this user's input beside the saved
 * version, principle by principle. The form below holds this user's input and the saved
 * version's number, so saving it again re-applies their changes knowingly.
 */
export function ConflictPanel({ yourVersion, savedVersion, savedBy, savedAt, principles, yours, saved }: Props) {
  const t = useT();
  const describe = (a: { answer: string; rationale: string; mitigation: string } | undefined) => {
    if (!a) return '';
    const answer = isAnswerValue(a.answer) ? `${answerSign(a.answer) ?? ''} ${t(`answers.${a.answer}`)}`.trim() : t('answers.unanswered');
    return [answer, a.rationale, a.mitigation].filter(Boolean).join('\n');
  };
  const differences = yours ? principles.filter((p) => describe(yours.answers[p.key]) !== describe(saved.answers[p.key])) : [];
  return (
    <section className="conflict error-summary" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title" className="error-summary__title">
        {t('conflict.title')}
      </h2>
      <p>{t('conflict.intro', { yours: yourVersion, name: savedBy, date: savedAt, saved: savedVersion })}</p>
      {yours ? (
        <>
          <p>{t('conflict.reapply')}</p>
          {differences.length === 0 ? (
            <p>{t('conflict.noDifferences')}</p>
          ) : (
            <ScrollRegion label={t('conflict.differences')}>
              <table className="table conflict__table">
                <caption className="visually-hidden">{t('conflict.differences')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('overview.colPrinciple')}</th>
                    <th scope="col">{t('conflict.yours')}</th>
                    <th scope="col">{t('conflict.saved')}</th>
                  </tr>
                </thead>
                <tbody>
                  {differences.map((p) => (
                    <tr key={p.key}>
                      <th scope="row">{p.title}</th>
                      <td className="prewrap">{describe(yours.answers[p.key])}</td>
                      <td className="prewrap">{describe(saved.answers[p.key])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </>
      ) : null}
    </section>
  );
}
