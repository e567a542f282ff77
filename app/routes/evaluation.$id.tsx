import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Notice } from '~/components/ui';
import { TextField } from '~/components/forms';
import { formatDate, formatDateTime, parseDateInput, todayInHelsinki } from '~/domain/dates';
import { LIMITS } from '~/domain/limits';
import { hasRole } from '~/domain/roles';
import { formatNumber } from '~/i18n';
import { changeRound, getRound, saveRoundAnswers, surveyStatus, topicsOfPeriod } from '~/models/evaluation.server';
import { yearlyNumbers } from '~/models/report.server';
import { requireRole } from '~/models/auth.server';
import { notFound, requireId } from '~/utils/http.server';
import { useLanguage, useT } from '~/utils/i18n';
import { withNotice } from '~/utils/notice';
import { PLACES_NOTICE, useNoticeAfterRedirect } from '~/components/notice';
import { badRequest, checkForm, intentOf, readForm } from '~/utils/form.server';
import { ROUND_INTENTS, roundStepSchema, roundTextsSchema } from '~/domain/evaluation-form';

export const meta: MetaFunction = () => [{ title: 'Linssi' }];

/** The notice after a save is shown here, and not beside a refused form's errors or conflicts. */
export const handle = PLACES_NOTICE;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'group', 'admin');
  const round = await getRound(requireId(params.id));
  if (!round) throw notFound();
  const [topics, numbers, survey] = await Promise.all([topicsOfPeriod(round.period), yearlyNumbers({ period: round.period }), surveyStatus(round.id)]);
  return { round, topics, numbers, survey, canEdit: hasRole(user, 'group'), today: todayInHelsinki() };
}

type Conflict = { key: string; yours: string; saved: string; savedBy: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, 'group');
  const round = await getRound(requireId(params.id));
  if (!round) throw notFound();
  const formData = await readForm(request);
  intentOf(formData, ROUND_INTENTS);
  const submitted = checkForm(formData, roundStepSchema);
  // Every field but a date is a hidden field or a text cut to its limit: a refusal is a request no page sends.
  if (!submitted.ok) throw badRequest();
  const form = submitted.data;
  const version = form.version;
  const back = withNotice(`/evaluation/${round.id}`, 'evaluationSaved');
  if (form.intent === 'texts') {
    const topics = await topicsOfPeriod(round.period);
    const keys = topics.flatMap((t) => t.questions.map((q) => q.key));
    const texts = checkForm(formData, roundTextsSchema(keys));
    if (!texts.ok) throw badRequest();
    // Only the questions this user changed (their text differs from the one the page was loaded
    // with, o.<key>): two people writing different questions never collide.
    const posted = keys.map((key) => ({
      key,
      text: texts.data[`q.${key}`] as string,
      original: texts.data[`o.${key}`] as string,
      version: texts.data[`v.${key}`] as number,
    }));
    const edits = posted.filter((e) => e.text !== e.original);
    const result = await saveRoundAnswers(user, round.id, edits);
    if (result.ok) throw redirect(back);
    const fresh = await getRound(round.id);
    const typed = Object.fromEntries(posted.map((e) => [e.key, e.text]));
    return data(
      { conflicts: (result.conflicts ?? []) as Conflict[], texts: typed, reason: result.reason as string, fresh: fresh?.answers ?? null },
      { status: 409 },
    );
  }
  // A date that is not a date is refused at its field: sending and presenting cannot be undone.
  // Only where the page shows that date field (sending an open round, presenting a sent one); in any
  // other state the step itself is refused by changeRound, with its own message.
  const typedDate = form.intent === 'send' ? form.sentOn : form.intent === 'present' ? form.presentedOn : '';
  const dateField = form.intent === 'send' && round.status === 'open' ? 'sentOn' : form.intent === 'present' && round.status === 'sent' ? 'presentedOn' : null;
  if (dateField && !parseDateInput(typedDate)) {
    return data(
      {
        conflicts: [] as Conflict[],
        texts: {} as Record<string, string>,
        reason: 'invalidDate',
        fresh: null,
        field: dateField,
        typed: typedDate,
      },
      { status: 400 },
    );
  }
  const date = parseDateInput(typedDate) ?? todayInHelsinki();
  const step =
    form.intent === 'summary'
      ? ({ kind: 'summary', summary: form.summary, proposals: form.proposals } as const)
      : form.intent === 'send'
        ? ({ kind: 'sent', date } as const)
        : form.intent === 'board'
          ? ({ kind: 'board', comments: form.boardComments } as const)
          : form.intent === 'present'
            ? ({ kind: 'presented', date } as const)
            : ({ kind: 'survey', open: form.intent === 'survey-open' } as const);
  const result = await changeRound(user, round.id, version, step);
  if (result.ok) throw redirect(back);
  return data({ conflicts: [] as Conflict[], texts: {} as Record<string, string>, reason: result.reason as string, fresh: null }, { status: 409 });
}

