import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { pageParam, shownRange } from '~/domain/pagination';
import { Pagination, ScrollRegion } from '~/components/ui';
import { LIMITS } from '~/domain/limits';
import { USER_STATUSES, parseUserStatus } from '~/domain/people';
import { listUsers } from '~/models/user.server';
import peopleStyles from '~/styles/people.css';
import { requireRole } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: peopleStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const params = new URL(request.url).searchParams;
  const filters = { status: parseUserStatus(params.get('status')), q: (params.get('q') ?? '').trim().slice(0, LIMITS.search) };
  const users = await listUsers(filters, pageParam(request));
  const query = new URLSearchParams();
  if (filters.status !== 'active') query.set('status', filters.status);
  if (filters.q) query.set('q', filters.q);
  // The page size travels with the data: a .server module's constants do not reach the browser.
  return { title: serverTranslator(request, user)('people.title'), filters, users, query: query.toString() };
}

const STATUS_LABEL = { active: 'people.statusActive', inactive: 'people.statusInactive', all: 'people.statusAll' } as const;

export default function Users() {
  const { filters, users, query } = useLoaderData<typeof loader>();
  const t = useT();
  const list = (items: string[]) => (items.length ? items.join(', ') : t('people.none'));
  return (
    <div className="page">
      <div className="page__header">
        <h1>{t('people.title')}</h1>
        <Link to="/admin/users/new" className="button">
          {t('people.add')}
        </Link>
      </div>
      <p>{t('people.intro')}</p>
      <Form method="get" className="filters" role="search" aria-label={t('people.title')}>
        <div className="field">
          <label htmlFor="status" className="field__label">
            {t('people.filterStatus')}
          </label>
          <select id="status" name="status" className="select" defaultValue={filters.status}>
            {USER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(STATUS_LABEL[s])}
              </option>
            ))}
          </select>
        </div>
        <div className="field people-search">
          <label htmlFor="q" className="field__label">
            {t('people.search')}
          </label>
          <input id="q" name="q" type="search" className="input" defaultValue={filters.q} maxLength={LIMITS.search} autoComplete="off" />
        </div>
        <button type="submit" className="button button--secondary">
          {t('people.filter')}
        </button>
      </Form>
      {users.total === 0 ? (
        <p className="empty">{t('people.empty')}</p>
      ) : (
        <>
          <p className="table-count" aria-live="polite">
            {t('people.countShown', shownRange(users))}
          </p>
          <ScrollRegion label={t('people.title')}>
            <table className="table people-table">
              <caption className="visually-hidden">{t('people.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('people.colName')}</th>
                  <th scope="col">{t('people.colUsername')}</th>
                  <th scope="col">{t('people.colRoles')}</th>
                  <th scope="col">{t('people.colMemberOf')}</th>
                  <th scope="col">{t('people.colLeads')}</th>
                  <th scope="col">{t('people.colStatus')}</th>
                </tr>
              </thead>
              <tbody>
                {users.items.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link>
                    </th>
                    <td>
                      <code>{u.username}</code>
                    </td>
                    <td>{list(u.roles.map((r) => t(`roles.${r}`)))}</td>
                    <td>{list(u.memberOf)}</td>
                    <td>{list(u.leads)}</td>
                    <td>{u.active ? t('people.active') : <span className="badge">{t('people.inactive')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <Pagination page={users.page} pages={users.pages} hrefFor={(p) => `/admin/users?${query}${query ? '&' : ''}page=${p}`} />
        </>
      )}
    </div>
  );
}
