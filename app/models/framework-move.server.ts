import type { Knex } from 'knex';
import { judge } from '~/domain/workflow';
import { db } from '~/utils/db.server';
import type { DecisionGrant } from './decision-access.server';
import { accessFacts } from './decision.server';
import { versionIdInForce } from './framework.server';
import { type TransitionResult, runTransition } from './workflow.server';

/**
 * A draft keeps the framework version it was started with. When another version is in force on
 * its meeting date (a new version was activated, or the meeting moved), its author is offered to
 * move it: the answers to principles whose keys are in both versions move along; the rest go.
 */
export interface FrameworkOffer {
  /** The version offered: the move is refused if another one is in force by the time it is made. */
  targetId: number;
  currentName: string;
  targetName: string;
  meetingDate: string;
  /** Titles of answered principles that the target version does not have: these answers would go. */
  dropped: string[];
  /** Titles of the target version's scored principles that the current one does not have. */
  added: string[];
}

export async function frameworkOffer(grant: DecisionGrant, conn: Knex = db()): Promise<FrameworkOffer | null> {
  const { user: actor, decision } = grant;
  if (judge(actor, accessFacts(decision), 'save') !== 'ok') return null;
  const current = decision.assessment.frameworkVersionId;
  const target = await versionIdInForce(decision.meetingDate, conn);
  if (target === null || target === current) return null;
  const [versions, currentKeys, targetKeys, answered] = await Promise.all([
    conn('framework_versions').whereIn('id', [current, target]).select('id', 'name'),
    principleTitles(conn, current),
    principleTitles(conn, target),
    conn('assessment_answers as aa')
      .join('principles as p', 'p.id', 'aa.principle_id')
      .where('aa.assessment_id', decision.assessment.id)
      .whereNotNull('aa.answer_kind')
      .pluck('p.key'),
  ]);
  const name = (id: number) => versions.find((v) => v.id === id)?.name ?? '';
  return {
    targetId: target,
    currentName: name(current),
    targetName: name(target),
    meetingDate: decision.meetingDate,
    dropped: (answered as string[]).filter((k) => !targetKeys.has(k)).map((k) => currentKeys.get(k)?.title ?? k),
    added: [...targetKeys.entries()].filter(([k, v]) => !currentKeys.has(k) && v.scored).map(([, v]) => v.title),
  };
}

async function principleTitles(conn: Knex, versionId: number) {
  const rows = await conn('principles as p')
    .join('dimensions as d', 'd.id', 'p.dimension_id')
    .where('p.version_id', versionId)
    .orderBy([{ column: 'd.sort_order' }, { column: 'p.sort_order' }])
    .select('p.key', 'p.title', 'd.kind');
  const titles = new Map<string, { title: string; scored: boolean }>();
  for (const r of rows) titles.set(r.key, { title: r.title, scored: r.kind === 'scored' });
  return titles;
}

class OfferChanged extends Error {}

/**
 * Moves the draft to the version in force on its meeting date, in one transition (history snapshot,
 * audit row). `offeredTarget` is the version the author was shown: if another one is in force by now
 * (a newer version was activated, the meeting moved), nothing moves and the offer is shown anew.
 */
export async function moveToVersionInForce(grant: DecisionGrant, expectedVersion: number | null, offeredTarget: number | null): Promise<TransitionResult> {
  try {
    return await runTransition(grant, 'save', expectedVersion, async (trx, decision) => {
      const from = decision.assessment.frameworkVersionId;
      const to = await versionIdInForce(decision.meetingDate, trx);
      if (to === null || to === from || to !== offeredTarget) throw new OfferChanged();
      const targets = new Map(
        ((await trx('principles').where({ version_id: to }).select('id', 'key')) as Array<{ id: number; key: string }>).map((p) => [p.key, p.id]),
      );
      const assessmentId = decision.assessment.id;
      for (const table of ['assessment_answers', 'assessment_projects'] as const) {
        const rows = (await trx(`${table} as x`)
          .join('principles as p', 'p.id', 'x.principle_id')
          .where('x.assessment_id', assessmentId)
          .select('x.principle_id', 'p.key')) as Array<{ principle_id: number; key: string }>;
        for (const r of rows) {
          const target = targets.get(r.key);
          const row = trx(table).where({ assessment_id: assessmentId, principle_id: r.principle_id });
          if (target) await row.update({ principle_id: target });
          else await row.delete();
        }
      }
      await trx('assessments').where({ id: assessmentId }).update({ framework_version_id: to });
      return { event: 'saved', audit: { action: 'assessment.strategy_move', details: { fromVersion: from, toVersion: to } } };
    });
  } catch (error) {
    if (error instanceof OfferChanged) return { ok: false, reason: 'stale', decision: null };
    throw error;
  }
}
