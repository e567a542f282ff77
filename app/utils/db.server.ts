import type { Knex } from 'knex';
import { createDb } from '../../db/connection';
import { env } from './env.server';

declare global {
  // eslint-disable-next-line no-var
  var __linssiDb: Knex | undefined;
}

/** The one knex instance of this process. */
export function db(): Knex {
  if (!globalThis.__linssiDb) globalThis.__linssiDb = createDb(env().DATABASE_URL);
  return globalThis.__linssiDb;
}

export async function closeDb() {
  const instance = globalThis.__linssiDb;
  globalThis.__linssiDb = undefined;
  if (instance) await instance.destroy();
}

/** Timestamps are stored as ISO strings in UTC on both databases. */
export const nowIso = () => new Date().toISOString();
