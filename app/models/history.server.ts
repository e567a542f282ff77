import type { Knex } from 'knex';
import { db } from '~/utils/db.server';
import type { DecisionGrant } from './decision-access.server';
import type { SnapshotContent } from './workflow.server';

export interface Snapshot {
  id: number;
  version: number;
  event: string;
  userName: string | null;
  at: string;
  content: SnapshotContent;
}

/** Every version of the decision's assessment, oldest first: through the grant, so a confidential one's view is on record. */
export async function listSnapshots(grant: DecisionGrant, conn: Knex = db()): Promise<Snapshot[]> {
  const assessmentId = grant.decision.assessment.id;
  const rows = await conn('assessment_snapshots as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .where('s.assessment_id', assessmentId)
    .orderBy('s.id', 'asc')
    .select('s.id', 's.version', 's.event', 'u.display_name as user_name', 's.at', 's.content');
  return rows.map((r) => ({
    id: Number(r.id),
    version: Number(r.version),
    event: r.event,
    userName: r.user_name ?? null,
    at: r.at,
    content: JSON.parse(r.content) as SnapshotContent,
  }));
}
