/**
 * On SIGTERM the server stops taking requests, finishes those in flight,
 * closes the database and exits within 10 s.
 *
 * Requests that are surely in flight: checklist saves sent with `Expect: 100-continue`, whose
 * headers the server has read and acknowledged (100 Continue) and whose bodies are sent only
 * after SIGTERM. Each must still be answered 302 and stored. Alongside, a burst of twenty
 * ordinary saves and an Excel report, with SIGTERM as soon as the first of them is answered:
 * each gets either its whole answer (302, stored / a complete .xlsx) or, if the server had not
 * yet read it when it stopped listening, a connection error and nothing stored - never an
 * answer cut short, an error status, or a change made without an answer. A new connection after
 * SIGTERM is refused; the process exits within 10 s of the signal; and the database was
 * closed: its WAL file is gone (the last connection to close checkpoints and removes it) and
 * integrity_check is 'ok'.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { sqliteViewOf } from '../support/test-db';
import { Client, checklistForm, checklistUrl, createDecision, draftFields, organisation, showServerLogsOnFailure, versionOf } from './helpers';

const BURST = 20;
const HELD = 4;

let server: TestServer | undefined;
showServerLogsOnFailure(() => server);

afterAll(async () => {
  if (!server) return;
  try {
    await server.stop();
  } catch {
    // already gone
  }
  if (server.dbFile) fs.rmSync(path.dirname(server.dbFile), { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const errorText = (error: unknown) => String((error as { cause?: unknown })?.cause ?? error);

/** A GET on a connection of its own (no keep-alive pool): its status, or the connection error's code. */
function freshGet(url: string): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
  });
}

/**
 * A form POST on a connection of its own that sends its headers with `Expect: 100-continue` and
 * holds its body: `started` resolves when the server has read the headers (100 Continue),
 * send() sends the body, `answer` resolves with the status or the connection error.
 */
function heldPost(url: string, cookies: string, form: URLSearchParams) {
  const body = Buffer.from(form.toString());
  let onContinue!: () => void;
  const started = new Promise<void>((resolve) => (onContinue = resolve));
  let req!: http.ClientRequest;
  const answer = new Promise<{
    status?: number;
    location?: string;
    error?: string;
  }>((resolve) => {
    req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: {
        Cookie: cookies,
        Origin: new URL(url).origin,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(body.length),
        Expect: '100-continue',
      },
    });
    req.on('continue', onContinue);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.flushHeaders();
  });
  return { started, answer, send: () => req.end(body) };
}

