import type { Knex } from 'knex';
import type { ChecklistInput } from '~/domain/checklist';
import { canEditDecision } from '~/domain/permissions';
import type { Actor } from '~/domain/roles';
import { type AnswerValue, fromStored, toStored } from '~/domain/scale';
import { type StrategyVersion, linkedPrinciples, scoredPrinciples } from '~/domain/strategy';
import { writeAudit } from '~/utils/audit.server';
import { db, nowIso } from '~/utils/db.server';
import { accessFacts, getVisibleDecision } from './decision.server';
import { getStrategyVersion } from './framework.server';

export interface SavedAnswer {
  answer: AnswerValue | null;
  rationale: string;
  mitigation: string;
}

export interface AssessmentContent {
  /** By principle key. */
  answers: Record<string, SavedAnswer>;
  /** Keys of the linked strategy projects. */
  projects: string[];
}

export async function getAssessmentContent(assessmentId: number, version: StrategyVersion, conn: Knex = db()): Promise<AssessmentContent> {
  const [answerRows, projectRows] = await Promise.all([
    conn('assessment_answers').where({ assessment_id: assessmentId }),
    conn('assessment_projects').where({ assessment_id: assessmentId }).pluck('principle_id'),
  ]);
  const keyOf = new Map(version.dimensions.flatMap((d) => d.principles).map((p) => [p.id, p.key]));
  const answers: Record<string, SavedAnswer> = {};
  for (const row of answerRows) {
    const key = keyOf.get(row.principle_id);
    if (!key) continue;
    answers[key] = {
      answer: fromStored(row.answer_kind, row.score === null ? null : Number(row.score)),
      rationale: row.rationale ?? '',
      mitigation: row.mitigation ?? '',
    };
  }
  const projectIds = new Set((projectRows as number[]).map(Number));
  const projects = linkedPrinciples(version)
    .filter((p) => projectIds.has(p.id))
    .map((p) => p.key);
  return { answers, projects };
}

export type SaveResult =
  | { ok: true; version: number }
  | { ok: false; reason: 'not_found' | 'forbidden' | 'stale' };

type Intent = 'save' | 'submit' | 'routine';

/**
 * Writes the checklist as a whole, from the version the user started from. A save from an
 * older version changes nothing and answers 'stale', so that no one's update is lost silently.
 */
export async function saveChecklist(
  actor: Actor,
  decisionId: number,
  expectedVersion: number,
  input: ChecklistInput,
  intent: Intent,
  conn: Knex = db(),
): Promise<SaveResult> {
  return conn.transaction(async (trx) => {
    const decision = await getVisibleDecision(actor, decisionId, trx);
    if (!decision) return { ok: false, reason: 'not_found' };
    if (!canEditDecision(actor, accessFacts(decision))) return { ok: false, reason: 'forbidden' };
    const assessment = decision.assessment;
    const strategy = await getStrategyVersion(assessment.frameworkVersionId, trx);
    if (!strategy) return { ok: false, reason: 'not_found' };

    const now = nowIso();
    // The version check and the bump are one statement: of two saves from the same version, one wins.
    const bumped = await trx('assessments')
      .where({ id: assessment.id, version: expectedVersion })
      .whereIn('status', ['draft', 'returned'])
      .update({
        version: expectedVersion + 1,
        updated_at: now,
        updated_by: actor.id,
        ...(intent === 'submit' ? { status: 'submitted', submitted_at: now } : {}),
      });
    if (bumped !== 1) return { ok: false, reason: 'stale' };

    await trx('assessment_answers').where({ assessment_id: assessment.id }).delete();
    const rows = scoredPrinciples(strategy).flatMap((principle) => {
      const a = input.answers[principle.key];
      if (!a || (a.answer === '' && a.rationale === '' && a.mitigation === '')) return [];
      const stored = a.answer === '' ? null : toStored(a.answer);
      return [
        {
          assessment_id: assessment.id,
          principle_id: principle.id,
          answer_kind: stored?.kind ?? null,
          score: stored?.score ?? null,
          rationale: a.rationale || null,
          mitigation: a.mitigation || null,
        },
      ];
    });
    if (rows.length > 0) await trx('assessment_answers').insert(rows);

    await trx('assessment_projects').where({ assessment_id: assessment.id }).delete();
    const projectRows = linkedPrinciples(strategy)
      .filter((p) => input.projects.includes(p.key))
      .map((p) => ({ assessment_id: assessment.id, principle_id: p.id }));
    if (projectRows.length > 0) await trx('assessment_projects').insert(projectRows);

    await writeAudit(trx, {
      userId: actor.id,
      action: intent === 'submit' ? 'assessment.submit' : intent === 'routine' ? 'assessment.routine' : 'assessment.save',
      entityType: 'assessment',
      entityId: assessment.id,
      details: { version: expectedVersion + 1, answers: input.answers, projects: input.projects },
    });
    return { ok: true, version: expectedVersion + 1 };
  });
}

/** The routine step: every scored principle "ei liity" with one shared rationale; projects stay. */
export function routineInput(strategy: StrategyVersion, rationale: string, projects: string[]): ChecklistInput {
  return {
    answers: Object.fromEntries(
      scoredPrinciples(strategy).map((p) => [p.key, { answer: 'not_relevant' as const, rationale, mitigation: '' }]),
    ),
    projects,
  };
}
