import type { Knex } from 'knex';
import { db } from '~/utils/db.server';

export interface AuditFilters {
  action: string | null;
  username: string | null;
  entityId: number | null;
  from: string | null;
  to: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

/**
 * Of the rows shown, the entities that are (now) a confidential decision or its assessment, as
 * "type:id": their details carry the decision's title, description and answers. Two lookups by key.
 */
async function confidentialEntities(rows: Array<Record<string, unknown>>, conn: Knex): Promise<Set<string>> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.entity_type === type && r.entity_id != null).map((r) => Number(r.entity_id)))];
  const decisionIds = ids('decision');
  const assessmentIds = ids('assessment');
  const [decisions, assessments] = await Promise.all([
    decisionIds.length ? conn('decisions').whereIn('id', decisionIds).andWhere('confidential', true).pluck('id') : Promise.resolve([]),
    assessmentIds.length
      ? conn('assessments as a').join('decisions as d', 'd.id', 'a.decision_id').whereIn('a.id', assessmentIds).andWhere('d.confidential', true).pluck('a.id')
      : Promise.resolve([]),
  ]);
  return new Set([...(decisions as number[]).map((id) => `decision:${Number(id)}`), ...(assessments as number[]).map((id) => `assessment:${Number(id)}`)]);
}

/** The audit log for admins: newest first, filtered, one page at a time. */
export async function listAudit(filters: AuditFilters, page: number, conn: Knex = db()) {
  const base = conn('audit_log as l').leftJoin('users as u', 'u.id', 'l.user_id');
  if (filters.action) base.where('l.action', filters.action);
  if (filters.username) base.where('u.username', filters.username.toLowerCase());
  if (filters.entityId) base.where('l.entity_id', filters.entityId);
  // The log's times are UTC (the page says so), and so are these days.
  if (filters.from) base.where('l.at', '>=', `${filters.from}T00:00:00.000Z`);
  if (filters.to) base.where('l.at', '<=', `${filters.to}T23:59:59.999Z`);
  const countRow = await base.clone().count<{ n: number | string }[]>({ n: '*' }).first();
  const total = Number(countRow?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await base
    .clone()
    .orderBy('l.id', 'desc')
    .limit(AUDIT_PAGE_SIZE)
    .offset((current - 1) * AUDIT_PAGE_SIZE)
    .select('l.id', 'l.at', 'l.action', 'l.entity_type', 'l.entity_id', 'l.outcome', 'l.details', 'u.username', 'u.display_name');
  const [actions, confidential] = await Promise.all([conn('audit_log').distinct('action').orderBy('action').pluck('action'), confidentialEntities(rows, conn)]);
  return {
    items: rows.map((r: Record<string, unknown>) => {
      // A confidential decision's rows name it; their details (its title, texts, answers) are shown
      // only on its own pages, where each view is on record (ADR 010).
      const withheld = confidential.has(`${r.entity_type}:${r.entity_id}`);
      return {
        id: Number(r.id),
        at: String(r.at),
        action: String(r.action),
        entity: `${r.entity_type}${r.entity_id ? ` ${r.entity_id}` : ''}`,
        outcome: String(r.outcome),
        details: withheld ? '' : String(r.details),
        withheld,
        user: r.username ? `${r.display_name} (${r.username})` : null,
      };
    }),
    page: current,
    pages,
    total,
    actions: actions as string[],
  };
}