/** A date of an irreversible step (sent, presented): today by default; what was typed and the error after a refusal. */
function DateField({
  id,
  label,
  hint,
  today,
  error,
}: {
  id: string;
  label: string;
  hint?: string;
  today: string;
  error: { field: string; typed: string } | null;
}) {
  const mine = error?.field === id;
  return (
    <TextField
      id={id}
      name={id}
      label={label}
      hint={hint}
      className="input input--short"
      defaultValue={mine ? error.typed : formatDate(today)}
      error={mine ? { code: 'invalidDate' } : undefined}
    />
  );
}

export default function RoundPage() {
  const { round, topics, numbers, survey, canEdit, today } = useLoaderData<typeof loader>();
  const saved = useNoticeAfterRedirect()?.name === 'evaluationSaved';
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const language = useLanguage();
  const open = round.status === 'open';
  const editable = canEdit && open;
  const busy = navigation.state === 'submitting';
  const conflicts = new Map((result?.conflicts ?? []).map((c) => [c.key, c]));
  // After a conflict the form carries the versions and texts saved in between, so that saving again re-applies knowingly.
  const savedAnswers = result?.fresh ?? round.answers;
  const dateError =
    result?.reason === 'invalidDate' && 'field' in result && 'typed' in result ? { field: String(result.field), typed: String(result.typed) } : null;
  const numbersOf = (key: string) => numbers.principles.find((p) => p.key === key);
  const projectCount = (key: string) => numbers.projects.find((p) => p.key === key)?.decisions ?? 0;
  const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)} %` : '–');
  const sent = survey.filter((s) => s.response?.status === 'sent');
  const dimensions = [...new Set(topics.map((tp) => tp.dimension))];
  const title = round.period.year
    ? t('evaluation.roundTitleYear', { year: round.period.year })
    : t('evaluation.roundTitle', { from: formatDate(round.period.from), to: formatDate(round.period.to) });
  return (
    <div className="page evaluation">
      <p className="breadcrumb">
        <Link to="/evaluation">← {t('evaluation.title')}</Link>
      </p>
      <div className="page__header">
        <h1>{title}</h1>
        <span className="badge badge--submitted">{t(`evaluation.status.${round.status}`)}</span>
      </div>
      {saved && !result ? <Notice>{t('evaluation.saved')}</Notice> : null}
      {result && result.reason !== 'stale' && result.reason !== 'invalidDate' && result.conflicts.length === 0 ? (
        <div className="error-summary" role="alert">
          <p>{result.reason === 'frozen' ? t('evaluation.frozen') : t('evaluation.stale')}</p>
        </div>
      ) : null}
      {result?.reason === 'stale' && result.conflicts.length === 0 ? (
        <div className="error-summary" role="alert">
          <p>{t('evaluation.stale')}</p>
        </div>
      ) : null}
      {!open ? <Notice tone="info">{t('evaluation.frozen')}</Notice> : null}
      <nav aria-label={t('evaluation.steps')} className="period-links">
        <a href="#texts">{t('evaluation.step1')}</a>
        <a href="#survey">{t('evaluation.step2')}</a>
        <a href="#summary">{t('evaluation.step3')}</a>
        <Link to={`/report?from=${round.period.from}&to=${round.period.to}`}>{t('evaluation.numbersLink')}</Link>
      </nav>

      {conflicts.size > 0 ? (
        <section className="error-summary" role="alert" aria-labelledby="round-conflict">
          <h2 id="round-conflict" className="error-summary__title">
            {t('evaluation.conflictTitle')}
          </h2>
          <p>{t('evaluation.conflictIntro')}</p>
          {[...conflicts.values()].map((c) => (
            <div key={c.key} className="conflict-pair">
              <p>
                <a href={`#q.${c.key}`}>{topics.flatMap((tp) => tp.questions.map((q) => ({ ...q, title: tp.title }))).find((q) => q.key === c.key)?.title}</a>
              </p>
              <p>
                <strong>{t('evaluation.conflictYours')}:</strong> <span className="prewrap">{c.yours}</span>
              </p>
              <p>
                <strong>{t('evaluation.conflictSaved', { name: c.savedBy ?? '' })}:</strong> <span className="prewrap">{c.saved}</span>
              </p>
            </div>
          ))}
        </section>
      ) : null}

      <Form
        method="post"
        id="texts"
        className="form round-form"
        key={`texts-${Object.values(savedAnswers)
          .map((a) => a.version)
          .join('.')}`}
      >
        <input type="hidden" name="intent" value="texts" />
        {dimensions.map((dimension) => {
          const own = topics.filter((tp) => tp.dimension === dimension);
          return (
            <section key={dimension} aria-labelledby={`dim-${dimension}`}>
              <h2 id={`dim-${dimension}`}>{own[0]?.dimensionName}</h2>
              {own.map((topic) => {
                const n = numbersOf(topic.key);
                return (
                  <article key={topic.key} className="principle" aria-labelledby={`topic-${topic.key}`}>
                    <h3 id={`topic-${topic.key}`}>{topic.title}</h3>
                    <p className="topic-numbers">
                      {topic.kind === 'linked'
                        ? t('evaluation.projectNumbers', { count: projectCount(topic.key) })
                        : n && n.n > 0
                          ? t('evaluation.numbers', {
                              n: n.n,
                              mean: formatNumber(language, n.mean ?? 0, 2),
                              positive: pct(n.distribution['1'] + n.distribution['2'], n.n),
                              negative: pct(n.distribution['-1'] + n.distribution['-2'], n.n),
                            })
                          : t('evaluation.numbersNone')}
                    </p>
                    {topic.questions.map((q) => {
                      const answer = savedAnswers[q.key];
                      const id = `q.${q.key}`;
                      const value = result?.texts[q.key] ?? answer?.text ?? '';
                      const answers = sent.map((s) => ({ name: s.name, text: s.response?.answers[q.key] ?? '' })).filter((a) => a.text);
                      return (
                        <div key={q.key} className="question">
                          <label htmlFor={id} className="field__label">
                            {q.text}
                          </label>
                          {answer ? (
                            <p className="field__hint">{t('evaluation.lastSaved', { name: answer.updatedBy ?? '', date: formatDateTime(answer.updatedAt) })}</p>
                          ) : null}
                          <input type="hidden" name={`v.${q.key}`} value={answer?.version ?? 0} />
                          <input type="hidden" name={`o.${q.key}`} value={answer?.text ?? ''} />
                          {editable ? (
                            <textarea
                              id={id}
                              name={id}
                              className="textarea"
                              rows={3}
                              maxLength={LIMITS.comment}
                              defaultValue={value}
                              aria-label={`${topic.title}: ${q.text}`}
                            />
                          ) : (
                            <p id={id} className="prewrap readonly-text">
                              {value || '–'}
                            </p>
                          )}
                          <details className="survey-answers" open={answers.length > 0}>
                            <summary>
                              {t('evaluation.surveyAnswers')} ({answers.length})
                            </summary>
                            {answers.length === 0 ? (
                              <p>{t('evaluation.noSurveyAnswers')}</p>
                            ) : (
                              <ul>
                                {answers.map((a) => (
                                  <li key={a.name}>
                                    <strong>{a.name}:</strong> <span className="prewrap">{a.text}</span>
                                  </li>
                                ))}
                              </ul>
                            )}
                          </details>
                        </div>
                      );
                    })}
                  </article>
                );
              })}
            </section>
          );
        })}
        {editable ? (
          <div className="form__actions form__actions--sticky">
            <button type="submit" className="button" disabled={busy}>
              {t('evaluation.saveTexts')}
            </button>
          </div>
        ) : null}
      </Form>

      <section id="survey" aria-labelledby="survey-title" className="report__section">
        <h2 id="survey-title">{t('evaluation.surveyTitle')}</h2>
        <p>{round.surveyOpen ? t('evaluation.surveyIsOpen') : t('evaluation.surveyIsClosed')}</p>
        {editable ? (
          <Form method="post">
            <input type="hidden" name="version" value={round.version} />
            <button type="submit" name="intent" value={round.surveyOpen ? 'survey-close' : 'survey-open'} className="button button--secondary" disabled={busy}>
              {round.surveyOpen ? t('evaluation.closeSurvey') : t('evaluation.openSurvey')}
            </button>
          </Form>
        ) : null}
        <h3>{t('evaluation.respondents')}</h3>
        <ul>
          {survey.map((s) => (
            <li key={s.userId}>
              {s.name}:{' '}
              {s.response?.status === 'sent'
                ? t('evaluation.answered', { date: formatDateTime(s.response.sentAt) })
                : s.response
                  ? t('evaluation.draftOnly')
                  : t('evaluation.notAnswered')}
            </li>
          ))}
        </ul>
      </section>

      <section id="summary" aria-labelledby="summary-title" className="report__section">
        <h2 id="summary-title">{t('evaluation.summaryTitle')}</h2>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="summary" />
          <input type="hidden" name="version" value={round.version} />
          <div className="field">
            <label htmlFor="summary-text" className="field__label">
              {t('evaluation.summary')}
            </label>
            <textarea id="summary-text" name="summary" className="textarea" rows={8} defaultValue={round.summary} readOnly={!editable} />
          </div>
          <div className="field">
            <label htmlFor="proposals" className="field__label">
              {t('evaluation.proposals')}
            </label>
            <textarea id="proposals" name="proposals" className="textarea" rows={6} defaultValue={round.proposals} readOnly={!editable} />
          </div>
          {editable ? (
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t('evaluation.saveSummary')}
            </button>
          ) : null}
        </Form>

        <h3>{t('evaluation.sendTitle')}</h3>
        {round.sentOn ? (
          <p>{t('evaluation.sentInfo', { date: formatDate(round.sentOn) })}</p>
        ) : editable ? (
          <Form method="post" className="filters">
            <input type="hidden" name="intent" value="send" />
            <input type="hidden" name="version" value={round.version} />
            <DateField id="sentOn" label={t('evaluation.sentOn')} hint={t('evaluation.sendHint')} today={today} error={dateError} />
            <button type="submit" className="button" disabled={busy}>
              {t('evaluation.send')}
            </button>
          </Form>
        ) : null}

        {round.status !== 'open' ? (
          <>
            <h3>{t('evaluation.boardTitle')}</h3>
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="board" />
              <input type="hidden" name="version" value={round.version} />
              <div className="field">
                <label htmlFor="boardComments" className="field__label">
                  {t('evaluation.boardComments')}
                </label>
                <textarea
                  id="boardComments"
                  name="boardComments"
                  className="textarea"
                  rows={4}
                  defaultValue={round.boardComments}
                  readOnly={!canEdit || round.status !== 'sent'}
                />
              </div>
              {canEdit && round.status === 'sent' ? (
                <button type="submit" className="button button--secondary" disabled={busy}>
                  {t('evaluation.saveBoard')}
                </button>
              ) : null}
            </Form>
            <h3>{t('evaluation.presentedTitle')}</h3>
            {round.presentedOn ? (
              <p>{t('evaluation.presentedInfo', { date: formatDate(round.presentedOn) })}</p>
            ) : canEdit ? (
              <Form method="post" className="filters">
                <input type="hidden" name="intent" value="present" />
                <input type="hidden" name="version" value={round.version} />
                <DateField id="presentedOn" label={t('evaluation.presentedOn')} today={today} error={dateError} />
                <button type="submit" className="button" disabled={busy}>
                  {t('evaluation.present')}
                </button>
              </Form>
            ) : null}
          </>
        ) : null}
      </section>
    </div>
  );
}
