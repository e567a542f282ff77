import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { pageParam, shownRange } from '~/domain/pagination';
import { Pagination } from '~/components/ui';
import { formatDate, formatDateTime } from '~/domain/dates';
import { reviewCountOf, reviewQueue } from '~/models/review.server';
import { requireRole } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'manager');
  const queue = await reviewQueue(user, pageParam(request), { total: reviewCountOf(request, user) });
  return { queue, title: serverTranslator(request, user)('reviews.title') };
}

export default function Reviews() {
  const { queue } = useLoaderData<typeof loader>();
  const items = queue.items;
  const t = useT();
  return (
    <div className="page">
      <h1>{t('reviews.title')}</h1>
      <p>{t('reviews.intro')}</p>
      {items.length === 0 ? (
        <p className="empty">{t('reviews.empty')}</p>
      ) : (
        <>
          <p className="table-count">{t('decisions.countShown', shownRange(queue))}</p>
          <table className="table table--stack">
            <caption className="visually-hidden">{t('reviews.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('decisions.colTitle')}</th>
                <th scope="col">{t('decisions.colMeeting')}</th>
                <th scope="col">{t('reviews.colDepartment')}</th>
                <th scope="col">{t('decisions.colAuthor')}</th>
                <th scope="col">{t('reviews.colSubmitted')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} className={item.urgent ? 'row--urgent' : undefined}>
                  <td data-label={t('decisions.colTitle')}>
                    <Link to={`/decisions/${item.id}/review`} className="table__title">
                      {item.title}
                    </Link>
                    {item.caseNumber ? <span className="table__meta"> {item.caseNumber}</span> : null}
                    {item.urgent ? <span className="badge badge--urgent">{item.overdue ? t('reviews.overdue') : t('reviews.urgent')}</span> : null}
                  </td>
                  <td data-label={t('decisions.colMeeting')}>
                    {formatDate(item.meetingDate)} <span className="table__meta">{item.bodyName}</span>
                  </td>
                  <td data-label={t('reviews.colDepartment')}>{item.departmentName}</td>
                  <td data-label={t('decisions.colAuthor')}>{item.authorName}</td>
                  <td data-label={t('reviews.colSubmitted')}>{formatDateTime(item.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={queue.page} pages={queue.pages} hrefFor={(p) => `/reviews?page=${p}`} />
        </>
      )}
    </div>
  );
}
