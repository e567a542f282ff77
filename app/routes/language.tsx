import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { text } from '~/domain/validation';
import { isLanguage } from '~/i18n';
import { setUserLanguage } from '~/models/user.server';
import { getOptionalUser } from '~/models/auth.server';
import { safeRedirect } from '~/domain/return-address';
import { languageCookie } from '~/utils/language.server';
import { readForm } from '~/utils/form.server';

/** Switches the interface language: for the user's account, and in a cookie for the login page. */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const language = text(formData, 'language');
  const back = safeRedirect(text(formData, 'redirectTo'));
  if (!isLanguage(language)) throw redirect(back);
  const user = await getOptionalUser(request);
  if (user) await setUserLanguage(user.id, language);
  throw redirect(back, { headers: { 'Set-Cookie': languageCookie(language) } });
}

export function loader() {
  throw redirect('/');
}
