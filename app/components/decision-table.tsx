import { Link } from '@remix-run/react';
import { formatDate } from '~/domain/dates';
import { type Page, shownRange } from '~/domain/pagination';
import type { DecisionListItem } from '~/models/decision.server';
import { useT } from '~/utils/i18n';
import { Pagination, StatusBadge } from './ui';

/** The list of drafts: a table on a wide screen, stacked rows on a phone (see app.css). */
export function DecisionTable({ items, showAuthor, caption }: { items: DecisionListItem[]; showAuthor: boolean; caption: string }) {
  const t = useT();
  return (
    <table className="table table--stack">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('decisions.colTitle')}</th>
          <th scope="col">{t('decisions.colBody')}</th>
          <th scope="col">{t('decisions.colMeeting')}</th>
          <th scope="col">{t('decisions.colStatus')}</th>
          {showAuthor ? <th scope="col">{t('decisions.colAuthor')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id}>
            <td data-label={t('decisions.colTitle')}>
              <Link to={`/decisions/${d.id}`} className="table__title">
                {d.title}
              </Link>
              {d.caseNumber ? <span className="table__meta"> {d.caseNumber}</span> : null}
              {d.confidential ? <span className="badge badge--confidential">{t('decisions.confidential')}</span> : null}
            </td>
            <td data-label={t('decisions.colBody')}>{d.bodyName}</td>
            <td data-label={t('decisions.colMeeting')}>{formatDate(d.meetingDate)}</td>
            <td data-label={t('decisions.colStatus')}>
              <StatusBadge status={d.status} />
            </td>
            {showAuthor ? <td data-label={t('decisions.colAuthor')}>{d.authorName}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One page of a list of drafts: the count, the table and the links to the other pages. */
export function DecisionListing({
  page,
  showAuthor,
  caption,
  basePath,
  pageSeparator = '?',
}: {
  page: Page<DecisionListItem>;
  showAuthor: boolean;
  caption: string;
  /** The list's URL; `pageSeparator` joins it to page=N ('' when basePath ends with ? or &). */
  basePath: string;
  pageSeparator?: string;
}) {
  const t = useT();
  return (
    <>
      <p className="table-count">{t('decisions.countShown', shownRange(page))}</p>
      <DecisionTable items={page.items} showAuthor={showAuthor} caption={caption} />
      <Pagination page={page.page} pages={page.pages} hrefFor={(p) => `${basePath}${pageSeparator}page=${p}`} />
    </>
  );
}
