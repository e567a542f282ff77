/**
 * An unexpected error shows a generic page with a reference id; the details are
 * only in the server log, under that id. The fault is made by renaming a table under the running
 * server, so that a loader's query fails as a real one would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { onPostgres, openTestDb } from '../support/test-db';
import { Client, htmlOf, showServerLogsOnFailure, visibleText } from './helpers';

let server: TestServer;
showServerLogsOnFailure(() => server);

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function withoutTable<T>(table: string, run: () => Promise<T>): Promise<T> {
  const db = openTestDb(server);
  db.exec(`ALTER TABLE ${table} RENAME TO ${table}_hidden`);
  return run().finally(() => {
    db.exec(`ALTER TABLE ${table}_hidden RENAME TO ${table}`);
    db.close();
  });
}

describe('an unexpected error', () => {
  it('shows a generic page with the request’s reference id; the details are in the server log only', async () => {
    const official = await new Client(server.url).login('valmistelija');
    const res = await withoutTable('bodies', () => official.get('/decisions/new'));
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    const html = await htmlOf(res);
    const text = visibleText(html);
    expect(text).toContain('Tapahtui virhe');
    expect(text).toContain(`Virheen tunniste: ${id}.`);
    expect(html).not.toMatch(/no such table|does not exist|bodies|SqliteError|at .*\.js:\d+/);
    // The log has the details under the same id.
    const logs = server.logs();
    const entry = logs.slice(logs.indexOf(`[error ${id}]`));
    expect(logs).toContain(`[error ${id}] GET /decisions/new`);
    // The database's own words for the missing table.
    expect(entry).toContain(onPostgres ? 'relation "bodies" does not exist' : 'no such table: bodies');
    // And the page works again once the fault is gone.
    expect((await official.get('/decisions/new')).status).toBe(200);
  });

  it('is in English for a user who chose English, and each request has its own id', async () => {
    const client = await new Client(server.url).login('esimies');
    await client.post('/language', { language: 'en', redirectTo: '/' });
    const [a, b] = await withoutTable('bodies', async () => [await client.get('/archive'), await client.get('/archive')]);
    expect(a!.status).toBe(500);
    expect(a!.headers.get('x-request-id')).not.toBe(b!.headers.get('x-request-id'));
    const text = visibleText(await htmlOf(b!));
    expect(text).toContain(`Error reference: ${b!.headers.get('x-request-id')}.`);
    await client.post('/language', { language: 'fi', redirectTo: '/' });
  });

  it('a page that is not found says so, without a reference id', async () => {
    const official = await new Client(server.url).login('valmistelija');
    const res = await official.get('/decisions/999999');
    expect(res.status).toBe(404);
    expect(await htmlOf(res)).not.toContain('error-reference');
  });
});
