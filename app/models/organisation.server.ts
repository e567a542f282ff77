import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { type ImageSize, type LogoType, type UnitKind, cleanName, sameName } from '~/domain/organisation';
import { writeAudit } from '~/utils/audit.server';
import { db } from '~/utils/db.server';

export interface Option {
  id: number;
  name: string;
}

export async function listBodies(conn: Knex = db()): Promise<Option[]> {
  return conn('bodies')
    .where({ active: true })
    .orderBy([{ column: 'sort_order' }, { column: 'name' }])
    .select('id', 'name');
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

// ---------------------------------------------------------------------------------------------
// Administration of the organisation: every change in one transaction with its audit row.

const TABLE: Record<UnitKind, 'bodies' | 'departments'> = { body: 'bodies', department: 'departments' };
const DECISION_COLUMN: Record<UnitKind, 'body_id' | 'department_id'> = { body: 'body_id', department: 'department_id' };

export interface Unit {
  id: number;
  name: string;
  active: boolean;
  decisions: number;
}

/** Every body or department, active and deactivated, in their order, with how many decisions refer to each. */
export async function listUnits(kind: UnitKind, conn: Knex = db()): Promise<Unit[]> {
  const rows = await conn(`${TABLE[kind]} as u`)
    .select('u.id', 'u.name', 'u.active')
    .select(conn('decisions as d').count('*').whereRaw(`d.${DECISION_COLUMN[kind]} = u.id`).as('decisions'))
    .orderBy([{ column: 'u.sort_order' }, { column: 'u.name' }, { column: 'u.id' }]);
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name), active: Boolean(r.active), decisions: Number(r.decisions) }));
}

export interface LogoMeta {
  type: LogoType;
  version: string;
  width: number;
  height: number;
}

const LOGO_KEYS = ['logo', 'logo_type', 'logo_version', 'logo_size'] as const;

/** What the header needs of the logo (not its bytes), or null if none is stored. */
export async function getLogoMeta(conn: Knex = db()): Promise<LogoMeta | null> {
  const rows: Array<{ key: string; value: string }> = await conn('settings').whereIn('key', ['logo_type', 'logo_version', 'logo_size']).select('key', 'value');
  const get = (key: string) => rows.find((r) => r.key === key)?.value;
  const type = get('logo_type');
  const version = get('logo_version');
  const size = /^(\d+)x(\d+)$/.exec(get('logo_size') ?? '');
  if (!type || !version) return null;
  return { type: type as LogoType, version, width: size ? Number(size[1]) : 0, height: size ? Number(size[2]) : 0 };
}

/** The stored logo's bytes, type and version stamp, or null. */
export async function getLogo(conn: Knex = db()): Promise<{ bytes: Buffer; type: LogoType; version: string } | null> {
  const rows: Array<{ key: string; value: string }> = await conn('settings').whereIn('key', ['logo', 'logo_type', 'logo_version']).select('key', 'value');
  const get = (key: string) => rows.find((r) => r.key === key)?.value;
  const data = get('logo');
  const type = get('logo_type');
  const version = get('logo_version');
  if (!data || !type || !version) return null;
  return { bytes: Buffer.from(data, 'base64'), type: type as LogoType, version };
}

export async function setMunicipalityName(adminId: number, name: string, conn: Knex = db()) {
  const value = cleanName(name);
  await conn.transaction(async (trx) => {
    const before = await getSetting('municipality_name', trx);
    if (before === value) return;
    await setSetting('municipality_name', value, trx);
    await writeAudit(trx, { userId: adminId, action: 'organisation.name', entityType: 'organisation', entityId: null, details: { from: before, to: value } });
  });
}

/** Stores a checked logo (see checkLogo) with a new version stamp, which changes its address in the header. */
export async function setLogo(adminId: number, bytes: Uint8Array, type: LogoType, size: ImageSize, conn: Knex = db()) {
  await conn.transaction(async (trx) => {
    const previous = await getSetting('logo_version', trx);
    // Time and a random part: every upload gets a new stamp, so a cached old logo is never shown.
    const stamp = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
    await setSetting('logo', Buffer.from(bytes).toString('base64'), trx);
    await setSetting('logo_type', type, trx);
    await setSetting('logo_size', `${size.width}x${size.height}`, trx);
    await setSetting('logo_version', stamp, trx);
    await writeAudit(trx, {
      userId: adminId,
      action: 'organisation.logo',
      entityType: 'organisation',
      entityId: null,
      details: { type, bytes: bytes.length, width: size.width, height: size.height, version: stamp, replaced: previous !== null },
    });
  });
}

/** Removes the logo; false if there was none (nothing written). */
export async function removeLogo(adminId: number, conn: Knex = db()): Promise<boolean> {
  return conn.transaction(async (trx) => {
    const previous = await getSetting('logo_version', trx);
    if (previous === null) return false;
    await trx('settings')
      .whereIn('key', [...LOGO_KEYS])
      .delete();
    await writeAudit(trx, { userId: adminId, action: 'organisation.logo_remove', entityType: 'organisation', entityId: null, details: { version: previous } });
    return true;
  });
}

