import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { pageParam } from '~/components/decision-table';
import { Pagination } from '~/components/ui';
import { formatDate, formatDateTime } from '~/domain/dates';
import { type Change, diffSnapshots } from '~/domain/history';
import { answerSign, isAnswerValue } from '~/domain/scale';
import { requireDecision } from '~/models/decision-access.server';
import { getFrameworkVersion } from '~/models/framework.server';
import { type SnapshotMeta, listSnapshotPage, readComparedSnapshots } from '~/models/history.server';
import { useT } from '~/utils/i18n';
import type { MessageKey } from '~/i18n';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.decision.title ?? ''} – Linssi` }];

/** A snapshot id from the query, or null: digits only. */
const idParam = (params: URLSearchParams, name: string) => {
  const raw = params.get(name);
  return raw && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
};

export async function loader(args: LoaderFunctionArgs) {
  const { request } = args;
  const grant = await requireDecision(args, 'view');
  const { decision } = grant;
  const params = new URL(request.url).searchParams;
  // One page of metadata, and the content of the two versions compared: never more, however long the history.
  const [list, compared, framework] = await Promise.all([
    listSnapshotPage(grant, pageParam(request)),
    readComparedSnapshots(grant, { from: idParam(params, 'from'), to: idParam(params, 'to') }),
    getFrameworkVersion(decision.assessment.frameworkVersionId),
  ]);
  const principles = (framework?.dimensions ?? []).flatMap((d) => d.principles.map((p) => ({ key: p.key, title: p.title })));
  const from = compared?.from;
  const to = compared?.to;
  const changes =
    from && to
      ? diffSnapshots(
          from.content,
          to.content,
          principles.map((p) => p.key),
        )
      : [];
  // The compare form offers this page's versions and the two chosen ones, newest first.
  const meta = ({ id, version, event }: SnapshotMeta) => ({ id, version, event });
  const choices = new Map(list.items.map((v) => [v.id, meta(v)]));
  for (const s of [from, to]) if (s && !choices.has(s.id)) choices.set(s.id, meta(s));
  return {
    decision: { id: decision.id, title: decision.title },
    versions: list.items,
    page: { page: list.page, pages: list.pages, total: list.total, pageSize: list.pageSize },
    choices: [...choices.values()].sort((a, b) => b.id - a.id),
    from: from ? { id: from.id, version: from.version } : null,
    to: to ? { id: to.id, version: to.version, userName: to.userName, at: to.at } : null,
    changes,
    principles,
  };
}

const EVENTS = ['created', 'saved', 'routine', 'submitted', 'returned', 'approved', 'decided', 'details'] as const;
const isEvent = (e: string): e is (typeof EVENTS)[number] => (EVENTS as readonly string[]).includes(e);

export default function History() {
  const { decision, versions, page, choices, from, to, changes, principles } = useLoaderData<typeof loader>();
  const t = useT();
  const titleOf = (key: string) => principles.find((p) => p.key === key)?.title ?? key;
  const projectTitle = (key: string) => titleOf(key);
  const label = (c: Change): string => {
    const f = c.field;
    if (f.kind === 'status') return t('history.fields.status');
    if (f.kind === 'projects') return t('history.fields.projects');
    if (f.kind === 'decision') return t(`history.fields.${f.field}` as MessageKey);
    return t(`history.fields.${f.kind}`, { title: titleOf(f.principleKey) });
  };
  const show = (c: Change, value: Change['before']): string => {
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return t('history.empty');
    if (typeof value === 'boolean') return value ? t('history.yes') : t('history.no');
    if (Array.isArray(value)) return value.map(projectTitle).join(', ');
    if (c.field.kind === 'status' && ['draft', 'submitted', 'returned', 'approved', 'decided'].includes(value)) {
      return t(`status.${value as 'draft'}`);
    }
    if (c.field.kind === 'answer' && isAnswerValue(value)) return `${answerSign(value) ?? ''} ${t(`answers.${value}`)}`.trim();
    if (c.field.kind === 'decision' && c.field.field === 'meetingDate') return formatDate(value);
    if (c.field.kind === 'decision' && c.field.field === 'outcome') return t(`outcomes.${value as 'approved'}`);
    return value;
  };
  // The pages keep the comparison chosen.
  const comparedQuery = from && to ? `from=${from.id}&to=${to.id}&` : '';
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/decisions/${decision.id}`}>← {t('checklist.decisionLink', { title: decision.title })}</Link>
      </p>
      <h1>
        {t('history.title')}
        <span className="h1-sub">{decision.title}</span>
      </h1>
      <p>{t('history.intro')}</p>
      {versions.length === 0 ? (
        <p>{t('history.none')}</p>
      ) : (
        <>
          <p className="table-count">
            {t('decisions.countShown', {
              from: (page.page - 1) * page.pageSize + 1,
              to: (page.page - 1) * page.pageSize + versions.length,
              total: page.total,
            })}
          </p>
          <table className="table table--stack">
            <caption className="visually-hidden">{t('history.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.version')}</th>
                <th scope="col">{t('history.event')}</th>
                <th scope="col">{t('history.by')}</th>
                <th scope="col">{t('history.at')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <td data-label={t('history.version')}>{v.version}</td>
                  <td data-label={t('history.event')}>{isEvent(v.event) ? t(`history.events.${v.event}`) : v.event}</td>
                  <td data-label={t('history.by')}>{v.userName ?? ''}</td>
                  <td data-label={t('history.at')}>{formatDateTime(v.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={page.page} pages={page.pages} hrefFor={(p) => `/decisions/${decision.id}/history?${comparedQuery}page=${p}`} />
          {page.pages > 1 ? <p id="compare-hint">{t('history.compareHint')}</p> : null}
          <Form method="get" className="compare-form">
            {page.page > 1 ? <input type="hidden" name="page" value={page.page} /> : null}
            <label htmlFor="from">{t('history.compareFrom')}</label>
            <select
              id="from"
              name="from"
              className="select"
              defaultValue={from?.id}
              key={`from-${from?.id}`}
              aria-describedby={page.pages > 1 ? 'compare-hint' : undefined}
            >
              {choices.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version} – {isEvent(v.event) ? t(`history.events.${v.event}`) : v.event}
                </option>
              ))}
            </select>
            <label htmlFor="to">{t('history.compareTo')}</label>
            <select
              id="to"
              name="to"
              className="select"
              defaultValue={to?.id}
              key={`to-${to?.id}`}
              aria-describedby={page.pages > 1 ? 'compare-hint' : undefined}
            >
              {choices.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version} – {isEvent(v.event) ? t(`history.events.${v.event}`) : v.event}
                </option>
              ))}
            </select>
            <button type="submit" className="button button--secondary">
              {t('history.compare')}
            </button>
          </Form>
          {from && to ? (
            <section aria-labelledby="changes-title">
              <h2 id="changes-title">{t('history.changesTitle', { from: from.version, to: to.version })}</h2>
              <p>{t('history.changedBy', { version: to.version, name: to.userName ?? '', date: formatDateTime(to.at) })}</p>
              {changes.length === 0 ? (
                <p>{t('history.noChanges')}</p>
              ) : (
                <table className="table table--stack diff">
                  <caption className="visually-hidden">{t('history.changesTitle', { from: from.version, to: to.version })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('history.field')}</th>
                      <th scope="col">{t('history.before', { version: from.version })}</th>
                      <th scope="col">{t('history.after', { version: to.version })}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {changes.map((c, i) => (
                      <tr key={i}>
                        <th scope="row" data-label={t('history.field')}>
                          {label(c)}
                        </th>
                        <td data-label={t('history.before', { version: from.version })} className="prewrap diff__before">
                          {show(c, c.before)}
                        </td>
                        <td data-label={t('history.after', { version: to.version })} className="prewrap diff__after">
                          {show(c, c.after)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
