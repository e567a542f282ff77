import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { seesAllDecisions } from '~/domain/permissions';
import { hasRole } from '~/domain/roles';
import { requireUser } from '~/models/auth.server';
import { useT } from '~/utils/i18n';

export const meta: MetaFunction = () => [{ title: 'Linssi' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { displayName: user.displayName, roles: user.roles };
}

export default function Home() {
  const { displayName, roles } = useLoaderData<typeof loader>();
  const t = useT();
  const actor = { id: 0, roles, leads: [] };
  const seesAll = seesAllDecisions(actor);
  return (
    <div className="page">
      <h1>{t('home.welcome', { name: displayName })}</h1>
      <p className="lead">{t('home.intro')}</p>
      <p>{roles.length > 0 ? t('home.yourRoles', { roles: roles.map((r) => t(`roles.${r}`)).join(', ') }) : t('home.noRoles')}</p>
      <div className="cards">
        {hasRole(actor, 'official') ? (
          <section className="card" aria-labelledby="card-official">
            <h2 id="card-official">{t('home.officialCardTitle')}</h2>
            <p>{t('home.officialCardText')}</p>
            <p className="card__actions">
              <Link to="/decisions/new" className="button">
                {t('nav.newDecision')}
              </Link>
              <Link to="/decisions" className="button button--secondary">
                {t('nav.myDecisions')}
              </Link>
            </p>
          </section>
        ) : null}
        {hasRole(actor, 'manager') || seesAll ? (
          <section className="card" aria-labelledby="card-viewer">
            <h2 id="card-viewer">{t('home.viewerCardTitle')}</h2>
            <p>{seesAll ? t('home.groupCardText') : t('home.managerCardText')}</p>
            <p className="card__actions">
              <Link to="/decisions/all" className="button button--secondary">
                {t('nav.allDecisions')}
              </Link>
            </p>
          </section>
        ) : null}
        {hasRole(actor, 'admin') ? (
          <section className="card" aria-labelledby="card-admin">
            <h2 id="card-admin">{t('admin.title')}</h2>
            <p>{t('home.adminCardText')}</p>
            <p className="card__actions">
              <Link to="/admin" className="button button--secondary">
                {t('admin.title')}
              </Link>
            </p>
          </section>
        ) : null}
        <section className="card" aria-labelledby="card-guide">
          <h2 id="card-guide">{t('nav.guide')}</h2>
          <p>{t('home.guideCardText')}</p>
          <p className="card__actions">
            <Link to="/guide" className="button button--secondary">
              {t('home.guideCardLink')}
            </Link>
          </p>
        </section>
      </div>
    </div>
  );
}