/** The Cookie header the client sends (read from its private jar). */
function cookieHeader(client: Client): string {
  return [...(client as unknown as { cookies: Map<string, string> }).cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

describe('SIGTERM', () => {
  it('finishes the requests in flight, refuses new ones, closes the database and exits within 10 s', { timeout: 120_000 }, async () => {
    server = await startServer();
    const s = server;
    const official = await new Client(s.url).login('valmistelija');
    const admin = await new Client(s.url).login('paakayttaja');
    const org = await organisation(official);
    const ids: number[] = [];
    for (let i = 0; i < HELD + BURST; i++) ids.push(await createDecision(official, draftFields(org, { title: `Sammutustesti ${i}` })));
    const versions = ids.map((id) => versionOf(s, id));
    const textOf = (i: number) => `Sammutuksen aikana ${i}`;
    const formOf = (i: number) =>
      checklistForm(versions[i]!, 'save', {
        pienuus: { answer: '1', rationale: textOf(i) },
      });
    // Warm up the report (the first render loads its modules), so that the one in flight is an ordinary one.
    expect((await admin.get('/report.xlsx')).status).toBe(200);

    // Saves the server has started on: headers read, bodies still to come.
    const held = ids.slice(0, HELD).map((id, i) => heldPost(`${s.url}${checklistUrl(id)}`, cookieHeader(official), formOf(i)));
    await Promise.all(held.map((h) => h.started));

    let signalledAt = 0;
    const signal = () => {
      if (signalledAt) return;
      signalledAt = Date.now();
      process.kill(s.pid, 'SIGTERM');
    };
    const burst = ids.slice(HELD).map((id, j) =>
      official.post(checklistUrl(id), formOf(HELD + j)).then(
        async (res) => {
          signal();
          try {
            await res.arrayBuffer(); // the whole answer, not only its headers
            return `${res.status}`;
          } catch (error) {
            return `${res.status} cut short: ${errorText(error)}`;
          }
        },
        (error: unknown) => `no answer: ${errorText(error)}`,
      ),
    );
    const report = admin.get('/report.xlsx').then(
      async (res) => {
        try {
          const body = Buffer.from(await res.arrayBuffer());
          const whole =
            (res.headers.get('Content-Length') === null || body.length === Number(res.headers.get('Content-Length'))) &&
            body.subarray(0, 4).toString('hex') === '504b0304' && // a zip's first local file header…
            body.subarray(-22, -18).toString('hex') === '504b0506'; // …and its end-of-central-directory record
          return `${res.status}${whole ? '' : ' (not a whole .xlsx)'}`;
        } catch (error) {
          return `${res.status} cut short: ${errorText(error)}`;
        }
      },
      (error: unknown) => `no answer: ${errorText(error)}`,
    );

    // After the server has said it is closing, a new connection is not served.
    const waitUntil = Date.now() + 15_000;
    while (!s.logs().includes('SIGTERM: closing') && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 10));
    expect(signalledAt, 'SIGTERM was sent').toBeGreaterThan(0);
    expect(s.logs()).toContain('SIGTERM: closing');
    const late = await freshGet(`${s.url}/login`);
    expect(late.status, `a new connection after SIGTERM: ${JSON.stringify(late)}`).toBeUndefined();
    expect(late.error).toMatch(/ECONNREFUSED|ECONNRESET/);

    // Now the held saves send their bodies: the server must still finish them.
    for (const h of held) h.send();
    const heldAnswers = await Promise.all(held.map((h) => h.answer));
    const burstAnswers = await Promise.all(burst);
    const reportAnswer = await report;

    // The process ends within 10 s of the signal.
    while (alive(s.pid) && Date.now() - signalledAt < 20_000) await new Promise((r) => setTimeout(r, 20));
    const exitedAfter = Date.now() - signalledAt;
    expect(alive(s.pid), 'the server process has exited').toBe(false);
    expect(exitedAfter, 'exit within 10 s of SIGTERM').toBeLessThan(10_000);

    expect(
      heldAnswers.map((a, i) => `${i}: ${a.error ?? `${a.status} ${a.location?.split('?')[0]}`}`),
      'every save the server had started is answered 302 (back to the checklist)',
    ).toEqual(ids.slice(0, HELD).map((id, i) => `${i}: 302 ${checklistUrl(id)}`));
    expect(reportAnswer, 'the report is answered whole, or not at all').toMatch(/^(200|no answer: .*)$/);

    // The database was closed: the WAL was checkpointed into the file and removed (SQLite).
    const wal = `${s.dbFile}-wal`;
    if (s.dbFile) expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0, 'no WAL left behind (the database was closed)').toBe(0);
    // On PostgreSQL: a SQLite copy of its data, for the same checks (test/support/test-db.ts).
    const db = sqliteViewOf(s);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const stored = ids.map((id) => {
        const row = db
          .prepare(
            `SELECT a.version, aa.rationale FROM assessments a
               LEFT JOIN assessment_answers aa ON aa.assessment_id = a.id
                AND aa.principle_id = (SELECT id FROM principles WHERE key = 'pienuus' AND version_id = a.framework_version_id)
              WHERE a.decision_id = ?`,
          )
          .get(id) as { version: number; rationale: string | null };
        return row;
      });
      // The held saves are stored.
      for (let i = 0; i < HELD; i++)
        expect(stored[i], `held save ${i}`).toEqual({
          version: versions[i]! + 1,
          rationale: textOf(i),
        });
      // Each save of the burst: answered 302 and stored, or not answered at all and not stored.
      const outcome = burstAnswers.map((a, j) => {
        const i = HELD + j;
        const saved = stored[i]!.version === versions[i]! + 1 && stored[i]!.rationale === textOf(i);
        const untouched = stored[i]!.version === versions[i]!;
        if (a === '302') return saved ? 'ok' : `302 but not stored (${JSON.stringify(stored[i])})`;
        if (a.startsWith('no answer')) return untouched ? 'ok' : `${a}, yet stored (${JSON.stringify(stored[i])})`;
        return `${a} (${JSON.stringify(stored[i])})`;
      });
      expect(
        outcome.map((o, j) => `${HELD + j}: ${o}`),
        'every save in the burst is whole: answered and stored, or neither',
      ).toEqual(outcome.map((_, j) => `${HELD + j}: ok`));
      expect(burstAnswers.filter((a) => a === '302').length, 'the burst had answers before SIGTERM').toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
