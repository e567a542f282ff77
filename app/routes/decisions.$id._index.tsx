import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AssessmentSummaryView } from '~/components/assessment-summary';
import { StatusBadge } from '~/components/ui';
import { formatDate, formatDateTime } from '~/domain/dates';
import { AnswerDetail, ReviewComment } from '~/components/answer-detail';
import { DecisionFacts } from '~/components/decision-facts';
import { FrameworkOffer } from '~/components/framework-offer';
import { frameworkOffer } from '~/models/framework-move.server';
import { getAssessmentView } from '~/models/assessment-view.server';
import { requireDecision } from '~/models/decision-access.server';
import { notFound } from '~/utils/http.server';
import { useT } from '~/utils/i18n';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.view.decision.title ?? ''} – Linssi` }];

export async function loader(args: LoaderFunctionArgs) {
  const grant = await requireDecision(args, 'view');
  const view = await getAssessmentView(grant);
  if (!view) throw notFound();
  return { view, offer: await frameworkOffer(grant) };
}

export default function DecisionPage() {
  const { view, offer } = useLoaderData<typeof loader>();
  const t = useT();
  const { decision, summary } = view;
  const status = decision.assessment.status;
  const started = summary.unanswered < summary.total;
  const lastReview = view.reviews[0] ?? null;
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={view.isAuthor ? '/decisions' : '/decisions/all'}>← {view.isAuthor ? t('nav.myDecisions') : t('nav.allDecisions')}</Link>
      </p>
      <div className="page__header">
        <h1>{decision.title}</h1>
        <StatusBadge status={status} />
      </div>
      {decision.confidential ? <p className="badge badge--confidential">{t('decision.confidential')}</p> : null}
      {offer ? <FrameworkOffer decisionId={decision.id} version={decision.assessment.version} offer={offer} /> : null}
      {status === 'decided' ? (
        <section className="decided" aria-labelledby="decided-title">
          <h2 id="decided-title">{t('record.decidedTitle')}</h2>
          <p className="decided__text">
            {t('record.decidedText', {
              outcome: decision.outcome ? t(`outcomes.${decision.outcome}`) : '',
              section: decision.minutesSection ?? '',
              date: formatDate(decision.meetingDate),
            })}
          </p>
          <p className="muted">{t('record.frozen')}</p>
        </section>
      ) : null}
      {status === 'returned' && view.reviews[0]?.outcome === 'returned' ? (
        <div className="notice notice--warning">
          <p>
            <strong>{t('review.returnedBy', { name: view.reviews[0].reviewerName, date: formatDateTime(view.reviews[0].createdAt) })}</strong>
          </p>
          {view.reviews[0].comment ? <p className="prewrap">{view.reviews[0].comment}</p> : null}
        </div>
      ) : null}
      <p className="actions">
        {view.canEdit ? (
          <>
            <Link to={`/decisions/${decision.id}/checklist`} className="button">
              {started ? t('decision.continueChecklist') : t('decision.fillChecklist')}
            </Link>
            <Link to={`/decisions/${decision.id}/edit`} className="button button--secondary">
              {t('decision.editDetails')}
            </Link>
          </>
        ) : null}
        {view.canReview ? (
          <Link to={`/decisions/${decision.id}/review`} className="button">
            {t('review.reviewAction')}
          </Link>
        ) : null}
        {view.canDecide ? (
          <Link to={`/decisions/${decision.id}/decision`} className="button">
            {t('record.action')}
          </Link>
        ) : null}
        <Link to={`/decisions/${decision.id}/history`} className="button button--secondary">
          {t('decision.historyLink')}
        </Link>
        {view.canCopy && !decision.confidential ? (
          <Link to={`/decisions/new?copyFrom=${decision.id}`} className="button button--secondary">
            {t('archive.useAsBase')}
          </Link>
        ) : null}
      </p>
      {!view.canEdit && status !== 'decided' && status !== 'draft' && status !== 'returned' ? (
        <p className="muted">{t('decision.readOnlyStatus', { status: t(`status.${status}`) })}</p>
      ) : null}

      <section aria-labelledby="details-title" className="details">
        <h2 id="details-title" className="visually-hidden">
          {t('decision.details')}
        </h2>
        <DecisionFacts decision={decision} strategyName={view.framework.name} />
        <h3>{t('decision.description')}</h3>
        <p className="prewrap">{decision.description}</p>
      </section>

      <AssessmentSummaryView summary={summary} rows={view.chartRows} agendaParagraph={view.agendaParagraph} />

      <section aria-labelledby="answers-title">
        <h2 id="answers-title">{t('decision.answersTitle')}</h2>
        {view.dimensions.map((dimension) => (
          <div key={dimension.key} className="answer-group">
            <h3>{dimension.name}</h3>
            <ul className="answer-list">
              {dimension.principles.map((p) => (
                <li key={p.key} className="answer-list__item">
                  <AnswerDetail title={p.title} answer={p.answer} rationale={p.rationale} mitigation={p.mitigation}>
                    <ReviewComment text={lastReview?.principleComments[p.key]} />
                  </AnswerDetail>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <h3>{t('decision.projectsTitle')}</h3>
        {view.projects.length > 0 ? (
          <ul>
            {view.projects.map((p) => (
              <li key={p.key}>{p.title}</li>
            ))}
          </ul>
        ) : (
          <p>{t('decision.noProjects')}</p>
        )}
      </section>

      {view.reviews.length > 0 ? (
        <section aria-labelledby="reviews-title">
          <h2 id="reviews-title">{t('review.reviewsTitle')}</h2>
          <ul className="review-list">
            {view.reviews.map((r) => (
              <li key={r.id}>
                <p>
                  <strong>
                    {r.outcome === 'approved'
                      ? t('review.approvedBy', { name: r.reviewerName, date: formatDateTime(r.createdAt) })
                      : t('review.returnedBy', { name: r.reviewerName, date: formatDateTime(r.createdAt) })}
                  </strong>
                </p>
                {r.comment ? <p className="prewrap">{r.comment}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="history-title" className="history">
        <h2 id="history-title">{t('decision.history')}</h2>
        <dl className="meta-list">
          <div>
            <dt>{t('decision.historyCreated')}</dt>
            <dd>{formatDateTime(decision.createdAt)}</dd>
          </div>
          <div>
            <dt>{t('decision.historyUpdated')}</dt>
            <dd>{formatDateTime(decision.assessment.updatedAt)}</dd>
          </div>
          {decision.assessment.submittedAt ? (
            <div>
              <dt>{t('decision.historySubmitted')}</dt>
              <dd>{formatDateTime(decision.assessment.submittedAt)}</dd>
            </div>
          ) : null}
        </dl>
      </section>
    </div>
  );
}
