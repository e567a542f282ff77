import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { DistributionChart } from '~/components/distribution-chart';
import { formatDate, todayInHelsinki } from '~/domain/dates';
import { evaluationPeriodOf } from '~/domain/period';
import { signedScore } from '~/domain/scale';
import { formatNumber } from '~/i18n';
import { PeriodFields, ScrollRegion } from '~/components/ui';
import { periodOfRequest, reportPage, reportScopeFor } from '~/models/report-page.server';
import type { NamedDecision, PrincipleNumbers } from '~/models/report.server';
import { existedText } from '~/domain/summary';
import { STATUSES } from '~/domain/workflow';
import { requireUser } from '~/models/auth.server';
import { forbidden } from '~/utils/http.server';
import { useLanguage, useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const period = periodOfRequest(request);
  const scope = reportScopeFor(user, period);
  if (!scope) throw forbidden();
  const t = serverTranslator(request, user);
  const current = evaluationPeriodOf(todayInHelsinki());
  return {
    title: period.year ? t('report.titleYear', { year: period.year }) : t('report.title'),
    period,
    isManagerView: scope.departmentIds !== null,
    periods: [current, evaluationPeriodOf(`${(current.year ?? 0) - 1}-01-01`), evaluationPeriodOf(`${(current.year ?? 0) - 2}-01-01`)],
    ...onPage(await reportPage(scope)),
  };
}

/** The page lists the newest decisions of each principle and project; the files have them all. */
export const LISTED_ON_PAGE = 10;

function onPage(page: Awaited<ReturnType<typeof reportPage>>) {
  const newest = <T,>(rows: T[], group: (row: T) => string) => {
    const seen = new Map<string, number>();
    return rows.filter((row) => {
      const n = (seen.get(group(row)) ?? 0) + 1;
      seen.set(group(row), n);
      return n <= LISTED_ON_PAGE;
    });
  };
  return { ...page, negatives: newest(page.negatives, (n) => n.principleKey), projects: newest(page.projects, (p) => p.projectKey) };
}

function Change({ now, before }: { now: number | null; before: number | null | undefined }) {
  const t = useT();
  const language = useLanguage();
  if (now === null || before === null || before === undefined) return <span className="muted">{t('report.changeNone')}</span>;
  const diff = Math.round((now - before) * 100) / 100;
  if (diff === 0) return <span>→ {t('report.changeSame')}</span>;
  const value = formatNumber(language, diff, 2);
  return diff > 0 ? (
    <span className="change change--up">
      <span aria-hidden="true">↑ </span>
      {t('report.changeUp', { value })}
    </span>
  ) : (
    <span className="change change--down">
      <span aria-hidden="true">↓ </span>
      {t('report.changeDown', { value })}
    </span>
  );
}

function DecisionItem({ d, showScore }: { d: NamedDecision; showScore?: boolean }) {
  const t = useT();
  return (
    <li>
      {d.id !== null && d.title !== null ? <Link to={`/decisions/${d.id}`}>{d.title}</Link> : <em>{t('report.confidential')}</em>} ({formatDate(d.meetingDate)})
      {showScore && d.score !== null ? <strong> {signedScore(d.score)}</strong> : null}
      {d.text ? <p className="prewrap">{d.text}</p> : null}
    </li>
  );
}

