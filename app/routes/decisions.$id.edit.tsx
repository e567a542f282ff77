import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { withNotice } from '~/utils/notice';
import { useActionData, useLoaderData } from '@remix-run/react';
import { DecisionForm } from '~/components/decision-form';
import { readDecisionForm } from '~/domain/decision-form';
import { text } from '~/domain/validation';
import { updateDecisionDetails } from '~/models/decision-writes.server';
import { requireDecision, withDecision } from '~/models/decision-access.server';
import { validateDecisionForm } from '~/models/decision.server';
import { unitOptions } from '~/models/organisation.server';
import { refusal } from '~/utils/http.server';
import { useT } from '~/utils/i18n';
import { readForm } from '~/utils/form.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.decision.title ?? ''} – Linssi` }];

/** The decision, if this user may edit it now: 404 if they may not see it, 403 or 409 if they may not change it. */
export async function loader(args: LoaderFunctionArgs) {
  const { decision } = await requireDecision(args, 'edit');
  // The active ones, plus the draft's own even if it has since been deactivated.
  const [bodies, departments] = await Promise.all([unitOptions('body', decision.bodyId), unitOptions('department', decision.departmentId)]);
  return { decision, bodies, departments };
}

export const action = (args: ActionFunctionArgs) =>
  withDecision(args, 'edit', async (grant) => {
    const { decision } = grant;
    const formData = await readForm(args.request);
    const values = readDecisionForm(formData);
    const result = await validateDecisionForm(values, undefined, { bodyId: decision.bodyId, departmentId: decision.departmentId });
    if (!result.ok) return data({ values, errors: result.errors, stale: false }, { status: 400 });
    const saved = await updateDecisionDetails(grant, Number(text(formData, 'version')), result.input);
    if (!saved.ok) {
      if (saved.reason === 'stale') return data({ values, errors: {}, stale: true }, { status: 409 });
      throw refusal(saved.reason);
    }
    throw redirect(withNotice(`/decisions/${decision.id}`, 'saved'));
  });

export default function EditDecision() {
  const { decision, bodies, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="page page--form">
      <h1>{t('decisionForm.editTitle')}</h1>
      {result?.stale ? (
        <div className="error-summary" role="alert">
          <p>{t('errors.conflict')}</p>
        </div>
      ) : null}
      <DecisionForm
        version={decision.assessment.version}
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
