import type { Knex } from 'knex';
import { nowIso } from './db.server';

export interface AuditEntry {
  userId: number | null;
  action: string;
  entityType: string;
  entityId: number | null;
  details?: Record<string, unknown>;
  /** 'success' unless said otherwise; a failed login is 'failure'. */
  outcome?: 'success' | 'failure';
}

/** The one audit writer: called inside the model's transaction, so the entry and the change land together. */
export async function writeAudit(trx: Knex | Knex.Transaction, entry: AuditEntry) {
  await trx('audit_log').insert({
    at: nowIso(),
    user_id: entry.userId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    details: JSON.stringify(entry.details ?? {}),
    outcome: entry.outcome ?? 'success',
  });
}
