/**
 * A crash loses nothing that was acknowledged and leaves no half-written change.
 *
 * The real production server takes concurrent checklist saves and new drafts; it is killed with
 * SIGKILL while requests are in flight and restarted on the same database file, three times in a
 * row (each restart is the next round's server). After each crash: PRAGMA integrity_check is
 * 'ok', PRAGMA foreign_key_check is empty, every save answered 302 is in the database (its text
 * is in the history, and the current answer is that text or one sent after it), every new draft
 * answered 302 exists with its assessment, and each change was all-or-nothing: an assessment's
 * version moved exactly as many times as there are new history snapshots and audit rows for it.
 * The kill comes after a number of acknowledged saves, not after a time, so each round kills at
 * a different point without depending on the machine's speed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { type HasDatabase, onPostgres, sqliteViewOf } from '../support/test-db';
import { Client, checklistForm, checklistUrl, createDecision, draftFields, htmlOf, idFromLocation, organisation, showServerLogsOnFailure } from './helpers';

const WORKERS = 4;
/** After how many acknowledged requests each round's server is killed. */
const KILL_AFTER = [12, 35, 70];

const servers: TestServer[] = [];
let current: TestServer | undefined;
showServerLogsOnFailure(() => current);

afterAll(async () => {
  for (const s of servers.reverse()) {
    try {
      await s.stop();
    } catch {
      // already gone
    }
  }
  // stop() leaves a killed server's folder (and the shared database file in the first one) behind.
  for (const s of servers) {
    fs.rmSync(s.dir, { recursive: true, force: true });
    if (s.dbFile) fs.rmSync(path.dirname(s.dbFile), { recursive: true, force: true });
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, limitMs = 15_000) {
  const until = Date.now() + limitMs;
  while (alive(pid)) {
    if (Date.now() > until) throw new Error(`process ${pid} did not exit`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A read-only connection to the one database file all rounds share. */
function withDb<T>(target: HasDatabase, fn: (db: Database.Database) => T): T {
  const db = sqliteViewOf(target);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

interface Draft {
  id: number;
  assessmentId: number;
  /** Texts sent for this draft's pienuus rationale, in order. */
  sent: string[];
  /** Those of them answered 302. */
  acked: string[];
}

interface DbState {
  version: number;
  snapshots: number;
  audits: number;
}

function stateOf(db: Database.Database, draft: Draft): DbState {
  const version = Number((db.prepare('SELECT version FROM assessments WHERE id = ?').get(draft.assessmentId) as { version: number }).version);
  const snapshots = Number((db.prepare('SELECT COUNT(*) AS n FROM assessment_snapshots WHERE assessment_id = ?').get(draft.assessmentId) as { n: number }).n);
  const audits = Number(
    (
      db
        .prepare("SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'assessment' AND entity_id = ? AND action = 'assessment.save'")
        .get(draft.assessmentId) as { n: number }
    ).n,
  );
  return { version, snapshots, audits };
}

describe('a crash (SIGKILL) in the middle of saves', () => {
  it('loses no acknowledged save and leaves the database consistent, three times over', { timeout: 240_000 }, async () => {
    const first = await startServer();
    servers.push(first);
    current = first;
    // The one database every round shares (SQLite: the first server's file).
    const dbFile: HasDatabase = { databaseUrl: first.databaseUrl };

    // The drafts the workers save, one each (no version conflicts between workers).
    const setup = await new Client(first.url).login('valmistelija');
    const org = await organisation(setup);
    const drafts: Draft[] = [];
    for (let w = 0; w < WORKERS; w++) {
      const id = await createDecision(setup, draftFields(org, { title: `Kaatumistesti ${w}` }));
      const assessmentId = withDb(dbFile, (db) => (db.prepare('SELECT id FROM assessments WHERE decision_id = ?').get(id) as { id: number }).id);
      drafts.push({ id, assessmentId, sent: [], acked: [] });
    }
    const newTitles = { sent: [] as string[], acked: [] as string[] };
    const before = new Map(withDb(dbFile, (db) => drafts.map((d) => [d.id, stateOf(db, d)] as const)));

    let server = first;
    for (let round = 0; round < KILL_AFTER.length; round++) {
      const clients = await Promise.all(drafts.map(() => new Client(server.url).login('valmistelija')));
      const creator = await new Client(server.url).login('valmistelija');
      const versions = drafts.map((d) => withDb(dbFile, (db) => stateOf(db, d).version));
      let acks = 0;
      let killed = false;
      let reachedTarget!: () => void;
      const target = new Promise<void>((resolve) => (reachedTarget = resolve));
      const ack = () => {
        acks++;
        if (acks >= KILL_AFTER[round]!) reachedTarget();
      };
      const failures: string[] = [];

      const saver = async (w: number) => {
        const draft = drafts[w]!;
        for (let n = 1; !killed; n++) {
          const text = `Tallennus ${round}-${w}-${n}`;
          draft.sent.push(text);
          let res: Response;
          try {
            res = await clients[w]!.post(
              checklistUrl(draft.id),
              checklistForm(versions[w]!, 'save', {
                pienuus: { answer: '1', rationale: text },
              }),
            );
          } catch {
            return; // the server is gone
          }
          if (res.status !== 302) {
            if (!killed) failures.push(`save ${text}: ${res.status}`);
            return;
          }
          draft.acked.push(text);
          versions[w]!++;
          ack();
        }
      };
      const creating = async () => {
        for (let n = 1; !killed; n++) {
          const title = `Uusi kaatumisen aikana ${round}-${n}`;
          newTitles.sent.push(title);
          let res: Response;
          try {
            res = await creator.post('/decisions/new', draftFields(org, { title }));
          } catch {
            return;
          }
          if (res.status !== 302) {
            if (!killed) failures.push(`new draft ${title}: ${res.status}`);
            return;
          }
          idFromLocation(res);
          newTitles.acked.push(title);
        }
      };

      const running = Promise.all([...drafts.map((_, w) => saver(w)), creating()]);
      // If the loop stops early (an error answer), do not wait for a target it will never reach.
      await Promise.race([target, running]);
      expect(failures, 'every save before the kill is answered 302').toEqual([]);
      expect(acks, 'the loop reached the kill point').toBeGreaterThanOrEqual(KILL_AFTER[round]!);
      process.kill(server.pid, 'SIGKILL');
      await waitForExit(server.pid);
      killed = true;
      await running;
      expect(failures).toEqual([]);

      // Restart on the same database file.
      server = await startServer({ DATABASE_URL: dbFile.databaseUrl });
      servers.push(server);
      current = server;
      expect(server.logs()).toContain(onPostgres ? 'database: PostgreSQL' : 'database: SQLite journal_mode=wal synchronous=FULL');

      withDb(dbFile, (db) => {
        expect(db.pragma('integrity_check', { simple: true }), `round ${round}: integrity_check`).toBe('ok');
        expect(db.pragma('foreign_key_check'), `round ${round}: foreign_key_check`).toEqual([]);

        for (const draft of drafts) {
          const snapshots = (
            db.prepare('SELECT content FROM assessment_snapshots WHERE assessment_id = ? ORDER BY id').all(draft.assessmentId) as Array<{
              content: string;
            }>
          ).map((r) => r.content);
          // Every acknowledged save is in the history, in its own snapshot.
          for (const text of draft.acked) {
            expect(
              snapshots.filter((c) => c.includes(JSON.stringify(text))).length,
              `round ${round}: acknowledged save "${text}" in the history of decision ${draft.id}`,
            ).toBe(1);
          }
          // The current answer is the last acknowledged text, or one sent after it (committed, not yet answered).
          const stored = db
            .prepare(
              `SELECT aa.rationale FROM assessment_answers aa JOIN principles p ON p.id = aa.principle_id
                WHERE aa.assessment_id = ? AND p.key = 'pienuus'`,
            )
            .get(draft.assessmentId) as { rationale: string } | undefined;
          const lastAcked = draft.acked[draft.acked.length - 1];
          if (lastAcked !== undefined) {
            expect(stored, `round ${round}: decision ${draft.id} has its pienuus answer`).toBeDefined();
            const at = draft.sent.indexOf(stored!.rationale);
            expect(at, `round ${round}: stored "${stored!.rationale}" was sent`).toBeGreaterThanOrEqual(0);
            expect(at, `round ${round}: stored "${stored!.rationale}" is not older than the last acknowledged "${lastAcked}"`).toBeGreaterThanOrEqual(
              draft.sent.indexOf(lastAcked),
            );
          }
          // All-or-nothing: each version step has exactly one snapshot and one audit row.
          const was = before.get(draft.id)!;
          const now = stateOf(db, draft);
          const steps = now.version - was.version;
          expect(steps, `round ${round}: decision ${draft.id} moved a version for every acknowledged save`).toBeGreaterThanOrEqual(draft.acked.length);
          expect(steps, `round ${round}: decision ${draft.id} moved only for saves that were sent`).toBeLessThanOrEqual(draft.sent.length);
          expect(now.snapshots - was.snapshots, `round ${round}: decision ${draft.id} one snapshot per version`).toBe(steps);
          expect(now.audits - was.audits, `round ${round}: decision ${draft.id} one audit row per version`).toBe(steps);
        }

        // Every new draft answered 302 is there, once, with its assessment; any other is there whole or not at all.
        const rows = db
          .prepare(
            `SELECT d.title, COUNT(a.id) AS assessments,
                    (SELECT COUNT(*) FROM assessment_snapshots s WHERE s.assessment_id = MIN(a.id)) AS snapshots,
                    (SELECT COUNT(*) FROM audit_log l WHERE l.action = 'decision.create' AND l.entity_type = 'decision' AND l.entity_id = d.id) AS audits
               FROM decisions d LEFT JOIN assessments a ON a.decision_id = d.id
              WHERE d.title LIKE 'Uusi kaatumisen aikana %'
              GROUP BY d.id`,
          )
          .all() as Array<{
          title: string;
          assessments: number;
          snapshots: number;
          audits: number;
        }>;
        const titles = rows.map((r) => r.title);
        for (const title of newTitles.acked) {
          expect(
            titles.filter((t) => t === title),
            `round ${round}: acknowledged new draft "${title}"`,
          ).toHaveLength(1);
        }
        for (const row of rows) {
          expect(newTitles.sent, `round ${round}: "${row.title}" was sent`).toContain(row.title);
          expect({
            title: row.title,
            assessments: row.assessments,
            snapshots: row.snapshots,
            audits: row.audits,
          }).toEqual({
            title: row.title,
            assessments: 1,
            snapshots: 1,
            audits: 1,
          });
        }
      });

      // The restarted server works: the list and a checklist page load, and a save goes through.
      const check = await new Client(server.url).login('valmistelija');
      const list = await check.get('/decisions');
      expect(list.status, `round ${round}: /decisions after the restart`).toBe(200);
      const page = await check.get(checklistUrl(drafts[0]!.id));
      expect(page.status).toBe(200);
      const lastText = withDb(
        dbFile,
        (db) =>
          (
            db
              .prepare(
                `SELECT aa.rationale FROM assessment_answers aa JOIN principles p ON p.id = aa.principle_id
                WHERE aa.assessment_id = ? AND p.key = 'pienuus'`,
              )
              .get(drafts[0]!.assessmentId) as { rationale: string } | undefined
          )?.rationale,
      );
      if (lastText) expect(await htmlOf(page)).toContain(lastText);
    }

    // Finally a clean stop of the last server: the file is still sound.
    await server.stop().catch(() => undefined);
    withDb(dbFile, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });
  });
});
