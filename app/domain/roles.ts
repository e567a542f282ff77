export const ROLES = ['official', 'manager', 'group', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The person asking, as every permission check sees them. */
export interface Actor {
  id: number;
  roles: Role[];
  /** Departments whose assessments this person reviews (as a manager). */
  leads: number[];
}

export const hasRole = (actor: Actor, role: Role) => actor.roles.includes(role);
