import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ChecklistFields } from '~/components/checklist-fields';
import { Notice } from '~/components/ui';
import { scoredPrinciples } from '~/domain/strategy';
import { getStrategyVersion } from '~/models/framework.server';
import { requireRole } from '~/utils/auth.server';
import { notFound, requireId } from '~/utils/http.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import styles from '~/styles/strategy-admin.css';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/** The checklist of a version (draft or active) as an official will see it, without a form to save. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const strategy = await getStrategyVersion(requireId(params.id));
  if (!strategy) throw notFound();
  return { title: serverTranslator(request, user)('strategyAdmin.previewTitle'), strategy, count: scoredPrinciples(strategy).length };
}

export default function Preview() {
  const { strategy, count } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page page--form">
      <p className="breadcrumb">
        <Link to={`/admin/strategy/${strategy.id}`}>← {t('strategyAdmin.backToVersion', { name: strategy.name })}</Link>
      </p>
      <h1>
        {t('strategyAdmin.previewTitle')}
        <span className="h1-sub">{strategy.name}</span>
      </h1>
      <Notice tone="info">{t('strategyAdmin.previewIntro')}</Notice>
      <p id="preview-count">{t('strategyAdmin.previewCount', { count })}</p>
      <div className="form checklist">
        <ChecklistFields strategy={strategy} values={{ answers: {}, projects: [] }} errors={{}} />
      </div>
    </div>
  );
}
