import type { Knex } from 'knex';
import { addDays, todayInHelsinki } from '~/domain/dates';
import { PAGE_SIZE } from '~/domain/limits';
import type { Actor } from '~/domain/roles';
import { hasRole } from '~/domain/roles';
import { db } from '~/utils/db.server';
import type { DecisionGrant } from './decision-access.server';
import type { Page } from './decision.server';

export interface Review {
  id: number;
  outcome: 'approved' | 'returned';
  comment: string | null;
  reviewerName: string;
  createdAt: string;
  assessmentVersion: number;
  /** By principle key. */
  principleComments: Record<string, string>;
}

/** The reviews of the decision's assessment, newest first, with their comments by principle: through the grant. */
export async function listReviews(grant: DecisionGrant, conn: Knex = db()): Promise<Review[]> {
  const assessmentId = grant.decision.assessment.id;
  const rows = await conn('reviews as r')
    .join('users as u', 'u.id', 'r.reviewer_id')
    .where('r.assessment_id', assessmentId)
    .orderBy([
      { column: 'r.created_at', order: 'desc' },
      { column: 'r.id', order: 'desc' },
    ])
    .select('r.id', 'r.outcome', 'r.comment', 'u.display_name as reviewer_name', 'r.created_at', 'r.assessment_version');
  if (rows.length === 0) return [];
  const comments = await conn('review_comments').whereIn(
    'review_id',
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    outcome: r.outcome,
    comment: r.comment,
    reviewerName: r.reviewer_name,
    createdAt: r.created_at,
    assessmentVersion: Number(r.assessment_version),
    principleComments: Object.fromEntries(comments.filter((c) => c.review_id === r.id).map((c) => [c.principle_key, c.comment])),
  }));
}

export interface QueueItem {
  id: number;
  title: string;
  caseNumber: string | null;
  bodyName: string;
  departmentName: string;
  meetingDate: string;
  authorName: string;
  submittedAt: string | null;
  urgent: boolean;
  overdue: boolean;
}

/** Days before the meeting when a review is urgent. */
export const URGENT_DAYS = 7;

function queueQuery(actor: Actor, conn: Knex) {
  // The departments the manager leads; never their own assessments (they cannot review them).
  return conn('assessments as a')
    .join('decisions as d', 'd.id', 'a.decision_id')
    .where('a.status', 'submitted')
    .andWhere('a.is_proposal', true)
    .whereIn('d.department_id', hasRole(actor, 'manager') ? actor.leads : [])
    .andWhereNot('d.author_id', actor.id);
}

/**
 * "Tarkastettavat": submitted assessments of the departments the manager leads, nearest meeting
 * first, a page at a time (a queue that has grown long, after a holiday or in a large
 * department, stays as quick to open as a short one).
 */
export async function reviewQueue(actor: Actor, page = 1, today = todayInHelsinki(), conn: Knex = db()): Promise<Page<QueueItem>> {
  const total = await reviewQueueCount(actor, conn);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await queueQuery(actor, conn)
    .join('bodies as b', 'b.id', 'd.body_id')
    .join('departments as dep', 'dep.id', 'd.department_id')
    .join('users as u', 'u.id', 'd.author_id')
    .orderBy([
      { column: 'd.meeting_date', order: 'asc' },
      { column: 'd.id', order: 'asc' },
    ])
    .limit(PAGE_SIZE)
    .offset((current - 1) * PAGE_SIZE)
    .select(
      'd.id',
      'd.title',
      'd.case_number',
      'b.name as body_name',
      'dep.name as department_name',
      'd.meeting_date',
      'u.display_name as author_name',
      'a.submitted_at',
    );
  const urgentUntil = addDays(today, URGENT_DAYS);
  const items = rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    title: String(r.title),
    caseNumber: (r.case_number as string | null) ?? null,
    bodyName: String(r.body_name),
    departmentName: String(r.department_name),
    meetingDate: String(r.meeting_date),
    authorName: String(r.author_name),
    submittedAt: (r.submitted_at as string | null) ?? null,
    urgent: String(r.meeting_date) <= urgentUntil,
    overdue: String(r.meeting_date) < today,
  }));
  return { items, page: current, pages, total, pageSize: PAGE_SIZE };
}

/** The count in the navigation. */
export async function reviewQueueCount(actor: Actor, conn: Knex = db()): Promise<number> {
  if (!hasRole(actor, 'manager') || actor.leads.length === 0) return 0;
  const row = await queueQuery(actor, conn).count<{ n: number | string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