type UnitResult = { ok: true; id: number } | { ok: false; reason: 'nameTaken' | 'notFound' };

async function nameTaken(trx: Knex, kind: UnitKind, name: string, exceptId: number | null) {
  const rows: Array<{ id: number; name: string }> = await trx(TABLE[kind]).select('id', 'name');
  return rows.some((r) => Number(r.id) !== exceptId && sameName(String(r.name), name));
}

const isUniqueViolation = (error: unknown) => /unique/i.test(String((error as { message?: unknown })?.message ?? ''));

/** A new body or department, last in the order and active. Names are unique regardless of case. */
export async function createUnit(adminId: number, kind: UnitKind, rawName: string, conn: Knex = db()): Promise<UnitResult> {
  const name = cleanName(rawName);
  try {
    return await conn.transaction(async (trx) => {
      if (await nameTaken(trx, kind, name, null)) return { ok: false as const, reason: 'nameTaken' as const };
      const max = (await trx(TABLE[kind]).max({ m: 'sort_order' }).first()) as { m?: number | null } | undefined;
      const [row] = await trx(TABLE[kind])
        .insert({ name, sort_order: Number(max?.m ?? 0) + 10, active: true })
        .returning('id');
      const id = Number(typeof row === 'object' ? row.id : row);
      await writeAudit(trx, { userId: adminId, action: `${kind}.create`, entityType: kind, entityId: id, details: { name } });
      return { ok: true as const, id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'nameTaken' };
    throw error;
  }
}

export async function renameUnit(adminId: number, kind: UnitKind, id: number, rawName: string, conn: Knex = db()): Promise<UnitResult> {
  const name = cleanName(rawName);
  try {
    return await conn.transaction(async (trx) => {
      const row = await trx(TABLE[kind]).where({ id }).first('id', 'name');
      if (!row) return { ok: false as const, reason: 'notFound' as const };
      if (row.name === name) return { ok: true as const, id };
      if (await nameTaken(trx, kind, name, id)) return { ok: false as const, reason: 'nameTaken' as const };
      await trx(TABLE[kind]).where({ id }).update({ name });
      await writeAudit(trx, { userId: adminId, action: `${kind}.rename`, entityType: kind, entityId: id, details: { from: row.name, to: name } });
      return { ok: true as const, id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'nameTaken' };
    throw error;
  }
}

/**
 * Moves one row a step up or down in its list (active and deactivated together). The list's
 * order is written out again as 10, 20, 30…, so that equal sort orders of old data cannot stall a move.
 * Returns false for an unknown id; moving the first up or the last down changes nothing.
 */
export async function moveUnit(adminId: number, kind: UnitKind, id: number, direction: 'up' | 'down', conn: Knex = db()): Promise<boolean> {
  return conn.transaction(async (trx) => {
    const rows: Array<{ id: number; name: string }> = await trx(TABLE[kind])
      .orderBy([{ column: 'sort_order' }, { column: 'name' }, { column: 'id' }])
      .select('id', 'name');
    const ids = rows.map((r) => Number(r.id));
    const from = ids.indexOf(id);
    if (from < 0) return false;
    const to = direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= ids.length) return true;
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    for (const [index, rowId] of ids.entries())
      await trx(TABLE[kind])
        .where({ id: rowId })
        .update({ sort_order: (index + 1) * 10 });
    await writeAudit(trx, {
      userId: adminId,
      action: `${kind}.move`,
      entityType: kind,
      entityId: id,
      details: { name: rows[from]!.name, direction, from: from + 1, to: to + 1 },
    });
    return true;
  });
}

/** Deactivates or reactivates a body or department. Its decisions keep it; only new drafts no longer offer it. */
export async function setUnitActive(adminId: number, kind: UnitKind, id: number, active: boolean, conn: Knex = db()): Promise<boolean> {
  return conn.transaction(async (trx) => {
    const row = await trx(TABLE[kind]).where({ id }).first('id', 'name', 'active');
    if (!row) return false;
    if (Boolean(row.active) === active) return true;
    await trx(TABLE[kind]).where({ id }).update({ active });
    await writeAudit(trx, {
      userId: adminId,
      action: `${kind}.${active ? 'reactivate' : 'deactivate'}`,
      entityType: kind,
      entityId: id,
      details: { name: row.name },
    });
    return true;
  });
}

/**
 * The choices of a draft's form: the active bodies (or departments), plus the one the draft
 * already has even if it has since been deactivated, so that editing an older draft keeps it.
 */
export async function unitOptions(kind: UnitKind, keepId: number | null = null, conn: Knex = db()): Promise<Option[]> {
  return conn(TABLE[kind])
    .where((w) => {
      w.where({ active: true });
      if (keepId) w.orWhere({ id: keepId });
    })
    .orderBy([{ column: 'sort_order' }, { column: 'name' }])
    .select('id', 'name');
}
