import { DEFAULT_LANGUAGE, type Language, isLanguage, translator } from '~/i18n';
import type { User } from '~/models/user.server';
import { readCookie } from './session.server';

export const LANGUAGE_COOKIE = 'linssi_lang';

/** The user's chosen language; before login the cookie's; Finnish by default. */
export function languageOf(request: Request, user?: User | null): Language {
  if (user) return user.language;
  const cookie = readCookie(request, LANGUAGE_COOKIE);
  return isLanguage(cookie) ? cookie : DEFAULT_LANGUAGE;
}

export function serverTranslator(request: Request, user?: User | null) {
  return translator(languageOf(request, user));
}

export function languageCookie(language: Language): string {
  return `${LANGUAGE_COOKIE}=${language}; Path=/; SameSite=Lax; Max-Age=${365 * 24 * 3600}`;
}
