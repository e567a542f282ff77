import fs from 'node:fs';
import type { Knex } from 'knex';
import { createDb, isPostgres } from '../../db/connection';
import { env } from './env.server';

declare global {
  var __linssiDb: Knex | undefined;
}

/** The one knex instance of this process. */
export function db(): Knex {
  if (!globalThis.__linssiDb) {
    globalThis.__linssiDb = createDb(env().DATABASE_URL);
    const log = process.env.LINSSI_QUERY_LOG;
    // Every statement with its bindings, one JSON line each: the bench test reads the query plans of
    // all that the pages run (bench/plans.ts). Only for tests; it slows the server down.
    if (log)
      globalThis.__linssiDb.on('query', (q: { sql: string; bindings?: unknown[] }) =>
        fs.appendFileSync(log, `${JSON.stringify({ sql: q.sql, bindings: q.bindings ?? [] })}\n`),
      );
  }
  return globalThis.__linssiDb;
}

export async function closeDb() {
  const instance = globalThis.__linssiDb;
  globalThis.__linssiDb = undefined;
  if (!instance) return;
  // SQLite's advice for a long-lived connection: refresh the planner's statistics before closing.
  if (!isPostgres(instance)) await instance.raw('PRAGMA optimize').catch(() => undefined);
  await instance.destroy();
}

/**
 * Decisions joined to their assessments, read in that order: a meeting-date (or author) index of
 * the decisions first, then each decision's assessments. CROSS JOIN is SQLite's way to fix the
 * order of the two (PostgreSQL plans it as the inner join it is); left to itself SQLite may read
 * every assessment and look up its decision, a full scan of the largest table (ADR 013).
 */
export function decisionsThenAssessments(conn: Knex) {
  return conn('decisions as d').joinRaw('CROSS JOIN assessments AS a').whereRaw('a.decision_id = d.id');
}

/** Timestamps are stored as ISO strings in UTC on both databases. */
export const nowIso = () => new Date().toISOString();

/**
 * Makes transactions that check and then write the same thing take turns, by name. On SQLite
 * they already do (one connection, one transaction at a time). On PostgreSQL a transaction-scoped
 * advisory lock does it, held until commit: the second one then reads what the first wrote
 * (e.g. two admins removing each other's admin role, activating two versions at once, or two
 * group members saving the same round: the second then sees the first's versions and gets the
 * edit conflict, not an error; or two attempts at a password counting the name's attempts before
 * reserving one, app/models/login-throttle.server.ts).
 */
export async function takeTurns(trx: Knex.Transaction, name: 'admins' | 'strategy' | 'login' | `round:${number}`): Promise<void> {
  if (isPostgres(trx)) await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`linssi:${name}`]);
}
