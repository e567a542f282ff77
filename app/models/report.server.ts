import type { Knex } from 'knex';
import type { Period } from '~/domain/period';
import { addDays } from '~/domain/dates';
import { disclose } from '~/domain/disclosure';
import { db, decisionsThenAssessments } from '~/utils/db.server';

/** Assessments counted in the yearly numbers: reviewed ones, approved or decided. */
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
  /** Set when the principle existed only in part of the period (from a version's start, or until its end). */
  existedFrom?: string | null;
  existedTo?: string | null;
  n: number;
  mean: number | null;
  distribution: Distribution;
  notRelevant: number;
  knowledgeGap: number;
}

/** The yearly numbers in the shape of `npm run report -- --format json`. */
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

/** The decisions of a period with their assessments, through the meeting-date index. */
export function periodDecisions(conn: Knex, scope: { period: { from: string; to: string } }) {
  return decisionsThenAssessments(conn).whereBetween('d.meeting_date', [scope.period.from, scope.period.to]);
}

/** The counted assessments of a period, as a subquery every figure starts from (one place for the rule). */
export function counted(conn: Knex, scope: ReportScope) {
  const q = periodDecisions(conn, scope)
    .where('a.is_proposal', true)
    .whereIn('a.status', COUNTED_STATUSES as unknown as string[]);
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

export interface PeriodPrinciple {
  key: string;
  title: string;
  dimension: string;
  kind: string;
  /** The part of the period in which the principle existed, when it is not the whole period (a version began or ended). */
  existedFrom: string | null;
  existedTo: string | null;
}

/**
 * The principles that existed in the period, matched across strategy versions by key, with the
 * titles and order of the newest version that has them. A version is in force from its start
 * until the day before the next active version starts (the first one also before its start), so
 * a principle added in a new version exists only from that version's start.
 */
export async function principlesOfPeriod(period: Period, conn: Knex = db()): Promise<PeriodPrinciple[]> {
  const versions = (await conn('framework_versions').where('status', 'active').orderBy('valid_from').select('id', 'valid_from')) as Array<{
    id: number;
    valid_from: string;
  }>;
  const ranges = new Map<number, { from: string; to: string }>();
  versions.forEach((v, i) => {
    const next = versions[i + 1];
    ranges.set(v.id, { from: i === 0 ? '0001-01-01' : v.valid_from, to: next ? addDays(next.valid_from, -1) : '9999-12-31' });
  });
  // An assessment keeps the version it was made with, even when its meeting falls after the next
  // version's start (submitted before it): its principles then exist on its meeting dates too.
  const used = (await periodDecisions(conn, { period })
    .groupBy('a.framework_version_id')
    .select('a.framework_version_id as id')
    .min({ first: 'd.meeting_date' })
    .max({ last: 'd.meeting_date' })) as Array<{ id: number; first: string; last: string }>;
  for (const u of used) {
    const r = ranges.get(Number(u.id));
    if (!r) continue;
    const first = String(u.first).slice(0, 10);
    const last = String(u.last).slice(0, 10);
    if (first < r.from) r.from = first;
    if (last > r.to) r.to = last;
  }
  const inPeriod = versions.filter((v) => {
    const r = ranges.get(v.id)!;
    return r.from <= period.to && r.to >= period.from;
  });
  if (inPeriod.length === 0) return [];
  const rows = await conn('principles as p')
    .join('dimensions as dm', 'dm.id', 'p.dimension_id')
    .whereIn(
      'p.version_id',
      inPeriod.map((v) => v.id),
    )
    .select('p.key', 'p.title', 'p.version_id', 'dm.key as dimension', 'dm.kind', 'dm.sort_order as dimension_order', 'p.sort_order');
  // Newest version first, each in its own order: the newest title and place of a key win.
  const rank = new Map(inPeriod.map((v, i) => [v.id, inPeriod.length - i]));
  rows.sort(
    (a, b) =>
      rank.get(a.version_id)! - rank.get(b.version_id)! || Number(a.dimension_order) - Number(b.dimension_order) || Number(a.sort_order) - Number(b.sort_order),
  );
  const seen = new Map<string, PeriodPrinciple & { from: string; to: string }>();
  for (const r of rows) {
    const range = ranges.get(r.version_id)!;
    const from = range.from > period.from ? range.from : period.from;
    const to = range.to < period.to ? range.to : period.to;
    const known = seen.get(r.key);
    if (known) {
      if (from < known.from) known.from = from;
      if (to > known.to) known.to = to;
      continue;
    }
    seen.set(r.key, { key: r.key, title: r.title, dimension: r.dimension, kind: r.kind, existedFrom: null, existedTo: null, from, to });
  }
  return [...seen.values()].map(({ from, to, ...p }) => ({
    ...p,
    existedFrom: from > period.from ? from : null,
    existedTo: to < period.to ? to : null,
  }));
}

export function toPrincipleNumbers(
  principles: Array<{ key: string; title: string; dimension: string; kind: string; existedFrom?: string | null; existedTo?: string | null }>,
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
        // Only when it existed in part of the period: the figures of such a principle are of that part.
        ...(p.existedFrom ? { existedFrom: p.existedFrom } : {}),
        ...(p.existedTo ? { existedTo: p.existedTo } : {}),
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
  // Four passes over the period (SQLite runs them one after another on its one connection):
  // per principle; per body × department (which also gives the total); routine items; projects.
  const [principleRows, principles, groups, routineRow, projects, bodyNames, departmentNames] = await Promise.all([
    principleNumbers(scope, conn),
    principlesOfPeriod(scope.period, conn),
    counted(conn, scope).groupBy('d.body_id', 'd.department_id').select('d.body_id', 'd.department_id').count({ n: '*' }),
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
    counted(conn, scope)
      .join('assessment_projects as ap', 'ap.assessment_id', 'a.id')
      .join('principles as p', 'p.id', 'ap.principle_id')
      .groupBy('p.key')
      .select('p.key')
      .countDistinct({ decisions: 'd.id' }),
    conn('bodies').orderBy('sort_order').select('id', 'name'),
    conn('departments').orderBy('sort_order').select('id', 'name'),
  ]);
  const counts = (groups as Array<{ body_id: number; department_id: number; n: number | string }>).map((g) => ({
    body: Number(g.body_id),
    department: Number(g.department_id),
    n: Number(g.n),
  }));
  const sumBy = (key: 'body' | 'department', id: number) => counts.filter((c) => c[key] === id).reduce((s, c) => s + c.n, 0);
  const projectCounts = new Map((projects as Array<{ key: string; decisions: number | string }>).map((p) => [p.key, Number(p.decisions)]));

  return {
    from: scope.period.from,
    to: scope.period.to,
    assessments: counts.reduce((s, c) => s + c.n, 0),
    routine: Number(routineRow?.n ?? 0),
    principles: toPrincipleNumbers(principles, principleRows),
    bodies: bodyNames.map((b) => ({ name: String(b.name), assessments: sumBy('body', Number(b.id)) })).filter((b) => b.assessments > 0),
    departments: departmentNames.map((d) => ({ name: String(d.name), assessments: sumBy('department', Number(d.id)) })).filter((d) => d.assessments > 0),
    projects: principles.filter((p) => p.kind === 'linked').map((p) => ({ key: p.key, decisions: projectCounts.get(p.key) ?? 0 })),
  };
}

export interface NamedDecision {
  id: number | null;
  /** Null for a confidential decision: counted, never named. */
  title: string | null;
  meetingDate: string;
  score: number | null;
  text: string | null;
}

/** A row of a decision list as the report shows it: through disclose(), confidential ones without a name, a link or a text. */
const nameOf = (r: Record<string, unknown>): NamedDecision => {
  const shown = disclose(r);
  return {
    id: shown.decisionId,
    title: shown.title,
    meetingDate: shown.meetingDate,
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    text: shown.text,
  };
};

/** For one principle: the decisions that strengthened it most (up to `limit`). */
export async function topSupporters(scope: ReportScope, principleKey: string, limit = 5, conn: Knex = db()) {
  const rows = await counted(conn, scope)
    .join('assessment_answers as aa', 'aa.assessment_id', 'a.id')
    .join('principles as p', 'p.id', 'aa.principle_id')
    .where('p.key', principleKey)
    .andWhere('aa.answer_kind', 'scored')
    .andWhere('aa.score', '>', 0)
    .orderBy([
      { column: 'aa.score', order: 'desc' },
      { column: 'd.meeting_date', order: 'desc' },
      { column: 'd.id', order: 'desc' },
    ])
    .limit(limit)
    .select('d.id', 'd.title', 'd.confidential', 'd.meeting_date', 'aa.score', 'aa.rationale as text');
  return rows.map(nameOf);
}

/**
 * The newest `perGroup` rows of each group (a principle, a project): ranked in the database, so
 * that one group's many rows cannot crowd out another's (a fixed total once could, at 100,000).
 */
async function newestOfEach(conn: Knex, ranked: Knex.QueryBuilder, group: string, perGroup: number) {
  return (await conn
    .from(ranked.select(conn.raw(`ROW_NUMBER() OVER (PARTITION BY ${group} ORDER BY d.meeting_date DESC, d.id DESC) AS place`)).as('r'))
    .where('r.place', '<=', perGroup)
    .orderBy([{ column: 'r.group_key' }, { column: 'r.meeting_date', order: 'desc' }, { column: 'r.id', order: 'desc' }])) as Array<Record<string, unknown>>;
}

/** For each principle, its newest counted decisions with a negative answer and their mitigation (confidential ones without texts). */
export async function negativeAnswers(scope: ReportScope, perPrinciple = 1000, conn: Knex = db()) {
  const ranked = counted(conn, scope)
    .join('assessment_answers as aa', 'aa.assessment_id', 'a.id')
    .join('principles as p', 'p.id', 'aa.principle_id')
    .where('aa.answer_kind', 'scored')
    .andWhere('aa.score', '<', 0)
    .select('p.key as group_key', 'd.id', 'd.title', 'd.confidential', 'd.meeting_date', 'aa.score', 'aa.mitigation as text');
  const rows = await newestOfEach(conn, ranked, 'p.key', perPrinciple);
  return rows.map((r) => ({ principleKey: String(r.group_key), ...nameOf(r) }));
}

/** For each strategy project, its newest counted decisions. */
export async function projectDecisions(scope: ReportScope, perProject = 1000, conn: Knex = db()) {
  const ranked = counted(conn, scope)
    .join('assessment_projects as ap', 'ap.assessment_id', 'a.id')
    .join('principles as p', 'p.id', 'ap.principle_id')
    .select('p.key as group_key', 'd.id', 'd.title', 'd.confidential', 'd.meeting_date');
  const rows = await newestOfEach(conn, ranked, 'p.key', perProject);
  return rows.map((r) => ({ projectKey: String(r.group_key), ...nameOf({ ...r, score: null, text: null }) }));
}

/** Coverage: every assessment of the period by status (not only the counted ones), and the routine ones. */
export async function coverage(scope: ReportScope, conn: Knex = db()) {
  const q = periodDecisions(conn, scope).where('a.is_proposal', true);
  if (scope.departmentIds) q.whereIn('d.department_id', scope.departmentIds);
  const rows = await q.groupBy('a.status').select('a.status').count({ n: '*' });
  const byStatus = Object.fromEntries((rows as Array<{ status: string; n: number | string }>).map((r) => [r.status, Number(r.n)]));
  return {
    draft: byStatus.draft ?? 0,
    submitted: byStatus.submitted ?? 0,
    returned: byStatus.returned ?? 0,
    approved: byStatus.approved ?? 0,
    decided: byStatus.decided ?? 0,
  };
}

/** The same per-principle numbers, one set per body or per department. */
export async function numbersBy(kind: 'body' | 'department', scope: ReportScope, conn: Knex = db()) {
  const [rows, principles, groups] = await Promise.all([
    principleNumbers(scope, conn, kind),
    principlesOfPeriod(scope.period, conn),
    conn(kind === 'body' ? 'bodies' : 'departments')
      .orderBy('sort_order')
      .select('id', 'name'),
  ]);
  return groups
    .map((g) => ({
      id: Number(g.id),
      name: String(g.name),
      principles: toPrincipleNumbers(
        principles,
        rows.filter((r) => Number(r.group_id) === Number(g.id)),
      ),
    }))
    .filter((g) => g.principles.some((p) => p.n + p.notRelevant + p.knowledgeGap > 0));
}
