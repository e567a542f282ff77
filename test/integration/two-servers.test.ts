/**
 * Several stateless app servers on one database. Two production servers on two
 * ports share one database (PostgreSQL under `npm run test:pg`, one SQLite file under `npm test`);
 * one browser's requests reach either, as behind a load balancer. Sessions, login throttling,
 * locks and the edit-conflict check are in the database, so it makes no difference which one
 * answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { testDialect } from '../support/test-db';
import {
  Client,
  FI,
  answersOf,
  checklistForm,
  checklistUrl,
  count,
  createDecision,
  draftFields,
  htmlOf,
  location,
  organisation,
  showServerLogsOnFailure,
  textareaValue,
  versionOf,
  visibleText,
} from './helpers';

let a: TestServer;
let b: TestServer;
showServerLogsOnFailure(() => a);
showServerLogsOnFailure(() => b);

beforeAll(async () => {
  a = await startServer();
  b = await startServer({ DATABASE_URL: a.databaseUrl });
  console.log(`two app servers (${a.url}, ${b.url}) on one ${testDialect} database`);
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe(`two app servers on one ${testDialect} database`, () => {
  it('are two processes on two ports', () => {
    expect(a.pid).not.toBe(b.pid);
    expect(a.url).not.toBe(b.url);
    expect(b.databaseUrl).toBe(a.databaseUrl);
  });

  it('a login through one is a session on the other; a logout through the other ends it on both', async () => {
    const viaA = await new Client(a.url).login('valmistelija');
    const viaB = viaA.at(b.url);
    for (const client of [viaA, viaB]) {
      const res = await client.get('/decisions');
      expect(res.status, client.base).toBe(200);
      expect(visibleText(await htmlOf(res))).toContain('Veera Valmistelija');
    }
    expect((await viaB.post('/logout', {})).status).toBe(302);
    for (const client of [viaA.at(a.url), viaA.at(b.url)]) {
      const res = await client.get('/decisions');
      expect(res.status, client.base).toBe(302);
      expect(location(res)).toMatch(/^\/login/);
    }
  });

  it('a save through one is seen through the other at once', async () => {
    const viaA = await new Client(a.url).login('valmistelija');
    const viaB = viaA.at(b.url);
    const id = await createDecision(viaA, draftFields(await organisation(viaA), { title: 'Kahden palvelimen esitys' }));
    const text = 'Tallennettu palvelimen A kautta, luettu palvelimen B kautta.';
    const saved = await viaA.post(checklistUrl(id), checklistForm(1, 'save', { pienuus: { answer: '1', rationale: text } }));
    expect(saved.status).toBe(302);
    const page = await htmlOf(await viaB.get(checklistUrl(id)));
    expect(textareaValue(page, 'answers.pienuus.rationale')).toBe(text);
    expect(visibleText(await htmlOf(await viaB.get('/decisions')))).toContain('Kahden palvelimen esitys');
  });

  it('two saves from the same version through different servers: one 302, one 409, five times over', async () => {
    const official = await new Client(a.url).login('valmistelija');
    const other = await new Client(b.url).login('valmistelija');
    const id = await createDecision(official, draftFields(await organisation(official), { title: 'Kilpailevat tallennukset' }));
    for (let round = 0; round < 5; round++) {
      const version = versionOf(a, id);
      const texts = { a: `Kierros ${round}: palvelin A`, b: `Kierros ${round}: palvelin B` };
      const [resA, resB] = await Promise.all([
        official.post(checklistUrl(id), checklistForm(version, 'save', { pienuus: { answer: '1', rationale: texts.a } })),
        other.post(checklistUrl(id), checklistForm(version, 'save', { pienuus: { answer: '-1', rationale: texts.b, mitigation: 'Lievennys' } })),
      ]);
      expect([resA.status, resB.status].sort(), `round ${round}`).toEqual([302, 409]);
      const [winner, loser] = resA.status === 302 ? [texts.a, resB] : [texts.b, resA];
      expect(versionOf(a, id), `round ${round}: one version on`).toBe(version + 1);
      expect(answersOf(a, id).find((r) => r.key === 'pienuus')!.rationale, `round ${round}: the winner's text`).toBe(winner);
      expect(visibleText(await htmlOf(loser)), `round ${round}: the loser is told`).toContain(FI.conflict);
    }
  });

  it('login throttling counts the failures made through either server', async () => {
    const attempt = (base: string, password: string) => new Client(base).post('/login', { username: 'johtaja', password });
    for (let i = 1; i <= 10; i++) {
      expect((await attempt(i % 2 ? a.url : b.url, `väärä-${i}`)).status, `failure ${i}`).toBe(401);
    }
    expect(count(a, 'login_failures', "username = 'johtaja'")).toBe(10);
    // The eleventh, even with the right password, is refused by both.
    for (const base of [a.url, b.url]) expect((await attempt(base, 'johtaja-demo')).status, base).toBe(429);
  });
});
