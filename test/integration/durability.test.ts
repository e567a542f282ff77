/**
 * SQLite in WAL mode with synchronous=FULL, foreign keys on and a busy timeout,
 * checked when the server starts; transactions take the write lock at their start (BEGIN
 * IMMEDIATE), so that a second process waits at the start instead of failing half-way.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, sqliteSettings } from '../../db/connection';
import { BASE_DB, TMP } from '../support/paths';
import { type TestServer, startServer } from '../support/server';
import { onPostgres } from '../support/test-db';
import { showServerLogsOnFailure } from './helpers';

let server: TestServer;
showServerLogsOnFailure(() => server);

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function copyOfBase(name: string) {
  const file = path.join(TMP, `${name}-${process.pid}-${Date.now()}.db`);
  fs.copyFileSync(BASE_DB, file);
  return file;
}

describe('SQLite settings', () => {
  it('are checked and logged when the server starts (on PostgreSQL: which database it is)', () => {
    expect(server.logs()).toContain(
      onPostgres ? 'database: PostgreSQL' : 'database: SQLite journal_mode=wal synchronous=FULL foreign_keys=ON busy_timeout=5000',
    );
  });

  it('are what every connection of the app gets', async () => {
    const db = createDb(`file:${copyOfBase('settings')}`);
    try {
      expect(await sqliteSettings(db)).toEqual({ journalMode: 'wal', synchronous: 2, foreignKeys: 1, busyTimeout: 5000 });
    } finally {
      await db.destroy();
    }
  });

  it('a transaction holds the write lock from its start, even before it writes', async () => {
    const file = copyOfBase('immediate');
    const db = createDb(`file:${file}`);
    const other = new Database(file, { timeout: 0 });
    try {
      await db.transaction(async (trx) => {
        await trx('users').first('id'); // only a read so far
        expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/locked|busy/i);
      });
      // Once it has committed, the other connection gets the lock at once.
      other.exec('BEGIN IMMEDIATE');
      other.exec('ROLLBACK');
    } finally {
      other.close();
      await db.destroy();
    }
  });

  it('a nested transaction is a savepoint of the outer one, as before', async () => {
    const db = createDb(`file:${copyOfBase('nested')}`);
    try {
      await db.transaction(async (trx) => {
        await trx.transaction(async (inner) => {
          await inner('settings').insert({ key: 'sisempi', value: '1' });
        });
        await expect(
          trx.transaction(async (inner) => {
            await inner('settings').insert({ key: 'peruttu', value: '1' });
            throw new Error('peru');
          }),
        ).rejects.toThrow('peru');
      });
      expect(await db('settings').whereIn('key', ['sisempi', 'peruttu']).pluck('key')).toEqual(['sisempi']);
    } finally {
      await db.destroy();
    }
  });
});
