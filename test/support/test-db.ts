/**
 * The tests' own view of a test server's database, on either dialect: SQLite through
 * better-sqlite3, PostgreSQL through one connection in a worker thread that the test's thread
 * waits on, so that the helpers stay synchronous on both. The SQL the tests write is the common
 * subset of both dialects (`?` placeholders, TRUE/FALSE, no PRAGMA); this is the one place that
 * turns it into each dialect's form, and that makes PostgreSQL's values come back in SQLite's
 * shapes (booleans 1/0, dates 'YYYY-MM-DD', timestamps ISO strings, counts numbers).
 *
 * The suite runs on PostgreSQL when TEST_DATABASE_URL is set (npm run test:pg sets it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { BASE_DB, SCRATCH } from './paths';

export type TestDialect = 'sqlite' | 'postgres';

/** The admin URL of the PostgreSQL server the suite runs on, or undefined for SQLite. */
export const TEST_PG_URL: string | undefined = process.env.TEST_DATABASE_URL || undefined;
export const testDialect: TestDialect = TEST_PG_URL ? 'postgres' : 'sqlite';
export const onPostgres = testDialect === 'postgres';

/** The name of the template database that every PostgreSQL test server's database is copied from. */
export const PG_BASE_DATABASE = 'linssi_test_base';

export interface SyncDb {
  dialect: TestDialect;
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  get<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T | undefined;
  /** A statement that returns no rows; the number of rows it changed. */
  run(sql: string, ...params: unknown[]): { changes: number };
  /** Several statements, no parameters. */
  exec(sql: string): void;
  /** better-sqlite3's shape, for the tests written against it. */
  prepare(sql: string): {
    all<T = Record<string, unknown>>(...params: unknown[]): T[];
    get<T = Record<string, unknown>>(...params: unknown[]): T | undefined;
    run(...params: unknown[]): { changes: number };
  };
  close(): void;
}

function withPrepare(db: Omit<SyncDb, 'prepare'>): SyncDb {
  return {
    ...db,
    prepare: (sql: string) => ({
      all: <T>(...params: unknown[]) => db.all<T>(sql, ...params),
      get: <T>(...params: unknown[]) => db.get<T>(sql, ...params),
      run: (...params: unknown[]) => db.run(sql, ...params),
    }),
  };
}

/** `?` placeholders to `$1, $2, …`, leaving quoted text alone. */
export function numberedPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

const sqliteParam = (value: unknown) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

function openSqlite(file: string, readonly: boolean): SyncDb {
  const db = new Database(file, { readonly, fileMustExist: true });
  if (!readonly) db.pragma('busy_timeout = 5000');
  return withPrepare({
    dialect: 'sqlite',
    all: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params.map(sqliteParam)) as T[],
    get: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params.map(sqliteParam)) as T | undefined,
    run: (sql, ...params) => ({ changes: db.prepare(sql).run(...params.map(sqliteParam)).changes }),
    exec: (sql) => void db.exec(sql),
    close: () => db.close(),
  });
}

interface Answer {
  rows?: unknown[];
  changes?: number;
  error?: string;
  code?: string;
}

class PgConnection {
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  closed = false;

  constructor(url: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(path.join(import.meta.dirname, 'sync-pg-worker.mjs'), {
      workerData: { url, signal: this.flag.buffer, port: port2 },
      transferList: [port2],
    });
    this.worker.unref();
  }

  private sequence = 0;

