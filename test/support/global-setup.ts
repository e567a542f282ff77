import fs from 'node:fs';
import { createDb } from '../../db/connection';
import { setupDatabase } from '../../db/base-data';
import { loadDemoData } from '../../db/demo-data';
import { BASE_DB, ROOT, TMP } from './paths';
import path from 'node:path';

/**
 * Once per run: check the app is built, and make the base database that every test server
 * starts from a copy of (migrations, base data and demo data take seconds; a copy takes none).
 */
export default async function setup() {
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
    await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    await db.destroy();
  }
  fs.renameSync(building, BASE_DB);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${building}${suffix}`, { force: true });
}
