import type { Knex } from 'knex';
import type { Period } from '~/domain/period';
import type { Actor } from '~/domain/roles';
import { writeAudit } from '~/utils/audit.server';
import { db } from '~/utils/db.server';
import type { ExportFormat } from './response';

/** Every export is recorded: who took which period out, in which format. */
export async function auditExport(actor: Actor, format: ExportFormat, period: Period, conn: Knex = db()) {
  await writeAudit(conn, {
    userId: actor.id,
    action: 'report.export',
    entityType: 'report',
    entityId: null,
    details: { format, from: period.from, to: period.to },
  });
}
