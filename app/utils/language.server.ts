import { DEFAULT_LANGUAGE, type Language, isLanguage, translator } from '~/i18n';
import { readCookie } from './session.server';

export const LANGUAGE_COOKIE = 'linssi_lang';

/** Whose language a page is in: the signed-in user (their chosen language), or no one yet. */
type LanguageHolder = { language: Language } | null | undefined;

/** The user's chosen language; before login the cookie's; Finnish by default. */
export function languageOf(request: Request, user?: LanguageHolder): Language {
  if (user) return user.language;
  const cookie = readCookie(request, LANGUAGE_COOKIE);
  return isLanguage(cookie) ? cookie : DEFAULT_LANGUAGE;
}

export function serverTranslator(request: Request, user?: LanguageHolder) {
  return translator(languageOf(request, user));
}

export function languageCookie(language: Language): string {
  return `${LANGUAGE_COOKIE}=${language}; Path=/; SameSite=Lax; Max-Age=${365 * 24 * 3600}`;
}
