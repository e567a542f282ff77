/**
 * The user of a request, read from the session: who is signed in, and the guards a loader or an
 * action calls first (requireUser, requireRole). The HTTP answers of a refusal are in
 * app/utils/http.server.ts.
 */
import { redirect } from '@remix-run/node';
import { type User, userFromRow } from './user.server';
import { type Role, hasRole } from '~/domain/roles';
import { forbidden } from '~/utils/http.server';
import { expiredSessionOwner, getLiveSession } from '~/utils/session.server';
import { oncePerRequest } from '~/utils/request-scope.server';
import { keepPendingPost } from './pending-post.server';
import { safeRedirect } from '~/domain/return-address';

/** The logged-in user, or null. */
export async function getOptionalUser(request: Request): Promise<User | null> {
  // Read afresh on every request, never kept past it: a deactivated user's next request is refused.
  // The root's and the page's loaders of one request share the one read (app/utils/request-scope.server.ts).
  return oncePerRequest(request, `user:${request.headers.get('Cookie') ?? ''}`, async () => {
    const session = await getLiveSession(request);
    if (!session?.user) return null;
    return userFromRow(session.user);
  });
}

/**
 * The logged-in user, even one who must still change a temporary password; anyone else is
 * sent to the login page and brought back afterwards. Only /password uses this directly.
 */
export async function requireSignedIn(request: Request): Promise<User> {
  const user = await getOptionalUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const back = safeRedirect(`${url.pathname}${url.search}`);
  const hadSession = (request.headers.get('Cookie') ?? '').includes('linssi_session=');
  const params = new URLSearchParams({ redirectTo: back });
  if (hadSession) params.set('reason', 'expired');
  // A form sent just after its session expired is kept for the same user: after logging in they
  // get it back to send, with everything they typed.
  const owner = expiredSessionOwner(request);
  if (request.method === 'POST' && owner !== null) {
    const token = await keepPendingPost(request, owner);
    if (token) params.set('resume', token);
  }
  throw redirect(`/login?${params}`);
}

/** Pages a user with a temporary password may still reach (they never call requireUser, but to be sure). */
const PASSWORD_CHANGE_EXEMPT = ['/password', '/logout', '/language'];

/**
 * The logged-in user. One who was given a temporary password (must_change_password) is sent
 * to /password first, and brought back to where they were going after the change.
 */
export async function requireUser(request: Request): Promise<User> {
  const user = await requireSignedIn(request);
  if (user.mustChangePassword) {
    const url = new URL(request.url);
    if (!PASSWORD_CHANGE_EXEMPT.includes(url.pathname)) {
      throw redirect(`/password?${new URLSearchParams({ redirectTo: safeRedirect(`${url.pathname}${url.search}`) })}`);
    }
  }
  return user;
}

/** The logged-in user if they hold one of the roles; 403 otherwise. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<User> {
  const user = await requireUser(request);
  if (!roles.some((role) => hasRole(user, role))) throw forbidden();
  return user;
}
