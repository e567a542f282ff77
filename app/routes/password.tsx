import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { ErrorSummary, TextField } from '~/components/forms';
import { Notice } from '~/components/ui';
import { PASSWORD_MAX, PASSWORD_MIN, passwordChangeSchema, peopleErrorsOf, readPasswordForm } from '~/domain/people';
import { LIMITS } from '~/domain/limits';
import { type FieldErrors, text } from '~/domain/validation';
import { changeOwnPassword } from '~/models/user.server';
import { requireSignedIn, safeRedirect } from '~/utils/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { sessionIdOf } from '~/utils/session.server';
import { readForm } from '~/utils/form.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/**
 * Any logged-in user changes their own password here; one with a temporary password is sent
 * here by requireUser until they do. This page itself uses requireSignedIn, so it never loops.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireSignedIn(request);
  const changed = new URL(request.url).searchParams.get('changed') === '1';
  return { title: serverTranslator(request, user)('people.passwordPageTitle'), forced: user.mustChangePassword, changed };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireSignedIn(request);
  const formData = await readForm(request);
  const redirectTo = text(formData, 'redirectTo');
  const parsed = passwordChangeSchema.safeParse(readPasswordForm(formData));
  // Nothing typed is sent back: every field is a password.
  if (!parsed.success) return data({ errors: peopleErrorsOf(parsed.error) }, { status: 400 });
  const changed = await changeOwnPassword(user.id, sessionIdOf(request), parsed.data);
  if (!changed.ok) return data({ errors: changed.errors }, { status: 400 });
  const target = redirectTo ? safeRedirect(redirectTo) : null;
  throw redirect(target && !target.startsWith('/password') ? target : '/password?changed=1');
}

const FIELDS = ['currentPassword', 'newPassword', 'repeatPassword'] as const;

export default function PasswordPage() {
  const { forced, changed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
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
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
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
