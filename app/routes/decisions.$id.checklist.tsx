import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ErrorSummary, type SummaryItem, TextArea } from '~/components/forms';
import { Notice } from '~/components/ui';
import { type ChecklistFormValues, checklistSchema, fieldName, readChecklistForm, routineSchema } from '~/domain/checklist';
import { formatDate, formatDateTime } from '~/domain/dates';
import { LIMITS } from '~/domain/limits';
import { type FrameworkVersion, linkedPrinciples, scoredPrinciples } from '~/domain/framework';
import { type FieldErrors, fieldErrorsOf, text } from '~/domain/validation';
import type { MessageKey } from '~/i18n';
import { type AssessmentContent, getAssessmentContent, routineInput, saveChecklist } from '~/models/assessment.server';
import type { DecisionDetail } from '~/models/decision.server';
import { type DecisionGrant, requireDecision, reread, withDecision } from '~/models/decision-access.server';
import { LockedNotice } from '~/components/locked';
import { getFrameworkVersion } from '~/models/framework.server';
import { notFound, refusal } from '~/utils/http.server';
import { listReviews } from '~/models/review.server';
import { ConflictPanel } from '~/components/conflict-panel';
import { ChecklistFields } from '~/components/checklist-fields';
import { FrameworkOffer } from '~/components/framework-offer';
import { frameworkOffer } from '~/models/framework-move.server';
import { useT } from '~/utils/i18n';
import { withNotice } from '~/utils/notice';
import { intentOf, readForm } from '~/utils/form.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${(data?.locked ? data.locked.title : data?.decision.title) ?? ''} – Linssi` }];

/** The draft, if this user may fill its checklist now: 404 if they may not see it, 403 if it is not theirs, 409 if it is not editable. */
async function lockedOf(d: DecisionDetail) {
  const framework = await getFrameworkVersion(d.assessment.frameworkVersionId);
  const principles = framework ? scoredPrinciples(framework).map((p) => ({ key: p.key, title: p.title })) : [];
  return { id: d.id, title: d.title, status: d.assessment.status, principles };
}

/** The framework version of a decision this user may fill in now. */
async function frameworkOf(decision: DecisionDetail) {
  const framework = await getFrameworkVersion(decision.assessment.frameworkVersionId);
  if (!framework) throw notFound();
  return framework;
}

function formValuesOf(framework: FrameworkVersion, content: AssessmentContent): ChecklistFormValues {
  return {
    answers: Object.fromEntries(
      scoredPrinciples(framework).map((p) => {
        const a = content.answers[p.key];
        return [p.key, { answer: a?.answer ?? '', rationale: a?.rationale ?? '', mitigation: a?.mitigation ?? '' }];
      }),
    ),
    projects: content.projects,
  };
}

/** What the conflict page shows: the version saved in between, by whom and when. */
async function conflictOf(grant: DecisionGrant, yourVersion: number, framework: FrameworkVersion) {
  const now = await reread(grant);
  const current = now.decision;
  const content = await getAssessmentContent(now, framework);
  return {
    yourVersion,
    savedVersion: current.assessment.version,
    savedBy: current.assessment.updatedByName ?? '',
    savedAt: current.assessment.updatedAt,
    saved: formValuesOf(framework, content),
  };
}

/** The draft, if this user may fill its checklist now: 404 if they may not see it, 403 if it is not theirs. */
export async function loader(args: LoaderFunctionArgs) {
  const grant = await requireDecision(args, 'save', { locked: true });
  const { decision } = grant;
  // The author's assessment that has moved on (submitted, reviewed, decided): a page that says so,
  // with 409, rather than a form; after a refused post it also shows what the user typed.
  if (grant.verdict === 'conflict') return data({ locked: await lockedOf(decision) }, { status: 409 });
  const framework = await frameworkOf(decision);
  const [content, reviews, offer] = await Promise.all([
    getAssessmentContent(grant, framework),
    decision.assessment.status === 'returned' ? listReviews(grant) : Promise.resolve([]),
    frameworkOffer(grant),
  ]);
  const lastReturn = reviews.find((r) => r.outcome === 'returned') ?? null;
  const saved = formValuesOf(framework, content);
  return {
    locked: null,
    decision: {
      id: decision.id,
      title: decision.title,
      meetingDate: decision.meetingDate,
      version: decision.assessment.version,
      updatedAt: decision.assessment.updatedAt,
      updatedByName: decision.assessment.updatedByName,
    },
    lastReturn,
    framework: {
      name: framework.name,
      expiredOn: framework.validTo && framework.validTo < decision.meetingDate ? framework.validTo : null,
      dimensions: framework.dimensions,
    },
    saved,
    offer,
  };
}

export const action = (args: ActionFunctionArgs) => withDecision(args, 'save', (grant) => act(args.request, grant), { locked: true });

