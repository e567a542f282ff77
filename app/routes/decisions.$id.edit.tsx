import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { DecisionForm } from '~/components/decision-form';
import { readDecisionForm } from '~/domain/decision-form';
import { canEditDecision } from '~/domain/permissions';
import { accessFacts, getVisibleDecision, updateDecision, validateDecisionForm } from '~/models/decision.server';
import { listBodies, listDepartments } from '~/models/organisation.server';
import { conflict, forbidden, notFound, requireUser } from '~/utils/auth.server';
import { useT } from '~/utils/i18n';
import { parseId } from '~/utils/notice';
import type { User } from '~/models/user.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.decision.title ?? ''} – Linssi` }];

/** The decision, if this user may edit it now: 404 if they may not see it, 403 or 409 if they may not change it. */
async function requireEditable(user: User, rawId: string | undefined) {
  const decision = await getVisibleDecision(user, parseId(rawId));
  if (!decision) throw notFound();
  if (decision.authorId !== user.id) throw forbidden();
  if (!canEditDecision(user, accessFacts(decision))) throw conflict();
  return decision;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const decision = await requireEditable(user, params.id);
  const [bodies, departments] = await Promise.all([listBodies(), listDepartments()]);
  return { decision, bodies, departments };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const decision = await requireEditable(user, params.id);
  const values = readDecisionForm(await request.formData());
  const result = await validateDecisionForm(values);
  if (!result.ok) return data({ values, errors: result.errors }, { status: 400 });
  const saved = await updateDecision(user, decision.id, result.input);
  if (!saved.ok) throw saved.reason === 'not_found' ? notFound() : conflict();
  throw redirect(`/decisions/${decision.id}?notice=saved`);
}

export default function EditDecision() {
  const { decision, bodies, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="page page--form">
      <h1>{t('decisionForm.editTitle')}</h1>
      <DecisionForm
        values={
          result?.values ?? {
            title: decision.title,
            caseNumber: decision.caseNumber ?? '',
            bodyId: String(decision.bodyId),
            departmentId: String(decision.departmentId),
            meetingDate: decision.meetingDate,
            description: decision.description,
            confidential: decision.confidential,
          }
        }
        errors={result?.errors}
        bodies={bodies}
        departments={departments}
        submitLabel={t('decisionForm.save')}
        cancelTo={`/decisions/${decision.id}`}
      />
    </div>
  );
}
