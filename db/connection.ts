import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import knexFactory, { type Knex } from 'knex';
import type pgModule from 'pg';
import { migrationSource } from './migrations/index';

export type Dialect = 'sqlite' | 'postgres';

/** The database that `DATABASE_URL` names; a file in `data/` when it is not set. */
export const DEFAULT_DATABASE_URL = 'file:./data/linssi.db';

export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** `file:./x.db`, `file:///abs/x.db`, `./x.db` and `/abs/x.db` all name a SQLite file. */
export function sqliteFilename(url: string): string {
  if (url === ':memory:') return url;
  if (url.startsWith('file://')) return new URL(url).pathname;
  if (url.startsWith('file:')) return url.slice('file:'.length);
  return url;
}

// PostgreSQL answers dates, timestamps and bigint counts in other shapes than SQLite;
// these parsers make both dialects return the same JavaScript values: dates as
// 'YYYY-MM-DD', timestamps as ISO strings, counts as numbers.
let pgTypesSet = false;
function setPgTypeParsers() {
  if (pgTypesSet) return;
  pgTypesSet = true;
  // Loaded here, not at the top: a SQLite server (and each of the tests' servers) does not pay for it.
  const pg = createRequire(import.meta.url)('pg') as typeof pgModule;
  pg.types.setTypeParser(1082, (v: string) => v);
  pg.types.setTypeParser(1114, (v: string) => new Date(`${v.replace(' ', 'T')}Z`).toISOString());
  pg.types.setTypeParser(1184, (v: string) => new Date(v).toISOString());
  pg.types.setTypeParser(20, (v: string) => Number(v));
  pg.types.setTypeParser(1700, (v: string) => Number(v));
}

export function knexConfig(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): Knex.Config {
  if (dialectOf(url) === 'postgres') {
    setPgTypeParsers();
    return {
      client: 'pg',
      connection: url,
      pool: { min: 0, max: Number(process.env.DATABASE_POOL_MAX ?? 10) },
      migrations: { migrationSource, tableName: 'knex_migrations' },
    };
  }
  const filename = sqliteFilename(url);
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return {
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // better-sqlite3 is synchronous: one connection per process serialises writers
    // without SQLITE_BUSY between them. Queries inside a transaction must use `trx`.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        try {
          reusePreparedStatements(conn);
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          conn.pragma('busy_timeout = 5000');
          // FULL: a commit that was answered survives a power cut, not only a crash of the process.
          conn.pragma('synchronous = FULL');
          // Query planner statistics (ANALYZE) for the tables that lack them or have changed much,
          // within a row limit so that it stays quick: without them SQLite guesses, and picks a
          // status index over the meeting-date range for the reports (4× slower at 100,000
          // assessments, ADR 013). Run again when the app closes the connection.
          conn.pragma('optimize = 0x10002');
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
    migrations: { migrationSource, tableName: 'knex_migrations' },
  };
}

interface SqliteConnection {
  pragma: (s: string) => unknown;
  prepare: (sql: string) => unknown;
}

/** How many prepared statements one connection keeps; past it, the kept ones are let go. */
const PREPARED_STATEMENTS_KEPT = 500;

/**
 * knex prepares every query's SQL again on each run; SQLite's compile is a large part of a short
 * query's time (a page's session, user and settings reads). The connection keeps each statement it
 * has prepared and hands it out again for the same SQL: better-sqlite3 statements are reusable,
 * knex runs each to completion at once (all() or run(), never an open iterator), and SQLite
 * re-prepares a kept statement itself when the schema changes (a migration).
 */
function reusePreparedStatements(conn: SqliteConnection) {
  const prepare = conn.prepare.bind(conn);
  const kept = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    let statement = kept.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (kept.size >= PREPARED_STATEMENTS_KEPT) kept.clear();
      kept.set(sql, statement);
    }
    return statement;
  };
}

export function createDb(url?: string): Knex {
  const db = knexFactory(knexConfig(url));
  if (!isPostgres(db)) beginImmediate(db);
  return db;
}

/**
 * SQLite transactions take the write lock at their start (BEGIN IMMEDIATE) instead of at their
 * first write (knex's plain BEGIN). Two app processes on one database then wait for each other
 * (busy_timeout) at the start, where waiting is safe, instead of one failing with SQLITE_BUSY
 * when it tries to write after reading. knex has no option for it: its transaction's begin() is
 * replaced on each transaction made; savepoints (nested transactions) are not affected.
 */
function beginImmediate(db: Knex) {
  type Trx = { begin: (conn: unknown) => Promise<unknown>; query: (conn: unknown, sql: string) => Promise<unknown> };
  const client = db.client as { transaction: (...args: unknown[]) => Trx };
  const make = client.transaction.bind(client);
  client.transaction = (...args: unknown[]) => {
    const trx = make(...args);
    trx.begin = function (this: Trx, conn: unknown) {
      return this.query(conn, 'BEGIN IMMEDIATE;');
    };
    return trx;
  };
}

/** The SQLite settings the app relies on, read back from the connection (checked at start-up). */
export async function sqliteSettings(db: Knex) {
  const value = async (pragma: string) => {
    const rows = (await db.raw(`PRAGMA ${pragma}`)) as Array<Record<string, unknown>>;
    return rows[0] ? Object.values(rows[0])[0] : undefined;
  };
  return {
    journalMode: String(await value('journal_mode')),
    synchronous: Number(await value('synchronous')),
    foreignKeys: Number(await value('foreign_keys')),
    busyTimeout: Number(await value('busy_timeout')),
  };
}

export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}
