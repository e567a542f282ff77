import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { DecisionForm } from '~/components/decision-form';
import { readDecisionForm } from '~/domain/decision-form';
import { createDecision, validateDecisionForm } from '~/models/decision.server';
import { listBodies, listDepartments, memberDepartments } from '~/models/organisation.server';
import { requireRole } from '~/utils/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'official');
  const [bodies, departments, member] = await Promise.all([listBodies(), listDepartments(), memberDepartments(user.id)]);
  return { bodies, departments, defaultDepartment: member[0] ?? null, title: serverTranslator(request, user)('decisionForm.newTitle') };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'official');
  const values = readDecisionForm(await request.formData());
  const result = await validateDecisionForm(values);
  if (!result.ok) return data({ values, errors: result.errors }, { status: 400 });
  const id = await createDecision(user, result.input);
  throw redirect(`/decisions/${id}/checklist?notice=created`);
}

export default function NewDecision() {
  const { bodies, departments, defaultDepartment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="page page--form">
      <h1>{t('decisionForm.newTitle')}</h1>
      <p className="lead">{t('decisionForm.newIntro')}</p>
      <DecisionForm
        values={
          result?.values ?? {
            title: '',
            caseNumber: '',
            bodyId: '',
            departmentId: defaultDepartment ? String(defaultDepartment) : '',
            meetingDate: '',
            description: '',
            confidential: false,
          }
        }
        errors={result?.errors}
        bodies={bodies}
        departments={departments}
        submitLabel={t('decisionForm.create')}
        cancelTo="/decisions"
      />
    </div>
  );
}
