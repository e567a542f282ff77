import crypto from 'node:crypto';
import { db, nowIso } from '~/utils/db.server';

/**
 * A form posted after its session had expired: kept, for the user whose session it was, until
 * they log in again; then a page gives it back to them to send: nothing typed is lost.
 * Only urlencoded forms (not file uploads, nor forms with a password), at most 512 kB, for two hours.
 */
const MAX_BYTES = 512 * 1024;
const KEEP_MS = 2 * 3_600_000;
const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function keepPendingPost(request: Request, userId: number): Promise<string | null> {
  if (!(request.headers.get('Content-Type') ?? '').startsWith('application/x-www-form-urlencoded')) return null;
  const body = await request.clone().text();
  if (Buffer.byteLength(body) > MAX_BYTES) return null;
  // A password is never stored, not even for a moment: such a form is typed again.
  if ([...new URLSearchParams(body).keys()].some((name) => /password/i.test(name))) return null;
  const url = new URL(request.url);
  const token = crypto.randomBytes(24).toString('base64url');
  await db()('pending_posts').insert({ token_hash: hash(token), user_id: userId, path: `${url.pathname}${url.search}`, body, created_at: nowIso() });
  await db()('pending_posts')
    .where('created_at', '<', new Date(Date.now() - KEEP_MS).toISOString())
    .delete();
  return token;
}

/** Whether the token names a kept form of this user (so the login can lead to it). */
export async function hasPendingPost(token: string, userId: number): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return false;
  const row = await db()('pending_posts')
    .where({ token_hash: hash(token), user_id: userId })
    .andWhere('created_at', '>=', new Date(Date.now() - KEEP_MS).toISOString())
    .first('id');
  return Boolean(row);
}

/**
 * Takes the kept form out, once: the delete's row count decides, so of requests that read the row
 * at the same moment only the one whose delete removed it gets the form (on PostgreSQL, READ
 * COMMITTED lets them all read it; the second delete waits for the first and then removes nothing).
 */
export async function takePendingPost(token: string, userId: number): Promise<{ path: string; fields: Array<[string, string]> } | null> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
  const row = await db()('pending_posts')
    .where({ token_hash: hash(token), user_id: userId })
    .andWhere('created_at', '>=', new Date(Date.now() - KEEP_MS).toISOString())
    .first();
  if (!row) return null;
  const taken = Number(await db()('pending_posts').where({ id: row.id }).delete());
  if (taken !== 1) return null;
  return { path: row.path, fields: [...new URLSearchParams(row.body).entries()] };
}
