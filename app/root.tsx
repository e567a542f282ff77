import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useNonce } from './components/nonce';
import { RootNotice } from './components/notice';
import { safeRedirect } from './domain/return-address';
import { seesAllDecisions } from './domain/permissions';
import { hasRole } from './domain/roles';
import type { MessageKey } from './i18n';
import { logoDisplaySize } from './domain/organisation';
import { getHeaderSettings } from './models/organisation.server';
import { reviewCountOf } from './models/review.server';
import appStyles from './styles/app.css';
import tokens from './styles/tokens.css';
import { getOptionalUser } from './models/auth.server';
import { useLanguage, useT } from './utils/i18n';
import { languageOf } from './utils/language.server';
import { noticeOf } from './utils/notice';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: tokens },
  { rel: 'stylesheet', href: appStyles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  // Both read on every request, never kept: an admin's change and a review show on the next page.
  const [{ municipality, logo }, reviewCount] = await Promise.all([getHeaderSettings(), user ? reviewCountOf(request, user) : Promise.resolve(0)]);
  return {
    language: languageOf(request, user),
    municipality: municipality ?? '',
    // The header's logo: its address changes with every upload; its size keeps the header's height.
    logo: logo ? { version: logo.version, ...logoDisplaySize({ width: logo.width || 160, height: logo.height || 40 }) } : null,
    reviewCount,
    requestId: typeof context.requestId === 'string' ? context.requestId : null,
    // What the action before this redirect did (?notice=…), shown at the top of <main>: ADR 019.
    notice: noticeOf(request),
    user: user ? { id: user.id, displayName: user.displayName, roles: user.roles, leads: user.leads } : null,
  };
}

export const meta: MetaFunction = () => [{ title: 'Linssi' }];

