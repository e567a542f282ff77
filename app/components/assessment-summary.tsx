import type { AssessmentSummary } from '~/domain/summary';
import { formatNumber } from '~/i18n';
import { useLanguage, useT } from '~/utils/i18n';
import { CopyText } from './copy-text';
import { type ChartRow, ImpactChart } from './impact-chart';

export function AssessmentSummaryView({ summary, rows, agendaParagraph }: { summary: AssessmentSummary; rows: ChartRow[]; agendaParagraph: string }) {
  const t = useT();
  const language = useLanguage();
  const counts: Array<[string, number, string]> = [
    [t('summary.positive'), summary.positive, 'positive'],
    [t('summary.neutral'), summary.neutral, 'neutral'],
    [t('summary.negative'), summary.negative, 'negative'],
    [t('summary.notRelevant'), summary.notRelevant, 'not-relevant'],
    [t('summary.knowledgeGap'), summary.knowledgeGap, 'knowledge-gap'],
  ];
  if (summary.unanswered > 0) counts.push([t('summary.unanswered'), summary.unanswered, 'unanswered']);
  return (
    <section className="summary" aria-labelledby="summary-title">
      <h2 id="summary-title">{t('summary.title')}</h2>
      {summary.routine ? <p className="summary__routine">{t('summary.routine')}</p> : null}
      {summary.unanswered > 0 ? <p className="summary__incomplete">{t('summary.incomplete', { count: summary.unanswered })}</p> : null}
      <div className="summary__grid">
        <figure className="summary__chart">
          <ImpactChart rows={rows} id="impact-chart" />
        </figure>
        <dl className="stats">
          <div className="stats__item stats__item--mean">
            <dt>{t('summary.mean')}</dt>
            <dd data-testid="summary-mean">{summary.mean === null ? t('summary.noMean') : formatNumber(language, summary.mean, 2)}</dd>
          </div>
          {counts.map(([label, value, key]) => (
            <div className="stats__item" key={key}>
              <dt>{label}</dt>
              <dd data-testid={`summary-${key}`}>{value}</dd>
            </div>
          ))}
        </dl>
      </div>
      <CopyText id="agenda-paragraph" label={t('summary.agendaTitle')} hint={t('summary.agendaHint')} value={agendaParagraph} />
    </section>
  );
}
