import type { Knex } from 'knex';
import type { Period } from '~/domain/period';
import { db } from '~/utils/db.server';

/** Assessments counted in the yearly numbers: reviewed ones (PRODUCT.md, issue 4). */
export const COUNTED_STATUSES = ['approved', 'decided'] as const;

export interface Distribution {
  '-2': number;
  '-1': number;
  '0': number;
  '1': number;
  '2': number;
}

export interface PrincipleNumbers {
  key: string;
  title: string;
  dimension: string;
  n: number;
  mean: number | null;
  distribution: Distribution;
  notRelevant: number;
  knowledgeGap: number;
}

/** The yearly numbers in the shape of `npm run report -- --format json` (issue 4). */
export interface YearlyNumbers {
  from: string;
  to: string;
  assessments: number;
  routine: number;
  principles: PrincipleNumbers[];
  bodies: Array<{ name: string; assessments: number }>;
  departments: Array<{ name: string; assessments: number }>;
  projects: Array<{ key: string; decisions: number }>;
}

export interface ReportScope {
  period: Period;
  departmentIds?: number[] | null;
  bodyId?: number | null;
}

/** The counted assessments of a period, as a subquery every figure starts from (one place for the rule). */
function counted(conn: Knex, scope: ReportScope) {
  const q = conn('assessments as a')
    .join('decisions as d', 'd.id', 'a.decision_id')
    .where('a.is_proposal', true)
    .whereIn('a.status', COUNTED_STATUSES as unknown as string[])
    .whereBetween('d.meeting_date', [scope.period.from, scope.period.to]);
  if (scope.departmentIds) q.whereIn('d.department_id', scope.departmentIds);
  if (scope.bodyId) q.where('d.body_id', scope.bodyId);
  return q;
}

const sumIf = (conn: Knex, condition: string) => conn.raw(`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`);

/** Per principle key (matched across strategy versions), computed with GROUP BY in the database. */
export async function principleNumbers(scope: ReportScope, conn: Knex = db(), groupBy?: 'body' | 'department') {
  const q = counted(conn, scope)
    .join('assessment_answers as aa', 'aa.assessment_id', 'a.id')
    .join('principles as p', 'p.id', 'aa.principle_id')
    .groupBy('p.key')
    .select('p.key')
    .select({
      n: sumIf(conn, "aa.answer_kind = 'scored'"),
      total: conn.raw("SUM(CASE WHEN aa.answer_kind = 'scored' THEN aa.score ELSE 0 END)"),
      m2: sumIf(conn, "aa.answer_kind = 'scored' AND aa.score = -2"),
      m1: sumIf(conn, "aa.answer_kind = 'scored' AND aa.score = -1"),
      z: sumIf(conn, "aa.answer_kind = 'scored' AND aa.score = 0"),
      p1: sumIf(conn, "aa.answer_kind = 'scored' AND aa.score = 1"),
      p2: sumIf(conn, "aa.answer_kind = 'scored' AND aa.score = 2"),
      not_relevant: sumIf(conn, "aa.answer_kind = 'not_relevant'"),
      knowledge_gap: sumIf(conn, "aa.answer_kind = 'knowledge_gap'"),
    });
  if (groupBy === 'body') q.groupBy('d.body_id').select('d.body_id as group_id');
  if (groupBy === 'department') q.groupBy('d.department_id').select('d.department_id as group_id');
  return (await q) as Array<Record<string, unknown>>;
}

/** Titles, dimensions and order of the principles that existed in the period (newest version first). */
export async function principlesOfPeriod(period: Period, conn: Knex = db()) {
  const rows = await conn('principles as p')
    .join('dimensions as dm', 'dm.id', 'p.dimension_id')
    .join('framework_versions as v', 'v.id', 'p.version_id')
    .where('v.status', 'active')
    .andWhere('v.valid_from', '<=', period.to)
    .orderBy([
      { column: 'v.valid_from', order: 'desc' },
      { column: 'dm.sort_order', order: 'asc' },
      { column: 'p.sort_order', order: 'asc' },
    ])
    .select('p.key', 'p.title', 'dm.key as dimension', 'dm.kind', 'v.valid_from', 'v.valid_to');
  // A version that ended before the period does not speak for it, unless nothing newer had started.
  const seen = new Map<string, { key: string; title: string; dimension: string; kind: string }>();
  const newestStart = rows[0]?.valid_from as string | undefined;
  for (const r of rows) {
    if (seen.has(r.key)) continue;
    const endedBefore = r.valid_to && r.valid_to < period.from && r.valid_from !== newestStart;
    if (!endedBefore) seen.set(r.key, { key: r.key, title: r.title, dimension: r.dimension, kind: r.kind });
  }
  return [...seen.values()];
}

