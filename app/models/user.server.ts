import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { type UserCreateInput, type UserEditInput, setDiff, temporaryPassword } from '~/domain/people';
import { type Page, pageWindow } from '~/domain/pagination';
import { type Actor, type Role, isRole } from '~/domain/roles';
import type { FieldErrors } from '~/domain/validation';
import { writeAudit } from '~/utils/audit.server';
import { db, nowIso, takeTurns } from '~/utils/db.server';
import { hashPassword, verifyPassword } from '~/utils/password.server';
import { type SessionUserRow, deleteUserSessions } from '~/utils/session.server';
import { type Throttle, judgePassword } from '~/models/login-throttle.server';

export interface User extends Actor {
  username: string;
  displayName: string;
  language: 'fi' | 'en';
  mustChangePassword: boolean;
}

export async function getUserById(id: number, conn: Knex = db()): Promise<User | null> {
  const row = await conn('users').where({ id, active: true }).first('id', 'username', 'display_name', 'language', 'must_change_password');
  return row ? userFromRow(row, conn) : null;
}

/**
 * The user of an active user's row: their roles and the departments they lead, in one query (the
 * signed-in user is read on every request: app/models/auth.server.ts).
 */
export async function userFromRow(row: SessionUserRow, conn: Knex = db()): Promise<User> {
  const id = row.id;
  const rows: Array<{ role: string | null; department_id: number | string | null }> = await conn
    .select('role', conn.raw('NULL as department_id'))
    .from('user_roles')
    .where({ user_id: id })
    .unionAll((q) => q.select(conn.raw('NULL as role'), 'department_id').from('user_departments').where({ user_id: id, relation: 'lead' }));
  const roles = rows.flatMap((r) => (r.role === null ? [] : [r.role]));
  const leads = rows.flatMap((r) => (r.department_id === null ? [] : [Number(r.department_id)]));
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    language: row.language === 'en' ? 'en' : 'fi',
    mustChangePassword: Boolean(row.must_change_password),
    roles: roles.filter(isRole).sort(),
    leads,
  };
}

export async function findLoginCandidate(username: string) {
  return db()('users').where({ username: username.trim().toLowerCase() }).first('id', 'password_hash', 'active', 'language');
}

/**
 * The hash parameters most active accounts have (one of their hashes), for the check run when a
 * login names no account: it then costs what a real account's check costs, also after the
 * parameters have been raised for new passwords while older accounts keep theirs. Null when there
 * is no account.
 */
export async function usualPasswordHash(): Promise<string | null> {
  const rows: Array<{ password_hash: string }> = await db()('users')
    .where({ active: true })
    .whereNotNull('password_hash')
    .orderBy('id')
    .limit(1000)
    .select('password_hash');
  const byParams = new Map<string, { hash: string; count: number }>();
  for (const { password_hash: hash } of rows) {
    const params = hash.split('$').slice(0, 4).join('$');
    const seen = byParams.get(params);
    if (seen) seen.count++;
    else byParams.set(params, { hash, count: 1 });
  }
  let usual: { hash: string; count: number } | null = null;
  for (const entry of byParams.values()) if (!usual || entry.count > usual.count) usual = entry;
  return usual?.hash ?? null;
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
  /** A temporary password the user must change at the first login (set by an admin). */
  mustChangePassword?: boolean;
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
        must_change_password: input.mustChangePassword ?? false,
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
      // Never the password or its hash.
      details: {
        username: input.username.trim().toLowerCase(),
        displayName: input.displayName.trim(),
        email: input.email ?? null,
        roles: input.roles,
        memberOf: input.memberOf ?? [],
        leads: input.leads ?? [],
      },
    });
    return id;
  });
}

// ---------------------------------------------------------------------------------------------
// User administration. Every change is one transaction with its audit entry; no
// password or hash ever goes into the audit details.

/** A user as the admin pages see them: active or not. */
export interface AdminUser {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean;
  mustChangePassword: boolean;
  roles: Role[];
  memberOf: number[];
  leads: number[];
  createdAt: string;
  updatedAt: string;
}

export interface UserListRow {
  id: number;
  username: string;
  displayName: string;
  active: boolean;
  roles: Role[];
  memberOf: string[];
  leads: string[];
}

