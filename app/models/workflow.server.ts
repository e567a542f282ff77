import type { Knex } from 'knex';
import type { FrameworkVersion } from '~/domain/framework';
import type { SnapshotContent } from '~/domain/history';
import type { DecisionAccessFacts } from '~/domain/permissions';
import { TRANSITIONS, type Verdict, type WorkflowAction, judge } from '~/domain/workflow';
import { writeAudit } from '~/utils/audit.server';
import { db, nowIso } from '~/utils/db.server';
import { type AssessmentContent, readAssessmentContent } from './assessment-content.server';
import type { DecisionGrant } from './decision-access.server';
import { type DecisionDetail, accessFacts, getDecisionDetail } from './decision.server';
import { getFrameworkVersion } from './framework.server';

export type TransitionResult =
  { ok: true; version: number; decision: DecisionDetail } | { ok: false; reason: Exclude<Verdict, 'ok'> | 'stale'; decision: DecisionDetail | null };

export interface TransitionStep {
  /** What the snapshot in the history is called: saved, submitted, returned, approved, decided, details. */
  event: string;
  /** The audit row's action and details (never a password or a token). */
  audit: { action: string; details?: Record<string, unknown> };
  /** The strategy version the step read, if any: the snapshot then need not read it again. */
  framework?: FrameworkVersion;
  /**
   * The answers and projects the step wrote, as `readAssessmentContent` would read them back, when
   * the step changed nothing else of the decision: the snapshot is then made from these and the
   * decision as it was, with no reads in the transaction. A step that changes the decision's own
   * fields (edit, decide) leaves this out, and the snapshot reads the decision anew.
   */
  content?: AssessmentContent;
}

/**
 * Every change of an assessment goes through here, in one transaction: the workflow check
 * (404/403/409), the optimistic version check, the change itself, the new status, a snapshot
 * for the history, and the audit row. A fault anywhere leaves none of them.
 *
 * With an expected version, the decision the grant read is judged and is not read again: the
 * statement that bumps the version succeeds only if the assessment is still at that version and
 * status, and every change of a decision or its assessment bumps that version (this function, and
 * the import, which checks it the same way). So a grant that is stale by the time of the write
 * ends as 'stale', as a read in the transaction would have found. Without an expected version
 * (none of the forms; a caller that does not care what changed), the decision is read in the
 * transaction.
 */
export async function runTransition(
  grant: DecisionGrant,
  action: WorkflowAction,
  expectedVersion: number | null,
  apply: (trx: Knex.Transaction, decision: DecisionDetail) => Promise<TransitionStep>,
  conn: Knex = db(),
): Promise<TransitionResult> {
  const actor = grant.user;
  const known = expectedVersion !== null && grant.decision.assessment.version === expectedVersion ? grant.decision : null;
  if (expectedVersion !== null && !known) return { ok: false, reason: 'stale', decision: grant.decision };
  return conn.transaction(async (trx) => {
    const decision = known ?? (await getDecisionDetail(grant.decision.id, trx));
    if (!decision) return { ok: false, reason: 'not_found', decision: null };
    const verdict = judge(actor, accessFacts(decision), action);
    if (verdict !== 'ok') return { ok: false, reason: verdict, decision };
    const current = decision.assessment.version;

    const now = nowIso();
    const to = TRANSITIONS[action].to;
    // The version check and the bump are one statement: of two changes from one version, one wins.
    const bumped = await trx('assessments')
      .where({ id: decision.assessment.id, version: current, status: decision.assessment.status })
      .update({
        version: current + 1,
        updated_at: now,
        updated_by: actor.id,
        ...(to ? { status: to } : {}),
        ...(to === 'submitted' ? { submitted_at: now } : {}),
      });
    if (bumped !== 1) return { ok: false, reason: 'stale', decision };

    const step = await apply(trx, decision);
    const status = to ?? decision.assessment.status;
    if (step.content) {
      await insertSnapshot(trx, decision.assessment.id, current + 1, step.event, actor.id, now, snapshotOf(decision, status, step.content));
    } else {
      await takeSnapshot(trx, decision.id, step.event, actor.id, now, step.framework);
    }
    await writeAudit(trx, {
      userId: actor.id,
      action: step.audit.action,
      entityType: 'assessment',
      entityId: decision.assessment.id,
      details: { decisionId: decision.id, version: current + 1, from: decision.assessment.status, to: status, ...step.audit.details },
    });
    return { ok: true, version: current + 1, decision };
  });
}

/** The history's record of a decision and its assessment: the decision's fields, the status, the answers and the projects. */
export function snapshotOf(d: DecisionDetail, status: string, content: AssessmentContent): SnapshotContent {
  return {
    status,
    decision: {
      title: d.title,
      caseNumber: d.caseNumber,
      body: d.bodyName,
      department: d.departmentName,
      meetingDate: d.meetingDate,
      description: d.description,
      confidential: d.confidential,
      outcome: d.outcome,
      minutesSection: d.minutesSection,
    },
    answers: content.answers,
    projects: content.projects,
  };
}

function insertSnapshot(
  trx: Knex.Transaction | Knex,
  assessmentId: number,
  version: number,
  event: string,
  userId: number,
  at: string,
  snapshot: SnapshotContent,
) {
  return trx('assessment_snapshots').insert({ assessment_id: assessmentId, version, event, user_id: userId, at, content: JSON.stringify(snapshot) });
}

/**
 * Writes the history snapshot of the assessment as it now is, read back from the database. `known`:
 * the strategy version the caller has already read; used when it is the assessment's (a version's
 * principles never change once it is in use, ADR 012).
 */
export async function takeSnapshot(trx: Knex.Transaction | Knex, decisionId: number, event: string, userId: number, at: string, known?: FrameworkVersion) {
  const d = await getDecisionDetail(decisionId, trx);
  if (!d) return;
  const framework = known?.id === d.assessment.frameworkVersionId ? known : await getFrameworkVersion(d.assessment.frameworkVersionId, trx);
  if (!framework) return;
  const content = await readAssessmentContent(d.assessment.id, framework, trx);
  await insertSnapshot(trx, d.assessment.id, d.assessment.version, event, userId, at, snapshotOf(d, d.assessment.status, content));
}

export type { DecisionAccessFacts, SnapshotContent };
