import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { formatDate, todayInHelsinki } from '~/domain/dates';
import { evaluationPeriodOf, periodFromQuery } from '~/domain/period';
import { seesAllDecisions } from '~/domain/permissions';
import { signedScore } from '~/domain/scale';
import { formatNumber } from '~/i18n';
import { FilterSelect, PeriodFields, ScrollRegion } from '~/components/ui';
import { listUnits } from '~/models/organisation.server';
import { findings, pendingReviews, principleStats } from '~/models/overview.server';
import { requireRole } from '~/models/auth.server';
import { useLanguage, useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/** For a manager: the departments they lead. For the group and admins: all, or one chosen. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'manager', 'group', 'admin');
  const seesAll = seesAllDecisions(user);
  const params = new URL(request.url).searchParams;
  const today = todayInHelsinki();
  const period = periodFromQuery(params, today);
  // Deactivated departments too: their history stays in the overview of the period.
  const all = await listUnits('department');
  const allowed = seesAll ? all : all.filter((d) => user.leads.includes(d.id));
  const chosen = Number(params.get('department'));
  const departments = allowed.some((d) => d.id === chosen) ? [chosen] : seesAll ? null : allowed.map((d) => d.id);
  const [stats, negatives, gaps, pending] = await Promise.all([
    principleStats(period, departments),
    findings('negative', period, departments),
    findings('knowledge_gap', period, departments),
    pendingReviews(departments, today),
  ]);
  return {
    title: serverTranslator(request, user)('overview.title'),
    seesAll,
    period,
    departmentOptions: allowed,
    chosen: departments?.length === 1 ? departments[0] : null,
    current: evaluationPeriodOf(today),
    previous: evaluationPeriodOf(`${Number(evaluationPeriodOf(today).from.slice(0, 4)) - 1}-12-31`),
    stats,
    negatives,
    gaps,
    pending,
  };
}

function FindingTitle({ f }: { f: { decisionId: number | null; title: string | null } }) {
  const t = useT();
  return f.decisionId !== null && f.title !== null ? <Link to={`/decisions/${f.decisionId}`}>{f.title}</Link> : <em>{t('overview.confidentialItem')}</em>;
}

export default function Overview() {
  const { seesAll, period, departmentOptions, chosen, stats, negatives, gaps, pending, current, previous } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  return (
    <div className="page">
      <h1>{t('overview.title')}</h1>
      <p>{seesAll ? t('overview.introAll') : t('overview.intro')}</p>
      <Form method="get" className="filters">
        <PeriodFields from={period.from} to={period.to} />
        <FilterSelect
          id="department"
          label={t('overview.department')}
          anyLabel={t('overview.allDepartments')}
          value={chosen ?? null}
          options={departmentOptions.map((d) => ({ value: d.id, label: d.name }))}
        />
        <button type="submit" className="button button--secondary">
          {t('overview.show')}
        </button>
      </Form>
      <p className="muted">{t('overview.period', { from: formatDate(period.from), to: formatDate(period.to) })}</p>
      <p className="period-links">
        {[current, previous].map((p) => (
          <Link key={p.from} to={`?from=${p.from}&to=${p.to}${chosen ? `&department=${chosen}` : ''}`}>
            {t('overview.periodLink', { year: p.year ?? '' })}
          </Link>
        ))}
      </p>

      <section aria-labelledby="stats-title">
        <h2 id="stats-title">{t('overview.principlesTitle')}</h2>
        <p>{t('overview.principlesIntro')}</p>
        <ScrollRegion label={t('overview.principlesTitle')}>
          <table className="table stats-table">
            <caption className="visually-hidden">{t('overview.principlesTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('overview.colPrinciple')}</th>
                <th scope="col">{t('overview.colN')}</th>
                <th scope="col">{t('overview.colMean')}</th>
                {[-2, -1, 0, 1, 2].map((s) => (
                  <th scope="col" key={s}>
                    {signedScore(s)}
                  </th>
                ))}
                <th scope="col">{t('overview.colNotRelevant')}</th>
                <th scope="col">{t('overview.colGap')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.map((s) => (
                <tr key={s.key}>
                  <th scope="row">{s.title}</th>
                  <td>{s.numeric}</td>
                  <td>{s.mean === null ? '–' : formatNumber(language, s.mean, 2)}</td>
                  {s.distribution.map((n, i) => (
                    <td key={i}>{n}</td>
                  ))}
                  <td>{s.notRelevant}</td>
                  <td>{s.knowledgeGap}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section aria-labelledby="neg-title">
        <h2 id="neg-title">{t('overview.negativesTitle')}</h2>
        {negatives.length === 0 ? (
          <p>{t('overview.negativesEmpty')}</p>
        ) : (
          <ul className="finding-list">
            {negatives.map((f, i) => (
              <li key={i}>
                <FindingTitle f={f} /> ({formatDate(f.meetingDate)}) – {f.principleTitle}: <strong>{f.score !== null ? signedScore(f.score) : ''}</strong>
                {f.text ? <p className="prewrap">{f.text}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="gap-title">
        <h2 id="gap-title">{t('overview.gapsTitle')}</h2>
        {gaps.length === 0 ? (
          <p>{t('overview.gapsEmpty')}</p>
        ) : (
          <ul className="finding-list">
            {gaps.map((f, i) => (
              <li key={i}>
                <FindingTitle f={f} /> ({formatDate(f.meetingDate)}) – {f.principleTitle}
                {f.text ? <p className="prewrap">{f.text}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="pending-title">
        <h2 id="pending-title">{t('overview.pendingTitle')}</h2>
        {pending.length === 0 ? (
          <p>{t('overview.pendingEmpty')}</p>
        ) : (
          <ul className="finding-list">
            {pending.map((p) => (
              <li key={p.decisionId}>
                <Link to={`/decisions/${p.decisionId}`}>{p.title}</Link> – {p.departmentName}, {formatDate(p.meetingDate)}
                {p.overdue ? <span className="badge badge--urgent">{t('overview.overdue')}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
