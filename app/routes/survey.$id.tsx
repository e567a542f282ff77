import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { formatDate } from '~/domain/dates';
import { LIMITS } from '~/domain/limits';
import { getRound, getSurveyResponse, saveSurveyResponse, topicsOfPeriod } from '~/models/evaluation.server';
import { requireRole } from '~/models/auth.server';
import { notFound, requireId } from '~/utils/http.server';
import { useT } from '~/utils/i18n';
import { withNotice } from '~/utils/notice';
import { useNoticeAfterRedirect } from '~/components/notice';
import { badRequest, checkForm, intentOf, readForm } from '~/utils/form.server';
import { surveyFormSchema } from '~/domain/evaluation-form';

export const meta: MetaFunction = () => [{ title: 'Linssi' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'manager');
  const round = await getRound(requireId(params.id));
  if (!round) throw notFound();
  const [topics, response] = await Promise.all([topicsOfPeriod(round.period), getSurveyResponse(round.id, user.id)]);
  return {
    round: { id: round.id, period: round.period },
    topics,
    response,
    open: round.surveyOpen && round.status === 'open' && response?.status !== 'sent',
  };
}

/** A manager saves their answers as a draft, or sends them (once). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, 'manager');
  const round = await getRound(requireId(params.id));
  if (!round) throw notFound();
  const formData = await readForm(request);
  const topics = await topicsOfPeriod(round.period);
  const keys = topics.flatMap((tp) => tp.questions.map((q) => q.key));
  intentOf(formData, ['save', 'send'], 'save');
  const form = checkForm(formData, surveyFormSchema(keys));
  // Every field is a text cut to its limit: a refusal is a request no page sends.
  if (!form.ok) throw badRequest();
  const answers = Object.fromEntries(keys.map((key) => [key, (form.data as Record<string, string>)[`q.${key}`]!]).filter(([, v]) => v !== ''));
  const send = form.data.intent === 'send';
  const result = await saveSurveyResponse(user, round.id, answers, send);
  if (!result.ok) return data({ answers, closed: true }, { status: 409 });
  throw redirect(withNotice(`/survey/${round.id}`, send ? 'surveySent' : 'surveySaved'));
}

export default function SurveyPage() {
  const { round, topics, response, open } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  // Just sent: the page says so (the notice at its top), not that the survey is closed.
  const justSent = useNoticeAfterRedirect()?.name === 'surveySent';
  const values = result?.answers ?? response?.answers ?? {};
  const dimensions = [...new Set(topics.map((tp) => tp.dimension))];
  return (
    <div className="page page--form">
      <p className="breadcrumb">
        <Link to="/survey">← {t('survey.title')}</Link>
      </p>
      <h1>
        {t('survey.title')}
        <span className="h1-sub">
          {round.period.year
            ? t('evaluation.roundTitleYear', { year: round.period.year })
            : t('evaluation.roundTitle', { from: formatDate(round.period.from), to: formatDate(round.period.to) })}
        </span>
      </h1>
      {result?.closed || (!open && !justSent) ? (
        <div className="notice notice--warning" role="alert">
          <p>{t('survey.closed')}</p>
        </div>
      ) : null}
      <p className="lead">{t('survey.intro')}</p>
      <Form method="post" className="form">
        {dimensions.map((dimension) => {
          const own = topics.filter((tp) => tp.dimension === dimension);
          return (
            <section key={dimension} aria-labelledby={`sdim-${dimension}`}>
              <h2 id={`sdim-${dimension}`}>{own[0]?.dimensionName}</h2>
              {own.map((topic) => (
                <fieldset key={topic.key} className="principle">
                  <legend>
                    <span className="h3-like">{topic.title}</span>
                  </legend>
                  {topic.questions.map((q) => (
                    <div key={q.key} className="field">
                      <label htmlFor={`q.${q.key}`} className="field__label">
                        {q.text}
                      </label>
                      {open ? (
                        <textarea
                          id={`q.${q.key}`}
                          name={`q.${q.key}`}
                          className="textarea"
                          rows={3}
                          maxLength={LIMITS.comment}
                          defaultValue={values[q.key] ?? ''}
                        />
                      ) : (
                        <p id={`q.${q.key}`} className="prewrap readonly-text">
                          {values[q.key] || '–'}
                        </p>
                      )}
                    </div>
                  ))}
                </fieldset>
              ))}
            </section>
          );
        })}
        {open ? (
          <div className="form__actions form__actions--sticky">
            <button type="submit" name="intent" value="save" className="button button--secondary" disabled={navigation.state === 'submitting'}>
              {t('survey.saveDraft')}
            </button>
            <button type="submit" name="intent" value="send" className="button" disabled={navigation.state === 'submitting'} aria-describedby="send-hint">
              {t('survey.send')}
            </button>
            <p id="send-hint" className="field__hint">
              {t('survey.sendHint')}
            </p>
          </div>
        ) : null}
      </Form>
    </div>
  );
}
