import { type Actor, hasRole } from './roles';

export type AssessmentStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'decided';

export interface DecisionAccessFacts {
  authorId: number;
  departmentId: number;
  confidential: boolean;
  status: AssessmentStatus;
}

/**
 * The group and admins see every assessment, every department's numbers and the group's work in
 * progress; everyone else sees their own and, as a manager, the departments they lead.
 */
export function seesAllDecisions(actor: Actor): boolean {
  return hasRole(actor, 'group') || hasRole(actor, 'admin');
}

/**
 * Who sees a draft: its author, the managers of its department, the group
 * and admins. After the decision a non-confidential assessment is visible to all staff.
 */
export function canViewDecision(actor: Actor, d: DecisionAccessFacts): boolean {
  if (d.authorId === actor.id) return true;
  if (seesAllDecisions(actor)) return true;
  if (hasRole(actor, 'manager') && actor.leads.includes(d.departmentId)) return true;
  return d.status === 'decided' && !d.confidential;
}

export function canCreateDecision(actor: Actor): boolean {
  return hasRole(actor, 'official');
}
