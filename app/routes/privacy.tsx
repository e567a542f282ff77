import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { getSetting } from '~/models/organisation.server';
import { getOptionalUser } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/** The privacy notice (tietosuojaseloste, GDPR Articles 13 and 14): public, so that it can be read before logging in. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  return { title: serverTranslator(request, user)('legal.privacy.title'), municipality: (await getSetting('municipality_name')) ?? '' };
}

const SECTIONS = [
  ['controller', 'legal.privacy.controllerTitle', ['legal.privacy.controller']],
  ['purpose', 'legal.privacy.purposeTitle', ['legal.privacy.purpose']],
  ['data', 'legal.privacy.dataTitle', ['legal.privacy.data1', 'legal.privacy.data2', 'legal.privacy.data3']],
  ['sources', 'legal.privacy.sourcesTitle', ['legal.privacy.sources']],
  ['retention', 'legal.privacy.retentionTitle', ['legal.privacy.retention']],
  ['recipients', 'legal.privacy.recipientsTitle', ['legal.privacy.recipients']],
  ['rights', 'legal.privacy.rightsTitle', ['legal.privacy.rights']],
  ['security', 'legal.privacy.securityTitle', ['legal.privacy.security']],
] as const;

export default function PrivacyNotice() {
  const { municipality } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page page--text">
      <h1>{t('legal.privacy.title')}</h1>
      <p className="lead">{t('legal.privacy.intro')}</p>
      {SECTIONS.map(([id, title, texts]) => (
        <section key={id} aria-labelledby={`privacy-${id}`}>
          <h2 id={`privacy-${id}`}>{t(title)}</h2>
          {id === 'data' ? (
            <ul>
              {texts.map((key) => (
                <li key={key}>{t(key)}</li>
              ))}
            </ul>
          ) : (
            texts.map((key) => <p key={key}>{t(key, { municipality })}</p>)
          )}
        </section>
      ))}
    </div>
  );
}
