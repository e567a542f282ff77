/**
 * An active framework version is read once by an app process and kept (app/models/framework.server.ts):
 * it never changes again. A draft, which the admin still edits, is read afresh every time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createDb } from '../../db/connection';
import { getFrameworkVersion } from '../../app/models/framework.server';
import { type TestDatabase, copyOfBase } from '../support/test-db';

let database: TestDatabase;
let db: Knex;
beforeAll(() => {
  database = copyOfBase('framework_cache');
  db = createDb(database.databaseUrl);
});
afterAll(async () => {
  await db?.destroy();
  database?.drop();
});

const firstPrinciple = (versionId: number) =>
  db('principles').where({ version_id: versionId }).orderBy('sort_order').first<{ id: number; title: string }>('id', 'title');

describe('framework versions as read by the app', () => {
  it('reads a draft afresh: an edit shows on the next read', async () => {
    const active = await db('framework_versions').where({ status: 'active' }).orderBy('id').first<{ id: number }>('id');
    // A draft made from the active version's rows, as the admin's copy would be.
    const [row] = await db('framework_versions')
      .insert({
        ...(await db('framework_versions').where({ id: active!.id }).first()),
        id: undefined,
        key: 'cache-test-draft',
        status: 'draft',
        activated_at: null,
        activated_by: null,
      })
      .returning('id');
    const draftId = Number(typeof row === 'object' ? row.id : row);
    for (const d of await db('dimensions').where({ version_id: active!.id })) {
      const [dim] = await db('dimensions')
        .insert({ ...d, id: undefined, version_id: draftId })
        .returning('id');
      const dimId = Number(typeof dim === 'object' ? dim.id : dim);
      const principles = await db('principles').where({ dimension_id: d.id });
      if (principles.length) await db('principles').insert(principles.map((p) => ({ ...p, id: undefined, version_id: draftId, dimension_id: dimId })));
    }
    const principle = (await firstPrinciple(draftId))!;
    const before = await getFrameworkVersion(draftId, db);
    expect(before!.dimensions.flatMap((d) => d.principles).find((p) => p.id === principle.id)!.title).toBe(principle.title);

    await db('principles').where({ id: principle.id }).update({ title: 'Muokattu luonnoksessa' });
    const after = await getFrameworkVersion(draftId, db);
    expect(after!.dimensions.flatMap((d) => d.principles).find((p) => p.id === principle.id)!.title).toBe('Muokattu luonnoksessa');
    expect(Object.isFrozen(after)).toBe(false);

    // Activated, it is read once more, then kept as it was then.
    await db('framework_versions').where({ id: draftId }).update({ status: 'active' });
    const kept = await getFrameworkVersion(draftId, db);
    expect(kept!.dimensions.flatMap((d) => d.principles).find((p) => p.id === principle.id)!.title).toBe('Muokattu luonnoksessa');
    await db('principles').where({ id: principle.id }).update({ title: 'Ei enää luettu' });
    expect(await getFrameworkVersion(draftId, db)).toBe(kept);
  });

  it('keeps an active version frozen, to its principles’ lists, so that no request can change it for the next', async () => {
    const active = await db('framework_versions').where({ status: 'active' }).orderBy('id').first<{ id: number }>('id');
    const version = (await getFrameworkVersion(active!.id, db))!;
    expect(await getFrameworkVersion(active!.id, db)).toBe(version);
    const principle = version.dimensions[0]!.principles[0]!;
    expect(Object.isFrozen(version.dimensions)).toBe(true);
    expect(Object.isFrozen(principle.guidingQuestions)).toBe(true);
    expect(() => {
      (principle as { title: string }).title = 'x';
    }).toThrow(TypeError);
    expect(() => (version.dimensions as unknown[]).push({})).toThrow(TypeError);
  });
});
