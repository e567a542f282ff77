/**
 * 50 concurrent connections save assessments for 30 s (autocannon, on loopback):
 * no 5xx, no failed or timed-out request, and the rows in the database equal the successful
 * responses. Each request creates a draft decision with its assessment (one transaction: the
 * decision, the assessment, its history snapshot and the audit row) under a title of its own, so
 * each answered 302 is matched to its row. When the 30 s end, autocannon stops listening to the
 * requests still in flight (at most one per connection): those may have been saved too, and are
 * the only rows allowed beyond the acknowledged ones.
 *
 * LOAD_SECONDS sets the duration: 30 s by default, 10 s in CI (CI=true, as .ci/run sets it), where
 * the file runs on both dialects beside other files; the assertions are the same at any length
 * (the throughput floor scales with it). The duration is in the test's name and its printed line.
 */
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { Client, cookieOf, count, dbAll, draftFields, organisation, showServerLogsOnFailure } from './helpers';

let server: TestServer;
showServerLogsOnFailure(() => server);
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';
const SECONDS = Number(process.env.LOAD_SECONDS || (inCi ? 10 : 30));

beforeAll(async () => {
  console.log(`load: ${SECONDS} s of load (LOAD_SECONDS=${process.env.LOAD_SECONDS ?? ''}, CI=${process.env.CI ?? ''})`);
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('under load', () => {
  it(
    `50 connections creating assessments for ${SECONDS} s: no 5xx, and one row per successful response`,
    async () => {
      const official = await new Client(server.url).login('valmistelija');
      const org = await organisation(official);
      const fields = draftFields(org, { title: 'x', meetingDate: '17.12.2026' });
      // A few saves first, outside the count and the clock: a cold server's first answers (code
      // loaded, caches filled, the database's first connections) are not what the window measures.
      for (let i = 0; i < 5; i++) expect((await official.post('/decisions/new', { ...fields, title: `Lämmittely ${i + 1}` })).status).toBe(302);
      const before = {
        decisions: count(server, 'decisions'),
        assessments: count(server, 'assessments'),
        snapshots: count(server, 'assessment_snapshots'),
        audit: count(server, 'audit_log', "action = 'decision.create'"),
      };
      let next = 0;
      const sent = new Set<string>();
      const acknowledged = new Set<string>();
      const result = await autocannon({
        url: server.url,
        connections: 50,
        duration: SECONDS,
        timeout: 60,
        headers: {
          cookie: `linssi_session=${cookieOf(official, 'linssi_session')}`,
          'content-type': 'application/x-www-form-urlencoded',
          origin: server.url,
        },
        requests: [
          {
            method: 'POST',
            path: '/decisions/new',
            setupRequest: (request, context) => {
              const title = `Kuormitustesti ${++next}`;
              (context as { title?: string }).title = title;
              sent.add(title);
              return { ...request, body: new URLSearchParams({ ...fields, title }).toString() };
            },
            onResponse: (status, _body, context) => {
              if (status === 302) acknowledged.add(String((context as { title?: string }).title));
            },
          },
        ],
      });
      const created = result['3xx'];
      console.log(
        `load: ${result.requests.total} requests in ${SECONDS} s, ${created} created, mean ${result.latency.average} ms, p99 ${result.latency.p99} ms; 4xx ${result['4xx']}, 5xx ${result['5xx']}, errors ${result.errors}, timeouts ${result.timeouts}`,
      );
      expect(result['5xx']).toBe(0);
      expect(result['4xx']).toBe(0);
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(created).toBe(acknowledged.size);
      expect(created).toBeGreaterThan(SECONDS * 5);
      // The requests still in flight finish on the server after autocannon has stopped listening:
      // the counts are read once nothing has changed for a second.
      for (let last = -1, now = count(server, 'audit_log'); now !== last;) {
        await new Promise((r) => setTimeout(r, 1000));
        [last, now] = [now, count(server, 'audit_log')];
      }
      // Every acknowledged save is there, once; anything more is a request that was in flight at the end.
      const stored = dbAll<{ title: string }>(server, "SELECT title FROM decisions WHERE title LIKE 'Kuormitustesti %'").map((r) => r.title);
      expect(new Set(stored).size).toBe(stored.length);
      const missing = [...acknowledged].filter((t) => !stored.includes(t));
      expect(missing).toEqual([]);
      const extra = stored.filter((t) => !acknowledged.has(t));
      expect(extra.length).toBeLessThanOrEqual(50);
      for (const t of extra) expect(sent.has(t)).toBe(true);
      const rows = stored.length;
      expect(count(server, 'decisions') - before.decisions).toBe(rows);
      expect(count(server, 'assessments') - before.assessments).toBe(rows);
      expect(count(server, 'assessment_snapshots') - before.snapshots).toBe(rows);
      expect(count(server, 'audit_log', "action = 'decision.create'") - before.audit).toBe(rows);
    },
    (SECONDS + 60) * 1000,
  );
});
