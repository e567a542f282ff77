import { type Actor, hasRole } from './roles';

export type AssessmentStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'decided';

export interface DecisionAccessFacts {
  authorId: number;
  departmentId: number;
  confidential: boolean;
  status: AssessmentStatus;
}

/**
 * Who sees a draft: its author, the managers of its department, the group
 * and admins. After the decision a non-confidential assessment is visible to all staff.
 */
export function canViewDecision(actor: Actor, d: DecisionAccessFacts): boolean {
  if (d.authorId === actor.id) return true;
  if (hasRole(actor, 'group') || hasRole(actor, 'admin')) return true;
  if (hasRole(actor, 'manager') && actor.leads.includes(d.departmentId)) return true;
  return d.status === 'decided' && !d.confidential;
}

/** Only the author edits, and only while the assessment is a draft or returned to them (see workflow.ts). */
export function canEditDecision(actor: Actor, d: DecisionAccessFacts): boolean {
  return d.authorId === actor.id && (d.status === 'draft' || d.status === 'returned');
}

export function canCreateDecision(actor: Actor): boolean {
  return hasRole(actor, 'official');
}