function GroupTable({
  title,
  groups,
  principles,
}: {
  title: string;
  groups: Array<{ id: number; name: string; principles: PrincipleNumbers[] }>;
  principles: PrincipleNumbers[];
}) {
  const t = useT();
  const language = useLanguage();
  return (
    <ScrollRegion label={title}>
      <table className="table stats-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.colGroup')}</th>
            {principles.map((p) => (
              <th scope="col" key={p.key}>
                {p.title}
                <ExistedNote p={p} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.id}>
              <th scope="row">{g.name}</th>
              {g.principles.map((p) => (
                <td key={p.key}>
                  {p.mean === null ? '–' : formatNumber(language, p.mean, 2)} <span className="table__meta">(n = {p.n})</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export default function Report() {
  const data = useLoaderData<typeof loader>();
  const { numbers, period, previous, coverage, byBody, byDepartment, negatives, projects, supporters, words } = data;
  const t = useT();
  const language = useLanguage();
  const query = `from=${period.from}&to=${period.to}`;
  const share = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)} %` : '–');
  return (
    <div className="page report">
      <h1>{data.title}</h1>
      <p>{data.isManagerView ? t('report.introManager') : t('report.intro')}</p>
      <Form method="get" className="filters no-print">
        <PeriodFields from={period.from} to={period.to} />
        <button type="submit" className="button button--secondary">
          {t('overview.show')}
        </button>
      </Form>
      <p className="period-links no-print">
        {data.periods.map((p) => (
          <Link key={p.from} to={`?from=${p.from}&to=${p.to}`} aria-current={p.from === period.from && p.to === period.to ? 'page' : undefined}>
            {t('overview.periodLink', { year: p.year ?? '' })}
          </Link>
        ))}
        <a href={`/report.json?${query}`}>{t('report.jsonLink')}</a>
        <a href={`/report.csv?${query}`} download>
          {t('dataExport.csvLink')}
        </a>
        <a href={`/report.xlsx?${query}`} download>
          {t('dataExport.xlsxLink')}
        </a>
        <a href={`/report.docx?${query}`} download>
          {t('dataExport.docxLink')}
        </a>
      </p>
      <p className="muted">
        {t('overview.period', { from: formatDate(period.from), to: formatDate(period.to) })} ·{' '}
        {t('report.previousPeriod', { from: formatDate(previous.from), to: formatDate(previous.to) })}
      </p>

      <section aria-labelledby="coverage-title" className="report__section">
        <h2 id="coverage-title">{t('report.coverageTitle')}</h2>
        <p>{t('report.coverageIntro')}</p>
        <dl className="stats stats--row">
          {STATUSES.map((s) => (
            <div className="stats__item" key={s}>
              <dt>{t(`status.${s}`)}</dt>
              <dd data-testid={`coverage-${s}`}>{coverage[s]}</dd>
            </div>
          ))}
          <div className="stats__item">
            <dt>{t('report.counted')}</dt>
            <dd data-testid="coverage-counted">{numbers.assessments}</dd>
          </div>
          <div className="stats__item">
            <dt>{t('report.routine')}</dt>
            <dd data-testid="coverage-routine">{numbers.routine}</dd>
          </div>
        </dl>
      </section>

      {numbers.assessments === 0 ? (
        <p className="empty">{t('report.empty')}</p>
      ) : (
        <>
          <section aria-labelledby="principles-title" className="report__section">
            <h2 id="principles-title">{t('report.principlesTitle')}</h2>
            <figure className="report__figure">
              {/* On a phone the chart keeps a readable size and scrolls sideways in its own region. */}
              <ScrollRegion label={t('report.chartTitle')}>
                <DistributionChart id="distribution" title={t('report.chartTitle')} rows={numbers.principles} />
              </ScrollRegion>
            </figure>
            <ScrollRegion label={t('report.principlesTitle')}>
              <table className="table stats-table">
                <caption className="visually-hidden">{t('report.principlesTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('overview.colPrinciple')}</th>
                    <th scope="col">n</th>
                    <th scope="col">{t('overview.colMean')}</th>
                    <th scope="col">{t('report.colChange')}</th>
                    <th scope="col">{t('report.colPositive')}</th>
                    <th scope="col">{t('report.colNegative')}</th>
                    <th scope="col">{t('overview.colNotRelevant')}</th>
                    <th scope="col">{t('overview.colGap')}</th>
                  </tr>
                </thead>
                <tbody>
                  {numbers.principles.map((p) => (
                    <tr key={p.key} data-principle={p.key}>
                      <th scope="row">
                        {p.title}
                        <ExistedNote p={p} />
                      </th>
                      <td data-testid={`n-${p.key}`}>{p.n}</td>
                      <td data-testid={`mean-${p.key}`}>{p.mean === null ? '–' : formatNumber(language, p.mean, 2)}</td>
                      <td>
                        <Change now={p.mean} before={previous.means[p.key]} />
                      </td>
                      <td>{share(p.distribution['1'] + p.distribution['2'], p.n)}</td>
                      <td>{share(p.distribution['-1'] + p.distribution['-2'], p.n)}</td>
                      <td>{p.notRelevant}</td>
                      <td>{p.knowledgeGap}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </section>

          <section aria-labelledby="by-title" className="report__section">
            <h2 id="by-title">
              {t('report.byBodyTitle')} · {t('report.byDepartmentTitle')}
            </h2>
            <p>{t('report.byIntro')}</p>
            <GroupTable title={t('report.byBodyTitle')} groups={byBody} principles={numbers.principles} />
            <GroupTable title={t('report.byDepartmentTitle')} groups={byDepartment} principles={numbers.principles} />
          </section>

          <section aria-labelledby="details-title" className="report__section">
            <h2 id="details-title">{t('report.detailsTitle')}</h2>
            {numbers.principles.map((p) => {
              const own = negatives.filter((n) => n.principleKey === p.key);
              const allNegative = p.distribution['-2'] + p.distribution['-1'];
              return (
                <div key={p.key} className="report__principle">
                  <h3>
                    {p.title}
                    <ExistedNote p={p} />
                  </h3>
                  <h4>{t('report.supportersTitle')}</h4>
                  {supporters[p.key]?.length ? (
                    <ul>
                      {supporters[p.key]!.map((d, i) => (
                        <DecisionItem key={i} d={d} showScore />
                      ))}
                    </ul>
                  ) : (
                    <p>{t('report.noSupporters')}</p>
                  )}
                  <h4>{t('report.negativesTitle')}</h4>
                  {own.length ? (
                    <ul>
                      {own.map((d, i) => (
                        <DecisionItem key={i} d={d} showScore />
                      ))}
                    </ul>
                  ) : (
                    <p>{t('report.noNegatives')}</p>
                  )}
                  {allNegative > own.length ? <p className="muted">{t('report.listedOf', { shown: own.length, total: allNegative })}</p> : null}
                </div>
              );
            })}
          </section>

          <section aria-labelledby="projects-title" className="report__section">
            <h2 id="projects-title">{t('report.projectsTitle')}</h2>
            {numbers.projects.map((project) => {
              const list = projects.filter((d) => d.projectKey === project.key);
              const title = data.projectTitles[project.key] ?? project.key;
              return (
                <div key={project.key}>
                  <h3>
                    {title} <span className="table__meta">({t('report.projectDecisions', { count: project.decisions })})</span>
                  </h3>
                  {list.length ? (
                    <ul>
                      {list.map((d, i) => (
                        <DecisionItem key={i} d={d} />
                      ))}
                    </ul>
                  ) : (
                    <p>{t('report.noProjectDecisions')}</p>
                  )}
                  {project.decisions > list.length ? <p className="muted">{t('report.listedOf', { shown: list.length, total: project.decisions })}</p> : null}
                </div>
              );
            })}
          </section>
        </>
      )}

      {words ? (
        <section aria-labelledby="words-title" className="report__section">
          <h2 id="words-title">{t('report.wordsTitle')}</h2>
          {words.topics.map((topic) => (
            <div key={topic.key} className="report__principle">
              <h3>{topic.title}</h3>
              {topic.questions.map((q) => (
                <div key={q.key}>
                  <h4>{q.text}</h4>
                  <p className="prewrap">{q.answer || '–'}</p>
                </div>
              ))}
            </div>
          ))}
          <h3>{t('evaluation.summary')}</h3>
          <p className="prewrap">{words.summary || '–'}</p>
          <h3>{t('evaluation.proposals')}</h3>
          <p className="prewrap">{words.proposals || '–'}</p>
          {words.sentOn ? <p>{t('evaluation.sentInfo', { date: formatDate(words.sentOn) })}</p> : null}
          {words.boardComments ? (
            <>
              <h3>{t('evaluation.boardComments')}</h3>
              <p className="prewrap">{words.boardComments}</p>
            </>
          ) : null}
          {words.presentedOn ? <p>{t('evaluation.presentedInfo', { date: formatDate(words.presentedOn) })}</p> : null}
        </section>
      ) : null}
    </div>
  );
}

/** A principle that existed only in part of the period (a strategy version began or ended in it) says which part. */
function ExistedNote({ p }: { p: Pick<PrincipleNumbers, 'existedFrom' | 'existedTo'> }) {
  const t = useT();
  const text = existedText(t, p);
  return text ? <span className="existed-note"> ({text})</span> : null;
}
