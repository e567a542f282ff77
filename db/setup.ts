// npm run db:setup: migrate the database that DATABASE_URL names and load the base data.
import { createDb } from './connection';
import { setupDatabase } from './base-data';

const db = createDb();
try {
  await setupDatabase(db);
  console.log('Database is up to date and the base data is loaded.');
} finally {
  await db.destroy();
}
