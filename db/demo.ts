// npm run db:demo: add the demo data (after db:setup's migrations and base data).
import { createDb } from './connection';
import { setupDatabase } from './base-data';
import { loadDemoData } from './demo-data';

const db = createDb();
try {
  await setupDatabase(db);
  const added = await loadDemoData(db);
  console.log(added ? 'Demo data added.' : 'Demo data was already there; nothing added.');
} finally {
  await db.destroy();
}