async function act(request: Request, grant: DecisionGrant) {
  const { decision } = grant;
  if (grant.verdict === 'conflict') {
    // Submitted or reviewed while this user was writing: nothing is saved, and what they typed is shown back.
    const formData = await readForm(request);
    const framework = await getFrameworkVersion(decision.assessment.frameworkVersionId);
    const keys = framework ? scoredPrinciples(framework).map((p) => p.key) : [];
    return data(
      {
        form: 'locked' as const,
        values: readChecklistForm(formData, keys),
        routineRationale: text(formData, 'routineRationale'),
        errors: {} as FieldErrors,
        conflict: null,
      },
      { status: 409 },
    );
  }
  const framework = await frameworkOf(decision);
  const formData = await readForm(request);
  // A draft save when no button was named (Enter in a field of an old browser).
  const intent = intentOf(formData, ['save', 'submit', 'routine'], 'save');
  const expectedVersion = Number(text(formData, 'version'));
  const scoredKeys = scoredPrinciples(framework).map((p) => p.key);
  const projectKeys = linkedPrinciples(framework).map((p) => p.key);

  if (intent === 'routine') {
    const routineRationale = text(formData, 'routineRationale');
    const parsed = routineSchema.safeParse({ routineRationale });
    if (!parsed.success) {
      return data({ form: 'routine' as const, routineRationale, errors: fieldErrorsOf(parsed.error), values: null, conflict: null }, { status: 400 });
    }
    const current = await getAssessmentContent(grant, framework);
    const result = await saveChecklist(
      grant,
      expectedVersion,
      routineInput(framework, parsed.data.routineRationale, current.projects),
      'routine',
      undefined,
      framework,
    );
    if (!result.ok) {
      if (result.reason === 'stale') {
        const conflict = await conflictOf(grant, expectedVersion, framework);
        return data({ form: 'routine' as const, routineRationale, errors: {}, values: null, conflict }, { status: 409 });
      }
      throw refusal(result.reason);
    }
    throw redirect(withNotice(`/decisions/${decision.id}/checklist`, 'routine'));
  }

  const mode = intent === 'submit' ? 'submit' : 'draft';
  const values = readChecklistForm(formData, scoredKeys);
  const parsed = checklistSchema(scoredKeys, projectKeys, mode).safeParse(values);
  if (!parsed.success) {
    return data({ form: 'checklist' as const, values, errors: fieldErrorsOf(parsed.error), routineRationale: '', conflict: null }, { status: 400 });
  }
  const result = await saveChecklist(
    grant,
    expectedVersion,
    parsed.data as Parameters<typeof saveChecklist>[2],
    mode === 'submit' ? 'submit' : 'save',
    undefined,
    framework,
  );
  if (!result.ok) {
    // Someone saved in between: nothing is written; the page shows this user's input beside the saved version.
    if (result.reason === 'stale') {
      const conflict = await conflictOf(grant, expectedVersion, framework);
      return data({ form: 'checklist' as const, values, errors: {}, routineRationale: '', conflict }, { status: 409 });
    }
    throw refusal(result.reason);
  }
  throw redirect(mode === 'submit' ? withNotice(`/decisions/${decision.id}`, 'submitted') : withNotice(`/decisions/${decision.id}/checklist`, 'draftSaved'));
}

