import type { Knex } from 'knex';
import { type DecisionFormValues, type DecisionInput, decisionSchema } from '~/domain/decision-form';
import { fieldErrorsOf } from '~/domain/validation';
import { PAGE_SIZE } from '~/domain/limits';
import { type AssessmentStatus } from '~/domain/permissions';
import { type Actor, hasRole } from '~/domain/roles';
import { likePattern } from '~/domain/search';
import type { Outcome } from '~/domain/workflow';
import { db, decisionsThenAssessments } from '~/utils/db.server';

export interface DecisionListItem {
  id: number;
  title: string;
  caseNumber: string | null;
  bodyName: string;
  meetingDate: string;
  status: AssessmentStatus;
  confidential: boolean;
  authorName: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
  pageSize: number;
}

export interface DecisionDetail {
  id: number;
  title: string;
  caseNumber: string | null;
  bodyId: number;
  bodyName: string;
  departmentId: number;
  departmentName: string;
  meetingDate: string;
  description: string;
  confidential: boolean;
  authorId: number;
  authorName: string;
  createdAt: string;
  updatedAt: string;
  outcome: Outcome | null;
  minutesSection: string | null;
  decidedAt: string | null;
  assessment: {
    id: number;
    status: AssessmentStatus;
    version: number;
    frameworkVersionId: number;
    submittedAt: string | null;
    updatedAt: string;
    updatedByName: string | null;
  };
}

/** The decision with its proposal's assessment: the one row every page of an assessment starts from. */
function detailQuery(conn: Knex) {
  return conn('decisions as d')
    .join('assessments as a', function () {
      this.on('a.decision_id', '=', 'd.id').andOn('a.is_proposal', '=', conn.raw('?', [true]));
    })
    .join('bodies as b', 'b.id', 'd.body_id')
    .join('departments as dep', 'dep.id', 'd.department_id')
    .join('users as u', 'u.id', 'd.author_id')
    .leftJoin('users as ub', 'ub.id', 'a.updated_by')
    .select(
      'd.id',
      'd.title',
      'd.case_number',
      'd.body_id',
      'b.name as body_name',
      'd.department_id',
      'dep.name as department_name',
      'd.meeting_date',
      'd.description',
      'd.confidential',
      'd.author_id',
      'u.display_name as author_name',
      'd.created_at',
      'd.updated_at',
      'd.outcome',
      'd.minutes_section',
      'd.decided_at',
      'a.id as assessment_id',
      'a.status',
      'a.version',
      'a.framework_version_id',
      'a.submitted_at',
      'a.updated_at as assessment_updated_at',
      'ub.display_name as updated_by_name',
    );
}

type DetailRow = Record<string, unknown>;

function toDetail(row: DetailRow): DecisionDetail {
  return {
    id: Number(row.id),
    title: String(row.title),
    caseNumber: (row.case_number as string | null) ?? null,
    bodyId: Number(row.body_id),
    bodyName: String(row.body_name),
    departmentId: Number(row.department_id),
    departmentName: String(row.department_name),
    meetingDate: String(row.meeting_date),
    description: String(row.description),
    confidential: Boolean(row.confidential),
    authorId: Number(row.author_id),
    authorName: String(row.author_name),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
    outcome: (row.outcome as Outcome | null) ?? null,
    minutesSection: (row.minutes_section as string | null) ?? null,
    decidedAt: (row.decided_at as string | null) ?? null,
    assessment: {
      id: Number(row.assessment_id),
      status: row.status as AssessmentStatus,
      version: Number(row.version),
      frameworkVersionId: Number(row.framework_version_id),
      submittedAt: (row.submitted_at as string | null) ?? null,
      updatedAt: String(row.assessment_updated_at),
      updatedByName: (row.updated_by_name as string | null) ?? null,
    },
  };
}

export const accessFacts = (d: DecisionDetail) => ({
  authorId: d.authorId,
  departmentId: d.departmentId,
  confidential: d.confidential,
  status: d.assessment.status,
});

/**
 * A decision and its proposal's assessment, whoever asks: for models, which check access themselves
 * (runTransition judges again inside its transaction). Routes reach a decision only through
 * decision-access.server.ts (requireDecision, withDecision), which records a confidential one's view.
 */
export async function getDecisionDetail(id: number, conn: Knex = db()): Promise<DecisionDetail | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const row = await detailQuery(conn).where('d.id', id).first();
  return row ? toDetail(row) : null;
}

/**
 * Whether the body and the department exist and are in use. A draft made before its body or
 * department was deactivated keeps it (`keep`: the draft's own ids) and stays editable;
 * no other deactivated one is accepted.
 */
