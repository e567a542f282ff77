import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { DecisionListing } from '~/components/decision-table';
import { pageParam } from '~/domain/pagination';
import { FilterSelect } from '~/components/ui';
import { formatDate, parseDateInput } from '~/domain/dates';
import { LIMITS } from '~/domain/limits';
import { type ArchiveFilters, searchArchive } from '~/models/decision.server';
import { listUnits } from '~/models/organisation.server';
import { principlesOfPeriod } from '~/models/report.server';
import { requireUser } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { parseId } from '~/utils/params';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/** Every logged-in user may search decided, public assessments, to learn from earlier ones. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  // Every body, department and principle that decisions may have: deactivated ones and those of
  // earlier strategy versions too (matched by key, with the newest title), so history stays searchable.
  const t = serverTranslator(request, user);
  const [units, everyPrinciple] = await Promise.all([
    Promise.all([listUnits('body'), listUnits('department')]),
    principlesOfPeriod({ from: '0001-01-01', to: '9999-12-31', year: null }),
  ]);
  const choices = (list: Awaited<ReturnType<typeof listUnits>>) =>
    list.filter((u) => u.active || u.decisions > 0).map((u) => ({ id: u.id, name: u.active ? u.name : `${u.name} ${t('archive.inactive')}` }));
  const [bodies, departments] = [choices(units[0]), choices(units[1])];
  const principles = everyPrinciple.filter((p) => p.kind === 'scored').map((p) => ({ key: p.key, title: p.title }));
  const effect = params.get('effect');
  const principleKey = params.get('principle');
  const filters: ArchiveFilters = {
    query: (params.get('q') ?? '').slice(0, LIMITS.search),
    bodyId: parseId(params.get('body')),
    departmentId: parseId(params.get('department')),
    principleKey: principles.some((p) => p.key === principleKey) ? principleKey : null,
    effect: effect === 'positive' || effect === 'negative' ? effect : 'any',
    from: parseDateInput(params.get('from') ?? ''),
    to: parseDateInput(params.get('to') ?? ''),
  };
  const page = await searchArchive(filters, pageParam(request));
  const query = new URLSearchParams(params);
  query.delete('page');
  return {
    title: t('archive.title'),
    filters,
    bodies,
    departments,
    principles,
    page,
    basePath: `/archive?${query.toString()}${query.toString() ? '&' : ''}`,
  };
}

export default function Archive() {
  const { filters, bodies, departments, principles, page, basePath } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t('archive.title')}</h1>
      <p>{t('archive.intro')}</p>
      <Form method="get" className="filters" role="search" aria-label={t('archive.title')}>
        <div className="field filters__wide">
          <label htmlFor="q" className="field__label">
            {t('archive.query')}
          </label>
          <p id="q-hint" className="field__hint">
            {t('archive.queryHint')}
          </p>
          <input id="q" name="q" type="search" className="input" defaultValue={filters.query} maxLength={LIMITS.search} aria-describedby="q-hint" />
        </div>
        <FilterSelect
          id="body"
          label={t('archive.body')}
          anyLabel={t('archive.any')}
          value={filters.bodyId}
          options={bodies.map((b) => ({ value: b.id, label: b.name }))}
        />
        <FilterSelect
          id="department"
          label={t('archive.department')}
          anyLabel={t('archive.any')}
          value={filters.departmentId}
          options={departments.map((d) => ({ value: d.id, label: d.name }))}
        />
        <FilterSelect
          id="principle"
          label={t('archive.principle')}
          anyLabel={t('archive.any')}
          value={filters.principleKey}
          options={principles.map((p) => ({ value: p.key, label: p.title }))}
        />
        <div className="field">
          <label htmlFor="effect" className="field__label">
            {t('archive.effect')}
          </label>
          <select id="effect" name="effect" className="select" defaultValue={filters.effect}>
            <option value="any">{t('archive.effectAny')}</option>
            <option value="positive">{t('archive.effectPositive')}</option>
            <option value="negative">{t('archive.effectNegative')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="from" className="field__label">
            {t('archive.from')}
          </label>
          <input id="from" name="from" className="input input--short" defaultValue={formatDate(filters.from)} />
        </div>
        <div className="field">
          <label htmlFor="to" className="field__label">
            {t('archive.to')}
          </label>
          <input id="to" name="to" className="input input--short" defaultValue={formatDate(filters.to)} />
        </div>
        <div className="form__actions">
          <button type="submit" className="button">
            {t('archive.search')}
          </button>
          <Link to="/archive" className="button button--secondary">
            {t('archive.clear')}
          </Link>
        </div>
      </Form>
      <p role="status">{t('archive.results', { count: page.total })}</p>
      {page.total === 0 ? (
        <p className="empty">{t('archive.empty')}</p>
      ) : (
        <DecisionListing page={page} showAuthor caption={t('archive.title')} basePath={basePath} pageSeparator="" />
      )}
    </div>
  );
}