export default function ChecklistRoute() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  if (loaded.locked) {
    const values = result?.form === 'locked' ? result.values : null;
    const titles = new Map(loaded.locked.principles.map((p) => [p.key, p.title]));
    return (
      <LockedNotice
        decisionId={loaded.locked.id}
        title={loaded.locked.title}
        status={loaded.locked.status}
        unsaved={[
          ...Object.entries(values?.answers ?? {}).flatMap(([key, a]) => [
            { label: `${titles.get(key) ?? key}: ${t('checklist.rationale')}`, text: a.rationale },
            { label: `${titles.get(key) ?? key}: ${t('checklist.mitigation')}`, text: a.mitigation },
          ]),
          { label: t('checklist.routineRationale'), text: result?.form === 'locked' ? result.routineRationale : '' },
        ]}
      />
    );
  }
  return <Checklist data={loaded} />;
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function Checklist({ data: { decision, framework, saved, lastReturn, offer } }: { data: Extract<Loaded, { locked: null }> }) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const values = result?.form === 'checklist' && result.values ? result.values : saved;
  const errors: FieldErrors = result?.form === 'checklist' ? result.errors : {};
  const routineErrors: FieldErrors = result?.form === 'routine' ? result.errors : {};
  const all = framework.dimensions.filter((d) => d.kind === 'scored').flatMap((d) => d.principles);
  // After a conflict the forms carry the version saved in between: saving again re-applies this user's input.
  const version = result?.conflict ? Math.max(result.conflict.savedVersion, decision.version) : decision.version;
  const savedDone = all.filter((p) => values.answers[p.key]?.answer).length;
  const busy = navigation.state === 'submitting';
  // With JavaScript: the count follows the radios as they are chosen, and leaving the page with
  // unsaved changes asks first. Without it the count is the saved one and nothing is lost on submit.
  const [liveDone, setLiveDone] = useState<number | null>(null);
  const dirty = useRef(false);
  const done = liveDone ?? savedDone;
  useEffect(() => {
    setLiveDone(null);
    dirty.current = false;
  }, [version, result]);
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);
  function onChange(event: FormEvent<HTMLFormElement>) {
    dirty.current = true;
    const data = new FormData(event.currentTarget);
    setLiveDone(all.filter((p) => data.get(fieldName.answer(p.key))).length);
  }

  const summary = (() => {
    const items: SummaryItem[] = [];
    for (const p of all) {
      const answerError = errors[fieldName.answer(p.key)];
      if (answerError) items.push({ target: `${fieldName.answer(p.key)}-2`, label: p.title, error: answerError });
      for (const [name, label] of [
        [fieldName.rationale(p.key), 'checklist.rationale'],
        [fieldName.mitigation(p.key), 'checklist.mitigation'],
      ] as Array<[string, MessageKey]>) {
        const error = errors[name];
        if (error) items.push({ target: name, label: `${p.title} – ${t(label)}`, error });
      }
    }
    return items;
  })();

  return (
    <div className="page page--form">
      {offer ? <FrameworkOffer decisionId={decision.id} version={version} offer={offer} /> : null}
      {result?.conflict ? (
        <ConflictPanel
          yourVersion={result.conflict.yourVersion}
          savedVersion={result.conflict.savedVersion}
          savedBy={result.conflict.savedBy}
          savedAt={formatDateTime(result.conflict.savedAt)}
          principles={all}
          yours={result.values}
          saved={result.conflict.saved}
        />
      ) : null}
      {lastReturn ? (
        <div className="notice notice--warning" role="status">
          <p>
            <strong>{t('review.returnedNotice')}</strong>
          </p>
          <p>{t('review.returnedBy', { name: lastReturn.reviewerName, date: formatDateTime(lastReturn.createdAt) })}</p>
          {lastReturn.comment ? <p className="prewrap">{lastReturn.comment}</p> : null}
        </div>
      ) : null}
      <p className="breadcrumb">
        <Link to={`/decisions/${decision.id}`}>← {t('checklist.decisionLink', { title: decision.title })}</Link>
      </p>
      <h1>
        {t('checklist.title')}
        <span className="h1-sub">{decision.title}</span>
      </h1>
      <p className="lead">{t('checklist.intro')}</p>
      <p>{t('checklist.strategyUsed', { name: framework.name })}</p>
      {framework.expiredOn ? <Notice tone="warning">{t('checklist.strategyExpired', { date: formatDate(framework.expiredOn) })}</Notice> : null}

      <section className="routine" aria-labelledby="routine-title">
        <h2 id="routine-title">{t('checklist.routineTitle')}</h2>
        <p>{t('checklist.routineText')}</p>
        <Form method="post" className="form" key={`routine-${version}`}>
          <input type="hidden" name="intent" value="routine" />
          <input type="hidden" name="version" value={version} />
          <TextArea
            id="routineRationale"
            name="routineRationale"
            label={t('checklist.routineRationale')}
            rows={2}
            maxLength={LIMITS.rationale}
            defaultValue={result?.form === 'routine' ? result.routineRationale : ''}
            error={routineErrors.routineRationale}
          />
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t('checklist.routineSubmit')}
          </button>
        </Form>
      </section>

      {/* Keyed by the saved version: after a save the fields show what was saved (a routine step
          changes every radio); after a refused submit the version is the same and the typed input stays. */}
      <Form key={`checklist-${version}`} method="post" className="form checklist" noValidate onChange={onChange} onSubmit={() => (dirty.current = false)}>
        <input type="hidden" name="version" value={version} />
        <ErrorSummary items={summary} focusKey={result} />
        <p className="progress" aria-live="polite">
          {t('checklist.progress', { done, total: all.length })}
        </p>
        <ChecklistFields framework={framework} values={values} errors={errors} principleComments={lastReturn?.principleComments} />
        <div className="form__actions form__actions--sticky">
          <button type="submit" name="intent" value="save" className="button button--secondary" disabled={busy}>
            {t('checklist.saveDraft')}
          </button>
          <button type="submit" name="intent" value="submit" className="button" disabled={busy} aria-describedby="submit-hint">
            {t('checklist.submit')}
          </button>
          <p id="submit-hint" className="field__hint">
            {t('checklist.submitHint')}
          </p>
        </div>
      </Form>
    </div>
  );
}
