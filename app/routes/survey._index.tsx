import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { formatDate } from '~/domain/dates';
import { getSurveyResponse, openSurveys } from '~/models/evaluation.server';
import { requireRole } from '~/models/auth.server';
import { useT } from '~/utils/i18n';

export const meta: MetaFunction = () => [{ title: 'Linssi' }];

/** A manager's open surveys, each with their own response's state. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'manager');
  const rounds = await openSurveys();
  return {
    rounds: await Promise.all(rounds.map(async (r) => ({ ...r, response: await getSurveyResponse(r.id, user.id) }))),
  };
}

export default function Surveys() {
  const { rounds } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t('survey.title')}</h1>
      <p className="lead">{t('survey.intro')}</p>
      {rounds.length === 0 ? (
        <p>{t('survey.none')}</p>
      ) : (
        <ul className="round-list">
          {rounds.map((r) => (
            <li key={r.id}>
              <Link to={`/survey/${r.id}`}>
                {r.period.year
                  ? t('evaluation.roundTitleYear', { year: r.period.year })
                  : t('evaluation.roundTitle', { from: formatDate(r.period.from), to: formatDate(r.period.to) })}
              </Link>{' '}
              <span className="badge badge--draft">
                {r.response?.status === 'sent'
                  ? t('evaluation.answered', { date: formatDate(r.response.sentAt?.slice(0, 10)) })
                  : r.response
                    ? t('evaluation.draftOnly')
                    : t('evaluation.notAnswered')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
