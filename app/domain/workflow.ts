import { type AssessmentStatus, type DecisionAccessFacts, canViewDecision } from './permissions';
import { type Actor, hasRole } from './roles';

/**
 * The life of an assessment: draft → submitted → approved or returned → decided.
 * Every change is one of these actions; the server checks each against this table.
 */
export const ACTIONS = ['edit', 'save', 'submit', 'approve', 'return', 'decide'] as const;
export type WorkflowAction = (typeof ACTIONS)[number];

export const STATUSES: AssessmentStatus[] = ['draft', 'submitted', 'returned', 'approved', 'decided'];

/** The states an action may start from, and the state it leads to. */
export const TRANSITIONS: Record<WorkflowAction, { from: AssessmentStatus[]; to: AssessmentStatus | null }> = {
  edit: { from: ['draft', 'returned'], to: null },
  save: { from: ['draft', 'returned'], to: null },
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
  decide: { from: ['approved'], to: 'decided' },
};

/** Who may take an action on a draft they can see, whatever its state. */
export function mayAct(actor: Actor, facts: DecisionAccessFacts, action: WorkflowAction): boolean {
  const isAuthor = facts.authorId === actor.id;
  switch (action) {
    case 'edit':
    case 'save':
    case 'submit':
      return isAuthor;
    case 'approve':
    case 'return':
      // A manager reviews the departments they lead, never their own assessment.
      return !isAuthor && hasRole(actor, 'manager') && actor.leads.includes(facts.departmentId);
    case 'decide':
      return isAuthor || hasRole(actor, 'admin');
  }
}

export type Verdict = 'ok' | 'not_found' | 'forbidden' | 'conflict';

/**
 * The server's answer to an action: 404 when the actor may not even see the draft (as for an
 * unknown id), 403 when they may see it but not act so, 409 when the state does not allow it.
 */
export function judge(actor: Actor, facts: DecisionAccessFacts, action: WorkflowAction): Verdict {
  if (!canViewDecision(actor, facts)) return 'not_found';
  if (!mayAct(actor, facts, action)) return 'forbidden';
  if (!TRANSITIONS[action].from.includes(facts.status)) return 'conflict';
  return 'ok';
}

export const VERDICT_STATUS: Record<Exclude<Verdict, 'ok'>, number> = { not_found: 404, forbidden: 403, conflict: 409 };

/** The body's decision on the matter, as recorded after the meeting. */
export const OUTCOMES = ['approved', 'amended', 'rejected', 'tabled', 'returned_for_preparation'] as const;
export type Outcome = (typeof OUTCOMES)[number];