export const USER_PAGE_SIZE = 50;

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The users page: filtered by status and a text in the name or username, in name order, paged. */
export async function listUsers(filters: { status: 'active' | 'inactive' | 'all'; q: string }, page: number, conn: Knex = db()): Promise<Page<UserListRow>> {
  const base = conn('users');
  if (filters.status !== 'all') base.where({ active: filters.status === 'active' });
  const q = filters.q.trim();
  if (q) {
    // SQLite's lower() knows ASCII only: the name is also matched as typed, so "Pää" finds "Pääkäyttäjä".
    const pattern = likePattern(q.toLowerCase());
    base.where((w) =>
      w
        .whereRaw("lower(username) like ? escape '\\'", [pattern])
        .orWhereRaw("lower(display_name) like ? escape '\\'", [pattern])
        .orWhereRaw("display_name like ? escape '\\'", [likePattern(q)]),
    );
  }
  const total = Number((await base.clone().count<{ n: number }[]>({ n: '*' }))[0]?.n ?? 0);
  const window = pageWindow(total, page, USER_PAGE_SIZE);
  const rows = await base
    .clone()
    .orderBy([{ column: 'display_name' }, { column: 'id' }])
    .limit(USER_PAGE_SIZE)
    .offset(window.offset)
    .select('id', 'username', 'display_name', 'active');
  const ids = rows.map((r) => Number(r.id));
  const [roles, links] = ids.length
    ? await Promise.all([
        conn('user_roles').whereIn('user_id', ids).select('user_id', 'role'),
        conn('user_departments as ud')
          .join('departments as d', 'd.id', 'ud.department_id')
          .whereIn('ud.user_id', ids)
          .orderBy([{ column: 'd.sort_order' }, { column: 'd.name' }])
          .select('ud.user_id', 'ud.relation', 'd.name'),
      ])
    : [[], []];
  return {
    items: rows.map((r) => {
      const id = Number(r.id);
      const own = (roles as Array<{ user_id: number; role: string }>).filter((x) => Number(x.user_id) === id).map((x) => x.role);
      const deps = (links as Array<{ user_id: number; relation: string; name: string }>).filter((x) => Number(x.user_id) === id);
      return {
        id,
        username: r.username,
        displayName: r.display_name,
        active: Boolean(r.active),
        roles: ROLE_ORDER.filter((role) => own.includes(role)),
        memberOf: deps.filter((d) => d.relation === 'member').map((d) => d.name),
        leads: deps.filter((d) => d.relation === 'lead').map((d) => d.name),
      };
    }),
    total,
    page: window.page,
    pages: window.pages,
    pageSize: USER_PAGE_SIZE,
  };
}

const ROLE_ORDER: Role[] = ['official', 'manager', 'group', 'admin'];

export async function getUserForAdmin(id: number, conn: Knex | Knex.Transaction = db()): Promise<AdminUser | null> {
  const row = await conn('users').where({ id }).first();
  if (!row) return null;
  const [roles, links] = await Promise.all([
    conn('user_roles').where({ user_id: id }).pluck('role'),
    conn('user_departments').where({ user_id: id }).select('department_id', 'relation'),
  ]);
  const ofRelation = (relation: string) =>
    (links as Array<{ department_id: number; relation: string }>)
      .filter((l) => l.relation === relation)
      .map((l) => Number(l.department_id))
      .sort((a, b) => a - b);
  return {
    id: Number(row.id),
    username: row.username,
    displayName: row.display_name,
    email: row.email ?? null,
    active: Boolean(row.active),
    mustChangePassword: Boolean(row.must_change_password),
    roles: ROLE_ORDER.filter((r) => (roles as string[]).includes(r)),
    memberOf: ofRelation('member'),
    leads: ofRelation('lead'),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

/** How many decisions the user has written: they stay when the user is deactivated. */
export async function authoredDecisions(userId: number, conn: Knex = db()): Promise<number> {
  const [row] = await conn('decisions').where({ author_id: userId }).count<{ n: number }[]>({ n: '*' });
  return Number(row?.n ?? 0);
}

/** A readable, crypto-random temporary password (see temporaryPassword). */
export function newTemporaryPassword(): string {
  return temporaryPassword((n) => crypto.randomInt(n));
}

export async function isUsernameTaken(username: string): Promise<boolean> {
  return Boolean(await db()('users').where({ username }).first('id'));
}

const isUniqueViolation = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
};

/** Only departments that exist and are in use may be chosen. */
async function unknownDepartments(ids: number[], conn: Knex | Knex.Transaction): Promise<boolean> {
  if (ids.length === 0) return false;
  const found = await conn('departments').whereIn('id', ids).where({ active: true }).pluck('id');
  return found.length !== new Set(ids).size;
}

async function departmentErrors(input: { memberOf: number[]; leads: number[] }, conn: Knex | Knex.Transaction): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (await unknownDepartments(input.memberOf, conn)) errors.memberOf = { code: 'unknownDepartment' };
  if (await unknownDepartments(input.leads, conn)) errors.leads = { code: 'unknownDepartment' };
  return errors;
}

