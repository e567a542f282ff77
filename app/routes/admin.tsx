import type { LoaderFunctionArgs } from '@remix-run/node';
import { NavLink, Outlet } from '@remix-run/react';
import { requireRole } from '~/models/auth.server';
import { useT } from '~/utils/i18n';

/**
 * The frame of every admin page: a second menu of the admin sections. Its loader refuses
 * everyone but admins, but each page below checks again in its own loader and action, since
 * Remix runs a child's loader whatever its parent answers.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'admin');
  return null;
}

export const ADMIN_SECTIONS = [
  { to: '/admin/users', label: 'admin.users' },
  { to: '/admin/organisation', label: 'admin.organisation' },
  { to: '/admin/strategy', label: 'admin.strategy' },
  { to: '/admin/import', label: 'admin.import' },
  { to: '/admin/audit', label: 'admin.audit' },
] as const;

export default function AdminFrame() {
  const t = useT();
  return (
    <>
      <nav aria-label={t('admin.sectionsNav')} className="sub-nav">
        <ul>
          <li>
            <NavLink to="/admin" end>
              {t('admin.title')}
            </NavLink>
          </li>
          {ADMIN_SECTIONS.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to}>{t(s.label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
