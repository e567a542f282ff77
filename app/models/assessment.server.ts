import type { Knex } from 'knex';
import type { ChecklistInput } from '~/domain/checklist';
import type { ReviewInput } from '~/domain/review-form';
import { type FrameworkVersion, scoredPrinciples } from '~/domain/framework';
import { db, nowIso, idOf } from '~/utils/db.server';
import { writeAssessmentContent } from './assessment-content.server';
import type { DecisionGrant } from './decision-access.server';
import { getFrameworkVersion } from './framework.server';
import { type TransitionResult, runTransition } from './workflow.server';

export { getAssessmentContent, type AssessmentContent, type SavedAnswer } from './assessment-content.server';

type SaveIntent = 'save' | 'submit' | 'routine';

/**
 * The assessment's framework version. `known`: one the caller has already read (the route, to
 * validate the form), used when it is the same version: a version's dimensions and principles
 * never change once it is in use (ADR 012), so it need not be read again inside the transaction.
 */
export async function frameworkOf(trx: Knex.Transaction, frameworkVersionId: number, known?: FrameworkVersion): Promise<FrameworkVersion> {
  if (known?.id === frameworkVersionId) return known;
  const framework = await getFrameworkVersion(frameworkVersionId, trx);
  if (!framework) throw new Error(`Framework version ${frameworkVersionId} is missing`);
  return framework;
}

/**
 * Writes the checklist as a whole, from the version the user started from. A save from an
 * older version changes nothing and answers 'stale', so that no one's update is lost silently.
 */
export async function saveChecklist(
  grant: DecisionGrant,
  expectedVersion: number,
  input: ChecklistInput,
  intent: SaveIntent,
  conn: Knex = db(),
  known?: FrameworkVersion,
): Promise<TransitionResult> {
  return runTransition(
    grant,
    intent === 'submit' ? 'submit' : 'save',
    expectedVersion,
    async (trx, decision) => {
      const framework = await frameworkOf(trx, decision.assessment.frameworkVersionId, known);
      const content = await writeAssessmentContent(trx, decision.assessment.id, framework, input);
      return {
        content,
        event: intent === 'submit' ? 'submitted' : intent === 'routine' ? 'routine' : 'saved',
        audit: {
          action: intent === 'submit' ? 'assessment.submit' : intent === 'routine' ? 'assessment.routine' : 'assessment.save',
          details: { answers: input.answers, projects: input.projects },
        },
      };
    },
    conn,
  );
}

/** The routine step: every scored principle "ei liity" with one shared rationale; projects stay. */
export function routineInput(framework: FrameworkVersion, rationale: string, projects: string[]): ChecklistInput {
  return {
    answers: Object.fromEntries(scoredPrinciples(framework).map((p) => [p.key, { answer: 'not_relevant' as const, rationale, mitigation: '' }])),
    projects,
  };
}

/** A manager's review: approve, or return to the author with comments (by principle and overall). */
export async function reviewAssessment(grant: DecisionGrant, expectedVersion: number, input: ReviewInput, conn: Knex = db()): Promise<TransitionResult> {
  const actor = grant.user;
  return runTransition(
    grant,
    input.outcome === 'approve' ? 'approve' : 'return',
    expectedVersion,
    async (trx, decision) => {
      const [row] = await trx('reviews')
        .insert({
          assessment_id: decision.assessment.id,
          assessment_version: expectedVersion,
          reviewer_id: actor.id,
          outcome: input.outcome === 'approve' ? 'approved' : 'returned',
          comment: input.comment || null,
          created_at: nowIso(),
        })
        .returning('id');
      const reviewId = idOf(row);
      const comments = Object.entries(input.principleComments).filter(([, text]) => text !== '');
      if (comments.length > 0) {
        await trx('review_comments').insert(comments.map(([key, comment]) => ({ review_id: reviewId, principle_key: key, comment })));
      }
      return {
        event: input.outcome === 'approve' ? 'approved' : 'returned',
        audit: {
          action: input.outcome === 'approve' ? 'assessment.approve' : 'assessment.return',
          details: { comment: input.comment, principleComments: Object.fromEntries(comments) },
        },
      };
    },
    conn,
  );
}