export type AdminResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * An admin creates a user with a temporary password that the user must change at the first
 * login. The password is returned once, for the admin to hand over; it is never stored or logged.
 */
export async function createUserByAdmin(adminId: number, input: UserCreateInput): Promise<AdminResult<{ id: number; password: string }>> {
  const errors = await departmentErrors(input, db());
  if (await isUsernameTaken(input.username)) errors.username = { code: 'usernameTaken' };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const password = newTemporaryPassword();
  try {
    const id = await createUser({ ...input, password, mustChangePassword: true }, db(), adminId);
    return { ok: true, value: { id, password } };
  } catch (error) {
    // Two admins creating the same username at once: the unique index decides.
    if (isUniqueViolation(error)) return { ok: false, errors: { username: { code: 'usernameTaken' } } };
    throw error;
  }
}

async function activeAdminCount(trx: Knex.Transaction, exceptUserId: number): Promise<number> {
  // Two admins taking each other's role at once must not both see the other as the one left.
  await takeTurns(trx, 'admins');
  const [row] = await trx('users as u')
    .join('user_roles as r', 'r.user_id', 'u.id')
    .where({ 'u.active': true, 'r.role': 'admin' })
    .whereNot('u.id', exceptUserId)
    .count<{ n: number }[]>({ n: '*' });
  return Number(row?.n ?? 0);
}

/**
 * Saves the edit form. Links to departments no longer in use are kept (the form cannot show
 * them). The last active admin keeps the admin role. Returns whether anything changed.
 */
export async function updateUserByAdmin(adminId: number, userId: number, input: UserEditInput): Promise<AdminResult<{ changed: boolean }> | null> {
  return db().transaction(async (trx) => {
    const before = await getUserForAdmin(userId, trx);
    if (!before) return null;
    const errors = await departmentErrors(input, trx);
    if (before.active && before.roles.includes('admin') && !input.roles.includes('admin') && (await activeAdminCount(trx, userId)) === 0) {
      errors.roles = { code: 'lastAdmin' };
    }
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const details: Record<string, unknown> = {};
    if (before.displayName !== input.displayName) details.displayName = { from: before.displayName, to: input.displayName };
    if (before.email !== input.email) details.email = { from: before.email, to: input.email };
    const roles = setDiff(before.roles, input.roles);
    if (roles.added.length || roles.removed.length) details.roles = roles;
    const active = new Set((await trx('departments').where({ active: true }).pluck('id')).map(Number));
    const keptMember = before.memberOf.filter((d) => !active.has(d));
    const keptLeads = before.leads.filter((d) => !active.has(d));
    const memberOf = [...new Set([...input.memberOf, ...keptMember])].sort((a, b) => a - b);
    const leads = [...new Set([...input.leads, ...keptLeads])].sort((a, b) => a - b);
    const member = setDiff(before.memberOf, memberOf);
    if (member.added.length || member.removed.length) details.memberOf = member;
    const lead = setDiff(before.leads, leads);
    if (lead.added.length || lead.removed.length) details.leads = lead;
    if (Object.keys(details).length === 0) return { ok: true, value: { changed: false } };

    await trx('users').where({ id: userId }).update({ display_name: input.displayName, email: input.email, updated_at: nowIso() });
    await trx('user_roles').where({ user_id: userId }).delete();
    await trx('user_roles').insert(input.roles.map((role) => ({ user_id: userId, role })));
    await trx('user_departments').where({ user_id: userId }).delete();
    const links = [
      ...memberOf.map((d) => ({ user_id: userId, department_id: d, relation: 'member' as const })),
      ...leads.map((d) => ({ user_id: userId, department_id: d, relation: 'lead' as const })),
    ];
    if (links.length > 0) await trx('user_departments').insert(links);
    await writeAudit(trx, { userId: adminId, action: 'user.update', entityType: 'user', entityId: userId, details });
    return { ok: true, value: { changed: true } };
  });
}

/** A new temporary password: the user must change it at the next login, and every session of theirs ends. */
export async function resetPasswordByAdmin(adminId: number, userId: number): Promise<{ password: string } | 'not_found' | 'inactive'> {
  const password = newTemporaryPassword();
  const hash = await hashPassword(password);
  return db().transaction(async (trx) => {
    const row = await trx('users').where({ id: userId }).first('id', 'active');
    if (!row) return 'not_found' as const;
    if (!row.active) return 'inactive' as const;
    await trx('users').where({ id: userId }).update({ password_hash: hash, must_change_password: true, updated_at: nowIso() });
    const sessionsEnded = await deleteUserSessions(trx, userId);
    await writeAudit(trx, { userId: adminId, action: 'user.password_reset', entityType: 'user', entityId: userId, details: { sessionsEnded } });
    return { password };
  });
}

