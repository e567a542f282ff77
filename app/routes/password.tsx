import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { ErrorSummary, TextField } from '~/components/forms';
import { Notice } from '~/components/ui';
import { PLACES_NOTICE, useNoticeAfterRedirect } from '~/components/notice';
import { withNotice } from '~/utils/notice';
import { PASSWORD_MAX, PASSWORD_MIN, passwordChangeSchema, peopleErrorsOf, readPasswordForm } from '~/domain/people';
import { LIMITS } from '~/domain/limits';
import { type FieldErrors, text } from '~/domain/validation';
import { changeOwnPassword, endThrottledSession } from '~/models/user.server';
import { clientAddressOf, passRetryAfter } from '~/models/login-throttle.server';
import { RETRY_AFTER, WINDOW_MINUTES } from '~/domain/throttle';
import { requireSignedIn } from '~/models/auth.server';
import { safeRedirect } from '~/domain/return-address';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { clearSessionCookie, sessionIdOf } from '~/utils/session.server';
import { readForm } from '~/utils/form.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/**
 * Any logged-in user changes their own password here; one with a temporary password is sent
 * here by requireUser until they do. This page itself uses requireSignedIn, so it never loops.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireSignedIn(request);
  const url = new URL(request.url);
  // Where to go after the change (empty: back to this page), checked before the page carries it.
  const asked = url.searchParams.get('redirectTo');
  const redirectTo = asked ? safeRedirect(asked) : '';
  return { title: serverTranslator(request, user)('people.passwordPageTitle'), forced: user.mustChangePassword, redirectTo };
}

/** A refused attempt says when to try again (Retry-After) on the page itself too. */
export const headers = passRetryAfter;

/** The notice after a change is shown here, and not above a refused form's errors. */
export const handle = PLACES_NOTICE;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireSignedIn(request);
  const formData = await readForm(request);
  const address = clientAddressOf(context);
  const redirectTo = text(formData, 'redirectTo');
  const parsed = passwordChangeSchema.safeParse(readPasswordForm(formData));
  // Nothing typed is sent back: every field is a password.
  if (!parsed.success) return data({ errors: peopleErrorsOf(parsed.error) }, { status: 400 });
  // The current password counts toward the login throttle of the name and the address: it is a password oracle otherwise.
  const changed = await changeOwnPassword(user, sessionIdOf(request), parsed.data, address);
  if (!changed.ok && 'throttled' in changed) {
    // Ten wrong passwords for this name within the window: this session ends, and the name waits.
    if (changed.throttled === 'username') {
      await endThrottledSession(user.id, sessionIdOf(request));
      throw redirect('/login?reason=throttled', { headers: { 'Set-Cookie': clearSessionCookie() } });
    }
    const errors: FieldErrors = { currentPassword: { code: 'throttledAddress', params: { minutes: WINDOW_MINUTES } } };
    return data({ errors }, { status: 429, headers: RETRY_AFTER });
  }
  if (!changed.ok) return data({ errors: changed.errors }, { status: 400 });
  const target = redirectTo ? safeRedirect(redirectTo) : null;
  throw redirect(target && !target.startsWith('/password') ? target : withNotice('/password', 'passwordChanged'));
}

const FIELDS = ['currentPassword', 'newPassword', 'repeatPassword'] as const;

export default function PasswordPage() {
  const { forced, redirectTo } = useLoaderData<typeof loader>();
  const changed = useNoticeAfterRedirect()?.name === 'passwordChanged';
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors: FieldErrors | undefined = result?.errors;
  // After a refused change the form is drawn anew, so that no password stays in its fields.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (result) setAttempt((n) => n + 1);
  }, [result]);
  const summary = FIELDS.flatMap((name) => (errors?.[name] ? [{ target: name, label: t(`people.${name}`), error: errors[name] }] : []));
  return (
    <div className="page page--narrow">
      <h1>{t('people.passwordPageTitle')}</h1>
      {changed && !result ? <Notice>{t('people.passwordChanged')}</Notice> : null}
      {forced ? <Notice tone="warning">{t('people.forcedNotice')}</Notice> : null}
      <p>{t('people.passwordIntro')}</p>
      <ErrorSummary items={summary} focusKey={result} />
      <Form method="post" className="form" noValidate key={attempt}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          id="currentPassword"
          name="currentPassword"
          type="password"
          label={t('people.currentPassword')}
          hint={forced ? t('people.currentPasswordForcedHint') : undefined}
          autoComplete="current-password"
          maxLength={LIMITS.password}
          error={errors?.currentPassword}
        />
        <TextField
          id="newPassword"
          name="newPassword"
          type="password"
          label={t('people.newPassword')}
          hint={t('people.newPasswordHint', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
          autoComplete="new-password"
          error={errors?.newPassword}
        />
        <TextField
          id="repeatPassword"
          name="repeatPassword"
          type="password"
          label={t('people.repeatPassword')}
          autoComplete="new-password"
          error={errors?.repeatPassword}
        />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('people.changeSubmit')}
        </button>
      </Form>
    </div>
  );
}