  /**
   * Sends one request and waits for its answer. The worker posts the answer and then raises the
   * flag; under load the answer can reach this end of the port a moment after the flag, so this
   * polls until the answer with this request's number has arrived (an answer to an earlier request
   * that gave up waiting is dropped, so answers never shift onto the wrong request).
   */
  request(message: { sql?: string; params?: unknown[]; close?: boolean }): Answer {
    const id = ++this.sequence;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ ...message, id });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const received = receiveMessageOnPort(this.port);
      if (received) {
        const answer = received.message as Answer & { id: number };
        if (answer.id !== id) continue;
        if (answer.error) throw Object.assign(new Error(`${answer.error}\n  in: ${message.sql}`), { code: answer.code });
        return answer;
      }
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer in 120 s: ${message.sql}`);
      // Sleeps until the worker raises the flag (or 50 ms); once it is up, a short pause while
      // the answer is on its way.
      if (Atomics.wait(this.flag, 0, 0, 50) === 'not-equal') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }

  query(sql: string, params: unknown[]): Answer {
    return this.request({ sql: params.length ? numberedPlaceholders(sql) : sql, params });
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    try {
      this.request({ close: true });
    } finally {
      void this.worker.terminate();
    }
  }
}

function openPostgres(url: string): SyncDb {
  const conn = new PgConnection(url);
  return withPrepare({
    dialect: 'postgres',
    all: <T>(sql: string, ...params: unknown[]) => conn.query(sql, params).rows as T[],
    get: <T>(sql: string, ...params: unknown[]) => conn.query(sql, params).rows![0] as T | undefined,
    run: (sql, ...params) => ({ changes: conn.query(sql, params).changes ?? 0 }),
    exec: (sql) => void conn.query(sql, []),
    close: () => conn.close(),
  });
}

/** Something with a database: a test server ({ databaseUrl }). */
export interface HasDatabase {
  databaseUrl: string;
}

export function sqliteFileOf(databaseUrl: string): string {
  return databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : databaseUrl;
}

/**
 * Opens the database. Read-only by default on SQLite (PostgreSQL connections are not limited:
 * the tests that only read never write). The caller closes it.
 */
export function openTestDb(target: HasDatabase | string, options: { readonly?: boolean } = {}): SyncDb {
  const url = typeof target === 'string' ? target : target.databaseUrl;
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  return openSqlite(sqliteFileOf(url), options.readonly ?? false);
}

// One cached connection per PostgreSQL database for the read helpers (a worker and a connection
// per query would cost ~50 ms each); closed when the server stops.
const cached = new Map<string, SyncDb>();

/** A shared connection for reading (tests call it hundreds of times). */
export function sharedTestDb(target: HasDatabase): SyncDb {
  if (!/^postgres(ql)?:\/\//.test(target.databaseUrl)) return openTestDb(target, { readonly: true });
  let db = cached.get(target.databaseUrl);
  if (!db) {
    db = openPostgres(target.databaseUrl);
    cached.set(target.databaseUrl, db);
  }
  return { ...db, close: () => {} };
}

export function closeSharedTestDb(databaseUrl: string) {
  cached.get(databaseUrl)?.close();
  cached.delete(databaseUrl);
}

/** The names of the app's tables (no SQLite or knex internals). */
export function tableNames(db: SyncDb): string[] {
  const rows =
    db.dialect === 'postgres'
      ? db.all<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
        )
      : db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  return rows.map((r) => r.name);
}

/** Every row of a table in a stable order (sorted as text: tables without an id have no rowid on PostgreSQL). */
export function allRows(db: SyncDb, table: string): Array<Record<string, unknown>> {
  const rows = db.all(`SELECT * FROM "${table}"`);
  const keyed = rows.map((row) => [JSON.stringify(row), row] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map(([, row]) => row);
}

export interface TestDatabase {
  databaseUrl: string;
  /** The SQLite file; '' on PostgreSQL. */
  dbFile: string;
  /** Removes the copy (drops the PostgreSQL database, even with connections open). */
  drop: () => void;
}

/**
 * A fresh copy of the base database (migrations, base data and the demo data): a file copy on
 * SQLite, a database made from the base as its template on PostgreSQL. Synchronous, so that a
 * test can make one anywhere.
 */
export function copyOfBase(name: string): TestDatabase {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Not a safe database name: ${name}`);
  if (TEST_PG_URL) return pgTestDatabase(name, `TEMPLATE "${PG_BASE_DATABASE}"`);
  fs.mkdirSync(SCRATCH, { recursive: true });
  const dbFile = path.join(SCRATCH, `db-${name}.db`);
  fs.copyFileSync(BASE_DB, dbFile);
  return {
    databaseUrl: `file:${dbFile}`,
    dbFile,
    drop: () => {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
    },
  };
}

