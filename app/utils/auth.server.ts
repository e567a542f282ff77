import { redirect } from '@remix-run/node';
import { type User, getUserById } from '~/models/user.server';
import type { Role } from '~/domain/roles';
import { expiredSessionOwner, getSessionUserId } from './session.server';
import { keepPendingPost } from '~/models/pending-post.server';
import { safeRedirect } from '~/domain/return-address';

/** The logged-in user, or null. */
export async function getOptionalUser(request: Request): Promise<User | null> {
  const userId = await getSessionUserId(request);
  if (userId === null) return null;
  return getUserById(userId);
}

// The one check of every return address (login, language, password change, a kept form, the
// addresses a page carries to come back to): see app/domain/return-address.ts.
export { safeRedirect };

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
  if (!roles.some((role) => user.roles.includes(role))) throw forbidden();
  return user;
}

export const forbidden = () => new Response('Forbidden', { status: 403 });
export const notFound = () => new Response('Not Found', { status: 404 });
export const conflict = () => new Response('Conflict', { status: 409 });

/** Throws 404 unless the condition holds: an id that is unknown and one that is not yours look the same. */
export function invariantFound<T>(value: T | null | undefined | false): asserts value is T {
  if (!value) throw notFound();
}

/** The HTTP answer to a refused workflow step: 404 (not yours to see), 403 (not yours to do), 409 (not now). */
export function refusal(reason: 'not_found' | 'forbidden' | 'conflict'): Response {
  return reason === 'not_found' ? notFound() : reason === 'forbidden' ? forbidden() : conflict();
}
