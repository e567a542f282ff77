import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, location } from '../support/client';
import { type TestServer, startServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('smoke', () => {
  it('serves the Finnish login page', async () => {
    const res = await new Client(server.url).get('/login');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="fi"');
    expect(html).toContain('Kirjaudu sisään');
  });
  it('logs in the demo official and shows their drafts', async () => {
    const client = await new Client(server.url).login('valmistelija');
    const res = await client.get('/decisions');
    expect(res.status).toBe(200);
    expect(location(res)).toBeNull();
  });
});
