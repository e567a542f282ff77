import type { Knex } from 'knex';
import { db } from '~/utils/db.server';

export interface Option {
  id: number;
  name: string;
}

export async function listBodies(conn: Knex = db()): Promise<Option[]> {
  return conn('bodies').where({ active: true }).orderBy([{ column: 'sort_order' }, { column: 'name' }]).select('id', 'name');
}

export async function listDepartments(conn: Knex = db()): Promise<Option[]> {
  return conn('departments')
    .where({ active: true })
    .orderBy([{ column: 'sort_order' }, { column: 'name' }])
    .select('id', 'name');
}

export async function memberDepartments(userId: number, conn: Knex = db()): Promise<number[]> {
  const ids = await conn('user_departments').where({ user_id: userId, relation: 'member' }).pluck('department_id');
  return ids.map(Number);
}

export async function getSetting(key: string, conn: Knex = db()): Promise<string | null> {
  const row = await conn('settings').where({ key }).first();
  return row?.value ?? null;
}

/** Insert or replace one setting (portable upsert: both SQLite and PostgreSQL support ON CONFLICT). */
export async function setSetting(key: string, value: string, conn: Knex = db()) {
  await conn('settings').insert({ key, value }).onConflict('key').merge();
}
