import type { LinksFunction, ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { SelectField, TextArea, TextField } from '~/components/forms';
import { FrameworkItemForm } from '~/components/framework-problems';
import { FRAMEWORK_LIMITS, keyFromTitle } from '~/domain/framework';
import { PRINCIPLE_FIELDS, formValues, principleSchema } from '~/domain/framework-form';
import { type FieldErrors, fieldErrorsOf, text } from '~/domain/validation';
import { getEditableVersion, savePrinciple } from '~/models/framework-admin.server';
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

/** The draft version and the principle being edited ('new' for a new one); 404 or 409 otherwise. */
async function load(params: { id?: string; principleId?: string }) {
  const version = await getEditableVersion(requireId(params.id));
  if (!version) throw notFound();
  if (version.status !== 'draft') throw refusal('conflict');
  const isNew = params.principleId === 'new';
  const principle = isNew
    ? null
    : version.dimensions.flatMap((d) => d.principles.map((p) => ({ ...p, dimensionId: d.id }))).find((p) => p.id === parseId(params.principleId));
  if (!isNew && !principle) throw notFound();
  return { version, principle: principle ?? null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const { version, principle } = await load(params);
  const t = serverTranslator(request, user);
  const dimension = new URL(request.url).searchParams.get('dimension') ?? '';
  return {
    title: principle ? `${t('strategyAdmin.editPrinciple')}: ${principle.title}` : t('strategyAdmin.newPrinciple'),
    version: { id: version.id, name: version.name, updatedAt: version.updatedAt ?? '' },
    dimensions: version.dimensions.map((d) => ({ id: d.id, name: d.name })),
    principle: principle
      ? {
          dimensionId: String(principle.dimensionId),
          key: principle.key,
          title: principle.title,
          description: principle.description,
          guidingQuestions: principle.guidingQuestions.join('\n'),
          keyFixed: principle.keyFixed,
        }
      : { dimensionId: parseId(dimension) === null ? '' : dimension, key: '', title: '', description: '', guidingQuestions: '', keyFixed: false },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const { version, principle } = await load(params);
  const form = await readForm(request);
  const values = formValues(form, PRINCIPLE_FIELDS);
  if (principle?.keyFixed) values.key = principle.key;
  // A new principle without a key gets one from its title (Avoin → avoin).
  const parsed = principleSchema.safeParse({ ...values, key: values.key || keyFromTitle(values.title) });
  if (!parsed.success) return invalid(values, fieldErrorsOf(parsed.error));
  const result = await savePrinciple(version.id, principle?.id ?? null, parsed.data, user, form.has('updatedAt') ? text(form, 'updatedAt') : undefined);
  if (!result.ok) {
    // Changed by someone else since the form was drawn: the typed values stay, with a warning; saving again applies them.
    if (result.reason === 'stale') return data({ errors: {} as FieldErrors, values, stale: true }, { status: 409 });
    if (result.reason !== 'invalid') throw refusal(result.reason);
    const errors: FieldErrors = Object.fromEntries(
      result.problems.map((p) => [p.field ?? 'key', { code: p.code === 'keyTaken' ? 'keyTaken' : 'invalidChoice' }]),
    );
    return invalid(values, errors);
  }
  return redirect(withNotice(`/admin/strategy/${version.id}`, 'strategySaved', { hash: `principle-${result.value}` }));
}

export default function PrincipleForm() {
  const { title, version, dimensions, principle } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: FieldErrors = result?.errors ?? {};
  const v = result?.values ?? principle;
  const labels: Record<string, string> = {
    dimensionId: t('strategyAdmin.principleDimension'),
    key: t('strategyAdmin.fields.key'),
    title: t('strategyAdmin.principleTitle'),
    description: t('strategyAdmin.principleDescription'),
    guidingQuestions: t('strategyAdmin.guidingQuestionsLabel'),
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
      <SelectField
        id="dimensionId"
        name="dimensionId"
        label={labels.dimensionId}
        placeholder=""
        defaultValue={v.dimensionId}
        error={errors.dimensionId}
        options={dimensions}
      />
      <TextField id="title" name="title" label={labels.title} defaultValue={v.title} error={errors.title} maxLength={FRAMEWORK_LIMITS.title} required />
      <TextField
        id="key"
        name="key"
        label={labels.key}
        hint={principle.keyFixed ? t('strategyAdmin.keyFixedHint') : t('strategyAdmin.keyHint')}
        defaultValue={v.key}
        readOnly={principle.keyFixed}
        error={errors.key}
        maxLength={64}
        optional={!principle.keyFixed}
      />
      <TextArea
        id="description"
        name="description"
        label={labels.description}
        defaultValue={v.description}
        error={errors.description}
        rows={4}
        maxLength={FRAMEWORK_LIMITS.description}
      />
      <TextArea
        id="guidingQuestions"
        name="guidingQuestions"
        label={labels.guidingQuestions}
        hint={t('strategyAdmin.linesHint')}
        defaultValue={v.guidingQuestions}
        error={errors.guidingQuestions}
        rows={5}
        optional
      />
    </FrameworkItemForm>
  );
}
