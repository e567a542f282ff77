import { Form, Link, useNavigation } from '@remix-run/react';
import { useMemo } from 'react';
import { ErrorSummary, SelectField, TextArea, TextField } from '~/components/forms';
import { formatDate } from '~/domain/dates';
import type { DecisionFormValues } from '~/domain/decision-form';
import { LIMITS } from '~/domain/limits';
import type { FieldErrors } from '~/domain/validation';
import type { MessageKey } from '~/i18n';
import type { Option } from '~/models/organisation.server';
import { useT } from '~/utils/i18n';

const FIELDS: Array<[keyof DecisionFormValues, MessageKey]> = [
  ['title', 'decisionForm.title'],
  ['caseNumber', 'decisionForm.caseNumber'],
  ['bodyId', 'decisionForm.body'],
  ['departmentId', 'decisionForm.department'],
  ['meetingDate', 'decisionForm.meetingDate'],
  ['description', 'decisionForm.description'],
];

export function DecisionForm({
  values,
  errors,
  bodies,
  departments,
  submitLabel,
  cancelTo,
  version,
  copyFrom,
}: {
  version?: number;
  copyFrom?: number;
  values: DecisionFormValues;
  errors?: FieldErrors;
  bodies: Option[];
  departments: Option[];
  submitLabel: string;
  cancelTo: string;
}) {
  const t = useT();
  const navigation = useNavigation();
  const summary = useMemo(
    () =>
      FIELDS.filter(([name]) => errors?.[name]).map(([name, label]) => ({
        target: name,
        label: t(label),
        error: errors![name]!,
      })),
    [errors, t],
  );
  // Dates are typed and shown as d.m.yyyy whatever the browser's locale (a text field, not
  // type=date, whose format follows the browser and not the page). A saved yyyy-mm-dd is shown as d.m.yyyy.
  const meetingDate = /^\d{4}-\d{2}-\d{2}$/.test(values.meetingDate) ? formatDate(values.meetingDate) : values.meetingDate;
  return (
    <Form method="post" className="form" noValidate>
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {copyFrom !== undefined ? <input type="hidden" name="copyFrom" value={copyFrom} /> : null}
      <ErrorSummary items={summary} focusKey={errors} />
      <TextField
        id="title"
        name="title"
        label={t('decisionForm.title')}
        hint={t('decisionForm.titleHint')}
        defaultValue={values.title}
        maxLength={LIMITS.title}
        error={errors?.title}
      />
      <TextField
        id="caseNumber"
        name="caseNumber"
        label={t('decisionForm.caseNumber')}
        hint={t('decisionForm.caseNumberHint')}
        defaultValue={values.caseNumber}
        maxLength={LIMITS.caseNumber}
        optional
        error={errors?.caseNumber}
        className="input input--medium"
      />
      <SelectField
        id="bodyId"
        name="bodyId"
        label={t('decisionForm.body')}
        options={bodies}
        placeholder={t('decisionForm.choose')}
        defaultValue={values.bodyId}
        error={errors?.bodyId}
      />
      <SelectField
        id="departmentId"
        name="departmentId"
        label={t('decisionForm.department')}
        options={departments}
        placeholder={t('decisionForm.choose')}
        defaultValue={values.departmentId}
        error={errors?.departmentId}
      />
      <TextField
        id="meetingDate"
        name="meetingDate"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        label={t('decisionForm.meetingDate')}
        hint={t('decisionForm.meetingDateHint')}
        defaultValue={meetingDate}
        maxLength={10}
        error={errors?.meetingDate}
        className="input input--short"
      />
      <TextArea
        id="description"
        name="description"
        label={t('decisionForm.description')}
        hint={t('decisionForm.descriptionHint')}
        defaultValue={values.description}
        maxLength={LIMITS.description}
        required
        error={errors?.description}
      />
      <div className="field field--checkbox">
        <input type="checkbox" id="confidential" name="confidential" defaultChecked={values.confidential} aria-describedby="confidential-hint" />
        <label htmlFor="confidential">{t('decisionForm.confidential')}</label>
        <p id="confidential-hint" className="field__hint">
          {t('decisionForm.confidentialHint')}
        </p>
      </div>
      <div className="form__actions">
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {submitLabel}
        </button>
        <Link to={cancelTo} className="button button--secondary">
          {t('decisionForm.cancel')}
        </Link>
      </div>
    </Form>
  );
}
