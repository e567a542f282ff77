import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ChecklistFields } from '~/components/checklist-fields';
import { Notice } from '~/components/ui';
import { scoredPrinciples } from '~/domain/framework';
import { getFrameworkVersion } from '~/models/framework.server';
import { refusal, requireRole } from '~/utils/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { parseId } from '~/utils/notice';
import styles from '~/styles/strategy-admin.css';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/** The checklist of a version (draft or active) as an official will see it, without a form to save. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const framework = await getFrameworkVersion(parseId(params.id));
  if (!framework) throw refusal('not_found');
  return { title: serverTranslator(request, user)('strategyAdmin.previewTitle'), framework, count: scoredPrinciples(framework).length };
}

export default function Preview() {
  const { framework, count } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page page--form">
      <p className="breadcrumb">
        <Link to={`/admin/strategy/${framework.id}`}>← {t('strategyAdmin.backToVersion', { name: framework.name })}</Link>
      </p>
      <h1>
        {t('strategyAdmin.previewTitle')}
        <span className="h1-sub">{framework.name}</span>
      </h1>
      <Notice tone="info">{t('strategyAdmin.previewIntro')}</Notice>
      <p id="preview-count">{t('strategyAdmin.previewCount', { count })}</p>
      <div className="form checklist">
        <ChecklistFields framework={framework} values={{ answers: {}, projects: [] }} errors={{}} />
      </div>
    </div>
  );
}
