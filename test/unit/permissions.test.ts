import { describe, expect, it } from 'vitest';
import { type AssessmentStatus, canCreateDecision, canEditDecision, canViewDecision, type DecisionAccessFacts } from '~/domain/permissions';
import { type Actor, hasRole, isRole, ROLES } from '~/domain/roles';

const DEPARTMENT = 10;
const OTHER_DEPARTMENT = 11;

const author: Actor = { id: 1, roles: ['official'], leads: [] };
const manager: Actor = { id: 2, roles: ['manager'], leads: [DEPARTMENT] };
const managerAndOfficial: Actor = { id: 3, roles: ['official', 'manager'], leads: [OTHER_DEPARTMENT, DEPARTMENT] };
const otherManager: Actor = { id: 4, roles: ['manager'], leads: [OTHER_DEPARTMENT] };
const group: Actor = { id: 5, roles: ['group'], leads: [] };
const admin: Actor = { id: 6, roles: ['admin'], leads: [] };
const otherOfficial: Actor = { id: 7, roles: ['official'], leads: [] };
/** Listed as leading the department but without the manager role. */
const leadsWithoutRole: Actor = { id: 8, roles: ['official'], leads: [DEPARTMENT] };
const noRoles: Actor = { id: 9, roles: [], leads: [] };

const STATUSES: AssessmentStatus[] = ['draft', 'submitted', 'returned', 'approved', 'decided'];
const BEFORE_DECISION: AssessmentStatus[] = ['draft', 'submitted', 'returned', 'approved'];

const decision = (status: AssessmentStatus, confidential = false): DecisionAccessFacts => ({
  authorId: author.id,
  departmentId: DEPARTMENT,
  confidential,
  status,
});

describe('canViewDecision', () => {
  for (const [name, actor] of [
    ['the author', author],
    ['a manager leading the department', manager],
    ['an official who also manages the department', managerAndOfficial],
    ['the vitality group', group],
    ['an admin', admin],
  ] as const) {
    it(`lets ${name} see the assessment in every state, confidential or not`, () => {
      for (const status of STATUSES) {
        expect(canViewDecision(actor, decision(status, false))).toBe(true);
        expect(canViewDecision(actor, decision(status, true))).toBe(true);
      }
    });
  }

  for (const [name, actor] of [
    ['a manager of another department', otherManager],
    ['another official', otherOfficial],
    ['a person listed as leading the department without the manager role', leadsWithoutRole],
    ['a person with no roles', noRoles],
  ] as const) {
    it(`hides the assessment from ${name} before the decision`, () => {
      for (const status of BEFORE_DECISION) {
        expect(canViewDecision(actor, decision(status, false))).toBe(false);
        expect(canViewDecision(actor, decision(status, true))).toBe(false);
      }
    });

    it(`shows ${name} a decided, non-confidential assessment`, () => {
      expect(canViewDecision(actor, decision('decided', false))).toBe(true);
    });

    it(`hides a decided, confidential assessment from ${name}`, () => {
      expect(canViewDecision(actor, decision('decided', true))).toBe(false);
    });
  }
});

describe('canEditDecision', () => {
  it('lets the author edit a draft and a returned assessment', () => {
    expect(canEditDecision(author, decision('draft'))).toBe(true);
    expect(canEditDecision(author, decision('returned'))).toBe(true);
    expect(canEditDecision(author, decision('draft', true))).toBe(true);
  });

  it('does not let the author edit once it is submitted, approved or decided', () => {
    expect(canEditDecision(author, decision('submitted'))).toBe(false);
    expect(canEditDecision(author, decision('approved'))).toBe(false);
    expect(canEditDecision(author, decision('decided'))).toBe(false);
  });

  it('lets nobody but the author edit, whatever their role', () => {
    for (const actor of [manager, managerAndOfficial, otherManager, group, admin, otherOfficial, leadsWithoutRole, noRoles]) {
      for (const status of STATUSES) {
        expect(canEditDecision(actor, decision(status))).toBe(false);
      }
    }
  });
});

describe('canCreateDecision', () => {
  it('lets officials create drafts', () => {
    expect(canCreateDecision(author)).toBe(true);
    expect(canCreateDecision(managerAndOfficial)).toBe(true);
  });

  it('does not let those without the official role create drafts', () => {
    expect(canCreateDecision(manager)).toBe(false);
    expect(canCreateDecision(group)).toBe(false);
    expect(canCreateDecision(admin)).toBe(false);
    expect(canCreateDecision(noRoles)).toBe(false);
  });
});

describe('roles', () => {
  it('knows the four roles', () => {
    expect([...ROLES].sort()).toEqual(['admin', 'group', 'manager', 'official']);
  });

  it('recognises role names only', () => {
    expect(isRole('manager')).toBe(true);
    expect(isRole('official')).toBe(true);
    expect(isRole('Manager')).toBe(false);
    expect(isRole('superuser')).toBe(false);
    expect(isRole(undefined)).toBe(false);
    expect(isRole(1)).toBe(false);
  });

  it('checks a role of an actor with several roles', () => {
    expect(hasRole(managerAndOfficial, 'manager')).toBe(true);
    expect(hasRole(managerAndOfficial, 'official')).toBe(true);
    expect(hasRole(managerAndOfficial, 'admin')).toBe(false);
  });
});
