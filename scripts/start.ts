// npm start: everything a first run needs, then the server.
//  1. migrate and load the base data (idempotent);
//  2. outside production, add the demo data to a database without users;
//  3. build the app when the build is missing or older than the source;
//  4. serve on PORT (default 3000).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../db/connection';
import { setupDatabase } from '../db/base-data';
import { loadDemoData } from '../db/demo-data';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.env.NODE_ENV === 'production';

const db = createDb();
try {
  await setupDatabase(db);
  if (!production) {
    const users = await db('users').count<{ n: number | string }[]>({ n: '*' }).first();
    if (Number(users?.n ?? 0) === 0) {
      await loadDemoData(db);
      console.log('Demo data added: the login page lists the demo accounts.');
    }
  }
} finally {
  await db.destroy();
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const buildFile = path.join(root, 'build', 'index.js');
const sources = Math.max(newestMtime(path.join(root, 'app')), newestMtime(path.join(root, 'db')), fs.statSync(path.join(root, 'package-lock.json')).mtimeMs);
if (!fs.existsSync(buildFile) || fs.statSync(buildFile).mtimeMs < sources) {
  console.log('Building the app…');
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'remix'), ['build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The server always runs the optimised build. Outside production (the quick start on
// http://localhost) cookies are not marked Secure unless asked for.
if (!production && process.env.SECURE_COOKIES === undefined) process.env.SECURE_COOKIES = 'false';
process.env.NODE_ENV = 'production';
process.env.HOST ??= '127.0.0.1';
await import('../server.js');
