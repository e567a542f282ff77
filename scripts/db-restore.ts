// npm run db:restore -- FILE
// Restores a backup made by db:backup into the SQLite database that DATABASE_URL names: the backup
// is checked first, copied with SQLite's backup API, and the result checked again. Stop the app
// before restoring and start it afterwards.
import { checkDatabaseFile, restoreDatabase } from '../db/backup';
import { DEFAULT_DATABASE_URL, dialectOf, sqliteFilename } from '../db/connection';

const backup = process.argv[2];
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
if (!backup) {
  console.error('db:restore: give the backup file, e.g. npm run db:restore -- backups/linssi-2026-11-26.db');
  process.exit(2);
}
if (dialectOf(url) === 'postgres') {
  console.error('db:restore: DATABASE_URL is PostgreSQL; restore it with pg_restore.');
  process.exit(2);
}
const target = sqliteFilename(url);
try {
  checkDatabaseFile(backup);
  const checked = await restoreDatabase(backup, target);
  const rows = Object.entries(checked.tables)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  console.log(`db:restore: ${backup} → ${target}: integrity ok, foreign keys ok; ${rows}`);
} catch (error) {
  console.error(`db:restore: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