/**
 * Makes inserts into `table` fail while `condition` (an SQL expression over NEW) holds, as a
 * fault in the database would; returns the function that removes the fault again.
 */
export function injectFault(target: HasDatabase, table: string, condition: string): () => void {
  const db = openTestDb(target);
  try {
    if (db.dialect === 'postgres') {
      db.exec(`CREATE FUNCTION test_fault_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF ${condition} THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER test_fault BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_fault_${table}();`);
    } else {
      db.exec(`CREATE TRIGGER test_fault BEFORE INSERT ON ${table} WHEN ${condition} BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
    }
  } finally {
    db.close();
  }
  return () => {
    const again = openTestDb(target);
    try {
      again.exec(
        again.dialect === 'postgres'
          ? `DROP TRIGGER IF EXISTS test_fault ON ${table}; DROP FUNCTION IF EXISTS test_fault_${table}();`
          : 'DROP TRIGGER IF EXISTS test_fault',
      );
    } finally {
      again.close();
    }
  };
}

/**
 * A SQLite database with the data of `target`, for the checks written in SQLite's terms
 * (PRAGMA integrity_check and foreign_key_check, typeof(), GLOB): on SQLite the file itself,
 * read-only; on PostgreSQL a temporary SQLite file with the same schema (the base database's: the
 * migrations are the same) into which every row of every table is copied, in SQLite's shapes.
 * The caller closes it; the temporary file goes with it.
 */
export function sqliteViewOf(target: HasDatabase): Database.Database {
  if (!/^postgres(ql)?:\/\//.test(target.databaseUrl)) {
    return new Database(sqliteFileOf(target.databaseUrl), { readonly: true, fileMustExist: true });
  }
  const file = path.join(SCRATCH, `view-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
  fs.copyFileSync(BASE_DB, file);
  const view = new Database(file);
  const source = openTestDb(target);
  try {
    view.pragma('foreign_keys = OFF');
    for (const { name } of view.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>) {
      view.exec(`DROP TRIGGER "${name}"`);
    }
    view.transaction(() => {
      for (const table of tableNames(source)) {
        view.exec(`DELETE FROM "${table}"`);
        const rows = source.all(`SELECT * FROM "${table}"`);
        if (!rows.length) continue;
        const columns = Object.keys(rows[0]!);
        const insert = view.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        for (const row of rows) insert.run(...columns.map((c) => row[c]));
      }
    })();
  } finally {
    source.close();
  }
  const close = view.close.bind(view);
  view.close = () => {
    const result = close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
    return result;
  };
  return view;
}

/** A database of the test server's PostgreSQL, made by `CREATE DATABASE … ${options}`. */
function pgTestDatabase(name: string, options: string): TestDatabase {
  const database = `linssi_t_${name}`;
  const admin = (sql: string) => {
    const conn = openPostgres(TEST_PG_URL!);
    try {
      conn.exec(sql);
    } finally {
      conn.close();
    }
  };
  admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  admin(`CREATE DATABASE "${database}" ${options}`);
  const url = new URL(TEST_PG_URL!);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  return {
    databaseUrl,
    dbFile: '',
    drop: () => {
      closeSharedTestDb(databaseUrl);
      admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
}

/** A new, empty database (no tables): a file name on SQLite, `CREATE DATABASE` on PostgreSQL. */
export function emptyDatabase(name: string): TestDatabase {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Not a safe database name: ${name}`);
  if (!TEST_PG_URL) {
    fs.mkdirSync(SCRATCH, { recursive: true });
    const dbFile = path.join(SCRATCH, `db-${name}.db`);
    const remove = () => {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
    };
    remove();
    return { databaseUrl: `file:${dbFile}`, dbFile, drop: remove };
  }
  return pgTestDatabase(name, '');
}
