import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { DecisionListing } from '~/components/decision-table';
import { pageParam } from '~/domain/pagination';
import { listVisibleDecisions } from '~/models/decision.server';
import { requireUser } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/** Every assessment the user may see: their own, their departments' (managers), all (group, admin). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await listVisibleDecisions(user, pageParam(request));
  return { page, title: serverTranslator(request, user)('decisions.allTitle') };
}

export default function AllDecisions() {
  const { page } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t('decisions.allTitle')}</h1>
      <p>{t('decisions.allIntro')}</p>
      {page.total === 0 ? (
        <p className="empty">{t('decisions.emptyAll')}</p>
      ) : (
        <DecisionListing page={page} showAuthor caption={t('decisions.allTitle')} basePath="/decisions/all" />
      )}
    </div>
  );
}
