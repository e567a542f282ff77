import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { TextField } from '~/components/forms';
import { Notice } from '~/components/ui';
import { loginSchema } from '~/domain/login-form';
import { type FieldErrors, fieldErrorsOf, text } from '~/domain/validation';
import { getSetting } from '~/models/organisation.server';
import { findLoginCandidate, setUserLanguage } from '~/models/user.server';
import { hasPendingPost } from '~/models/pending-post.server';
import { clientAddressOf, judgePassword, passRetryAfter } from '~/models/login-throttle.server';
import { RETRY_AFTER, WINDOW_MINUTES } from '~/domain/throttle';
import { getOptionalUser } from '~/models/auth.server';
import { safeRedirect } from '~/domain/return-address';
import { useT } from '~/utils/i18n';
import { dummyPasswordHash, verifyPassword } from '~/utils/password.server';
import { createSession, readCookie } from '~/utils/session.server';
import { isLanguage } from '~/i18n';
import { LANGUAGE_COOKIE, languageCookie } from '~/utils/language.server';
import { LIMITS } from '~/domain/limits';
import { writeAudit } from '~/utils/audit.server';
import { db } from '~/utils/db.server';
import { isRole } from '~/domain/roles';
import { readForm } from '~/utils/form.server';

export const meta: MetaFunction = () => [{ title: 'Linssi' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // Where to go after logging in: checked here too, so that the page never carries an address off the site.
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  if (await getOptionalUser(request)) throw redirect(redirectTo);
  const demo = await getSetting('demo_users');
  let demoUsers: Array<{ role: string; username: string; password: string }> = [];
  try {
    const parsed: unknown = demo ? JSON.parse(demo) : [];
    if (Array.isArray(parsed)) demoUsers = parsed.filter((u) => u && isRole(u.role));
  } catch {
    demoUsers = [];
  }
  return { demoUsers, redirectTo };
}

/** A refused attempt says when to try again (Retry-After) on the page itself too. */
export const headers = passRetryAfter;

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const address = clientAddressOf(context);
  const redirectTo = safeRedirect(text(formData, 'redirectTo'));
  const values = { username: text(formData, 'username') };
  const parsed = loginSchema.safeParse({ username: text(formData, 'username'), password: text(formData, 'password') });
  if (!parsed.success) {
    return data({ values, errors: fieldErrorsOf(parsed.error), failed: false, throttled: null }, { status: 400 });
  }
  // Too many failures for this name, or from this address: wait, whatever the password (no check
  // is run). The attempt is counted before its password is checked, so that attempts sent at once
  // cannot all be judged (issue 14).
  const judged = await judgePassword(parsed.data.username, address, async () => {
    const candidate = await findLoginCandidate(parsed.data.username);
    // The same work whether or not the user exists, and one message for every failure.
    const valid = await verifyPassword(parsed.data.password, candidate?.password_hash ?? (await dummyPasswordHash()));
    return { valid: Boolean(candidate && valid && candidate.active), candidate };
  });
  if (judged.throttled) {
    await writeAudit(db(), {
      userId: null,
      action: 'auth.login_throttled',
      entityType: 'user',
      entityId: null,
      details: { username: parsed.data.username.slice(0, 64), by: judged.throttled },
      outcome: 'failure',
    });
    return data({ values, errors: {} as FieldErrors, failed: false, throttled: judged.throttled }, { status: 429, headers: RETRY_AFTER });
  }
  const { candidate } = judged;
  if (!judged.valid || !candidate) {
    // On record with the name typed, never the password.
    await writeAudit(db(), {
      userId: candidate?.id ?? null,
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: candidate?.id ?? null,
      details: { username: parsed.data.username.slice(0, 64) },
      outcome: 'failure',
    });
    return data({ values, errors: {} as FieldErrors, failed: true, throttled: null }, { status: 401 });
  }
  const cookie = await createSession(candidate.id);
  await writeAudit(db(), { userId: candidate.id, action: 'auth.login', entityType: 'user', entityId: candidate.id });
  const headers = new Headers({ 'Set-Cookie': cookie });
  // A language chosen on the login page is kept for the account; otherwise the account's
  // language goes into the cookie, so that a page rendered without the user (an error page
  // after a refused post) stays in it.
  const chosen = readCookie(request, LANGUAGE_COOKIE);
  if (isLanguage(chosen)) {
    if (chosen !== candidate.language) await setUserLanguage(candidate.id, chosen);
  } else {
    headers.append('Set-Cookie', languageCookie(candidate.language === 'en' ? 'en' : 'fi'));
  }
  // A form kept when the session expired goes back to its writer first, to be sent.
  const resume = text(formData, 'resume');
  const next = resume && (await hasPendingPost(resume, candidate.id)) ? `/resume?${new URLSearchParams({ token: resume })}` : redirectTo;
  throw redirect(next, { headers });
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