export async function checkReferences(
  input: Pick<DecisionInput, 'bodyId' | 'departmentId'>,
  conn: Knex = db(),
  keep: { bodyId: number; departmentId: number } | null = null,
) {
  const usable = (table: 'bodies' | 'departments', id: number, kept: number | undefined) =>
    conn(table)
      .where({ id })
      .andWhere((w) => {
        w.where({ active: true });
        if (kept === id) w.orWhere({ id: kept });
      })
      .first('id');
  const [body, department] = await Promise.all([usable('bodies', input.bodyId, keep?.bodyId), usable('departments', input.departmentId, keep?.departmentId)]);
  const errors: Record<string, { code: 'unknownBody' | 'unknownDepartment' }> = {};
  if (!body) errors.bodyId = { code: 'unknownBody' };
  if (!department) errors.departmentId = { code: 'unknownDepartment' };
  return errors;
}

/** Lists read the decisions first, newest meeting first through an index, and stop at the page's end. */
function listQuery(conn: Knex) {
  return decisionsThenAssessments(conn).where('a.is_proposal', true).join('bodies as b', 'b.id', 'd.body_id').join('users as u', 'u.id', 'd.author_id');
}

async function pageOf(base: Knex.QueryBuilder, page: number): Promise<Page<DecisionListItem>> {
  const countRow = await base.clone().count<{ n: number | string }[]>({ n: '*' }).first();
  const total = Number(countRow?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await base
    .clone()
    .select(
      'd.id',
      'd.title',
      'd.case_number',
      'b.name as body_name',
      'd.meeting_date',
      'a.status',
      'd.confidential',
      'u.display_name as author_name',
      'a.updated_at',
    )
    .orderBy([
      { column: 'd.meeting_date', order: 'desc' },
      { column: 'd.id', order: 'desc' },
    ])
    .limit(PAGE_SIZE)
    .offset((current - 1) * PAGE_SIZE);
  return {
    items: rows.map((r: Record<string, unknown>) => ({
      id: Number(r.id),
      title: String(r.title),
      caseNumber: (r.case_number as string | null) ?? null,
      bodyName: String(r.body_name),
      meetingDate: String(r.meeting_date),
      status: r.status as AssessmentStatus,
      confidential: Boolean(r.confidential),
      authorName: String(r.author_name),
      updatedAt: String(r.updated_at),
    })),
    page: current,
    pages,
    total,
    pageSize: PAGE_SIZE,
  };
}

/** "Omat esitykset": the actor's own drafts, latest meeting first. */
export async function listOwnDecisions(actor: Actor, page: number, conn: Knex = db()) {
  return pageOf(listQuery(conn).where('d.author_id', actor.id), page);
}

/** Every decision the actor may see (the same rule as canViewDecision, written as SQL). */
export async function listVisibleDecisions(actor: Actor, page: number, conn: Knex = db()) {
  const base = listQuery(conn);
  if (!hasRole(actor, 'group') && !hasRole(actor, 'admin')) {
    const leads = hasRole(actor, 'manager') ? actor.leads : [];
    base.where((w) => {
      w.where('d.author_id', actor.id).orWhere((decided) => decided.where('a.status', 'decided').andWhere('d.confidential', false));
      if (leads.length > 0) w.orWhereIn('d.department_id', leads);
    });
  }
  return pageOf(base, page);
}

/** Parses the decision form with its schema and checks its references; errors are keyed by field. */
export async function validateDecisionForm(values: DecisionFormValues, conn: Knex = db(), keep: { bodyId: number; departmentId: number } | null = null) {
  const parsed = decisionSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, errors: fieldErrorsOf(parsed.error) };
  const errors = await checkReferences(parsed.data, conn, keep);
  if (Object.keys(errors).length > 0) return { ok: false as const, errors };
  return { ok: true as const, input: parsed.data };
}

export interface ArchiveFilters {
  query: string;
  bodyId: number | null;
  departmentId: number | null;
  principleKey: string | null;
  effect: 'any' | 'positive' | 'negative';
  from: string | null;
  to: string | null;
}

/** The staff view: decided, non-confidential assessments, found by text, body, department, principle and date. */
export async function searchArchive(filters: ArchiveFilters, page: number, conn: Knex = db()) {
  const base = listQuery(conn).where('a.status', 'decided').andWhere('d.confidential', false);
  if (filters.query.trim()) base.whereRaw('d.search_text LIKE ? ESCAPE ?', [likePattern(filters.query), '\\']);
  if (filters.bodyId) base.where('d.body_id', filters.bodyId);
  if (filters.departmentId) base.where('d.department_id', filters.departmentId);
  if (filters.from) base.where('d.meeting_date', '>=', filters.from);
  if (filters.to) base.where('d.meeting_date', '<=', filters.to);
  // A principle, an effect, or both: an answer on that principle (or on any) of that sign.
  if (filters.principleKey || filters.effect !== 'any') {
    const key = filters.principleKey;
    base.whereExists((sub) => {
      sub
        .select(conn.raw('1'))
        .from('assessment_answers as aa')
        .join('principles as p', 'p.id', 'aa.principle_id')
        .whereRaw('aa.assessment_id = a.id')
        .andWhere('aa.answer_kind', 'scored');
      if (key) sub.andWhere('p.key', key);
      if (filters.effect === 'positive') sub.andWhere('aa.score', '>', 0);
      if (filters.effect === 'negative') sub.andWhere('aa.score', '<', 0);
    });
  }
  return pageOf(base, page);
}
