import type { MessageKey } from '~/i18n';

/** Messages shown after a redirect (?notice=…); only these keys, so a link cannot put text on a page. */
export const NOTICES = {
  created: 'decision.noticeCreated',
  saved: 'decision.noticeSaved',
  submitted: 'decision.noticeSubmitted',
  draftSaved: 'decision.noticeDraftSaved',
  routine: 'checklist.routineDone',
  copied: 'copy.created',
  approved: 'review.noticeApproved',
  returned: 'review.noticeReturned',
  decided: 'record.notice',
  strategyCopied: 'strategyAdmin.copied',
  strategySaved: 'strategyAdmin.saved',
  strategyImported: 'strategyAdmin.imported',
  strategyImportedRenamed: 'strategyAdmin.importedRenamed',
  strategyActivated: 'strategyAdmin.activated',
  strategyDeleted: 'strategyAdmin.deleted',
  strategyRemoved: 'strategyAdmin.removed',
  strategyMoved: 'strategyAdmin.moved',
} as const satisfies Record<string, MessageKey>;

export type NoticeName = keyof typeof NOTICES;

export function noticeOf(request: Request): MessageKey | null {
  const name = new URL(request.url).searchParams.get('notice');
  return name && Object.hasOwn(NOTICES, name) ? NOTICES[name as NoticeName] : null;
}
