import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { withNotice } from '~/utils/notice';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorSummary, SelectField, TextField } from '~/components/forms';
import { formatDate } from '~/domain/dates';
import { readRecordDecisionForm, recordDecisionSchema } from '~/domain/review-form';
import { type FieldErrors, fieldErrorsOf, text } from '~/domain/validation';
import { OUTCOMES } from '~/domain/workflow';
import { recordDecision } from '~/models/decision-writes.server';
import { requireDecision, withDecision } from '~/models/decision-access.server';
import { refusal } from '~/utils/http.server';
import { useT } from '~/utils/i18n';
import { readForm } from '~/utils/form.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.decision.title ?? ''} – Linssi` }];

/** The author or an admin records the decision of an approved assessment. */
export async function loader(args: LoaderFunctionArgs) {
  const { decision } = await requireDecision(args, 'decide');
  return {
    decision: { id: decision.id, title: decision.title, meetingDate: decision.meetingDate, bodyName: decision.bodyName, version: decision.assessment.version },
  };
}

export const action = (args: ActionFunctionArgs) =>
  withDecision(args, 'decide', async (grant) => {
    const formData = await readForm(args.request);
    const values = readRecordDecisionForm(formData);
    const parsed = recordDecisionSchema.safeParse(values);
    if (!parsed.success) return data({ values, errors: fieldErrorsOf(parsed.error), stale: false }, { status: 400 });
    const result = await recordDecision(grant, Number(text(formData, 'version')), parsed.data);
    if (!result.ok) {
      if (result.reason === 'stale') return data({ values, errors: {} as FieldErrors, stale: true }, { status: 409 });
      throw refusal(result.reason);
    }
    throw redirect(withNotice(`/decisions/${grant.decision.id}`, 'decided'));
  });

export default function RecordDecision() {
  const { decision } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors: FieldErrors = result?.errors ?? {};
  const summary = (
    [
      ['outcome', t('record.outcome')],
      ['minutesSection', t('record.minutesSection')],
      ['meetingDate', t('record.meetingDate')],
    ] as const
  )
    .filter(([name]) => errors[name])
    .map(([name, label]) => ({ target: name, label, error: errors[name]! }));
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
