import fs from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Backup and restore of the SQLite database with SQLite's online backup API (never a file copy,
 * which could catch a half-written page or leave the WAL behind). A backup is written beside its
 * target first and renamed only once checked, so a backup that stopped half-way never looks whole.
 */

export interface Checked {
  tables: Record<string, number>;
}

/** Opens a database file read-only and checks it: integrity, foreign keys, and the rows per table. */
export function checkDatabaseFile(file: string): Checked {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  // Reading a file in WAL mode makes its -wal and -shm files; those this check made are removed
  // after it, so that checked backups do not leave them piling up beside them night after night.
  const sidecars = ['-wal', '-shm'].map((suffix) => `${file}${suffix}`).filter((f) => !fs.existsSync(f));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') {
      throw new Error(`${file}: integrity_check failed: ${integrity.map((r) => r.integrity_check).join('; ')}`);
    }
    const foreign = db.pragma('foreign_key_check') as unknown[];
    if (foreign.length > 0) throw new Error(`${file}: foreign_key_check found ${foreign.length} broken references`);
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    if (!names.includes('knex_migrations')) throw new Error(`${file}: not a Linssi database (no migrations table)`);
    const tables: Record<string, number> = {};
    for (const name of names) tables[name] = Number(db.prepare(`SELECT COUNT(*) FROM "${name}"`).pluck().get());
    return { tables };
  } finally {
    db.close();
    for (const made of sidecars) fs.rmSync(made, { force: true });
  }
}

/** A consistent copy of the live database at `source` (it may be in use) into `target`, checked. */
export async function backupDatabase(source: string, target: string): Promise<Checked> {
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial);
  } finally {
    db.close();
  }
  // A backup is one self-contained file: out of WAL mode (restoreDatabase puts the live one back).
  const copy = new Database(partial, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  const checked = checkDatabaseFile(partial);
  fs.renameSync(partial, target);
  return checked;
}

/**
 * Restores a checked backup into the database at `target` through the backup API, so that the
 * target's own WAL is used correctly. Stop the app first: it would keep serving from the pages it
 * has read until its next query (SQLite then sees the change), and requests in between are lost.
 */
export async function restoreDatabase(backup: string, target: string): Promise<Checked> {
  checkDatabaseFile(backup);
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  // Back in WAL mode, as the app expects, and checked as it now is.
  const db = new Database(target);
  try {
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  return checkDatabaseFile(target);
}
