// npm run bench:report [-- --size 100000]
// The yearly numbers (issue 4, part 1) for one period over a database of SIZE assessments,
// against the same GROUP BY written by hand in raw SQL on the same database, in the same run.
// Prints medians and the ratio; the budget is < 200 ms at 100,000 assessments.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '../db/connection';
import { setupDatabase } from '../db/base-data';
import { yearlyNumbers } from '../app/models/report.server';

const { values } = parseArgs({ options: { size: { type: 'string', default: '100000' }, runs: { type: 'string', default: '7' } } });
const size = Number(values.size);
const runs = Number(values.runs);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linssi-bench-'));
const db = createDb(`file:${path.join(dir, 'bench.db')}`);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

try {
  await setupDatabase(db);
  const now = new Date().toISOString();
  const [user] = await db('users')
    .insert({ username: 'bench', display_name: 'Bench', password_hash: 'x', active: true, must_change_password: false, language: 'fi', created_at: now, updated_at: now })
    .returning('id');
  const userId = typeof user === 'object' ? Number(user.id) : Number(user);
  const bodies = (await db('bodies').pluck('id')) as number[];
  const departments = (await db('departments').pluck('id')) as number[];
  const version = await db('framework_versions').first('id');
  const principles = await db('principles as p').join('dimensions as d', 'd.id', 'p.dimension_id').where('p.version_id', version!.id).select('p.id', 'd.kind');
  const scored = principles.filter((p) => p.kind === 'scored').map((p) => p.id as number);
  const linked = principles.filter((p) => p.kind === 'linked').map((p) => p.id as number);
  const random = rng(42);
  const statuses = ['draft', 'submitted', 'returned', 'approved', 'decided', 'decided', 'decided'];
  const started = Date.now();
  // Ten evaluation periods: 2017-09-01 … 2027-08-31.
  const t0 = Date.parse('2017-09-01T00:00:00Z');
  const span = Date.parse('2027-08-31T00:00:00Z') - t0;
  const sqlite = (db.client as { acquireConnection: () => Promise<{ prepare: (sql: string) => { run: (...a: unknown[]) => { lastInsertRowid: number } }; transaction: (f: () => void) => () => void }> });
  const conn = await sqlite.acquireConnection();
  const insDecision = conn.prepare(
    'INSERT INTO decisions (title, case_number, body_id, department_id, meeting_date, description, confidential, author_id, created_at, updated_at, search_text) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insAssessment = conn.prepare(
    'INSERT INTO assessments (decision_id, framework_version_id, is_proposal, status, version, created_at, updated_at) VALUES (?,?,1,?,1,?,?)',
  );
  const insAnswer = conn.prepare('INSERT INTO assessment_answers (assessment_id, principle_id, answer_kind, score, rationale) VALUES (?,?,?,?,?)');
  const insProject = conn.prepare('INSERT INTO assessment_projects (assessment_id, principle_id) VALUES (?,?)');
  conn.transaction(() => {
    for (let i = 0; i < size; i++) {
      const date = new Date(t0 + Math.floor(random() * span)).toISOString().slice(0, 10);
      const d = insDecision.run(`Asia ${i}`, `B/${i}`, bodies[i % bodies.length], departments[i % departments.length], date, 'Kuvaus', i % 20 === 0 ? 1 : 0, userId, now, now, `asia ${i}`);
      const a = insAssessment.run(d.lastInsertRowid, version!.id, statuses[i % statuses.length], now, now);
      const routine = i % 10 === 0;
      for (const p of scored) {
        const r = random();
        if (routine || r < 0.15) insAnswer.run(a.lastInsertRowid, p, 'not_relevant', null, null);
        else if (r < 0.2) insAnswer.run(a.lastInsertRowid, p, 'knowledge_gap', null, 'Puuttuu');
        else insAnswer.run(a.lastInsertRowid, p, 'scored', Math.floor(random() * 5) - 2, 'Perustelu');
      }
      if (random() < 0.3) insProject.run(a.lastInsertRowid, linked[i % linked.length]);
    }
  })();
  await db.client.releaseConnection(conn);
  await db.raw('ANALYZE');
  await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  console.log(`generated ${size} assessments in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const period = { from: '2025-09-01', to: '2026-08-31', year: 2026 };
  const raw = `
    SELECT p.key, SUM(CASE WHEN aa.answer_kind = 'scored' THEN 1 ELSE 0 END) AS n,
           AVG(CASE WHEN aa.answer_kind = 'scored' THEN aa.score END) AS mean,
           SUM(CASE WHEN aa.answer_kind = 'scored' AND aa.score = -2 THEN 1 ELSE 0 END) AS m2,
           SUM(CASE WHEN aa.answer_kind = 'scored' AND aa.score = -1 THEN 1 ELSE 0 END) AS m1,
           SUM(CASE WHEN aa.answer_kind = 'scored' AND aa.score = 0 THEN 1 ELSE 0 END) AS z,
           SUM(CASE WHEN aa.answer_kind = 'scored' AND aa.score = 1 THEN 1 ELSE 0 END) AS p1,
           SUM(CASE WHEN aa.answer_kind = 'scored' AND aa.score = 2 THEN 1 ELSE 0 END) AS p2,
           SUM(CASE WHEN aa.answer_kind = 'not_relevant' THEN 1 ELSE 0 END) AS nr,
           SUM(CASE WHEN aa.answer_kind = 'knowledge_gap' THEN 1 ELSE 0 END) AS kg
      FROM assessments a JOIN decisions d ON d.id = a.decision_id
      JOIN assessment_answers aa ON aa.assessment_id = a.id JOIN principles p ON p.id = aa.principle_id
     WHERE a.is_proposal = 1 AND a.status IN ('approved','decided') AND d.meeting_date BETWEEN ? AND ?
     GROUP BY p.key`;
  const time = async (f: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      await f();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  };
  const app = await time(() => yearlyNumbers({ period }, db));
  const baseline = await time(() => db.raw(raw, [period.from, period.to]));
  const numbers = await yearlyNumbers({ period }, db);
  console.log(`period ${period.from}–${period.to}: ${numbers.assessments} counted assessments`);
  console.log(`| figure | median ms |\n|---|---|\n| yearly numbers (app) | ${app.toFixed(1)} |\n| raw GROUP BY (baseline) | ${baseline.toFixed(1)} |\n| ratio | ${(app / baseline).toFixed(2)} |`);
  console.log(app < 200 ? 'within the 200 ms budget' : 'OVER the 200 ms budget');
} finally {
  await db.destroy();
  if (process.env.KEEP_BENCH_DB) console.log(`kept ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}
