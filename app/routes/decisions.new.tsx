import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { withNotice } from '~/utils/notice';
import { useActionData, useLoaderData } from '@remix-run/react';
import { DecisionForm } from '~/components/decision-form';
import { readDecisionForm } from '~/domain/decision-form';
import { createDecision } from '~/models/decision-writes.server';
import { findDecision } from '~/models/decision-access.server';
import { validateDecisionForm } from '~/models/decision.server';
import type { User } from '~/models/user.server';
import { Notice } from '~/components/ui';
import { text } from '~/domain/validation';
import { listBodies, listDepartments, memberDepartments } from '~/models/organisation.server';
import { requireRole } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { invalid, readForm } from '~/utils/form.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/**
 * An earlier assessment to copy the answers from (?copyFrom=id): only one the user may see, else
 * none. Its title is shown and its answers are copied: a confidential one's view is on record.
 */
async function copySource(args: LoaderFunctionArgs | ActionFunctionArgs, user: User, raw: string | null) {
  if (!raw) return null;
  return findDecision(args, 'copy', { id: raw, user });
}

export async function loader(args: LoaderFunctionArgs) {
  const { request } = args;
  const user = await requireRole(request, 'official');
  const [bodies, departments, member, source] = await Promise.all([
    listBodies(),
    listDepartments(),
    memberDepartments(user.id),
    copySource(args, user, new URL(request.url).searchParams.get('copyFrom')),
  ]);
  return {
    bodies,
    departments,
    defaultDepartment: member[0] ?? null,
    copyFrom: source ? { id: source.decision.id, title: source.decision.title, confidential: source.decision.confidential } : null,
    title: serverTranslator(request, user)('decisionForm.newTitle'),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const user = await requireRole(request, 'official');
  const formData = await readForm(request);
  const values = readDecisionForm(formData);
  // A new draft only for a body and department in use.
  const result = await validateDecisionForm(values);
  if (!result.ok) return invalid(values, result.errors);
  const source = await copySource(args, user, text(formData, 'copyFrom') || null);
  // A copy of a confidential assessment carries its answers and rationales: it is confidential too
  // (its author may change that on the edit page, a change on record), or the copied texts would
  // be shown to all staff once it is decided.
  const input = source?.decision.confidential ? { ...result.input, confidential: true } : result.input;
  const id = await createDecision(user, input, source);
  throw redirect(withNotice(`/decisions/${id}/checklist`, source ? 'copied' : 'created'));
}

export default function NewDecision() {
  const { bodies, departments, defaultDepartment, copyFrom } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="page page--form">
      <h1>{t('decisionForm.newTitle')}</h1>
      <p className="lead">{t('decisionForm.newIntro')}</p>
      {copyFrom ? <Notice tone="info">{t('copy.notice', { title: copyFrom.title })}</Notice> : null}
      <DecisionForm
        values={
          result?.values ?? {
            title: '',
            caseNumber: '',
            bodyId: '',
            departmentId: defaultDepartment ? String(defaultDepartment) : '',
            meetingDate: '',
            description: '',
            confidential: copyFrom?.confidential ?? false,
          }
        }
        errors={result?.errors}
        bodies={bodies}
        departments={departments}
        submitLabel={t('decisionForm.create')}
        cancelTo="/decisions"
        copyFrom={copyFrom?.id}
      />
    </div>
  );
}
