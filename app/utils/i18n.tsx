import { useRouteLoaderData } from '@remix-run/react';
import { DEFAULT_LANGUAGE, type Language, type Translate, translator } from '~/i18n';

/** The page's language, from the root loader (Finnish when it is missing, e.g. on an error page). */
export function useLanguage(): Language {
  const data = useRouteLoaderData('root') as { language?: Language } | undefined;
  return data?.language ?? DEFAULT_LANGUAGE;
}

export function useT(): Translate {
  return translator(useLanguage());
}
