import fs from 'node:fs';
import { createDb } from '../../db/connection';
import { setupDatabase } from '../../db/base-data';
import { loadDemoData } from '../../db/demo-data';
import { quickDemoHashes } from './quick-hashes';
import path from 'node:path';
import { createDatabase, dropDatabase } from '../../scripts/pg-server';
import { BASE_DB, ROOT, SCRATCH, TMP } from './paths';
import { PG_BASE_DATABASE, TEST_PG_URL } from './test-db';

/**
 * Once per run: check the app is built, and make the base database that every test server
 * starts from a copy of (migrations, base data and demo data take seconds; a copy takes none).
 * With TEST_DATABASE_URL (npm run test:pg) also a PostgreSQL base database, the template of
 * every test server's own database there; dropped at the end of the run.
 */
export default async function setup() {
  removeStaleScratch();
  await setupSqlite();
  if (!TEST_PG_URL) return;
  await dropDatabase(TEST_PG_URL, PG_BASE_DATABASE);
  const db = createDb(await createDatabase(TEST_PG_URL, PG_BASE_DATABASE));
  try {
    await setupDatabase(db);
    await loadDemoData(db, '2026-11-26');
    await quickDemoHashes(db);
    await db.raw('ANALYZE');
  } finally {
    await db.destroy();
  }
  return async () => {
    await dropDatabase(TEST_PG_URL!, PG_BASE_DATABASE);
  };
}

/**
 * The scratch folder is in memory: what a run that was killed left there (its servers' copies) is
 * removed by the next run, once it is six hours old (a run in progress beside this one keeps its own).
 */
function removeStaleScratch() {
  if (SCRATCH === TMP || !fs.existsSync(SCRATCH)) return;
  const limit = Date.now() - 6 * 3600_000;
  for (const entry of fs.readdirSync(SCRATCH)) {
    const file = path.join(SCRATCH, entry);
    if (fs.statSync(file).mtimeMs < limit) fs.rmSync(file, { recursive: true, force: true });
  }
}

async function setupSqlite() {
  if (!fs.existsSync(path.join(ROOT, 'build', 'index.js'))) {
    throw new Error('The app is not built: run `npm test` (it builds first) or `npm run build`.');
  }
  fs.mkdirSync(TMP, { recursive: true });
  const building = `${BASE_DB}.${process.pid}.tmp`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${building}${suffix}`, { force: true });
  const db = createDb(`file:${building}`);
  try {
    await setupDatabase(db);
    // A fixed "today", so that the demo data's dates do not move under the tests.
    await loadDemoData(db, '2026-11-26');
    await quickDemoHashes(db);
    await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    await db.destroy();
  }
  fs.renameSync(building, BASE_DB);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${building}${suffix}`, { force: true });
}
