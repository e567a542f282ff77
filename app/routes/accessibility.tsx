import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { formatDate } from '~/domain/dates';
import { getSetting } from '~/models/organisation.server';
import { getOptionalUser } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

/** When the statement was last drawn up (the law asks for the date; update it with the assessment). */
export const STATEMENT_DATE = '2026-11-26';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/** The accessibility statement (saavutettavuusseloste): public, as the Act on the Provision of Digital Services requires. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  return {
    title: serverTranslator(request, user)('legal.accessibility.title'),
    municipality: (await getSetting('municipality_name')) ?? '',
    date: STATEMENT_DATE,
  };
}

export default function AccessibilityStatement() {
  const { municipality, date } = useLoaderData<typeof loader>();
  const t = useT();
  const section = (id: string, title: string, ...texts: string[]) => (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {texts.map((text) => (
        <p key={text}>{text}</p>
      ))}
    </section>
  );
  return (
    <div className="page page--text">
      <h1>{t('legal.accessibility.title')}</h1>
      <p className="lead">{t('legal.accessibility.intro', { municipality })}</p>
      {section('status', t('legal.accessibility.statusTitle'), t('legal.accessibility.status'))}
      {section(
        'how',
        t('legal.accessibility.howTitle'),
        t('legal.accessibility.how1'),
        t('legal.accessibility.how2'),
        t('legal.accessibility.how3', { date: formatDate(date) }),
      )}
      {section('limits', t('legal.accessibility.limitsTitle'), t('legal.accessibility.limits1'), t('legal.accessibility.limits2'))}
      {section('feedback', t('legal.accessibility.feedbackTitle'), t('legal.accessibility.feedback'))}
      {section('authority', t('legal.accessibility.authorityTitle'), t('legal.accessibility.authority'), t('legal.accessibility.authorityContact'))}
    </div>
  );
}
