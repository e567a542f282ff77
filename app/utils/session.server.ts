import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { db, nowIso } from './db.server';
import { env } from './env.server';

/**
 * Server-side sessions (docs/decisions/004-sessions.md): the cookie holds a random token,
 * the table its SHA-256. Logging out or deactivating a user deletes the rows at once.
 */
export function sessionCookieName(): string {
  return env().secureCookies ? '__Host-linssi_session' : 'linssi_session';
}

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('Cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

function cookieHeader(value: string, maxAgeSeconds: number): string {
  const attributes = [`${sessionCookieName()}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (env().secureCookies) attributes.push('Secure');
  return attributes.join('; ');
}

export async function createSession(userId: number): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  const now = new Date();
  const expires = new Date(now.getTime() + env().SESSION_ABSOLUTE_HOURS * 3_600_000);
  await db()('sessions').insert({
    id: hashToken(token),
    user_id: userId,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: expires.toISOString(),
  });
  return cookieHeader(token, env().SESSION_ABSOLUTE_HOURS * 3600);
}

export function clearSessionCookie(): string {
  return cookieHeader('', 0);
}

/** Whose session this request's cookie named, when it had just expired (for keeping a posted form). */
const expiredOwners = new WeakMap<Request, number>();
export function expiredSessionOwner(request: Request): number | null {
  return expiredOwners.get(request) ?? null;
}

/** The user id of a live session, touching it; null when it is missing, idle too long or expired. */
export async function getSessionUserId(request: Request): Promise<number | null> {
  const token = readCookie(request, sessionCookieName());
  if (!token) return null;
  const id = hashToken(token);
  const row = await db()('sessions').where({ id }).first();
  if (!row) return null;
  const now = Date.now();
  const idleLimit = env().SESSION_IDLE_MINUTES * 60_000;
  if (Date.parse(row.expires_at) <= now || Date.parse(row.last_seen_at) + idleLimit <= now) {
    // Ended once: only the request whose delete removed the row may keep a form for its owner
    // (of posts sent at once with one expired cookie, one).
    const ended = Number(await db()('sessions').where({ id }).delete());
    if (ended === 1) expiredOwners.set(request, row.user_id);
    return null;
  }
  // Touch at most once a minute: a page view should not always be a write.
  if (now - Date.parse(row.last_seen_at) > 60_000) {
    await db()('sessions').where({ id }).update({ last_seen_at: nowIso() });
  }
  return row.user_id;
}

/** Deletes the session this request's cookie names; whether this request was the one that ended it. */
export async function destroySession(request: Request): Promise<boolean> {
  const token = readCookie(request, sessionCookieName());
  if (!token) return false;
  return (
    Number(
      await db()('sessions')
        .where({ id: hashToken(token) })
        .delete(),
    ) === 1
  );
}

/** The stored id (the token's hash) of the session this request carries, or null. */
export function sessionIdOf(request: Request): string | null {
  const token = readCookie(request, sessionCookieName());
  return token ? hashToken(token) : null;
}

/**
 * Ends a user's sessions at once, inside the caller's transaction: all of them, or all but
 * `exceptId` (the one making a password change). Returns how many ended.
 */
export async function deleteUserSessions(conn: Knex | Knex.Transaction, userId: number, exceptId: string | null = null): Promise<number> {
  const query = conn('sessions').where({ user_id: userId });
  if (exceptId) query.whereNot({ id: exceptId });
  return Number(await query.delete());
}
