import type { Knex } from 'knex';
import { db } from './db.server';

/**
 * Figures computed from the data, reused until the data changes (ADR 013: the yearly report of a
 * city's 10,000 assessments a year takes a hundred milliseconds to compute, and a page view must
 * not). The database keeps `data_generation`, a number raised by triggers with every committed
 * write to the tables the reports read (db/migrations/013_scale.ts); an entry is reused only while
 * that number is the one it was computed at. Nothing else is shared between app servers: each keeps
 * its own entries, and each sees the same number. Reading the number first makes an entry at worst
 * newer than its number, never older, so a change is never hidden. Callers must not change a value.
 */
const MAX_ENTRIES = 32;
const entries = new Map<string, { generation: number; value: Promise<unknown> }>();

export async function dataGeneration(conn: Knex = db()): Promise<number> {
  const row = await conn('data_generation').where({ id: 1 }).first('n');
  return Number(row?.n ?? 0);
}

export async function cachedByData<T>(key: string, compute: () => Promise<T>, conn: Knex = db()): Promise<T> {
  const generation = await dataGeneration(conn);
  const hit = entries.get(key);
  if (hit && hit.generation === generation) {
    // The most recently used last: the oldest is dropped first.
    entries.delete(key);
    entries.set(key, hit);
    return hit.value as Promise<T>;
  }
  // Requests that arrive while it is computed share the one computation.
  const value = compute();
  entries.set(key, { generation, value });
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return value;
}
