import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { writeAudit } from '~/utils/audit.server';
import { db } from '~/utils/db.server';
import { clearSessionCookie, destroySession, getSessionUserId } from '~/utils/session.server';

export async function action({ request }: ActionFunctionArgs) {
  const userId = await getSessionUserId(request);
  // One logout on record however many are sent at once: only the request that ended the session.
  const ended = await destroySession(request);
  if (userId !== null && ended) await writeAudit(db(), { userId, action: 'auth.logout', entityType: 'user', entityId: userId });
  throw redirect('/login?reason=logout', { headers: { 'Set-Cookie': clearSessionCookie() } });
}

/** Logging out changes state, so it is a POST; a GET here only goes home. */
export function loader() {
  throw redirect('/');
}
