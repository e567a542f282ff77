// npm run db:backup -- FILE
// A consistent copy of the SQLite database that DATABASE_URL names, made with SQLite's online
// backup API while the app runs, then checked (integrity, foreign keys) before it is kept.
// For PostgreSQL use pg_dump. Schedule it with cron, e.g.:
//   15 2 * * *  cd /srv/linssi && DATABASE_URL=file:/srv/linssi/data/linssi.db npm run db:backup -- /backup/linssi-$(date +\%F).db
import path from 'node:path';
import { backupDatabase } from '../db/backup';
import { DEFAULT_DATABASE_URL, dialectOf, sqliteFilename } from '../db/connection';

const target = process.argv[2];
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
if (!target) {
  console.error('db:backup: give the file to write, e.g. npm run db:backup -- backups/linssi-2026-11-26.db');
  process.exit(2);
}
if (dialectOf(url) === 'postgres') {
  console.error('db:backup: DATABASE_URL is PostgreSQL; back it up with pg_dump.');
  process.exit(2);
}
const source = sqliteFilename(url);
try {
  const checked = await backupDatabase(source, path.resolve(target));
  const rows = Object.entries(checked.tables)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  console.log(`db:backup: ${source} → ${target}: integrity ok, foreign keys ok; ${rows}`);
} catch (error) {
  console.error(`db:backup: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
