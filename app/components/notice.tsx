import { useMatches, useRouteLoaderData } from '@remix-run/react';
import type { loader as rootLoader } from '~/root';
import { useT } from '~/utils/i18n';
import type { NoticeAfterRedirect } from '~/utils/notice';
import { Notice } from './ui';

/** What a page exports as `handle` when it shows the notice after a redirect itself (in a section, or not beside its form's errors). */
export const PLACES_NOTICE = { placesNotice: true } as const;

/** The notice after a redirect that the root loader read from the address (docs/decisions/019-notices-after-redirect.md). */
export function useNoticeAfterRedirect(): NoticeAfterRedirect | null {
  return useRouteLoaderData<typeof rootLoader>('root')?.notice ?? null;
}

/** The notice at the top of the page, above its heading, unless the page places it (PLACES_NOTICE). */
export function RootNotice() {
  const notice = useNoticeAfterRedirect();
  const placed = useMatches().some((m) => (m.handle as { placesNotice?: boolean } | undefined)?.placesNotice);
  const t = useT();
  return notice && !placed ? <Notice>{t(notice.key)}</Notice> : null;
}
