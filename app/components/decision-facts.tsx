import { formatDate } from '~/domain/dates';
import { useT } from '~/utils/i18n';

/** The facts of a draft decision as a definition list; the case number and strategy when given. */
export function DecisionFacts({
  decision,
  strategyName,
}: {
  decision: { caseNumber?: string | null; bodyName: string; meetingDate: string; departmentName: string; authorName: string };
  strategyName?: string;
}) {
  const t = useT();
  return (
    <dl className="meta-list">
      {decision.caseNumber !== undefined ? (
        <div>
          <dt>{t('decision.caseNumber')}</dt>
          <dd>{decision.caseNumber ?? t('decision.notSet')}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t('decision.body')}</dt>
        <dd>{decision.bodyName}</dd>
      </div>
      <div>
        <dt>{t('decision.meetingDate')}</dt>
        <dd>{formatDate(decision.meetingDate)}</dd>
      </div>
      <div>
        <dt>{t('decision.department')}</dt>
        <dd>{decision.departmentName}</dd>
      </div>
      <div>
        <dt>{t('decision.author')}</dt>
        <dd>{decision.authorName}</dd>
      </div>
      {strategyName ? (
        <div>
          <dt>{t('decision.strategy')}</dt>
          <dd>{strategyName}</dd>
        </div>
      ) : null}
    </dl>
  );
}
