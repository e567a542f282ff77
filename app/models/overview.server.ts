import { principlesOfPeriod } from './report.server';
import type { Knex } from 'knex';
import { disclose } from '~/domain/disclosure';
import type { Period } from '~/domain/period';
import { db } from '~/utils/db.server';

export interface PrincipleStats {
  key: string;
  title: string;
  numeric: number;
  mean: number | null;
  /** Counts of −2, −1, 0, +1, +2. */
  distribution: [number, number, number, number, number];
  notRelevant: number;
  knowledgeGap: number;
}

export interface Finding {
  /** Null for a confidential assessment. */
  decisionId: number | null;
  title: string | null;
  confidential: boolean;
  meetingDate: string;
  principleTitle: string;
  score: number | null;
  text: string;
}

const COUNTED = ['approved', 'decided'];
const REVIEWED_OR_PENDING = ['submitted', 'returned', 'approved', 'decided'];

function scope(conn: Knex, period: Period, departments: number[] | null) {
  const q = conn('assessment_answers as aa')
    .join('assessments as a', 'a.id', 'aa.assessment_id')
    .join('decisions as d', 'd.id', 'a.decision_id')
    .join('principles as p', 'p.id', 'aa.principle_id')
    .where('a.is_proposal', true)
    .whereBetween('d.meeting_date', [period.from, period.to]);
  if (departments) q.whereIn('d.department_id', departments);
  return q;
}

/** Per principle (matched by key across strategy versions): counts, mean and distribution, computed in the database. */
export async function principleStats(period: Period, departments: number[] | null, conn: Knex = db()): Promise<PrincipleStats[]> {
  const sum = (condition: string) => conn.raw(`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`);
  const rows = await scope(conn, period, departments)
    .whereIn('a.status', COUNTED)
    .groupBy('p.key')
    .select('p.key')
    .select({
      numeric: sum("aa.answer_kind = 'scored'"),
      total: conn.raw("SUM(CASE WHEN aa.answer_kind = 'scored' THEN aa.score ELSE 0 END)"),
      m2: sum("aa.answer_kind = 'scored' AND aa.score = -2"),
      m1: sum("aa.answer_kind = 'scored' AND aa.score = -1"),
      z: sum("aa.answer_kind = 'scored' AND aa.score = 0"),
      p1: sum("aa.answer_kind = 'scored' AND aa.score = 1"),
      p2: sum("aa.answer_kind = 'scored' AND aa.score = 2"),
      not_relevant: sum("aa.answer_kind = 'not_relevant'"),
      knowledge_gap: sum("aa.answer_kind = 'knowledge_gap'"),
    });
  // The principles that existed in the period, matched by key, with the newest titles.
  const seen = new Map((await principlesOfPeriod(period, conn)).filter((p) => p.kind === 'scored').map((p) => [p.key, p.title]));
  const byKey = new Map(rows.map((r: Record<string, unknown>) => [String(r.key), r]));
  return [...seen.entries()].map(([key, title]) => {
    const r = byKey.get(key) ?? {};
    const n = (name: string) => Number((r as Record<string, unknown>)[name] ?? 0);
    const numeric = n('numeric');
    return {
      key,
      title,
      numeric,
      mean: numeric > 0 ? n('total') / numeric : null,
      distribution: [n('m2'), n('m1'), n('z'), n('p1'), n('p2')],
      notRelevant: n('not_relevant'),
      knowledgeGap: n('knowledge_gap'),
    };
  });
}

/** Negative answers with their mitigations, or knowledge gaps with what is missing. */
export async function findings(kind: 'negative' | 'knowledge_gap', period: Period, departments: number[] | null, conn: Knex = db()): Promise<Finding[]> {
  const q = scope(conn, period, departments).whereIn('a.status', REVIEWED_OR_PENDING);
  if (kind === 'negative') q.where('aa.answer_kind', 'scored').andWhere('aa.score', '<', 0);
  else q.where('aa.answer_kind', 'knowledge_gap');
  const rows = await q
    .orderBy([
      { column: 'd.meeting_date', order: 'desc' },
      { column: 'd.id', order: 'desc' },
    ])
    .limit(200)
    .select('d.id', 'd.title', 'd.confidential', 'd.meeting_date', 'p.title as principle_title', 'aa.score', 'aa.rationale', 'aa.mitigation');
  // Reports count a confidential assessment but never show its title or texts: disclose().
  return rows.map((r: Record<string, unknown>) => {
    const shown = disclose({ ...r, text: kind === 'negative' ? r.mitigation : r.rationale });
    return {
      decisionId: shown.decisionId,
      title: shown.title,
      confidential: shown.confidential,
      meetingDate: shown.meetingDate,
      principleTitle: String(r.principle_title),
      score: r.score === null ? null : Number(r.score),
      text: shown.text ?? '',
    };
  });
}

export interface PendingReview {
  decisionId: number;
  title: string;
  meetingDate: string;
  departmentName: string;
  overdue: boolean;
}

/** Submitted assessments waiting for review; overdue when their meeting is past. */
export async function pendingReviews(departments: number[] | null, today: string, conn: Knex = db()): Promise<PendingReview[]> {
  const q = conn('assessments as a')
    .join('decisions as d', 'd.id', 'a.decision_id')
    .join('departments as dep', 'dep.id', 'd.department_id')
    .where('a.status', 'submitted')
    .andWhere('a.is_proposal', true);
  if (departments) q.whereIn('d.department_id', departments);
  const rows = await q.orderBy('d.meeting_date', 'asc').limit(200).select('d.id', 'd.title', 'd.meeting_date', 'dep.name as department_name');
  return rows.map((r: Record<string, unknown>) => ({
    decisionId: Number(r.id),
    title: String(r.title),
    meetingDate: String(r.meeting_date),
    departmentName: String(r.department_name),
    overdue: String(r.meeting_date) < today,
  }));
}
