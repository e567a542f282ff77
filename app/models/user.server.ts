import type { Knex } from 'knex';
import { type Actor, type Role, isRole } from '~/domain/roles';
import { writeAudit } from '~/utils/audit.server';
import { db, nowIso } from '~/utils/db.server';
import { hashPassword } from '~/utils/password.server';

export interface User extends Actor {
  username: string;
  displayName: string;
  language: 'fi' | 'en';
  mustChangePassword: boolean;
}

export async function getUserById(id: number, conn: Knex = db()): Promise<User | null> {
  const row = await conn('users').where({ id, active: true }).first();
  if (!row) return null;
  const [roles, leads] = await Promise.all([
    conn('user_roles').where({ user_id: id }).pluck('role'),
    conn('user_departments').where({ user_id: id, relation: 'lead' }).pluck('department_id'),
  ]);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    language: row.language === 'en' ? 'en' : 'fi',
    mustChangePassword: Boolean(row.must_change_password),
    roles: (roles as string[]).filter(isRole).sort(),
    leads: (leads as number[]).map(Number),
  };
}

export async function findLoginCandidate(username: string) {
  return db()('users')
    .where({ username: username.trim().toLowerCase() })
    .first('id', 'password_hash', 'active', 'language');
}

export async function setUserLanguage(userId: number, language: 'fi' | 'en') {
  await db()('users').where({ id: userId }).update({ language, updated_at: nowIso() });
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  memberOf?: number[];
  leads?: number[];
  email?: string | null;
}

export async function createUser(input: NewUser, conn: Knex = db(), createdBy: number | null = null): Promise<number> {
  const passwordHash = await hashPassword(input.password);
  return conn.transaction(async (trx) => {
    const now = nowIso();
    const [row] = await trx('users')
      .insert({
        username: input.username.trim().toLowerCase(),
        display_name: input.displayName.trim(),
        email: input.email ?? null,
        password_hash: passwordHash,
        active: true,
        must_change_password: false,
        language: 'fi',
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    const id = typeof row === 'object' ? Number(row.id) : Number(row);
    if (input.roles.length > 0) await trx('user_roles').insert(input.roles.map((role) => ({ user_id: id, role })));
    const links = [
      ...(input.memberOf ?? []).map((d) => ({ user_id: id, department_id: d, relation: 'member' as const })),
      ...(input.leads ?? []).map((d) => ({ user_id: id, department_id: d, relation: 'lead' as const })),
    ];
    if (links.length > 0) await trx('user_departments').insert(links);
    await writeAudit(trx, {
      userId: createdBy,
      action: 'user.create',
      entityType: 'user',
      entityId: id,
      details: { username: input.username, roles: input.roles },
    });
    return id;
  });
}
