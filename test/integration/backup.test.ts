/**
 * `npm run db:backup -- FILE` makes a consistent, checked copy while the app runs
 * and saves come in; `npm run db:restore -- FILE` puts it back. Both are run here as the commands
 * they are, under load, and the data are compared table by table.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_DB, ROOT, TMP } from '../support/paths';
import { type TestServer, startServer } from '../support/server';
import { Client, checklistForm, checklistUrl, completeAnswers, createDecision, draftFields, organisation, showServerLogsOnFailure } from './helpers';

let server: TestServer;
showServerLogsOnFailure(() => server);
const dir = path.join(TMP, `backup-${process.pid}-${Date.now()}`);

/** The live database: a file of this test's own, so that stopping a server leaves it in place. */
const liveDb = path.join(dir, 'linssi.db');

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(BASE_DB, liveDb);
  server = await startServer({ DATABASE_URL: `file:${liveDb}` });
});
afterAll(async () => {
  await server?.stop();
});

function run(script: string, file: string, databaseFile: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', script), file], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${databaseFile}` },
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** Every table's rows, in rowid order, to compare two database files. */
function contents(file: string, except: string[] = []): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.filter((t) => !except.includes(t)).map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

describe('backup and restore', () => {
  const backup = () => path.join(dir, 'linssi-backup.db');

  it('backs up while saves come in: the copy is checked and is the database as it was at one moment', async () => {
    const official = await new Client(server.url).login('valmistelija');
    const org = await organisation(official);
    const ids = await Promise.all([1, 2, 3, 4].map((n) => createDecision(official, draftFields(org, { title: `Varmuuskopion kuorma ${n}` }))));
    let saving = true;
    let saved = 0;
    const reader = new Database(liveDb, { readonly: true });
    const versionOf = reader.prepare('SELECT version FROM assessments WHERE decision_id = ?').pluck();
    const load = Promise.all(
      ids.map(async (id) => {
        for (let n = 0; saving; n++) {
          const version = Number(versionOf.get(id));
          const answers = completeAnswers(['1', '1', '1', '1', '1', '1', '1']);
          answers.pienuus!.rationale = `Kuorma ${id}-${n}`;
          const res = await official.post(checklistUrl(id), checklistForm(version, 'save', answers));
          if (res.status === 302) saved++;
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
    const result = await run('db-backup.ts', backup(), liveDb);
    await new Promise((r) => setTimeout(r, 500));
    saving = false;
    await load;
    reader.close();
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('integrity ok, foreign keys ok');
    expect(saved).toBeGreaterThan(4);
    expect(fs.existsSync(`${backup()}.partial`)).toBe(false);
    // One self-contained file: nothing else left beside it (no -wal/-shm of the copy or its check).
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('linssi-backup'))).toEqual(['linssi-backup.db']);

    // One moment: the audit log is append-only, so the copy's rows are exactly the live log's first rows.
    const copy = contents(backup());
    const live = contents(liveDb);
    const copied = copy.audit_log as Array<{ id: number }>;
    expect(copied.length).toBeGreaterThan(0);
    expect(live.audit_log!.slice(0, copied.length)).toEqual(copied);
    expect(live.audit_log!.length).toBeGreaterThan(copied.length); // saves went on after it
    // Every assessment in the copy has the history snapshot of its version (no half-written change).
    const db = new Database(backup(), { readonly: true });
    const missing = db
      .prepare(
        `SELECT a.id FROM assessments a WHERE a.decision_id IN (${ids.join(',')})
            AND NOT EXISTS (SELECT 1 FROM assessment_snapshots s WHERE s.assessment_id = a.id AND s.version = a.version)`,
      )
      .all();
    db.close();
    expect(missing).toEqual([]);
  }, 60_000);

  it('restores the backup over the database: every table is as in the backup, and the app runs on it', async () => {
    await server.stop();
    const result = await run('db-restore.ts', backup(), liveDb);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('integrity ok, foreign keys ok');
    expect(
      fs.readdirSync(dir).filter((f) => f.startsWith('linssi-backup')),
      'the restore leaves nothing beside the backup',
    ).toEqual(['linssi-backup.db']);
    expect(contents(liveDb)).toEqual(contents(backup()));
    server = await startServer({ DATABASE_URL: `file:${liveDb}` });
    const official = await new Client(server.url).login('valmistelija');
    expect((await official.get('/decisions')).status).toBe(200);
  }, 60_000);

  it('refuses a file that is not a sound database, and leaves the database as it was', async () => {
    const bad = path.join(dir, 'rikki.db');
    fs.writeFileSync(bad, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 7)]));
    const before = contents(liveDb, ['sessions']);
    const result = await run('db-restore.ts', bad, liveDb);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/db:restore: .*(malformed|not a database|integrity|file is not)/i);
    expect(contents(liveDb, ['sessions'])).toEqual(before);
    const none = await run('db-backup.ts', '', liveDb);
    expect(none.code).toBe(2);
  });
});
