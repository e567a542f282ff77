import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useMemo } from 'react';
import { ErrorSummary, SelectField, TextField } from '~/components/forms';
import { formatDate } from '~/domain/dates';
import { readRecordDecisionForm, recordDecisionSchema } from '~/domain/review-form';
import { type FieldErrors, fieldErrorsOf, text } from '~/domain/validation';
import { OUTCOMES, judge } from '~/domain/workflow';
import { recordDecision } from '~/models/assessment.server';
import { accessFacts, getDecisionDetail } from '~/models/decision.server';
import type { User } from '~/models/user.server';
import { refusal, requireUser } from '~/utils/auth.server';
import { useT } from '~/utils/i18n';
import { parseId } from '~/utils/notice';
import { readForm } from '~/utils/form.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.decision.title ?? ''} – Linssi` }];

/** The author or an admin records the decision of an approved assessment. */
async function requireDecidable(user: User, rawId: string | undefined) {
  const decision = await getDecisionDetail(parseId(rawId));
  if (!decision) throw refusal('not_found');
  const verdict = judge(user, accessFacts(decision), 'decide');
  if (verdict !== 'ok') throw refusal(verdict);
  return decision;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const decision = await requireDecidable(user, params.id);
  return {
    decision: { id: decision.id, title: decision.title, meetingDate: decision.meetingDate, bodyName: decision.bodyName, version: decision.assessment.version },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const decision = await requireDecidable(user, params.id);
  const formData = await readForm(request);
  const values = readRecordDecisionForm(formData);
  const parsed = recordDecisionSchema.safeParse(values);
  if (!parsed.success) return data({ values, errors: fieldErrorsOf(parsed.error), stale: false }, { status: 400 });
  const result = await recordDecision(user, decision.id, Number(text(formData, 'version')), parsed.data);
  if (!result.ok) {
    if (result.reason === 'stale') return data({ values, errors: {} as FieldErrors, stale: true }, { status: 409 });
    throw refusal(result.reason);
  }
  throw redirect(`/decisions/${decision.id}?notice=decided`);
}

export default function RecordDecision() {
  const { decision } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors: FieldErrors = result?.errors ?? {};
  const summary = useMemo(
    () =>
      (
        [
          ['outcome', t('record.outcome')],
          ['minutesSection', t('record.minutesSection')],
          ['meetingDate', t('record.meetingDate')],
        ] as const
      )
        .filter(([name]) => errors[name])
        .map(([name, label]) => ({ target: name, label, error: errors[name]! })),
    [errors, t],
  );
  return (
    <div className="page page--form">
      <p className="breadcrumb">
        <Link to={`/decisions/${decision.id}`}>← {t('checklist.decisionLink', { title: decision.title })}</Link>
      </p>
      <h1>
        {t('record.title')}
        <span className="h1-sub">{decision.title}</span>
      </h1>
      <p className="lead">{t('record.intro')}</p>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="version" value={decision.version} />
        {result?.stale ? (
          <div className="error-summary" role="alert">
            <p>{t('errors.conflict')}</p>
          </div>
        ) : null}
        <ErrorSummary items={summary} focusKey={result} />
        <SelectField
          id="outcome"
          name="outcome"
          label={t('record.outcome')}
          options={OUTCOMES.map((o) => ({ id: o, name: t(`outcomes.${o}`) }))}
          placeholder={t('decisionForm.choose')}
          defaultValue={result?.values.outcome ?? ''}
          error={errors.outcome}
        />
        <TextField
          id="minutesSection"
          name="minutesSection"
          label={t('record.minutesSection')}
          hint={t('record.minutesSectionHint')}
          defaultValue={result?.values.minutesSection ?? ''}
          maxLength={16}
          inputMode="numeric"
          className="input input--short"
          error={errors.minutesSection}
        />
        <TextField
          id="meetingDate"
          name="meetingDate"
          label={t('record.meetingDate')}
          hint={t('record.meetingDateHint')}
          defaultValue={result?.values.meetingDate ?? formatDate(decision.meetingDate)}
          maxLength={10}
          className="input input--short"
          error={errors.meetingDate}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('record.submit')}
          </button>
          <Link to={`/decisions/${decision.id}`} className="button button--secondary">
            {t('decisionForm.cancel')}
          </Link>
        </div>
      </Form>
    </div>
  );
}