export function toPrincipleNumbers(
  principles: Array<{ key: string; title: string; dimension: string; kind: string }>,
  rows: Array<Record<string, unknown>>,
): PrincipleNumbers[] {
  const byKey = new Map(rows.map((r) => [String(r.key), r]));
  return principles
    .filter((p) => p.kind === 'scored')
    .map((p) => {
      const r = byKey.get(p.key) ?? {};
      const num = (name: string) => Number(r[name] ?? 0);
      const n = num('n');
      return {
        key: p.key,
        title: p.title,
        dimension: p.dimension,
        n,
        mean: n > 0 ? num('total') / n : null,
        distribution: { '-2': num('m2'), '-1': num('m1'), '0': num('z'), '1': num('p1'), '2': num('p2') },
        notRelevant: num('not_relevant'),
        knowledgeGap: num('knowledge_gap'),
      };
    });
}

/** Part 1 of the yearly report: every figure of the period, each one GROUP BY in the database. */
export async function yearlyNumbers(scope: ReportScope, conn: Knex = db()): Promise<YearlyNumbers> {
  const [totals, routineRow, principleRows, principles, bodies, departments, projects] = await Promise.all([
    counted(conn, scope).count<{ n: number | string }[]>({ n: '*' }).first(),
    // Routine: every answer "ei liity" (at least one answer, none of another kind).
    conn
      .from(
        counted(conn, scope)
          .join('assessment_answers as aa', 'aa.assessment_id', 'a.id')
          .groupBy('a.id')
          .havingRaw("SUM(CASE WHEN aa.answer_kind = 'not_relevant' THEN 0 ELSE 1 END) = 0")
          .select('a.id')
          .as('routine_items'),
      )
      .count<{ n: number | string }[]>({ n: '*' })
      .first(),
    principleNumbers(scope, conn),
    principlesOfPeriod(scope.period, conn),
    counted(conn, scope)
      .join('bodies as b', 'b.id', 'd.body_id')
      .groupBy('b.id', 'b.name', 'b.sort_order')
      .orderBy('b.sort_order')
      .select('b.name')
      .count({ assessments: '*' }),
    counted(conn, scope)
      .join('departments as dep', 'dep.id', 'd.department_id')
      .groupBy('dep.id', 'dep.name', 'dep.sort_order')
      .orderBy('dep.sort_order')
      .select('dep.name')
      .count({ assessments: '*' }),
    counted(conn, scope)
      .join('assessment_projects as ap', 'ap.assessment_id', 'a.id')
      .join('principles as p', 'p.id', 'ap.principle_id')
      .groupBy('p.key')
      .select('p.key')
      .countDistinct({ decisions: 'd.id' }),
  ]);
  const projectCounts = new Map((projects as Array<{ key: string; decisions: number | string }>).map((p) => [p.key, Number(p.decisions)]));
  return {
    from: scope.period.from,
    to: scope.period.to,
    assessments: Number(totals?.n ?? 0),
    routine: Number(routineRow?.n ?? 0),
    principles: toPrincipleNumbers(principles, principleRows),
    bodies: (bodies as Array<{ name: string; assessments: number | string }>).map((b) => ({ name: b.name, assessments: Number(b.assessments) })),
    departments: (departments as Array<{ name: string; assessments: number | string }>).map((d) => ({ name: d.name, assessments: Number(d.assessments) })),
    projects: principles
      .filter((p) => p.kind === 'linked')
      .map((p) => ({ key: p.key, decisions: projectCounts.get(p.key) ?? 0 })),
  };
}
