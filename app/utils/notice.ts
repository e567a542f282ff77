import type { MessageKey } from '~/i18n';
import { parseId } from './params';

/**
 * What a page says after a redirect (POST → redirect → GET): one typed query parameter,
 * `?notice=<name>` (and `&id=<n>` when the message names a thing), read once by the root loader and
 * shown by the root layout (docs/decisions/019-notices-after-redirect.md). Only the names below,
 * each a message key, so a link cannot put text on a page.
 */
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
  userSaved: 'people.noticeSaved',
  userUnchanged: 'people.noticeUnchanged',
  userDeactivated: 'people.noticeDeactivated',
  userReactivated: 'people.noticeReactivated',
  passwordChanged: 'people.passwordChanged',
  surveySaved: 'survey.saved',
  surveySent: 'survey.sent',
  evaluationSaved: 'evaluation.saved',
  'name.saved': 'organisation.name.saved',
  'logo.saved': 'organisation.logo.saved',
  'logo.removed': 'organisation.logo.removed',
  'body.created': 'organisation.body.created',
  'body.renamed': 'organisation.body.renamed',
  'body.moved': 'organisation.body.moved',
  'body.deactivated': 'organisation.body.deactivated',
  'body.reactivated': 'organisation.body.reactivated',
  'department.created': 'organisation.department.created',
  'department.renamed': 'organisation.department.renamed',
  'department.moved': 'organisation.department.moved',
  'department.deactivated': 'organisation.department.deactivated',
  'department.reactivated': 'organisation.department.reactivated',
} as const satisfies Record<string, MessageKey>;

export type NoticeName = keyof typeof NOTICES;

/** A notice as the root loader found it: its name, its message and the id of the thing it names, if any. */
export interface NoticeAfterRedirect {
  name: NoticeName;
  key: MessageKey;
  id: number | null;
}

/** The address to redirect to after an action, with the notice the page is to show (and the fragment to scroll to). */
export function withNotice(path: string, name: NoticeName, { id, hash }: { id?: number; hash?: string } = {}): string {
  const query = new URLSearchParams({ notice: name });
  if (id) query.set('id', String(id));
  return `${path}?${query.toString()}${hash ? `#${hash}` : ''}`;
}

/** The notice a request's address names, or null (no notice, or a name not in NOTICES). */
export function noticeOf(request: Request | URL): NoticeAfterRedirect | null {
  const search = (request instanceof URL ? request : new URL(request.url)).searchParams;
  const name = search.get('notice');
  if (!name || !Object.hasOwn(NOTICES, name)) return null;
  return { name: name as NoticeName, key: NOTICES[name as NoticeName], id: parseId(search.get('id')) };
}
