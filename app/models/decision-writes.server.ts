/**
 * The writes of a decision's own row: created with its proposal's draft assessment, its details
 * edited while the draft can be, and the body's decision recorded after the meeting. The
 * assessment's own writes (the checklist, the review) are in assessment.server.ts.
 */
import type { Knex } from 'knex';
import type { DecisionInput } from '~/domain/decision-form';
import type { RecordDecisionInput } from '~/domain/review-form';
import type { Actor } from '~/domain/roles';
import { searchTextOf } from '~/domain/search';
import { writeAudit } from '~/utils/audit.server';
import { db, nowIso, idOf } from '~/utils/db.server';
import { readAssessmentContent, writeAssessmentContent } from './assessment-content.server';
import { frameworkOf } from './assessment.server';
import type { DecisionGrant } from './decision-access.server';
import { versionIdInForce } from './framework.server';
import { type TransitionResult, runTransition, takeSnapshot } from './workflow.server';

/** A decision's row as its form gives it: the same columns when it is created and when it is edited. */
function decisionColumns(input: DecisionInput) {
  return {
    title: input.title,
    case_number: input.caseNumber || null,
    body_id: input.bodyId,
    department_id: input.departmentId,
    meeting_date: input.meetingDate,
    description: input.description,
    confidential: input.confidential,
    search_text: searchTextOf(input),
  };
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
        ...decisionColumns(input),
        author_id: actor.id,
        created_at: now,
        updated_at: now,
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

/** The draft's own fields (title, body, date…), changed by its author while it can be edited. */
export async function updateDecisionDetails(grant: DecisionGrant, expectedVersion: number, input: DecisionInput, conn: Knex = db()): Promise<TransitionResult> {
  const decisionId = grant.decision.id;
  return runTransition(
    grant,
    'edit',
    expectedVersion,
    async (trx, current) => {
      await trx('decisions')
        .where({ id: decisionId })
        .update({ ...decisionColumns(input), updated_at: nowIso() });
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

/** The body's decision after the meeting: outcome, § and the date if it moved. The assessment is then frozen. */
export async function recordDecision(grant: DecisionGrant, expectedVersion: number, input: RecordDecisionInput, conn: Knex = db()): Promise<TransitionResult> {
  const actor = grant.user;
  const decisionId = grant.decision.id;
  return runTransition(
    grant,
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
