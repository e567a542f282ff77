/**
 * The report page is computed once and reused until the data changes
 * (app/utils/cache.server.ts, db/migrations/013_scale.ts). A change must show at once, through
 * the app server that made it and through another one on the same database; a write to any table
 * the report reads raises data_generation, a write elsewhere does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { openTestDb } from '../support/test-db';
import { Client, draftFields, draftIn, htmlOf, organisation, showServerLogsOnFailure, visibleText } from './helpers';

let a: TestServer;
let b: TestServer;
showServerLogsOnFailure(() => a);

beforeAll(async () => {
  a = await startServer();
  // The second app server on the first one's database file.
  b = await startServer({ DATABASE_URL: a.databaseUrl });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

const generation = () => {
  const db = openTestDb(a, { readonly: true });
  try {
    return Number(db.get<{ n: number }>('SELECT n FROM data_generation WHERE id = 1')!.n);
  } finally {
    db.close();
  }
};

const write = (sql: string) => {
  const db = openTestDb(a);
  try {
    db.run(sql);
  } finally {
    db.close();
  }
};

describe('data_generation', () => {
  const watched = [
    'decisions',
    'assessments',
    'assessment_answers',
    'assessment_projects',
    'bodies',
    'departments',
    'framework_versions',
    'dimensions',
    'principles',
  ];
  it.each(watched)('is raised by a write to %s', (table) => {
    const before = generation();
    // One row: SQLite's triggers fire per row, PostgreSQL's once per transaction.
    const key = table === 'assessment_answers' || table === 'assessment_projects' ? ['assessment_id', 'principle_id'] : ['id'];
    const columns = key.join(', ');
    write(`UPDATE ${table} SET ${key[0]} = ${key[0]} WHERE (${columns}) = (SELECT ${columns} FROM ${table} ORDER BY ${columns} LIMIT 1)`);
    expect(generation()).toBe(before + 1);
  });

  it('is raised by inserts and deletes, and not by writes to tables the report does not read', () => {
    let before = generation();
    write("INSERT INTO bodies (name, sort_order, active) VALUES ('Välimuistin testijaosto', 99, TRUE)");
    expect(generation()).toBe(before + 1);
    before = generation();
    write("DELETE FROM bodies WHERE name = 'Välimuistin testijaosto'");
    expect(generation()).toBe(before + 1);
    before = generation();
    write("UPDATE settings SET value = value WHERE key = 'municipality_name'");
    write("INSERT INTO login_failures (username, address, at) VALUES ('x', '127.0.0.1', '2026-01-01T00:00:00.000Z')");
    expect(generation()).toBe(before);
  });
});

describe('the report page', () => {
  it('shows a newly approved assessment at once, through either app server, and keeps showing it', async () => {
    const group = { a: await new Client(a.url).login('elinvoima'), b: await new Client(b.url).login('elinvoima') };
    const official = { a: await new Client(a.url).login('valmistelija'), b: await new Client(b.url).login('valmistelija') };
    const manager = { a: await new Client(a.url).login('esimies'), b: await new Client(b.url).login('esimies') };
    const report = async (client: Client) => visibleText(await htmlOf(await client.get('/report?from=1.9.2026&to=31.8.2027')));
    const org = await organisation(official.a);
    const first = 'Välimuistin ensimmäinen testiesitys';
    const second = 'Välimuistin toinen testiesitys';
    // Both servers have computed (and kept) the page before the change.
    for (const client of [group.a, group.b]) {
      const text = await report(client);
      expect(text).not.toContain(first);
      expect(text).not.toContain(second);
    }
    // Approved through server A; the default answers weaken one principle, so it is listed there (newest first).
    await draftIn(a, 'approved', official.a, manager.a, draftFields(org, { title: first, meetingDate: '31.8.2027' }));
    expect(await report(group.a)).toContain(first);
    expect(await report(group.b)).toContain(first);
    // And the other way round (the first argument names the database file the helper reads: A's, which B uses).
    await draftIn(a, 'approved', official.b, manager.b, draftFields(org, { title: second, meetingDate: '30.8.2027' }));
    for (const client of [group.a, group.b, group.a, group.b]) {
      const text = await report(client);
      expect(text).toContain(first);
      expect(text).toContain(second);
    }
  });
});
