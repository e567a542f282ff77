import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TMP = path.join(ROOT, '.tmp');
/** A migrated database with the base data and the demo data, made once per run by global-setup.ts. */
export const BASE_DB = path.join(TMP, 'test-base.db');

/**
 * Where the test servers' copies of the app and of the database live: in memory (/dev/shm) where
 * the machine has it, else in .tmp. The app commits every write with SQLite's synchronous=FULL,
 * whose fsync took 2.2 ms of a blocked server a commit on this machine's disk and nothing in
 * memory; what the tests check of durability (a killed server loses no answered save) does not
 * depend on the disk, and the data is thrown away after the test (as PostgreSQL's test server runs
 * with fsync off). One folder per checkout.
 */
export const SCRATCH = (() => {
  const shm = '/dev/shm';
  try {
    fs.accessSync(shm, fs.constants.W_OK);
  } catch {
    return TMP;
  }
  return path.join(shm, `linssi-test-${crypto.createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`);
})();
