import type { Knex } from 'knex';
import type { ChecklistInput } from '~/domain/checklist';
import type { DecisionInput } from '~/domain/decision-form';
import type { ReviewInput, RecordDecisionInput } from '~/domain/review-form';
import type { Actor } from '~/domain/roles';
import { searchTextOf } from '~/domain/search';
import { type FrameworkVersion, scoredPrinciples } from '~/domain/framework';
import { db, nowIso } from '~/utils/db.server';
import { readAssessmentContent, writeAssessmentContent } from './assessment-content.server';
import type { DecisionGrant } from './decision-access.server';
import { writeAudit } from '~/utils/audit.server';
import { getFrameworkVersion, idOf, versionIdInForce } from './framework.server';
import { type TransitionResult, runTransition, takeSnapshot } from './workflow.server';

export { getAssessmentContent, type AssessmentContent, type SavedAnswer } from './assessment-content.server';

type SaveIntent = 'save' | 'submit' | 'routine';

/**
 * The assessment's framework version. `known`: one the caller has already read (the route, to
 * validate the form), used when it is the same version: a version's dimensions and principles
 * never change once it is in use (ADR 012), so it need not be read again inside the transaction.
 */
async function frameworkOf(trx: Knex.Transaction, frameworkVersionId: number, known?: FrameworkVersion): Promise<FrameworkVersion> {
  if (known?.id === frameworkVersionId) return known;
  const framework = await getFrameworkVersion(frameworkVersionId, trx);
  if (!framework) throw new Error(`Framework version ${frameworkVersionId} is missing`);
  return framework;
}

/** Creates the decision and its proposal's draft assessment on the strategy in force on the meeting date. */
export async function createDecision(actor: Actor, input: DecisionInput, copySource: DecisionGrant | null = null, conn: Knex = db()): Promise<number> {
  // The source is read through its grant (requireDecision 'copy'): its view is on record if it is confidential.
  const copyFrom = copySource?.decision ?? null;
  return conn.transaction(async (trx) => {
    const now = nowIso();
    const versionId = await versionIdInForce(input.meetingDate, trx);
    if (versionId === null) throw new Error('No strategy has been loaded: run npm run db:setup');
    const [row] = await trx('decisions')
      .insert({
        title: input.title,
        case_number: input.caseNumber || null,
        body_id: input.bodyId,
        department_id: input.departmentId,
        meeting_date: input.meetingDate,
        description: input.description,
        confidential: input.confidential,
        author_id: actor.id,
        created_at: now,
        updated_at: now,
        search_text: searchTextOf(input),
      })
      .returning('id');
    const decisionId = idOf(row);
    const [assessmentRow] = await trx('assessments')
      .insert({
        decision_id: decisionId,
        framework_version_id: versionId,
        is_proposal: true,
        status: 'draft',
        version: 1,
        updated_by: actor.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    if (copyFrom) {
      // An earlier assessment's answers as the base; matched by principle key into this version.
      const [from, to] = await Promise.all([frameworkOf(trx, copyFrom.assessment.frameworkVersionId), frameworkOf(trx, versionId)]);
      const content = await readAssessmentContent(copyFrom.assessment.id, from, trx);
      await writeAssessmentContent(trx, idOf(assessmentRow), to, {
        answers: Object.fromEntries(
          Object.entries(content.answers).map(([key, a]) => [key, { answer: a.answer ?? '', rationale: a.rationale, mitigation: a.mitigation }]),
        ),
        projects: content.projects,
      });
    }
    await takeSnapshot(trx, decisionId, 'created', actor.id, now);
    await writeAudit(trx, {
      userId: actor.id,
      action: 'decision.create',
      entityType: 'decision',
      entityId: decisionId,
      details: { ...input, copiedFrom: copyFrom?.id ?? null },
    });
    return decisionId;
  });
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
  const actor = grant.user;
  const decisionId = grant.decision.id;
  return runTransition(
    actor,
    decisionId,
    intent === 'submit' ? 'submit' : 'save',
    expectedVersion,
    async (trx, decision) => {
      const framework = await frameworkOf(trx, decision.assessment.frameworkVersionId, known);
      await writeAssessmentContent(trx, decision.assessment.id, framework, input);
      return {
        framework: framework,
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

/** The draft's own fields (title, body, date…), changed by its author while it can be edited. */
export async function updateDecisionDetails(grant: DecisionGrant, expectedVersion: number, input: DecisionInput, conn: Knex = db()): Promise<TransitionResult> {
  const actor = grant.user;
  const decisionId = grant.decision.id;
  return runTransition(
    actor,
    decisionId,
    'edit',
    expectedVersion,
    async (trx, current) => {
      await trx('decisions')
        .where({ id: decisionId })
        .update({
          title: input.title,
          case_number: input.caseNumber || null,
          body_id: input.bodyId,
          department_id: input.departmentId,
          meeting_date: input.meetingDate,
          description: input.description,
          confidential: input.confidential,
          updated_at: nowIso(),
          search_text: searchTextOf(input),
        });
      const changed = Object.fromEntries(
        Object.entries({
          title: [current.title, input.title],
          caseNumber: [current.caseNumber ?? '', input.caseNumber],
          bodyId: [current.bodyId, input.bodyId],
          departmentId: [current.departmentId, input.departmentId],
          meetingDate: [current.meetingDate, input.meetingDate],
          description: [current.description, input.description],
          confidential: [current.confidential, input.confidential],
        }).filter(([, [before, after]]) => before !== after),
      );
      return { event: 'details', audit: { action: 'decision.update', details: { changed } } };
    },
    conn,
  );
}

/** A manager's review: approve, or return to the author with comments (by principle and overall). */
export async function reviewAssessment(grant: DecisionGrant, expectedVersion: number, input: ReviewInput, conn: Knex = db()): Promise<TransitionResult> {
  const actor = grant.user;
  const decisionId = grant.decision.id;
  return runTransition(
    actor,
    decisionId,
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
      const reviewId = typeof row === 'object' ? Number(row.id) : Number(row);
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

/** The body's decision after the meeting: outcome, § and the date if it moved. The assessment is then frozen. */
export async function recordDecision(grant: DecisionGrant, expectedVersion: number, input: RecordDecisionInput, conn: Knex = db()): Promise<TransitionResult> {
  const actor = grant.user;
  const decisionId = grant.decision.id;
  return runTransition(
    actor,
    decisionId,
    'decide',
    expectedVersion,
    async (trx, decision) => {
      const now = nowIso();
      await trx('decisions').where({ id: decisionId }).update({
        outcome: input.outcome,
        minutes_section: input.minutesSection,
        meeting_date: input.meetingDate,
        decided_at: now,
        decided_by: actor.id,
        updated_at: now,
      });
      return {
        event: 'decided',
        audit: {
          action: 'decision.record',
          details: { outcome: input.outcome, minutesSection: input.minutesSection, meetingDate: [decision.meetingDate, input.meetingDate] },
        },
      };
    },
    conn,
  );
}
