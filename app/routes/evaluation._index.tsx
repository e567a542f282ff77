import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { formatDate, parseDateInput, todayInHelsinki } from '~/domain/dates';
import { evaluationPeriodOf } from '~/domain/period';
import { hasRole } from '~/domain/roles';
import { text } from '~/domain/validation';
import { PeriodFields } from '~/components/ui';
import { listRounds, openRound } from '~/models/evaluation.server';
import { requireRole } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { readForm } from '~/utils/form.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'group', 'admin');
  return {
    title: serverTranslator(request, user)('evaluation.title'),
    rounds: await listRounds(),
    canOpen: hasRole(user, 'group'),
    standard: evaluationPeriodOf(todayInHelsinki()),
  };
}

/** The group opens a round for a period (default: the current evaluation period). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'group');
  const formData = await readForm(request);
  const standard = evaluationPeriodOf(todayInHelsinki());
  const from = parseDateInput(text(formData, 'from')) ?? standard.from;
  const to = parseDateInput(text(formData, 'to')) ?? standard.to;
  const period = from <= to ? { from, to, year: null } : standard;
  const id = await openRound(user, period);
  throw redirect(`/evaluation/${id}`);
}

export default function Evaluations() {
  const { rounds, canOpen, standard } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t('evaluation.title')}</h1>
      <p className="lead">{t('evaluation.intro')}</p>
      <h2>{t('evaluation.roundsTitle')}</h2>
      {rounds.length === 0 ? (
        <p>{t('evaluation.noRounds')}</p>
      ) : (
        <ul className="round-list">
          {rounds.map((r) => (
            <li key={r.id}>
              <Link to={`/evaluation/${r.id}`}>
                {r.period.year
                  ? t('evaluation.roundTitleYear', { year: r.period.year })
                  : t('evaluation.roundTitle', { from: formatDate(r.period.from), to: formatDate(r.period.to) })}
              </Link>{' '}
              <span className="badge badge--submitted">{t(`evaluation.status.${r.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
      {canOpen ? (
        <section aria-labelledby="open-title">
          <h2 id="open-title">{t('evaluation.openTitle')}</h2>
          <Form method="post" className="filters">
            <PeriodFields from={standard.from} to={standard.to} />
            <button type="submit" className="button">
              {t('evaluation.open')}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