function Header() {
  // From the root route rather than useLoaderData, so that the error page keeps the header too.
  const data = useRouteLoaderData<typeof loader>('root');
  const t = useT();
  const location = useLocation();
  const user = data?.user ?? null;
  const isOfficial = user ? hasRole(user, 'official') : false;
  const seesOthers = user ? user.roles.some((r) => r !== 'official') : false;
  const isManager = user ? hasRole(user, 'manager') : false;
  const isAdmin = user ? hasRole(user, 'admin') : false;
  const seesAllAssessments = user ? seesAllDecisions(user) : false;
  // The page's own address, to come back to after the switch: a path like "//evil.example" (a 404)
  // must not be carried on as one.
  const back = safeRedirect(`${location.pathname}${location.search}`);
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="site-header__bar">
        <div className="site-header__brand">
          {data?.logo ? (
            <img src={`/logo?v=${data.logo.version}`} alt={data.municipality} width={data.logo.width} height={data.logo.height} className="site-header__logo" />
          ) : null}
          <Link to="/" className="site-header__name">
            {t('app.name')}
          </Link>
          <span className="site-header__org">{data?.municipality}</span>
        </div>
        <div className="site-header__tools">
          <Form method="post" action="/language" className="language-switch" aria-label={t('app.languageLabel')}>
            <input type="hidden" name="redirectTo" value={back} />
            <button type="submit" name="language" value="fi" lang="fi" aria-pressed={data?.language !== 'en'}>
              {t('app.switchToFinnish')}
            </button>
            <button type="submit" name="language" value="en" lang="en" aria-pressed={data?.language === 'en'}>
              {t('app.switchToEnglish')}
            </button>
          </Form>
          {user ? (
            <Form method="post" action="/logout" className="logout">
              <span className="logout__name">{t('app.loggedInAs', { name: user.displayName })}</span>
              <Link to="/password" className="logout__password">
                {t('app.changePassword')}
              </Link>
              <button type="submit" className="button button--secondary button--small">
                {t('app.logout')}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      {user ? (
        <nav aria-label={t('app.mainNav')} className="main-nav">
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.home')}
              </NavLink>
            </li>
            {isOfficial ? (
              <>
                <li>
                  <NavLink to="/decisions" end>
                    {t('nav.myDecisions')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/decisions/new">{t('nav.newDecision')}</NavLink>
                </li>
              </>
            ) : null}
            {isManager ? (
              <li>
                <NavLink to="/reviews">
                  {t('nav.reviews')}{' '}
                  {data?.reviewCount ? (
                    <span className="nav-count">
                      <span aria-hidden="true">{data.reviewCount}</span>
                      <span className="visually-hidden">({t('nav.reviewsCount', { count: data.reviewCount })})</span>
                    </span>
                  ) : null}
                </NavLink>
              </li>
            ) : null}
            {seesOthers ? (
              <li>
                <NavLink to="/decisions/all">{t('nav.allDecisions')}</NavLink>
              </li>
            ) : null}
            {isManager || seesAllAssessments ? (
              <>
                <li>
                  <NavLink to="/overview">{t('nav.overview')}</NavLink>
                </li>
                <li>
                  <NavLink to="/report">{t('nav.report')}</NavLink>
                </li>
              </>
            ) : null}
            {seesAllAssessments ? (
              <li>
                <NavLink to="/evaluation">{t('nav.evaluation')}</NavLink>
              </li>
            ) : null}
            {isManager ? (
              <li>
                <NavLink to="/survey">{t('nav.survey')}</NavLink>
              </li>
            ) : null}
            <li>
              <NavLink to="/archive">{t('nav.archive')}</NavLink>
            </li>
            <li>
              <NavLink to="/guide">{t('nav.guide')}</NavLink>
            </li>
            {isAdmin ? (
              <li>
                <NavLink to="/admin">{t('nav.admin')}</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const language = useLanguage();
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1} className="main">
        <RootNotice />
        <Outlet />
      </main>
      <Footer />
    </>
  );
}

/** On every page, the error pages too: the accessibility statement and the privacy notice are one click away. */
function Footer() {
  const t = useT();
  const data = useRouteLoaderData<typeof loader>('root');
  return (
    <footer className="site-footer">
      <nav aria-label={t('legal.footerNav')}>
        <ul className="site-footer__links">
          <li>
            <Link to="/accessibility">{t('legal.accessibilityLink')}</Link>
          </li>
          <li>
            <Link to="/privacy">{t('legal.privacyLink')}</Link>
          </li>
          {data?.user ? (
            <li>
              <Link to="/guide">{t('legal.guideLink')}</Link>
            </li>
          ) : null}
        </ul>
      </nav>
      <p>{t('app.footer')}</p>
    </footer>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  let title: MessageKey = 'errorPage.title';
  let text: MessageKey = 'errorPage.generic';
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) [title, text] = ['errorPage.notFoundTitle', 'errorPage.notFound'];
    if (error.status === 403) [title, text] = ['errorPage.forbiddenTitle', 'errorPage.forbidden'];
    if (error.status === 409) [title, text] = ['errorPage.conflictTitle', 'errorPage.conflict'];
    // A body over its route's limit, refused by server.js (a form sent with JavaScript on).
    if (error.status === 413) [title, text] = ['limits.tooLargeTitle', 'limits.tooLargeShort'];
  }
  // The reference of an unexpected error: the id of the request that rendered this page on the
  // server. After a navigation in the browser that id is an older request's, so the page asks for a
  // reload instead, which renders the error (and its id) on the server.
  const data = useRouteLoaderData<typeof loader>('root');
  const location = useLocation();
  const unexpected = !isRouteErrorResponse(error) || error.status >= 500;
  const reference = unexpected && location.key === 'default' ? data?.requestId : null;
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1} className="main">
        <div className="page">
          <h1>{t(title)}</h1>
          <p>{t(text)}</p>
          {reference ? (
            <p id="error-reference">{t('errorPage.reference', { id: reference })}</p>
          ) : unexpected ? (
            <p>
              <a href={safeRedirect(`${location.pathname}${location.search}`)}>{t('errorPage.reload')}</a>
            </p>
          ) : null}
          <p>
            <a href="/">{t('errorPage.backHome')}</a>
          </p>
        </div>
      </main>
      <Footer />
    </>
  );
}
