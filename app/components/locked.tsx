import { Link } from '@remix-run/react';
import type { AssessmentStatus } from '~/domain/permissions';
import { useT } from '~/utils/i18n';

/**
 * Shown instead of a form when the assessment moved on (submitted, reviewed, decided) while the
 * user was writing: the state, a way to the assessment, and what they typed, so nothing is lost.
 */
export function LockedNotice({
  decisionId,
  title,
  status,
  unsaved,
}: {
  decisionId: number;
  title: string;
  status: AssessmentStatus;
  /** What the user posted, as label–text pairs; empty texts are left out. */
  unsaved: Array<{ label: string; text: string }>;
}) {
  const t = useT();
  const shown = unsaved.filter((u) => u.text.trim() !== '');
  return (
    <div className="page page--form">
      <h1>
        {t('locked.title')}
        <span className="h1-sub">{title}</span>
      </h1>
      <div className="notice notice--warning" role="alert">
        <p>{t('locked.text', { status: t(`status.${status}`) })}</p>
      </div>
      {shown.length > 0 ? (
        <section aria-labelledby="unsaved-title">
          <h2 id="unsaved-title">{t('locked.yourInput')}</h2>
          <p className="field__hint">{t('locked.yourInputHint')}</p>
          <dl className="unsaved">
            {shown.map((u, i) => (
              <div key={i}>
                <dt>{u.label}</dt>
                <dd className="prewrap">{u.text}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <p>
        <Link to={`/decisions/${decisionId}`} className="button">
          {t('locked.back')}
        </Link>
      </p>
    </div>
  );
}
