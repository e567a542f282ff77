import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { TextField } from '~/components/forms';
import { Notice } from '~/components/ui';
import { loginSchema } from '~/domain/login-form';
import { type FieldErrors, fieldErrorsOf, text } from '~/domain/validation';
import { clientAddressOf, passRetryAfter } from '~/models/login-throttle.server';
import { demoUsers, logIn } from '~/models/login.server';
import { RETRY_AFTER, WINDOW_MINUTES } from '~/domain/throttle';
import { getOptionalUser } from '~/models/auth.server';
import { safeRedirect } from '~/domain/return-address';
import { useT } from '~/utils/i18n';
import { readCookie } from '~/utils/session.server';
import { isLanguage } from '~/i18n';
import { LANGUAGE_COOKIE, languageCookie } from '~/utils/language.server';
import { LIMITS } from '~/domain/limits';
import { isRole } from '~/domain/roles';
import { readForm } from '~/utils/form.server';

export const meta: MetaFunction = () => [{ title: 'Linssi' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // Where to go after logging in: checked here too, so that the page never carries an address off the site.
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  if (await getOptionalUser(request)) throw redirect(redirectTo);
  return { demoUsers: await demoUsers(), redirectTo };
}

/** A refused attempt says when to try again (Retry-After) on the page itself too. */
export const headers = passRetryAfter;

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const redirectTo = safeRedirect(text(formData, 'redirectTo'));
  const values = { username: text(formData, 'username') };
  const parsed = loginSchema.safeParse({ username: text(formData, 'username'), password: text(formData, 'password') });
  if (!parsed.success) {
    return data({ values, errors: fieldErrorsOf(parsed.error), failed: false, throttled: null }, { status: 400 });
  }
  const chosen = readCookie(request, LANGUAGE_COOKIE);
  const attempt = await logIn({ ...parsed.data, address: clientAddressOf(context), chosenLanguage: chosen, resume: text(formData, 'resume') });
  if (attempt.outcome === 'throttled') {
    return data({ values, errors: {} as FieldErrors, failed: false, throttled: attempt.by }, { status: 429, headers: RETRY_AFTER });
  }
  if (attempt.outcome === 'failed') {
    return data({ values, errors: {} as FieldErrors, failed: true, throttled: null }, { status: 401 });
  }
  const headers = new Headers({ 'Set-Cookie': attempt.cookie });
  // Without a language chosen on the login page, the account's goes into the cookie, so that a
  // page rendered without the user (an error page after a refused post) stays in it.
  if (!isLanguage(chosen)) headers.append('Set-Cookie', languageCookie(attempt.language));
  throw redirect(attempt.resume ? `/resume?${new URLSearchParams({ token: attempt.resume })}` : redirectTo, { headers });
}

export default function Login() {
  const { demoUsers, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const reason = params.get('reason');
  return (
    <div className="page page--narrow">
      <h1>{t('login.title')}</h1>
      <p className="lead">{t('login.intro')}</p>
      {reason === 'expired' && !result ? <Notice tone="info">{t(params.get('resume') ? 'login.sessionEndedKept' : 'login.sessionEnded')}</Notice> : null}
      {reason === 'logout' && !result ? <Notice tone="info">{t('login.loggedOut')}</Notice> : null}
      {reason === 'throttled' && !result ? <Notice tone="warning">{t('login.sessionEndedThrottled', { minutes: WINDOW_MINUTES })}</Notice> : null}
      {result?.throttled ? (
        <div className="error-summary" role="alert">
          <p className="error-summary__title">
            {t(result.throttled === 'username' ? 'login.throttledUsername' : 'login.throttledAddress', { minutes: WINDOW_MINUTES })}
          </p>
        </div>
      ) : null}
      {result?.failed ? (
        <div className="error-summary" role="alert">
          <p className="error-summary__title">{t('login.failed')}</p>
        </div>
      ) : null}
      <Form method="post" className="form" noValidate={false}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {params.get('resume') ? <input type="hidden" name="resume" value={params.get('resume') ?? ''} /> : null}
        <TextField
          id="username"
          name="username"
          label={t('login.username')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={LIMITS.username}
          defaultValue={result?.values.username ?? ''}
          error={result?.errors.username}
        />
        <TextField
          id="password"
          name="password"
          type="password"
          label={t('login.password')}
          autoComplete="current-password"
          maxLength={LIMITS.password}
          error={result?.errors.password}
        />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('login.submit')}
        </button>
      </Form>
      {demoUsers.length > 0 ? (
        <section className="demo-box" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('login.demoTitle')}</h2>
          <p>{t('login.demoIntro')}</p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('login.demoRole')}</th>
                <th scope="col">{t('login.demoUsername')}</th>
                <th scope="col">{t('login.demoPassword')}</th>
              </tr>
            </thead>
            <tbody>
              {demoUsers.map((u) => (
                <tr key={u.username}>
                  <td>{isRole(u.role) ? t(`roles.${u.role}`) : u.role}</td>
                  <td>
                    <code>{u.username}</code>
                  </td>
                  <td>
                    <code>{u.password}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
