/**
 * Every command runs on the database DATABASE_URL names, on either dialect
 * (PostgreSQL under `npm run test:pg`, SQLite under `npm test`), starting from an empty database:
 * the migrations and base data (db:setup, twice), the demo data (db:demo), the production server,
 * a user from the command line, the import, the report command, and the backup advice.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, TMP } from '../support/paths';
import { type TestServer, startServer } from '../support/server';
import { type TestDatabase, emptyDatabase, onPostgres, openTestDb, tableNames, testDialect } from '../support/test-db';
import { Client, htmlOf, showServerLogsOnFailure, visibleText } from './helpers';

let database: TestDatabase;
let server: TestServer | undefined;
showServerLogsOnFailure(() => server);

beforeAll(() => {
  database = emptyDatabase(`commands_${process.pid}`);
});
afterAll(async () => {
  await server?.stop();
  database?.drop();
});

const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
function run(script: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(tsx, [script, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: database.databaseUrl, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

function counts(): Record<string, number> {
  const db = openTestDb(database.databaseUrl);
  try {
    return Object.fromEntries(tableNames(db).map((t) => [t, Number(db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${t}"`)!.n)]));
  } finally {
    db.close();
  }
}

describe(`the commands on an empty ${testDialect} database`, () => {
  it('db:setup migrates and loads the base data; a second run changes nothing', () => {
    const first = run('db/setup.ts');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Database is up to date and the base data is loaded.');
    const after = counts();
    expect(after.knex_migrations).toBe(fs.readdirSync(path.join(ROOT, 'db', 'migrations')).filter((f) => /^\d{3}_.*\.ts$/.test(f)).length);
    expect(after.framework_versions).toBe(1);
    expect(after.principles).toBeGreaterThan(0);
    expect(after.bodies).toBeGreaterThan(0);
    expect(after.users).toBe(0);
    const second = run('db/setup.ts');
    expect(second.status, second.stderr).toBe(0);
    expect(counts()).toEqual(after);
  });

  it("user:create refuses what the admin's form refuses, and creates nothing", () => {
    const before = counts();
    const refused = (args: string[], message: string) => {
      const res = run('scripts/user-create.ts', '--username', 'kokeilu', '--name', 'Kokeilu', '--role', 'official', ...args);
      expect(res.stderr, args.join(' ')).toContain(message);
      expect(res.status, args.join(' ')).toBe(2);
    };
    // The password rule of /password and the login (12–128 characters).
    refused(['--password', 'x'.repeat(129)], 'at most 128 characters');
    // The form's limits: a display name of at most 200 characters, an e-mail address that is one.
    refused(['--name', 'N'.repeat(201)], '--name');
    refused(['--email', 'ei-sähköposti'], '--email');
    // A department no longer in use is not offered by the form, nor taken here.
    const db = openTestDb(database.databaseUrl);
    const department = db.get<{ name: string }>('SELECT name FROM departments ORDER BY id LIMIT 1')!.name;
    db.run('UPDATE departments SET active = ? WHERE name = ?', false, department);
    try {
      // (--leads looks names up the same way.)
      refused(['--department', department], `unknown department ${department}`);
    } finally {
      db.run('UPDATE departments SET active = ? WHERE name = ?', true, department);
      db.close();
    }
    expect(counts()).toEqual(before);
  });

  it('user:create makes an admin, and db:demo adds the demo data once', () => {
    const created = run('scripts/user-create.ts', '--username', 'anna.admin', '--name', 'Anna Admin', '--role', 'admin', '--password', 'anna-admin-salasana');
    expect(created.status, created.stderr).toBe(0);
    const demo = run('db/demo.ts');
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('Demo data added.');
    const withDemo = counts();
    expect(withDemo.users).toBeGreaterThan(5);
    expect(withDemo.decisions).toBeGreaterThan(10);
    const again = run('db/demo.ts');
    expect(again.stdout).toContain('Demo data was already there; nothing added.');
    expect(counts()).toEqual(withDemo);
  });

  it('the production server runs on it: the admin and a demo official log in', async () => {
    server = await startServer({ DATABASE_URL: database.databaseUrl });
    expect(server.logs()).toContain(onPostgres ? 'database: PostgreSQL' : 'database: SQLite journal_mode=wal');
    const admin = await new Client(server.url).login('anna.admin', 'anna-admin-salasana');
    expect((await admin.get('/admin/users')).status).toBe(200);
    const official = await new Client(server.url).login('valmistelija');
    const list = await official.get('/decisions');
    expect(list.status).toBe(200);
    expect(visibleText(await htmlOf(list))).toContain('Veera Valmistelija');
  });

  it('the import and the report command read and write it', () => {
    const before = counts().decisions!;
    const imported = run('scripts/import.ts', path.join(ROOT, 'db', 'data', 'import-example.csv'), '--user', 'anna.admin');
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toBe('Created 7, updated 0 decisions.\n');
    expect(counts().decisions).toBe(before + 7);
    const report = run('scripts/report.ts', '--from', '2018-09-01', '--to', '2019-12-31', '--format', 'json');
    expect(report.status, report.stderr).toBe(0);
    const json = JSON.parse(report.stdout) as { assessments: number };
    // The example file's seven decisions were decided from 2.10.2018 to 16.9.2019
    // (db/data/import-example.csv); the demo data lies in the last two periods.
    const db = openTestDb(database.databaseUrl);
    try {
      const counted = db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM decisions d JOIN assessments a ON a.decision_id = d.id
          WHERE a.is_proposal AND a.status IN ('approved', 'decided') AND d.meeting_date BETWEEN '2018-09-01' AND '2019-12-31'`,
      )!.n;
      expect(counted).toBe(7);
      expect(json.assessments).toBe(counted);
    } finally {
      db.close();
    }
  });

  it(onPostgres ? 'db:backup refuses and points to pg_dump' : 'db:backup writes a checked copy', () => {
    const file = path.join(TMP, `commands-backup-${process.pid}.db`);
    try {
      const backup = run('scripts/db-backup.ts', file);
      if (onPostgres) {
        expect(backup.status).toBe(2);
        expect(backup.stderr).toContain('back it up with pg_dump');
        expect(fs.existsSync(file)).toBe(false);
      } else {
        expect(backup.status, backup.stderr).toBe(0);
        expect(backup.stdout).toContain('integrity ok, foreign keys ok');
      }
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
