import { describe, expect, it } from 'vitest';
import type { AssessmentStatus, DecisionAccessFacts } from '~/domain/permissions';
import type { Actor } from '~/domain/roles';
import { ACTIONS, judge, mayAct, STATUSES, TRANSITIONS, VERDICT_STATUS, type Verdict, type WorkflowAction } from '~/domain/workflow';

const DEPARTMENT = 10;
const OTHER_DEPARTMENT = 11;
const AUTHOR_ID = 1;

/** Every kind of person who may post an action, as the workflow knows them. */
const ACTORS = {
  author: { id: AUTHOR_ID, roles: ['official'], leads: [] },
  authorWhoManages: { id: AUTHOR_ID, roles: ['official', 'manager'], leads: [OTHER_DEPARTMENT, DEPARTMENT] },
  otherOfficial: { id: 2, roles: ['official'], leads: [] },
  manager: { id: 3, roles: ['manager'], leads: [DEPARTMENT] },
  otherManager: { id: 4, roles: ['official', 'manager'], leads: [OTHER_DEPARTMENT] },
  group: { id: 5, roles: ['group'], leads: [] },
  admin: { id: 6, roles: ['admin'], leads: [] },
} satisfies Record<string, Actor>;
type ActorKind = keyof typeof ACTORS;

const ORDER: AssessmentStatus[] = ['draft', 'submitted', 'returned', 'approved', 'decided'];
const VERDICT_OF: Record<string, Verdict> = { o: 'ok', n: 'not_found', f: 'forbidden', c: 'conflict' };

/**
 * The expected verdicts, written out by hand from the workflow's rules (ADR 010).
 * Each string has one letter per status in the order draft, submitted, returned, approved, decided:
 * o = ok, n = not_found (404), f = forbidden (403), c = conflict (409).
 */
const EXPECTED: Record<ActorKind, Record<'open' | 'confidential', Record<WorkflowAction, string>>> = {
  // Sees everything of their own; edits/saves/submits a draft or a returned one; records the decision once approved.
  author: {
    open: { edit: 'ococc', save: 'ococc', submit: 'ococc', approve: 'fffff', return: 'fffff', decide: 'cccoc' },
    confidential: { edit: 'ococc', save: 'ococc', submit: 'ococc', approve: 'fffff', return: 'fffff', decide: 'cccoc' },
  },
  // Leading the department does not let anyone review their own assessment.
  authorWhoManages: {
    open: { edit: 'ococc', save: 'ococc', submit: 'ococc', approve: 'fffff', return: 'fffff', decide: 'cccoc' },
    confidential: { edit: 'ococc', save: 'ococc', submit: 'ococc', approve: 'fffff', return: 'fffff', decide: 'cccoc' },
  },
  // Sees only a decided, non-confidential assessment, and may do nothing to it.
  otherOfficial: {
    open: { edit: 'nnnnf', save: 'nnnnf', submit: 'nnnnf', approve: 'nnnnf', return: 'nnnnf', decide: 'nnnnf' },
    confidential: { edit: 'nnnnn', save: 'nnnnn', submit: 'nnnnn', approve: 'nnnnn', return: 'nnnnn', decide: 'nnnnn' },
  },
  // Reviews a submitted assessment of the department they lead; nothing else.
  manager: {
    open: { edit: 'fffff', save: 'fffff', submit: 'fffff', approve: 'coccc', return: 'coccc', decide: 'fffff' },
    confidential: { edit: 'fffff', save: 'fffff', submit: 'fffff', approve: 'coccc', return: 'coccc', decide: 'fffff' },
  },
  // A manager of another department is, for this assessment, like any other member of staff.
  otherManager: {
    open: { edit: 'nnnnf', save: 'nnnnf', submit: 'nnnnf', approve: 'nnnnf', return: 'nnnnf', decide: 'nnnnf' },
    confidential: { edit: 'nnnnn', save: 'nnnnn', submit: 'nnnnn', approve: 'nnnnn', return: 'nnnnn', decide: 'nnnnn' },
  },
  // Sees all, changes nothing.
  group: {
    open: { edit: 'fffff', save: 'fffff', submit: 'fffff', approve: 'fffff', return: 'fffff', decide: 'fffff' },
    confidential: { edit: 'fffff', save: 'fffff', submit: 'fffff', approve: 'fffff', return: 'fffff', decide: 'fffff' },
  },
  // Sees all; may record the decision, but neither edits nor reviews.
  admin: {
    open: { edit: 'fffff', save: 'fffff', submit: 'fffff', approve: 'fffff', return: 'fffff', decide: 'cccoc' },
    confidential: { edit: 'fffff', save: 'fffff', submit: 'fffff', approve: 'fffff', return: 'fffff', decide: 'cccoc' },
  },
};

const facts = (status: AssessmentStatus, confidential: boolean, departmentId = DEPARTMENT): DecisionAccessFacts => ({
  authorId: AUTHOR_ID,
  departmentId,
  confidential,
  status,
});

describe('the action and status lists', () => {
  it('name the six actions of the workflow', () => {
    expect([...ACTIONS].sort()).toEqual(['approve', 'decide', 'edit', 'return', 'save', 'submit']);
  });

  it('name the five states of an assessment', () => {
    expect([...STATUSES].sort()).toEqual([...ORDER].sort());
  });
});

