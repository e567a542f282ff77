import type { Knex } from 'knex';
import type { ChecklistInput } from '~/domain/checklist';
import { type AnswerValue, fromStored, toStored } from '~/domain/scale';
import { type FrameworkVersion, linkedPrinciples, scoredPrinciples } from '~/domain/framework';
import { db } from '~/utils/db.server';
import type { DecisionGrant } from './decision-access.server';

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

/** A decision's answers and projects, for a route: through the grant (decision-access.server.ts), so a confidential one's view is on record. */
export function getAssessmentContent(grant: DecisionGrant, version: FrameworkVersion): Promise<AssessmentContent> {
  return readAssessmentContent(grant.decision.assessment.id, version);
}

/** The answers and projects of an assessment, whoever asks: for models (inside their transactions); routes use getAssessmentContent. */
export async function readAssessmentContent(assessmentId: number, version: FrameworkVersion, conn: Knex | Knex.Transaction = db()): Promise<AssessmentContent> {
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

/**
 * Replaces an assessment's answers and projects with the given ones (inside the caller's
 * transaction), and returns them as `readAssessmentContent` would read them back.
 */
export async function writeAssessmentContent(
  trx: Knex.Transaction,
  assessmentId: number,
  framework: FrameworkVersion,
  input: ChecklistInput,
): Promise<AssessmentContent> {
  await trx('assessment_answers').where({ assessment_id: assessmentId }).delete();
  const answers: Record<string, SavedAnswer> = {};
  const rows = scoredPrinciples(framework).flatMap((principle) => {
    const a = input.answers[principle.key];
    if (!a || (a.answer === '' && a.rationale === '' && a.mitigation === '')) return [];
    const stored = a.answer === '' ? null : toStored(a.answer);
    const row = {
      assessment_id: assessmentId,
      principle_id: principle.id,
      answer_kind: stored?.kind ?? null,
      score: stored?.score ?? null,
      rationale: a.rationale || null,
      mitigation: a.mitigation || null,
    };
    answers[principle.key] = { answer: stored ? fromStored(stored.kind, stored.score) : null, rationale: a.rationale, mitigation: a.mitigation };
    return [row];
  });
  if (rows.length > 0) await trx('assessment_answers').insert(rows);
  await trx('assessment_projects').where({ assessment_id: assessmentId }).delete();
  const projects = linkedPrinciples(framework).filter((p) => input.projects.includes(p.key));
  if (projects.length > 0) await trx('assessment_projects').insert(projects.map((p) => ({ assessment_id: assessmentId, principle_id: p.id })));
  return { answers, projects: projects.map((p) => p.key) };
}
