/**
 * The workflow's order on the server: every action × every starting state × every kind of
 * actor, posted to the real endpoints. The expected answer is written out here from the rules
 * of who sees a draft, who may do what and from which state (ADR 010), not taken
 * from the app's own workflow table:
 *   not visible → 404; visible but not permitted → 403; permitted but wrong state → 409; else 302.
 * A refusal must leave every row of the decision as it was, and write no audit row; a success
 * writes exactly one audit row and one history snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  type WorkflowStatus,
  auditSince,
  checklistForm,
  checklistUrl,
  completeAnswers,
  createUserWithCli,
  decisionForm,
  draftFields,
  draftIn,
  fullSnapshot,
  htmlOf,
  lastAuditId,
  organisation,
  reviewForm,
  showServerLogsOnFailure,
  statusOf,
  userId,
  versionOf,
  visibleText,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
const clients: Record<string, Client> = {};

/** A user who is both an official and the manager of Sivistystoimi (the demo data has none). */
const DUAL = 'kaksoisrooli';

beforeAll(async () => {
  server = await startServer();
  createUserWithCli(server, DUAL, [
    '--name',
    'Kaija Kaksoisrooli',
    '--role',
    'official',
    '--role',
    'manager',
    '--department',
    'Sivistystoimi',
    '--leads',
    'Sivistystoimi',
  ]);
  for (const username of ['valmistelija', 'tekninen', 'esimies', 'johtaja', 'elinvoima', 'paakayttaja', DUAL]) {
    clients[username] = await new Client(server.url).login(username);
  }
  org = await organisation(clients.valmistelija!);
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

// ---------------------------------------------------------------------------------------------
// The rules, written out.

type Action = 'edit' | 'save' | 'routine' | 'submit' | 'approve' | 'return' | 'decide';
const ACTIONS: Action[] = ['edit', 'save', 'routine', 'submit', 'approve', 'return', 'decide'];
/** The starting states; "decided-confidential" is a decided assessment of a confidential matter. */
type Start = WorkflowStatus | 'decided-confidential';
const STARTS: Start[] = ['draft', 'submitted', 'returned', 'approved', 'decided', 'decided-confidential'];

interface Actor {
  username: string;
  /** Whose draft the actor acts on: valmistelija's, or their own (the dual-role user). */
  draftAuthor: 'valmistelija' | typeof DUAL;
  isAuthor: boolean;
  roles: Array<'official' | 'manager' | 'group' | 'admin'>;
  /** Leads Sivistystoimi, the department of every draft here. */
  leadsDepartment: boolean;
}

const ACTORS: Record<string, Actor> = {
  author: { username: 'valmistelija', draftAuthor: 'valmistelija', isAuthor: true, roles: ['official'], leadsDepartment: false },
  'another official': { username: 'tekninen', draftAuthor: 'valmistelija', isAuthor: false, roles: ['official'], leadsDepartment: false },
  'manager of the department': { username: 'esimies', draftAuthor: 'valmistelija', isAuthor: false, roles: ['manager'], leadsDepartment: true },
  'manager of another department': { username: 'johtaja', draftAuthor: 'valmistelija', isAuthor: false, roles: ['manager'], leadsDepartment: false },
  group: { username: 'elinvoima', draftAuthor: 'valmistelija', isAuthor: false, roles: ['group'], leadsDepartment: false },
  admin: { username: 'paakayttaja', draftAuthor: 'valmistelija', isAuthor: false, roles: ['admin'], leadsDepartment: false },
  'manager who is the author': { username: DUAL, draftAuthor: DUAL, isAuthor: true, roles: ['official', 'manager'], leadsDepartment: true },
  'official-manager of the department, not the author': {
    username: DUAL,
    draftAuthor: 'valmistelija',
    isAuthor: false,
    roles: ['official', 'manager'],
    leadsDepartment: true,
  },
};

const FROM: Record<Action, WorkflowStatus[]> = {
  edit: ['draft', 'returned'],
  save: ['draft', 'returned'],
  routine: ['draft', 'returned'],
  submit: ['draft', 'returned'],
  approve: ['submitted'],
  return: ['submitted'],
  decide: ['approved'],
};
const TO: Record<Action, WorkflowStatus | null> = {
  edit: null,
  save: null,
  routine: null,
  submit: 'submitted',
  approve: 'approved',
  return: 'returned',
  decide: 'decided',
};
const AUDIT_ACTION: Record<Action, string> = {
  edit: 'decision.update',
  save: 'assessment.save',
  routine: 'assessment.routine',
  submit: 'assessment.submit',
  approve: 'assessment.approve',
  return: 'assessment.return',
  decide: 'decision.record',
};

function expectedStatus(action: Action, start: Start, who: Actor): 302 | 403 | 404 | 409 {
  const status: WorkflowStatus = start === 'decided-confidential' ? 'decided' : start;
  const confidential = start === 'decided-confidential';
  const has = (role: Actor['roles'][number]) => who.roles.includes(role);
  // Who sees a draft: its author, the managers of its department, the group and admins;
  // after the decision, a non-confidential one is visible to all staff.
  const visible = who.isAuthor || has('group') || has('admin') || (has('manager') && who.leadsDepartment) || (status === 'decided' && !confidential);
  if (!visible) return 404;
  // Who may: the author fills and edits; a manager of the department who is not the author
  // reviews; the author or an admin records the decision.
  const permitted =
    action === 'approve' || action === 'return'
      ? has('manager') && who.leadsDepartment && !who.isAuthor
      : action === 'decide'
        ? who.isAuthor || has('admin')
        : who.isAuthor;
  if (!permitted) return 403;
  if (!FROM[action].includes(status)) return 409;
  return 302;
}

// ---------------------------------------------------------------------------------------------
// The requests.

function post(client: Client, action: Action, id: number, version: number) {
  switch (action) {
    case 'edit':
      return client.post(`/decisions/${id}/edit`, {
        ...draftFields(org, { title: 'Muutettu otsikko', meetingDate: '18.12.2026', description: 'Muutettu kuvaus.' }),
        version: String(version),
      });
    case 'save':
      return client.post(
        checklistUrl(id),
        checklistForm(version, 'save', { pienuus: { answer: '-2', rationale: 'Muutettu perustelu', mitigation: 'Lievennys' } }, ['markkinointi']),
      );
    case 'routine':
      return client.post(checklistUrl(id), { intent: 'routine', version: String(version), routineRationale: 'Rutiiniasia ilman vaikutuksia.' });
    case 'submit':
      return client.post(checklistUrl(id), checklistForm(version, 'submit', completeAnswers(['-1', '-1', '-1', '-1', '-1', '-1', '-1'])));
    case 'approve':
      return client.post(`/decisions/${id}/review`, reviewForm('approve', version, 'Hyvä arvio.'));
    case 'return':
      return client.post(`/decisions/${id}/review`, reviewForm('return', version, 'Korjaa tämä.', { vastavirta: 'Tarkenna.' }));
    case 'decide':
      return client.post(`/decisions/${id}/decision`, decisionForm(version, 'rejected', '7', '17.12.2026'));
  }
}

let counter = 0;
/** Drafts in a given state that refusals may share: a refusal leaves them as they were. */
const shared = new Map<string, number>();

async function makeDraft(start: Start, author: string): Promise<number> {
  const status: WorkflowStatus = start === 'decided-confidential' ? 'decided' : start;
  const fields = draftFields(org, {
    title: `Työnkulku ${++counter}: ${start}`,
    ...(start === 'decided-confidential' ? { confidential: 'on' } : {}),
  });
  return draftIn(server, status, clients[author]!, clients.esimies!, fields);
}

async function sharedDraft(start: Start, author: string): Promise<number> {
  const key = `${author}/${start}`;
  const existing = shared.get(key);
  if (existing !== undefined) return existing;
  const id = await makeDraft(start, author);
  shared.set(key, id);
  return id;
}

const LOCKED_TITLE = 'Arviointia ei voi enää muokata';
const TITLES: Record<number, string> = {
  404: 'Sivua ei löytynyt',
  403: 'Ei käyttöoikeutta',
  409: 'Toimintoa ei voi tehdä',
};

const CASES = Object.entries(ACTORS).flatMap(([actorName, who]) =>
  STARTS.flatMap((start) => ACTIONS.map((action) => ({ actorName, who, start, action, expected: expectedStatus(action, start, who) }))),
);

describe('the expected table itself', () => {
  it('has every kind of answer, and the successes the rules allow', () => {
    const byStatus = (s: number) => CASES.filter((c) => c.expected === s).length;
    expect(byStatus(302)).toBeGreaterThan(0);
    expect(byStatus(403)).toBeGreaterThan(0);
    expect(byStatus(404)).toBeGreaterThan(0);
    expect(byStatus(409)).toBeGreaterThan(0);
    // The author: 4 filling actions × 2 states + decide from approved; the same for the
    // dual-role author; approve and return for the two managers of the department; decide for the admin.
    const successes = CASES.filter((c) => c.expected === 302).map((c) => `${c.actorName}: ${c.action} ${c.start}`);
    expect(successes).toHaveLength(9 + 9 + 2 + 2 + 1);
  });
});

describe.each(Object.keys(ACTORS))('%s', (actorName) => {
  it.each(CASES.filter((c) => c.actorName === actorName).map((c) => [c.action, c.start, c.expected, c] as const))(
    '%s from %s → %s',
    async (_action, _start, _expected, c) => {
      const { who, start, action, expected } = c;
      const client = clients[who.username]!;
      const id = expected === 302 ? await makeDraft(start, who.draftAuthor) : await sharedDraft(start, who.draftAuthor);
      const version = versionOf(server, id);
      const before = fullSnapshot(server, id);
      const auditBefore = lastAuditId(server);

      const res = await post(client, action, id, version);
      const html = await htmlOf(res);
      try {
        expect(res.status, `${action} on ${start} by ${actorName}`).toBe(expected);
      } finally {
        // A changed shared draft is no longer in its state: the next case makes a new one.
        if (res.status === 302 && expected !== 302) shared.delete(`${who.draftAuthor}/${start}`);
      }

      if (expected === 302) {
        const after = fullSnapshot(server, id);
        const status: WorkflowStatus = start === 'decided-confidential' ? 'decided' : start;
        expect(statusOf(server, id)).toBe(TO[action] ?? status);
        expect(versionOf(server, id)).toBe(version + 1);
        expect(after.snapshots).toHaveLength(before.snapshots.length + 1);
        const rows = auditSince(server, auditBefore);
        expect(rows.map((r) => [r.action, r.user_id, r.outcome])).toEqual([[AUDIT_ACTION[action], userId(server, who.username), 'success']]);
        if (action === 'approve' || action === 'return') {
          expect(after.reviews).toHaveLength(before.reviews.length + 1);
          expect(after.reviews.at(-1)).toMatchObject({ reviewer_id: userId(server, who.username), outcome: action === 'approve' ? 'approved' : 'returned' });
        }
        if (action === 'decide') {
          expect(after.decision).toMatchObject({ outcome: 'rejected', minutes_section: '7', decided_by: userId(server, who.username) });
        }
      } else {
        // A 409 is either the generic page or, for the form's own user, the page that keeps what they typed.
        if (expected === 409) expect(visibleText(html)).toMatch(new RegExp(`${TITLES[409]}|${LOCKED_TITLE}`));
        else expect(visibleText(html)).toContain(TITLES[expected]);
        expect(fullSnapshot(server, id), 'no row changed').toEqual(before);
        expect(auditSince(server, auditBefore), 'no audit row on a refusal').toEqual([]);
      }
    },
  );
});
