import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireRole } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  return { title: serverTranslator(request, user)('admin.title') };
}

const CARDS = [
  { to: '/admin/users', title: 'admin.users', text: 'admin.usersText' },
  { to: '/admin/organisation', title: 'admin.organisation', text: 'admin.organisationText' },
  { to: '/admin/strategy', title: 'admin.strategy', text: 'admin.strategyText' },
  { to: '/admin/import', title: 'admin.import', text: 'admin.importText' },
  { to: '/admin/audit', title: 'admin.audit', text: 'admin.auditText' },
] as const;

export default function AdminIndex() {
  useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t('admin.title')}</h1>
      <p className="lead">{t('admin.intro')}</p>
      <div className="cards">
        {CARDS.map((c) => (
          <section key={c.to} className="card" aria-labelledby={`card-${c.to.slice(7)}`}>
            <h2 id={`card-${c.to.slice(7)}`}>
              <Link to={c.to}>{t(c.title)}</Link>
            </h2>
            <p>{t(c.text)}</p>
          </section>
        ))}
      </div>
    </div>
  );
}
