import type { Knex } from 'knex';
import { env } from '~/utils/env.server';
import { db, nowIso } from '~/utils/db.server';

/**
 * Login throttling, keyed by user name and by network address separately: ten failures for one
 * name in 15 minutes lock that name (the 11th attempt gets 429), while the address limit is far
 * higher, so that one municipal office behind one address is not locked out by one person's
 * typos. Kept in the database, so the limits hold across app processes.
 */
export const WINDOW_MINUTES = 15;
export const PER_USERNAME = 10;

const since = () => new Date(Date.now() - WINDOW_MINUTES * 60_000).toISOString();
const normal = (username: string) => username.trim().toLowerCase().slice(0, 64);

export type Throttle = 'username' | 'address' | null;

export async function throttled(username: string, address: string, conn: Knex = db()): Promise<Throttle> {
  const from = since();
  const [byName, byAddress] = await Promise.all([
    conn('login_failures').where({ username: normal(username) }).andWhere('at', '>=', from).count({ n: '*' }).first(),
    conn('login_failures').where({ address }).andWhere('at', '>=', from).count({ n: '*' }).first(),
  ]);
  if (Number(byName?.n ?? 0) >= PER_USERNAME) return 'username';
  if (Number(byAddress?.n ?? 0) >= env().LOGIN_ADDRESS_LIMIT) return 'address';
  return null;
}

export async function recordFailure(username: string, address: string, conn: Knex = db()) {
  await conn('login_failures').insert({ username: normal(username), address, at: nowIso() });
  // Old rows are of no use: a day is far beyond the window.
  if (Math.random() < 0.05) await conn('login_failures').where('at', '<', new Date(Date.now() - 86_400_000).toISOString()).delete();
}

/** A successful login clears the name's failures (the address keeps its count). */
export async function clearFailures(username: string, conn: Knex = db()) {
  await conn('login_failures').where({ username: normal(username) }).delete();
}
