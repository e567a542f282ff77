import type { HeadersFunction } from '@remix-run/node';
import type { Knex } from 'knex';
import { env } from '~/utils/env.server';
import { db, nowIso, takeTurns } from '~/utils/db.server';
import { idOf } from '~/models/framework.server';
import { WINDOW_MINUTES } from '~/domain/throttle';

/**
 * Throttling of every check of a password (the login, the current password on /password), keyed
 * by user name and by network address separately: ten attempts judged wrong for one name in 15
 * minutes lock that name (the 11th gets 429), while the address limit is far higher, so that one
 * municipal office behind one address is not locked out by one person's typos. Kept in the
 * database, so the limits hold across app processes.
 *
 * An attempt is counted BEFORE its password is checked, so that attempts sent at once cannot beat the count: in one transaction that takes
 * turns with every other reservation (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), the
 * name's and the address's attempts in the window are counted, in flight ones included, and a row
 * is reserved only when both are under their limits. Fifty attempts sent at once therefore get ten
 * judgements, not fifty. A wrong password keeps its row; a right one deletes it.
 */
export { WINDOW_MINUTES };
export const PER_USERNAME = 10;

const since = () => new Date(Date.now() - WINDOW_MINUTES * 60_000).toISOString();
const normal = (username: string) => username.trim().toLowerCase().slice(0, 64);

export type Throttle = 'username' | 'address';

type Reservation = { ok: true; id: number } | { ok: false; by: Throttle };

/** Counts the attempt, unless the name or the address is at its limit: then nothing is written. */
async function reserve(username: string, address: string): Promise<Reservation> {
  const name = normal(username);
  const reservation = await db().transaction(async (trx): Promise<Reservation> => {
    await takeTurns(trx, 'login');
    const from = since();
    const byName = await trx('login_failures').where({ username: name }).andWhere('at', '>=', from).count({ n: '*' }).first();
    if (Number(byName?.n ?? 0) >= PER_USERNAME) return { ok: false, by: 'username' };
    const byAddress = await trx('login_failures').where({ address }).andWhere('at', '>=', from).count({ n: '*' }).first();
    if (Number(byAddress?.n ?? 0) >= env().LOGIN_ADDRESS_LIMIT) return { ok: false, by: 'address' };
    const [row] = await trx('login_failures').insert({ username: name, address, at: nowIso(), pending: true }).returning('id');
    return { ok: true, id: idOf(row) };
  });
  // Old rows are of no use: a day is far beyond the window (and beyond any attempt in flight).
  if (reservation.ok && Math.random() < 0.05) {
    await db()('login_failures')
      .where('at', '<', new Date(Date.now() - 86_400_000).toISOString())
      .delete();
  }
  return reservation;
}

/** A wrong password: the reserved row stays, as a failure in the window. */
async function failed(id: number, conn: Knex = db()) {
  await conn('login_failures').where({ id }).update({ pending: false });
}

/**
 * A right password: its own row goes, and so do the name's earlier failures (the address's count
 * loses them too). Attempts still in flight stay counted, so a success in the middle of a burst
 * does not give the rest of it a new allowance.
 */
async function succeeded(id: number, username: string) {
  await db().transaction(async (trx) => {
    await trx('login_failures').where({ id }).delete();
    await trx('login_failures')
      .where({ username: normal(username), pending: false })
      .delete();
  });
}

/**
 * The one way to check a password a user gives (every such check is an oracle): counts the attempt
 * for the name and the address first, runs `check` only when neither is at its limit, and records
 * its outcome (`valid`: the password is right and the account may use it). What else `check`
 * answers is passed on.
 */
export async function judgePassword<T extends { valid: boolean }>(
  username: string,
  address: string,
  check: () => Promise<T>,
): Promise<{ throttled: Throttle } | ({ throttled: null } & T)> {
  const reservation = await reserve(username, address);
  if (!reservation.ok) return { throttled: reservation.by };
  let result: T | undefined;
  try {
    result = await check();
    return { ...result, throttled: null };
  } finally {
    // A check that throws stays counted, as a failure.
    if (result?.valid) await succeeded(reservation.id, username);
    else await failed(reservation.id);
  }
}

/** The address an attempt is counted against: the socket's (or, with TRUST_PROXY, the proxy's word). */
export function clientAddressOf(context: { clientAddress?: unknown }): string {
  return (typeof context.clientAddress === 'string' && context.clientAddress) || 'unknown';
}

/** A page whose action may refuse an attempt passes the action's Retry-After on. */
export const passRetryAfter: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retry = actionHeaders.get('Retry-After');
  if (retry) headers.set('Retry-After', retry);
  return headers;
};
