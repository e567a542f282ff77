import type { Knex } from 'knex';
import { db } from '~/utils/db.server';
import type { DecisionGrant } from './decision-access.server';
import type { SnapshotContent } from './workflow.server';

/** One version in the history's list: who, when, what kind of change. Never its content. */
export interface SnapshotMeta {
  id: number;
  version: number;
  event: string;
  userName: string | null;
  at: string;
}

export interface Snapshot extends SnapshotMeta {
  content: SnapshotContent;
}

/** Versions shown on one page of the history. */
export const HISTORY_PAGE_SIZE = 50;

const META_COLUMNS = ['s.id', 's.version', 's.event', 'u.display_name as user_name', 's.at'] as const;

const metaOf = (r: Record<string, unknown>): SnapshotMeta => ({
  id: Number(r.id),
  version: Number(r.version),
  event: String(r.event),
  userName: (r.user_name as string | null) ?? null,
  at: String(r.at),
});

/**
 * Newest first. A snapshot takes its assessment's version, which only grows (each change is checked
 * against it and raises it), so this is the order they were taken in, id breaking a tie; and it is
 * the order of the index (assessment_id, version[, rowid]): a page is read from that index and
 * stops after its rows, with no sort of every snapshot and no scan of the table (ADR 013).
 */
const NEWEST_FIRST = [
  { column: 's.version', order: 'desc' },
  { column: 's.id', order: 'desc' },
] as const;

const snapshotsOf = (conn: Knex, grant: DecisionGrant) => conn('assessment_snapshots as s').where('s.assessment_id', grant.decision.assessment.id);

/**
 * One page of the decision's versions, newest first: their metadata only, so that a page costs the
 * same however many times the assessment was saved. Every save is still kept (ADR 010).
 * Through the grant, so a confidential one's view is on record.
 */
export async function listSnapshotPage(grant: DecisionGrant, page: number, conn: Knex = db()) {
  const countRow = await snapshotsOf(conn, grant).count<{ n: number | string }[]>({ n: '*' }).first();
  const total = Number(countRow?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await snapshotsOf(conn, grant)
    .leftJoin('users as u', 'u.id', 's.user_id')
    .orderBy([...NEWEST_FIRST])
    .limit(HISTORY_PAGE_SIZE)
    .offset((current - 1) * HISTORY_PAGE_SIZE)
    .select(...META_COLUMNS);
  return { items: rows.map(metaOf), page: current, pages, total, pageSize: HISTORY_PAGE_SIZE };
}

/**
 * The two versions being compared, with their content: `from` and `to` if they are this
 * assessment's (another's id is ignored), else the newest and the one before it. Reads the content
 * of these two snapshots and of no other.
 */
export async function readComparedSnapshots(
  grant: DecisionGrant,
  wanted: { from: number | null; to: number | null },
  conn: Knex = db(),
): Promise<{ from: Snapshot; to: Snapshot } | null> {
  const requested = [wanted.from, wanted.to].filter((id): id is number => id !== null);
  const known = new Set(requested.length ? (await snapshotsOf(conn, grant).whereIn('s.id', requested).pluck('s.id')).map(Number) : []);
  let toId = wanted.to !== null && known.has(wanted.to) ? wanted.to : undefined;
  let fromId = wanted.from !== null && known.has(wanted.from) ? wanted.from : undefined;
  if (toId === undefined || fromId === undefined) {
    const newest = (
      await snapshotsOf(conn, grant)
        .orderBy([...NEWEST_FIRST])
        .limit(2)
        .pluck('s.id')
    ).map(Number);
    toId ??= newest[0];
    fromId ??= newest[1] ?? newest[0];
  }
  if (toId === undefined || fromId === undefined) return null;
  const rows = await snapshotsOf(conn, grant)
    .leftJoin('users as u', 'u.id', 's.user_id')
    .whereIn('s.id', [...new Set([fromId, toId])])
    .limit(2)
    .select(...META_COLUMNS, 's.content');
  const byId = new Map<number, Snapshot>(
    rows.map((r: Record<string, unknown>) => [Number(r.id), { ...metaOf(r), content: JSON.parse(String(r.content)) as SnapshotContent }]),
  );
  const from = byId.get(fromId);
  const to = byId.get(toId);
  return from && to ? { from, to } : null;
}