export type ActivationResult = 'ok' | 'unchanged' | 'not_found' | 'self' | 'last_admin';

/**
 * Deactivates (their sessions end at once; what they wrote stays) or reactivates a user.
 * An admin cannot deactivate themselves, nor the last active admin.
 */
export async function setUserActiveByAdmin(adminId: number, userId: number, active: boolean): Promise<ActivationResult> {
  return db().transaction(async (trx) => {
    const before = await getUserForAdmin(userId, trx);
    if (!before) return 'not_found';
    if (before.active === active) return 'unchanged';
    if (!active && userId === adminId) return 'self';
    if (!active && before.roles.includes('admin') && (await activeAdminCount(trx, userId)) === 0) return 'last_admin';
    await trx('users').where({ id: userId }).update({ active, updated_at: nowIso() });
    const sessionsEnded = active ? 0 : await deleteUserSessions(trx, userId);
    await writeAudit(trx, {
      userId: adminId,
      action: active ? 'user.reactivate' : 'user.deactivate',
      entityType: 'user',
      entityId: userId,
      details: active ? { username: before.username } : { username: before.username, sessionsEnded },
    });
    return 'ok';
  });
}

/**
 * A user changes their own password: the current one must be right. The flag of a temporary
 * password is cleared and the user's other sessions end; the one making the change stays.
 *
 * The check of the current password is an oracle, so it goes through the login throttle: it counts toward the same limits of the user name and the address as a login. When the
 * name is at its limit the caller ends the session (`throttled: 'username'`); at the address's
 * limit the change is refused and nothing is checked.
 */
export async function changeOwnPassword(
  user: { id: number; username: string },
  currentSessionId: string | null,
  input: { currentPassword: string; newPassword: string },
  address: string,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors } | { ok: false; throttled: Throttle }> {
  const userId = user.id;
  const judged = await judgePassword(user.username, address, async () => {
    const row = await db()('users').where({ id: userId, active: true }).first('password_hash');
    return { valid: Boolean(row && (await verifyPassword(input.currentPassword, row.password_hash))), hash: row?.password_hash as string | undefined };
  });
  if (judged.throttled) {
    await writeAudit(db(), {
      userId,
      action: 'user.password_change',
      entityType: 'user',
      entityId: userId,
      outcome: 'failure',
      details: { reason: 'throttled', by: judged.throttled },
    });
    return { ok: false, throttled: judged.throttled };
  }
  if (!judged.valid || !judged.hash) {
    await writeAudit(db(), {
      userId,
      action: 'user.password_change',
      entityType: 'user',
      entityId: userId,
      outcome: 'failure',
      details: { reason: 'wrongPassword' },
    });
    return { ok: false, errors: { currentPassword: { code: 'wrongPassword' } } };
  }
  const checked = judged.hash;
  const hash = await hashPassword(input.newPassword);
  // Only over the hash that was checked: an admin's reset in between wins, and this change is refused.
  const changed = await db().transaction(async (trx) => {
    const updated = await trx('users')
      .where({ id: userId, active: true, password_hash: checked })
      .update({ password_hash: hash, must_change_password: false, updated_at: nowIso() });
    if (updated !== 1) return false;
    const otherSessionsEnded = await deleteUserSessions(trx, userId, currentSessionId);
    await writeAudit(trx, { userId, action: 'user.password_change', entityType: 'user', entityId: userId, details: { otherSessionsEnded } });
    return true;
  });
  if (!changed) return { ok: false, errors: { currentPassword: { code: 'wrongPassword' } } };
  return { ok: true };
}

/**
 * Ends the session that gave a wrong current password once too often: deleted on the
 * server, on record in the same transaction.
 */
export async function endThrottledSession(userId: number, sessionId: string | null) {
  await db().transaction(async (trx) => {
    const ended = sessionId ? Number(await trx('sessions').where({ id: sessionId, user_id: userId }).delete()) : 0;
    await writeAudit(trx, {
      userId,
      action: 'auth.session_ended',
      entityType: 'user',
      entityId: userId,
      outcome: 'failure',
      details: { reason: 'passwordThrottled', sessionsEnded: ended },
    });
  });
}
