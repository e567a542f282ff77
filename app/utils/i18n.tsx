import { useRouteLoaderData } from '@remix-run/react';
import { createContext, useContext } from 'react';
import { DEFAULT_LANGUAGE, type Language, type Translate, isLanguage, translator } from '~/i18n';

/**
 * The language the server read from the request's cookie. An error thrown by an action is
 * rendered without the root loader's data; this keeps that page in the user's language.
 */
export const RequestLanguageContext = createContext<Language | undefined>(undefined);

/** The page's language: the root loader's; else the request's (server) or the page's own (browser). */
export function useLanguage(): Language {
  const data = useRouteLoaderData('root') as { language?: Language } | undefined;
  const requestLanguage = useContext(RequestLanguageContext);
  if (data?.language) return data.language;
  if (requestLanguage) return requestLanguage;
  const pageLanguage = typeof document === 'undefined' ? undefined : document.documentElement.lang;
  return isLanguage(pageLanguage) ? pageLanguage : DEFAULT_LANGUAGE;
}

export function useT(): Translate {
  return translator(useLanguage());
}