describe('TRANSITIONS', () => {
  it('lets edit, save and submit start only from a draft or a returned assessment', () => {
    for (const action of ['edit', 'save', 'submit'] as const) {
      expect([...TRANSITIONS[action].from].sort()).toEqual(['draft', 'returned']);
    }
  });

  it('lets approve and return start only from a submitted assessment', () => {
    expect(TRANSITIONS.approve.from).toEqual(['submitted']);
    expect(TRANSITIONS.return.from).toEqual(['submitted']);
  });

  it('lets decide start only from an approved assessment', () => {
    expect(TRANSITIONS.decide.from).toEqual(['approved']);
  });

  it('leads each action to the right state (edit and save leave it as it is)', () => {
    expect(TRANSITIONS.edit.to).toBeNull();
    expect(TRANSITIONS.save.to).toBeNull();
    expect(TRANSITIONS.submit.to).toBe('submitted');
    expect(TRANSITIONS.approve.to).toBe('approved');
    expect(TRANSITIONS.return.to).toBe('returned');
    expect(TRANSITIONS.decide.to).toBe('decided');
  });

  it('has no way out of a decided assessment: it is frozen', () => {
    for (const action of ACTIONS) expect(TRANSITIONS[action].from).not.toContain('decided');
  });

  it('never skips review: nothing leads from a draft or a returned assessment to approved or decided', () => {
    for (const action of ACTIONS) {
      const { from, to } = TRANSITIONS[action];
      if (from.includes('draft') || from.includes('returned')) expect(['approved', 'decided']).not.toContain(to);
    }
  });
});

describe('judge: every action × status × actor × confidentiality', () => {
  for (const kind of Object.keys(ACTORS) as ActorKind[]) {
    for (const confidential of [false, true]) {
      const table = EXPECTED[kind][confidential ? 'confidential' : 'open'];
      for (const action of ACTIONS) {
        ORDER.forEach((status, i) => {
          const expected = VERDICT_OF[table[action].charAt(i)];
          it(`${kind} ${action}s a ${confidential ? 'confidential' : 'non-confidential'} ${status} assessment → ${expected}`, () => {
            expect(judge(ACTORS[kind], facts(status, confidential), action)).toBe(expected);
          });
        });
      }
    }
  }

  it('the table covers 7 actors × 2 × 6 actions × 5 states', () => {
    let cells = 0;
    for (const kind of Object.keys(EXPECTED) as ActorKind[]) {
      for (const c of ['open', 'confidential'] as const) {
        for (const action of ACTIONS) {
          expect(EXPECTED[kind][c][action]).toMatch(/^[oncf]{5}$/);
          cells += EXPECTED[kind][c][action].length;
        }
      }
    }
    expect(cells).toBe(420);
  });
});

describe('judge: edge cases of who is who', () => {
  it('a person listed as leading the department but without the manager role may not review', () => {
    const leadsWithoutRole: Actor = { id: 7, roles: ['official'], leads: [DEPARTMENT] };
    expect(judge(leadsWithoutRole, facts('submitted', false), 'approve')).toBe('not_found');
    expect(judge(leadsWithoutRole, facts('decided', false), 'approve')).toBe('forbidden');
  });

  it('a manager in the group sees another department’s draft but may not review it', () => {
    const groupManager: Actor = { id: 8, roles: ['manager', 'group'], leads: [OTHER_DEPARTMENT] };
    expect(judge(groupManager, facts('submitted', true), 'approve')).toBe('forbidden');
    expect(judge(groupManager, facts('submitted', true), 'return')).toBe('forbidden');
  });

  it('an admin who also leads the department may review its submitted assessment', () => {
    const adminManager: Actor = { id: 9, roles: ['admin', 'manager'], leads: [DEPARTMENT] };
    expect(judge(adminManager, facts('submitted', false), 'approve')).toBe('ok');
    expect(judge(adminManager, facts('approved', false), 'decide')).toBe('ok');
  });

  it('an admin who is also the author may not approve their own assessment', () => {
    const adminAuthor: Actor = { id: AUTHOR_ID, roles: ['admin', 'manager', 'official'], leads: [DEPARTMENT] };
    expect(judge(adminAuthor, facts('submitted', false), 'approve')).toBe('forbidden');
  });

  it('the same manager is refused (404) for an assessment of a department they do not lead', () => {
    expect(judge(ACTORS.manager, facts('submitted', false, OTHER_DEPARTMENT), 'approve')).toBe('not_found');
  });

  it('a person with no roles sees only decided, non-confidential assessments and does nothing', () => {
    const nobody: Actor = { id: 10, roles: [], leads: [] };
    expect(judge(nobody, facts('draft', false), 'edit')).toBe('not_found');
    expect(judge(nobody, facts('decided', false), 'edit')).toBe('forbidden');
    expect(judge(nobody, facts('decided', true), 'edit')).toBe('not_found');
  });
});

describe('mayAct', () => {
  it('lets only the author edit, save and submit, whatever the state', () => {
    for (const action of ['edit', 'save', 'submit'] as const) {
      for (const kind of Object.keys(ACTORS) as ActorKind[]) {
        const expected = kind === 'author' || kind === 'authorWhoManages';
        expect(mayAct(ACTORS[kind], facts('decided', false), action), `${kind} ${action}`).toBe(expected);
      }
    }
  });

  it('lets only a manager leading the department, who is not the author, approve and return', () => {
    for (const action of ['approve', 'return'] as const) {
      for (const kind of Object.keys(ACTORS) as ActorKind[]) {
        expect(mayAct(ACTORS[kind], facts('draft', false), action), `${kind} ${action}`).toBe(kind === 'manager');
      }
    }
  });

  it('lets the author or an admin record the decision', () => {
    for (const kind of Object.keys(ACTORS) as ActorKind[]) {
      const expected = kind === 'author' || kind === 'authorWhoManages' || kind === 'admin';
      expect(mayAct(ACTORS[kind], facts('approved', false), 'decide'), kind).toBe(expected);
    }
  });
});

describe('VERDICT_STATUS', () => {
  it('answers 404, 403 and 409', () => {
    expect(VERDICT_STATUS).toEqual({ not_found: 404, forbidden: 403, conflict: 409 });
  });
});
