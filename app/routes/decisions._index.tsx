import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DecisionListing } from '~/components/decision-table';
import { pageParam } from '~/domain/pagination';
import { listOwnDecisions } from '~/models/decision.server';
import { requireRole } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'official');
  const page = await listOwnDecisions(user, pageParam(request));
  return { page, title: serverTranslator(request, user)('decisions.myTitle') };
}

export default function MyDecisions() {
  const { page } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <div className="page__header">
        <h1>{t('decisions.myTitle')}</h1>
        <Link to="/decisions/new" className="button">
          {t('nav.newDecision')}
        </Link>
      </div>
      <p>{t('decisions.myIntro')}</p>
      {page.total === 0 ? (
        <div className="empty">
          <p>{t('decisions.empty')}</p>
          <Link to="/decisions/new" className="button">
            {t('decisions.startFirst')}
          </Link>
        </div>
      ) : (
        <DecisionListing page={page} showAuthor={false} caption={t('decisions.myTitle')} basePath="/decisions" />
      )}
    </div>
  );
}
