import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { formatDate, todayInHelsinki } from '~/domain/dates';
import { evaluationPeriodOf, periodFromQuery } from '~/domain/period';
import { hasRole } from '~/domain/roles';
import { PeriodFields } from '~/components/ui';
import { listRounds, openRound } from '~/models/evaluation.server';
import { requireRole } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { badRequest, parseForm } from '~/utils/form.server';
import { openRoundSchema } from '~/domain/evaluation-form';

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
  const form = await parseForm(request, openRoundSchema);
  if (!form.ok) throw badRequest();
  // A date that is not a date, or a period that ends before it starts, opens the standard period.
  const id = await openRound(user, periodFromQuery(new URLSearchParams(form.data), todayInHelsinki()));
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
