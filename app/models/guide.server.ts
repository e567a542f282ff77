import type { Knex } from 'knex';
import type { Principle } from '~/domain/framework';
import { db, decisionsThenAssessments } from '~/utils/db.server';
import { getFrameworkVersion } from './framework.server';

/** Principle keys are the strategy file's keys (see domain/framework.ts); anything else is unknown. */
export const PRINCIPLE_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface GuidePrinciple {
  principle: Principle;
  dimension: { key: string; name: string; question: string | null; kind: 'scored' | 'linked'; evaluationQuestions: string[] };
  version: { id: number; name: string; draft: boolean; validFrom: string; validTo: string | null; approvedBy: string | null; approvedOn: string | null };
  /** True when the key is not in the version in force and an older version's principle is shown. */
  fromOlderVersion: boolean;
}

const parseList = (json: unknown): string[] => {
  try {
    const value: unknown = JSON.parse(String(json ?? '[]'));
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
};

/**
 * The principle with this key in the version in force; if the key is not there, in the latest
 * active version that has it (a principle dropped from the strategy), and for an admin in a draft
 * version (the preview of a new version links here). Null for an unknown key.
 */
export async function findGuidePrinciple(key: string, versionInForce: number | null, includeDrafts = false, conn: Knex = db()): Promise<GuidePrinciple | null> {
  if (!PRINCIPLE_KEY.test(key)) return null;
  let versionId: number | null = null;
  if (versionInForce !== null) {
    const here = await conn('principles').where({ version_id: versionInForce, key }).first('id');
    if (here) versionId = versionInForce;
  }
  // Active versions first; an admin previewing a draft version of the strategy may also see its new principles.
  for (const activeOnly of includeDrafts ? [true, false] : [true]) {
    if (versionId !== null) break;
    const query = conn('principles as p').join('framework_versions as v', 'v.id', 'p.version_id').where('p.key', key);
    if (activeOnly) query.andWhere('v.status', 'active');
    const older = await query
      .orderBy([
        { column: 'v.valid_from', order: 'desc' },
        { column: 'v.id', order: 'desc' },
      ])
      .first('v.id');
    if (older) versionId = Number(older.id);
  }
  if (versionId === null) return null;
  const version = await getFrameworkVersion(versionId, conn);
  if (!version) return null;
  const dimension = version.dimensions.find((d) => d.principles.some((p) => p.key === key));
  const principle = dimension?.principles.find((p) => p.key === key);
  if (!dimension || !principle) return null;
  const [dimensionRow, versionRow] = await Promise.all([
    conn('dimensions').where({ id: dimension.id }).first('evaluation_questions'),
    conn('framework_versions').where({ id: versionId }).first('status'),
  ]);
  return {
    principle,
    dimension: {
      key: dimension.key,
      name: dimension.name,
      question: dimension.question,
      kind: dimension.kind,
      evaluationQuestions: parseList(dimensionRow?.evaluation_questions),
    },
    version: {
      id: version.id,
      name: version.name,
      draft: versionRow?.status !== 'active',
      validFrom: version.validFrom,
      validTo: version.validTo,
      approvedBy: version.approvedBy,
      approvedOn: version.approvedOn,
    },
    fromOlderVersion: versionId !== versionInForce,
  };
}

export interface GuideExample {
  decisionId: number;
  title: string;
  meetingDate: string;
  authorId: number;
  departmentId: number;
  score: number;
  rationale: string;
  mitigation: string;
}

export const EXAMPLE_LIMIT = 5;

/**
 * The latest decided, non-confidential proposals that have a row in `table` (answers or linked
 * projects) on a principle with this key, in any strategy version. Confidential decisions are
 * filtered out in the query: they are never read, not even counted.
 */
function decidedPublic(conn: Knex, table: 'assessment_answers' | 'assessment_projects', key: string) {
  // Newest meetings first, through the meeting-date index, until five are found.
  return decisionsThenAssessments(conn)
    .join(`${table} as x`, 'x.assessment_id', 'a.id')
    .join('principles as p', 'p.id', 'x.principle_id')
    .where('p.key', key)
    .andWhere('a.status', 'decided')
    .andWhere('a.is_proposal', true)
    .andWhere('d.confidential', false)
    .orderBy([
      { column: 'd.meeting_date', order: 'desc' },
      { column: 'd.id', order: 'desc' },
    ])
    .limit(EXAMPLE_LIMIT)
    .select('d.id', 'd.title', 'd.meeting_date', 'd.author_id', 'd.department_id');
}

function toExample(r: Record<string, unknown>): GuideExample {
  return {
    decisionId: Number(r.id),
    title: String(r.title),
    meetingDate: String(r.meeting_date),
    authorId: Number(r.author_id),
    departmentId: Number(r.department_id),
    score: Number(r.score ?? 0),
    rationale: (r.rationale as string | null) ?? '',
    mitigation: (r.mitigation as string | null) ?? '',
  };
}

/** Up to five recent decided public decisions whose answer on the principle is positive or negative. */
export async function principleExamples(key: string, effect: 'positive' | 'negative', conn: Knex = db()): Promise<GuideExample[]> {
  const rows = await decidedPublic(conn, 'assessment_answers', key)
    .andWhere('x.answer_kind', 'scored')
    .andWhere('x.score', effect === 'positive' ? '>' : '<', 0)
    .select('x.score', 'x.rationale', 'x.mitigation');
  return rows.map(toExample);
}

/** Up to five recent decided public decisions that advance a strategy project (a linked principle has no scores). */
export async function projectExamples(key: string, conn: Knex = db()): Promise<GuideExample[]> {
  return (await decidedPublic(conn, 'assessment_projects', key)).map(toExample);
}

export interface GuideEvaluation {
  roundId: number;
  periodFrom: string;
  periodTo: string;
  status: 'open' | 'sent' | 'presented';
  sentOn: string | null;
  presentedOn: string | null;
  /** The group's texts for this key, by question number (1, 2, …), non-empty ones only. */
  texts: Array<{ number: number; text: string }>;
}

/**
 * The group's texts on this principle from the latest round (by its period) that has any
 * written for it: a newly opened round with nothing yet on this principle leaves last year's
 * texts showing. Question keys are '<principle key>:<number>' (migration 008). Everyone else sees
 * only rounds sent to the board.
 */
export async function latestEvaluation(key: string, includeOpen: boolean, conn: Knex = db()): Promise<GuideEvaluation | null> {
  if (!PRINCIPLE_KEY.test(key)) return null;
  // Keys have no % or _ (PRINCIPLE_KEY), so the prefix is a plain LIKE pattern on both dialects.
  const written = (q: Knex.QueryBuilder) => q.where('ra.question_key', 'like', `${key}:%`).andWhere('ra.text', '<>', '');
  const round = await conn('evaluation_rounds as r')
    // The group's texts of a round still open are its work in progress: only the group and admins see them.
    .modify((q) => (includeOpen ? q : q.whereIn('r.status', ['sent', 'presented'])))
    .whereExists(function () {
      written(this.select(conn.raw('1')).from('round_answers as ra').whereRaw('ra.round_id = r.id'));
    })
    .orderBy([
      { column: 'r.period_to', order: 'desc' },
      { column: 'r.period_from', order: 'desc' },
      { column: 'r.id', order: 'desc' },
    ])
    .first('r.id', 'r.period_from', 'r.period_to', 'r.status', 'r.sent_on', 'r.presented_on');
  if (!round) return null;
  const answers: Array<{ question_key: string; text: string }> = await written(conn('round_answers as ra').where('ra.round_id', round.id)).select(
    'ra.question_key',
    'ra.text',
  );
  const texts = answers
    .map((a) => ({ number: Number(a.question_key.slice(key.length + 1)), text: a.text.trim() }))
    .filter((a) => a.text !== '' && Number.isInteger(a.number) && a.number > 0)
    .sort((a, b) => a.number - b.number);
  return {
    roundId: Number(round.id),
    periodFrom: String(round.period_from),
    periodTo: String(round.period_to),
    status: round.status,
    sentOn: round.sent_on ?? null,
    presentedOn: round.presented_on ?? null,
    texts,
  };
}
