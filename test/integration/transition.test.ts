/**
 * runTransition judges the decision its grant read and does not read it again (ADR 022): the
 * statement that bumps the version stands for the read. A grant that went stale before the write
 * must still end as 'stale', with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createDb } from '../../db/connection';
import { saveChecklist } from '../../app/models/assessment.server';
import type { DecisionGrant } from '../../app/models/decision-access.server';
import { getDecisionDetail } from '../../app/models/decision.server';
import { createDecision } from '../../app/models/decision-writes.server';
import { type User, getUserById } from '../../app/models/user.server';
import { type TestDatabase, copyOfBase } from '../support/test-db';

let database: TestDatabase;
let db: Knex;
let official: User;
let decisionId: number;

beforeAll(async () => {
  database = copyOfBase('transition');
  db = createDb(database.databaseUrl);
  const row = await db('users').where({ username: 'valmistelija' }).first<{ id: number }>('id');
  official = (await getUserById(row!.id, db))!;
  const body = await db('bodies').orderBy('id').first<{ id: number }>('id');
  const department = await db('user_departments').where({ user_id: official.id, relation: 'member' }).first<{ department_id: number }>('department_id');
  decisionId = await createDecision(
    official,
    {
      title: 'Siirtymän testi',
      caseNumber: '',
      bodyId: body!.id,
      departmentId: department!.department_id,
      meetingDate: '2027-03-01',
      description: 'Kuvaus.',
      confidential: false,
    },
    null,
    db,
  );
});
afterAll(async () => {
  await db?.destroy();
  database?.drop();
});

/** A grant as decision-access.server.ts makes one: the decision as read now. */
const grantNow = async (): Promise<DecisionGrant> =>
  ({ user: official, decision: (await getDecisionDetail(decisionId, db))!, use: 'save', verdict: 'ok' }) as unknown as DecisionGrant;
const input = (rationale: string) => ({ answers: { pienuus: { answer: '1' as const, rationale, mitigation: '' } }, projects: [] });
const counts = async () => ({
  snapshots: Number(
    (await db('assessment_snapshots as s').join('assessments as a', 'a.id', 's.assessment_id').where('a.decision_id', decisionId).count({ n: '*' }))[0]!.n,
  ),
  audits: Number((await db('audit_log').where({ user_id: official.id, action: 'assessment.save' }).count({ n: '*' }))[0]!.n),
  rationale: (await db('assessment_answers as x').join('assessments as a', 'a.id', 'x.assessment_id').where('a.decision_id', decisionId).first('x.rationale'))
    ?.rationale,
});

describe('a change from a grant read before it', () => {
  it('writes when nothing changed in between', async () => {
    const result = await saveChecklist(await grantNow(), 1, input('Ensimmäinen'), 'save', db);
    expect(result).toMatchObject({ ok: true, version: 2 });
    expect(await counts()).toMatchObject({ snapshots: 2, rationale: 'Ensimmäinen' });
  });

  it('ends as stale, writing nothing, when another change came between the read and the write', async () => {
    const early = await grantNow();
    expect(early.decision.assessment.version).toBe(2);
    // Another save from the same version lands first.
    expect(await saveChecklist(await grantNow(), 2, input('Toinen'), 'save', db)).toMatchObject({ ok: true, version: 3 });
    const before = await counts();
    const result = await saveChecklist(early, 2, input('Myöhässä'), 'save', db);
    expect(result).toMatchObject({ ok: false, reason: 'stale' });
    expect(await counts()).toEqual(before);
    expect(before.rationale).toBe('Toinen');
  });

  it('ends as stale when the status changed in between, though the version the form sent is the grant’s', async () => {
    const early = await grantNow();
    // Submitted by the author elsewhere: the version and the status both move on.
    const complete = {
      answers: Object.fromEntries(
        (
          (await db('principles as p')
            .join('dimensions as d', 'd.id', 'p.dimension_id')
            .where('d.kind', 'scored')
            .where('p.version_id', early.decision.assessment.frameworkVersionId)
            .pluck('p.key')) as string[]
        ).map((key) => [key, { answer: '0' as const, rationale: 'Perustelu', mitigation: '' }]),
      ),
      projects: [],
    };
    expect(await saveChecklist(await grantNow(), early.decision.assessment.version, complete, 'submit', db)).toMatchObject({ ok: true });
    const before = await counts();
    expect(await saveChecklist(early, early.decision.assessment.version, input('Lähetyksen jälkeen'), 'save', db)).toMatchObject({
      ok: false,
      reason: 'stale',
    });
    expect(await counts()).toEqual(before);
    expect((await getDecisionDetail(decisionId, db))!.assessment.status).toBe('submitted');
  });

  it('answers stale at once for a form older than the grant', async () => {
    const before = await counts();
    expect(await saveChecklist(await grantNow(), 1, input('Vanha lomake'), 'save', db)).toMatchObject({ ok: false, reason: 'stale' });
    expect(await counts()).toEqual(before);
  });
});
