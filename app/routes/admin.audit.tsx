import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { FilterSelect, Pagination, ScrollRegion } from '~/components/ui';
import { pageParam, shownRange } from '~/domain/pagination';
import { formatDate, parseDateInput } from '~/domain/dates';
import { listAudit } from '~/models/audit.server';
import { requireRole } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { parseId } from '~/utils/params';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const params = new URL(request.url).searchParams;
  const entity = params.get('entity');
  const filters = {
    action: params.get('action') || null,
    username: params.get('user')?.trim().slice(0, 64) || null,
    entityId: parseId(entity),
    from: parseDateInput(params.get('from') ?? ''),
    to: parseDateInput(params.get('to') ?? ''),
  };
  const log = await listAudit(filters, pageParam(request));
  const query = new URLSearchParams(params);
  query.delete('page');
  return { title: serverTranslator(request, user)('audit.title'), filters, log, query: query.toString() };
}

export default function AuditLog() {
  const { filters, log, query } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <Form method="get" className="filters">
        <FilterSelect
          id="action"
          label={t('audit.action')}
          anyLabel={t('audit.any')}
          value={filters.action}
          options={log.actions.map((a) => ({ value: a, label: a }))}
        />
        <div className="field">
          <label htmlFor="user" className="field__label">
            {t('audit.user')}
          </label>
          <input id="user" name="user" className="input" defaultValue={filters.username ?? ''} maxLength={64} />
        </div>
        <div className="field">
          <label htmlFor="entity" className="field__label">
            {t('audit.entity')}
          </label>
          <input id="entity" name="entity" className="input input--short" inputMode="numeric" defaultValue={filters.entityId ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="from" className="field__label">
            {t('audit.from')}
          </label>
          <input id="from" name="from" className="input input--short" defaultValue={formatDate(filters.from)} />
        </div>
        <div className="field">
          <label htmlFor="to" className="field__label">
            {t('audit.to')}
          </label>
          <input id="to" name="to" className="input input--short" defaultValue={formatDate(filters.to)} />
        </div>
        <button type="submit" className="button button--secondary">
          {t('audit.filter')}
        </button>
      </Form>
      {log.total === 0 ? (
        <p className="empty">{t('audit.empty')}</p>
      ) : (
        <>
          <p className="table-count">{t('decisions.countShown', shownRange(log))}</p>
          <ScrollRegion label={t('audit.title')}>
            <table className="table audit-table">
              <caption className="visually-hidden">{t('audit.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.user')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.entity')}</th>
                  <th scope="col">{t('audit.outcome')}</th>
                  <th scope="col">{t('audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {log.items.map((row) => (
                  <tr key={row.id}>
                    <td>{row.at.replace('T', ' ').slice(0, 19)}</td>
                    <td>{row.user ?? t('audit.system')}</td>
                    <td>
                      <code>{row.action}</code>
                    </td>
                    <td>{row.entity}</td>
                    <td>{row.outcome}</td>
                    <td className="audit-table__details">
                      {row.withheld ? <em>{t('audit.withheld')}</em> : <code>{row.details.length > 300 ? `${row.details.slice(0, 300)}…` : row.details}</code>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <Pagination page={log.page} pages={log.pages} hrefFor={(p) => `/admin/audit?${query}${query ? '&' : ''}page=${p}`} />
        </>
      )}
    </div>
  );
}
