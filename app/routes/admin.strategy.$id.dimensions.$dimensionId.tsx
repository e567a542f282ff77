import type { LinksFunction, ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { SelectField, TextArea, TextField } from '~/components/forms';
import { FrameworkItemForm } from '~/components/framework-problems';
import { DIMENSION_FIELDS, dimensionSchema, formValues } from '~/domain/framework-form';
import { type FieldErrors, fieldErrorsOf, text } from '~/domain/validation';
import { getEditableVersion, saveDimension } from '~/models/framework-admin.server';
import { requireRole } from '~/models/auth.server';
import { notFound, refusal, requireId } from '~/utils/http.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { withNotice } from '~/utils/notice';
import { parseId } from '~/utils/params';
import styles from '~/styles/strategy-admin.css';
import { invalid, readForm } from '~/utils/form.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/** The draft version and the dimension being edited ('new' for a new one); 404 or 409 otherwise. */
async function load(params: { id?: string; dimensionId?: string }) {
  const version = await getEditableVersion(requireId(params.id));
  if (!version) throw notFound();
  if (version.status !== 'draft') throw refusal('conflict');
  const isNew = params.dimensionId === 'new';
  const dimension = isNew ? null : version.dimensions.find((d) => d.id === parseId(params.dimensionId));
  if (!isNew && !dimension) throw notFound();
  return { version, dimension: dimension ?? null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const { version, dimension } = await load(params);
  const t = serverTranslator(request, user);
  return {
    title: dimension ? `${t('strategyAdmin.editDimension')}: ${dimension.name}` : t('strategyAdmin.newDimension'),
    version: { id: version.id, name: version.name, updatedAt: version.updatedAt ?? '' },
    dimension: dimension
      ? {
          key: dimension.key,
          name: dimension.name,
          question: dimension.question ?? '',
          kind: dimension.kind,
          evaluationQuestions: dimension.evaluationQuestions.join('\n'),
          keyFixed: dimension.keyFixed,
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const { version, dimension } = await load(params);
  const form = await readForm(request);
  const values = formValues(form, DIMENSION_FIELDS);
  // A key in use by an active version cannot change: the form shows it read-only and the server keeps it.
  if (dimension?.keyFixed) values.key = dimension.key;
  const parsed = dimensionSchema.safeParse(values);
  if (!parsed.success) return invalid(values, fieldErrorsOf(parsed.error));
  const result = await saveDimension(version.id, dimension?.id ?? null, parsed.data, user, form.has('updatedAt') ? text(form, 'updatedAt') : undefined);
  if (!result.ok) {
    // Changed by someone else since the form was drawn: the typed values stay, with a warning; saving again applies them.
    if (result.reason === 'stale') return data({ errors: {} as FieldErrors, values, stale: true }, { status: 409 });
    if (result.reason !== 'invalid') throw refusal(result.reason);
    const errors: FieldErrors = { key: { code: 'keyTaken' } };
    return invalid(values, errors);
  }
  return redirect(withNotice(`/admin/strategy/${version.id}`, 'strategySaved', { hash: `dimension-${result.value}` }));
}

export default function DimensionForm() {
  const { title, version, dimension } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: FieldErrors = result?.errors ?? {};
  const v = result?.values ?? dimension ?? { key: '', name: '', question: '', kind: 'scored', evaluationQuestions: '' };
  const labels: Record<string, string> = {
    key: t('strategyAdmin.versionKey'),
    name: t('strategyAdmin.dimensionName'),
    question: t('strategyAdmin.dimensionQuestionLabel'),
    kind: t('strategyAdmin.dimensionKind'),
    evaluationQuestions: t('strategyAdmin.evaluationQuestionsLabel'),
  };
  return (
    <FrameworkItemForm
      version={version}
      title={title}
      errors={errors}
      labels={labels}
      focusKey={result}
      stale={Boolean(result && 'stale' in result && result.stale)}
    >
      <TextField id="name" name="name" label={labels.name} defaultValue={v.name} error={errors.name} maxLength={300} required />
      <TextField
        id="key"
        name="key"
        label={t('strategyAdmin.fields.key')}
        hint={dimension?.keyFixed ? t('strategyAdmin.keyFixedHint') : t('strategyAdmin.keyHint')}
        defaultValue={v.key}
        readOnly={dimension?.keyFixed}
        error={errors.key}
        maxLength={64}
        required
      />
      <SelectField
        id="kind"
        name="kind"
        label={labels.kind}
        defaultValue={v.kind}
        error={errors.kind}
        placeholder=""
        options={[
          { id: 'scored', name: t('strategyAdmin.kindScored') },
          { id: 'linked', name: t('strategyAdmin.kindLinked') },
        ]}
      />
      <TextField id="question" name="question" label={labels.question} defaultValue={v.question} error={errors.question} maxLength={1000} optional />
      <TextArea
        id="evaluationQuestions"
        name="evaluationQuestions"
        label={labels.evaluationQuestions}
        hint={t('strategyAdmin.linesHint')}
        defaultValue={v.evaluationQuestions}
        error={errors.evaluationQuestions}
        rows={4}
        optional
      />
    </FrameworkItemForm>
  );
}
