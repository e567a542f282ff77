import type { Knex } from 'knex';
import type { FrameworkVersion } from '~/domain/framework';
import type { SnapshotContent } from '~/domain/history';
import type { DecisionAccessFacts } from '~/domain/permissions';
import type { Actor } from '~/domain/roles';
import { TRANSITIONS, type Verdict, type WorkflowAction, judge } from '~/domain/workflow';
import { writeAudit } from '~/utils/audit.server';
import { db, nowIso } from '~/utils/db.server';
import { readAssessmentContent } from './assessment-content.server';
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
}

/**
 * Every change of an assessment goes through here, in one transaction: the workflow check
 * (404/403/409), the optimistic version check, the change itself, the new status, a snapshot
 * for the history, and the audit row. A fault anywhere leaves none of them.
 */
export async function runTransition(
  actor: Actor,
  decisionId: number,
  action: WorkflowAction,
  expectedVersion: number | null,
  apply: (trx: Knex.Transaction, decision: DecisionDetail) => Promise<TransitionStep>,
  conn: Knex = db(),
): Promise<TransitionResult> {
  return conn.transaction(async (trx) => {
    const decision = await getDecisionDetail(decisionId, trx);
    if (!decision) return { ok: false, reason: 'not_found', decision: null };
    const verdict = judge(actor, accessFacts(decision), action);
    if (verdict !== 'ok') return { ok: false, reason: verdict, decision };
    const current = decision.assessment.version;
    if (expectedVersion !== null && expectedVersion !== current) return { ok: false, reason: 'stale', decision };

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
    await takeSnapshot(trx, decisionId, step.event, actor.id, now, step.framework);
    await writeAudit(trx, {
      userId: actor.id,
      action: step.audit.action,
      entityType: 'assessment',
      entityId: decision.assessment.id,
      details: { decisionId, version: current + 1, from: decision.assessment.status, to: to ?? decision.assessment.status, ...step.audit.details },
    });
    return { ok: true, version: current + 1, decision };
  });
}

/**
 * Writes the history snapshot of the assessment as it now is. `known`: the strategy version the
 * caller has already read; used when it is the assessment's (a version's principles never change
 * once it is in use, ADR 012).
 */
export async function takeSnapshot(trx: Knex.Transaction | Knex, decisionId: number, event: string, userId: number, at: string, known?: FrameworkVersion) {
  const d = await getDecisionDetail(decisionId, trx);
  if (!d) return;
  const framework = known?.id === d.assessment.frameworkVersionId ? known : await getFrameworkVersion(d.assessment.frameworkVersionId, trx);
  if (!framework) return;
  const content = await readAssessmentContent(d.assessment.id, framework, trx);
  const snapshot: SnapshotContent = {
    status: d.assessment.status,
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
  await trx('assessment_snapshots').insert({
    assessment_id: d.assessment.id,
    version: d.assessment.version,
    event,
    user_id: userId,
    at,
    content: JSON.stringify(snapshot),
  });
}

export type { DecisionAccessFacts, SnapshotContent };
