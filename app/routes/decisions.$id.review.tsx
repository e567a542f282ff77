import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { withNotice } from '~/utils/notice';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { AssessmentSummaryView } from '~/components/assessment-summary';
import { ErrorSummary, TextArea } from '~/components/forms';
import { StatusBadge } from '~/components/ui';
import { LIMITS } from '~/domain/limits';
import { commentField, readReviewForm, reviewSchema } from '~/domain/review-form';
import { AnswerDetail } from '~/components/answer-detail';
import { DecisionFacts } from '~/components/decision-facts';
import { type FieldErrors, fieldErrorsOf, text } from '~/domain/validation';
import { getAssessmentView } from '~/models/assessment-view.server';
import { type DecisionGrant, requireDecision, withDecision } from '~/models/decision-access.server';
import { LockedNotice } from '~/components/locked';
import { reviewAssessment } from '~/models/assessment.server';
import { notFound, refusal } from '~/utils/http.server';
import { useT } from '~/utils/i18n';
import { readForm } from '~/utils/form.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${(data?.locked ? data.locked.title : data?.view?.decision.title) ?? ''} – Linssi` }];

/**
 * The assessment, if this user may review it: a manager of its department, not its author.
 * 'locked' when it is no longer waiting for review (someone reviewed it, or it was never submitted).
 */
async function reviewable(grant: DecisionGrant) {
  const view = await getAssessmentView(grant);
  if (!view) throw notFound();
  return { view, locked: grant.verdict === 'conflict' };
}

const lockedOf = (view: NonNullable<Awaited<ReturnType<typeof getAssessmentView>>>) => ({
  id: view.decision.id,
  title: view.decision.title,
  status: view.decision.assessment.status,
  principles: view.dimensions.flatMap((d) => d.principles.map((p) => ({ key: p.key, title: p.title }))),
});

export async function loader(args: LoaderFunctionArgs) {
  const { view, locked } = await reviewable(await requireDecision(args, 'approve', { locked: true }));
  if (locked) return data({ locked: lockedOf(view), view: null }, { status: 409 });
  return { locked: null, view };
}

export const action = (args: ActionFunctionArgs) => withDecision(args, 'approve', (grant) => act(args.request, grant), { locked: true });

async function act(request: Request, grant: DecisionGrant) {
  const { view, locked } = await reviewable(grant);
  const keys = view.dimensions.flatMap((d) => d.principles.map((p) => p.key));
  const formData = await readForm(request);
  const values = readReviewForm(formData, keys);
  // Reviewed by someone else meanwhile (or not submitted): nothing is saved; the comments are shown back.
  if (locked) return data({ values, errors: {} as FieldErrors, stale: false }, { status: 409 });
  const parsed = reviewSchema(keys).safeParse(values);
  if (!parsed.success) return data({ values, errors: fieldErrorsOf(parsed.error), stale: false }, { status: 400 });
  const result = await reviewAssessment(grant, Number(text(formData, 'version')), {
    outcome: parsed.data.outcome,
    comment: parsed.data.comment,
    principleComments: parsed.data.principleComments as Record<string, string>,
  });
  if (!result.ok) {
    if (result.reason === 'stale') return data({ values, errors: {} as FieldErrors, stale: true }, { status: 409 });
    throw refusal(result.reason);
  }
  throw redirect(withNotice(`/decisions/${view.decision.id}`, parsed.data.outcome === 'approve' ? 'approved' : 'returned'));
}

export default function ReviewRoute() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  if (loaded.locked || !loaded.view) {
    const locked = loaded.locked!;
    const titles = new Map(locked.principles.map((p) => [p.key, p.title]));
    return (
      <LockedNotice
        decisionId={locked.id}
        title={locked.title}
        status={locked.status}
        unsaved={[
          ...Object.entries(result?.values.principleComments ?? {}).map(([key, text]) => ({
            label: t('review.principleComment', { title: titles.get(key) ?? key }),
            text: String(text),
          })),
          { label: t('review.overallComment'), text: result?.values.comment ?? '' },
        ]}
      />
    );
  }
  return <ReviewPage view={loaded.view} />;
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function ReviewPage({ view }: { view: NonNullable<Loaded['view']> }) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const { decision } = view;
  const errors: FieldErrors = result?.errors ?? {};
  const summaryItems = (() => {
    const titles = new Map(view.dimensions.flatMap((d) => d.principles.map((p) => [commentField(p.key), p.title])));
    return Object.entries(errors).map(([name, error]) => ({
      target: name,
      label: name === 'comment' ? t('review.overallComment') : t('review.principleComment', { title: titles.get(name) ?? name }),
      error,
    }));
  })();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/reviews">← {t('nav.reviews')}</Link>
      </p>
      <div className="page__header">
        <h1>
          {t('review.title')}
          <span className="h1-sub">{decision.title}</span>
        </h1>
        <StatusBadge status={decision.assessment.status} />
      </div>
      <p className="lead">{t('review.intro')}</p>
      <DecisionFacts decision={{ ...decision, caseNumber: undefined }} />
      <p className="prewrap">{decision.description}</p>
      <AssessmentSummaryView summary={view.summary} rows={view.chartRows} agendaParagraph={view.agendaParagraph} />

      <Form method="post" className="form review-form" noValidate>
        <input type="hidden" name="version" value={decision.assessment.version} />
        {result?.stale ? (
          <div className="error-summary" role="alert">
            <p>{t('errors.conflict')}</p>
          </div>
        ) : null}
        <ErrorSummary items={summaryItems} focusKey={result} />
        <h2>{t('decision.answersTitle')}</h2>
        {view.dimensions.map((dimension) => (
          <section key={dimension.key} aria-labelledby={`rd-${dimension.key}`}>
            <h3 id={`rd-${dimension.key}`}>{dimension.name}</h3>
            {dimension.principles.map((p) => (
              <article key={p.key} className="principle" aria-labelledby={`rp-${p.key}`}>
                <AnswerDetail id={`rp-${p.key}`} title={p.title} answer={p.answer} rationale={p.rationale} mitigation={p.mitigation} />
                <TextArea
                  id={commentField(p.key)}
                  name={commentField(p.key)}
                  label={t('review.principleComment', { title: p.title })}
                  hint={t('review.principleCommentHint')}
                  rows={2}
                  maxLength={LIMITS.comment}
                  defaultValue={result?.values.principleComments[p.key] ?? ''}
                  error={errors[commentField(p.key)]}
                  optional
                />
              </article>
            ))}
          </section>
        ))}
        <TextArea
          id="comment"
          name="comment"
          label={t('review.overallComment')}
          hint={t('review.overallCommentHint')}
          rows={4}
          maxLength={LIMITS.comment}
          defaultValue={result?.values.comment ?? ''}
          error={errors.comment}
          optional
        />
        <div className="form__actions">
          <button type="submit" name="intent" value="approve" className="button" disabled={navigation.state === 'submitting'}>
            {t('review.approve')}
          </button>
          <button type="submit" name="intent" value="return" className="button button--secondary" disabled={navigation.state === 'submitting'}>
            {t('review.return')}
          </button>
        </div>
      </Form>
    </div>
  );
}
