/**
 * The yearly numbers (the JSON report) for one period, against the same figures written
 * by hand in raw SQL on the same database: per principle, per body and department, the routine
 * items and the strategy projects, each one GROUP BY. Both run through the same driver, in the
 * same process, alternately; the figures of both must agree, so the baseline also checks the app.
 */
import type { Knex } from 'knex';
import { yearlyNumbers } from '../app/models/report.server';

// The counted assessments: decisions of the period through the meeting-date index, then their
// assessments (CROSS JOIN fixes that order in SQLite; left to itself it reads every assessment).
const COUNTED = `a.decision_id = d.id AND a.is_proposal AND a.status IN ('approved', 'decided') AND d.meeting_date BETWEEN ? AND ?`;

export const RAW_SQL = {
  principles: `
    SELECT p.key,
           SUM(CASE WHEN aa.answer_kind = 'scored' THEN 1 ELSE 0 END) AS n,
           SUM(CASE WHEN aa.answer_kind = 'scored' THEN aa.score ELSE 0 END) AS total,
           SUM(CASE WHEN aa.answer_kind = 'scored' AND aa.score = -2 THEN 1 ELSE 0 END) AS m2,
           SUM(CASE WHEN aa.answer_kind = 'scored' AND aa.score = -1 THEN 1 ELSE 0 END) AS m1,
           SUM(CASE WHEN aa.answer_kind = 'scored' AND aa.score = 0 THEN 1 ELSE 0 END) AS z,
           SUM(CASE WHEN aa.answer_kind = 'scored' AND aa.score = 1 THEN 1 ELSE 0 END) AS p1,
           SUM(CASE WHEN aa.answer_kind = 'scored' AND aa.score = 2 THEN 1 ELSE 0 END) AS p2,
           SUM(CASE WHEN aa.answer_kind = 'not_relevant' THEN 1 ELSE 0 END) AS nr,
           SUM(CASE WHEN aa.answer_kind = 'knowledge_gap' THEN 1 ELSE 0 END) AS kg
      FROM decisions d CROSS JOIN assessments a
      JOIN assessment_answers aa ON aa.assessment_id = a.id JOIN principles p ON p.id = aa.principle_id
     WHERE ${COUNTED}
     GROUP BY p.key`,
  groups: `
    SELECT d.body_id, d.department_id, COUNT(*) AS n
      FROM decisions d CROSS JOIN assessments a
     WHERE ${COUNTED}
     GROUP BY d.body_id, d.department_id`,
  routine: `
    SELECT COUNT(*) AS n FROM (
      SELECT a.id FROM decisions d CROSS JOIN assessments a
        JOIN assessment_answers aa ON aa.assessment_id = a.id
       WHERE ${COUNTED}
       GROUP BY a.id
      HAVING SUM(CASE WHEN aa.answer_kind = 'not_relevant' THEN 0 ELSE 1 END) = 0) AS r`,
  projects: `
    SELECT p.key, COUNT(DISTINCT d.id) AS decisions
      FROM decisions d CROSS JOIN assessments a
      JOIN assessment_projects ap ON ap.assessment_id = a.id JOIN principles p ON p.id = ap.principle_id
     WHERE ${COUNTED}
     GROUP BY p.key`,
};

const rowsOf = (result: unknown): Array<Record<string, unknown>> =>
  Array.isArray(result) ? (result as Array<Record<string, unknown>>) : ((result as { rows: Array<Record<string, unknown>> }).rows ?? []);

/** The four hand-written passes; returns what the JSON report's figures must equal. */
export async function rawYearlyNumbers(db: Knex, period: { from: string; to: string }) {
  const b = [period.from, period.to];
  const principles = rowsOf(await db.raw(RAW_SQL.principles, b));
  const groups = rowsOf(await db.raw(RAW_SQL.groups, b));
  const routine = rowsOf(await db.raw(RAW_SQL.routine, b));
  const projects = rowsOf(await db.raw(RAW_SQL.projects, b));
  return {
    assessments: groups.reduce((s, g) => s + Number(g.n), 0),
    routine: Number(routine[0]?.n ?? 0),
    principles: Object.fromEntries(
      principles.map((r) => [String(r.key), { n: Number(r.n), total: Number(r.total), notRelevant: Number(r.nr), knowledgeGap: Number(r.kg) }]),
    ),
    projects: Object.fromEntries(projects.map((r) => [String(r.key), Number(r.decisions)])),
  };
}

export interface AggregationFigures {
  period: { from: string; to: string };
  /** Counted assessments in the period. */
  assessments: number;
  runs: number;
  appMs: number;
  rawMs: number;
  ratio: number;
  /** The app's figures equal the hand-written SQL's. */
  agree: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function measureAggregation(db: Knex, period: { from: string; to: string }, runs = 11): Promise<AggregationFigures> {
  const scope = { period: { ...period, year: null } };
  const app: number[] = [];
  const raw: number[] = [];
  // One warm-up each (the page cache), then alternately, so that both see the same machine.
  let numbers = await yearlyNumbers(scope, db);
  let expected = await rawYearlyNumbers(db, period);
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    numbers = await yearlyNumbers(scope, db);
    app.push(performance.now() - t);
    t = performance.now();
    expected = await rawYearlyNumbers(db, period);
    raw.push(performance.now() - t);
  }
  const agree =
    numbers.assessments === expected.assessments &&
    numbers.routine === expected.routine &&
    numbers.principles.every((p) => {
      const e = expected.principles[p.key] ?? { n: 0, total: 0, notRelevant: 0, knowledgeGap: 0 };
      return (
        p.n === e.n &&
        p.notRelevant === e.notRelevant &&
        p.knowledgeGap === e.knowledgeGap &&
        (p.mean === null ? e.n === 0 : Math.abs(p.mean * p.n - e.total) < 1e-6)
      );
    }) &&
    numbers.projects.every((p) => p.decisions === (expected.projects[p.key] ?? 0));
  const appMs = median(app);
  const rawMs = median(raw);
  return { period, assessments: numbers.assessments, runs, appMs, rawMs, ratio: appMs / rawMs, agree };
}
