import type { Knex } from 'knex';
import { addDays, todayInHelsinki } from '~/domain/dates';
import { type FrameworkFile, type FrameworkProblem, frameworkFileSchema, frameworkProblems } from '~/domain/framework';
import type { DimensionInput, PrincipleInput, VersionMetaInput } from '~/domain/framework-form';
import type { Actor } from '~/domain/roles';
import { writeAudit } from '~/utils/audit.server';
import { db, nowIso, takeTurns } from '~/utils/db.server';
import { idOf, insertVersion } from './framework.server';

/**
 * The admin's side of the frameworks (today the one strategy): versions listed with the period each is in force, a new
 * draft version copied from another, its dimensions and principles edited, imported and exported
 * as JSON, and activated. Only a draft can be changed: an active version is what assessments
 * were made with. Every change is one transaction with its audit row.
 */

export interface VersionSummary {
  id: number;
  key: string;
  name: string;
  status: 'draft' | 'active';
  approvedBy: string | null;
  approvedOn: string | null;
  validFrom: string;
  validTo: string | null;
  /** The last day it is in force (the day before the next active version starts); null while it is the newest. */
  inForceUntil: string | null;
  inForceToday: boolean;
  principles: number;
  assessments: number;
}

const parseList = (json: string | null): string[] => {
  try {
    const value: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
};

export async function listVersions(today: string, conn: Knex = db()): Promise<VersionSummary[]> {
  const [versions, principleCounts, assessmentCounts] = await Promise.all([
    conn('framework_versions').orderBy([
      { column: 'valid_from', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]),
    conn('principles').groupBy('version_id').select('version_id').count({ n: '*' }),
    conn('assessments').groupBy('framework_version_id').select('framework_version_id').count({ n: '*' }),
  ]);
  const principles = new Map(principleCounts.map((r) => [Number(r.version_id), Number(r.n)]));
  const assessments = new Map(assessmentCounts.map((r) => [Number(r.framework_version_id), Number(r.n)]));
  const active = versions.filter((v) => v.status === 'active').sort((a, b) => a.valid_from.localeCompare(b.valid_from));
  const until = new Map<number, string | null>();
  active.forEach((v, i) => until.set(v.id, active[i + 1] ? addDays(active[i + 1]!.valid_from, -1) : null));
  const started = active.filter((v) => v.valid_from <= today);
  const inForce = started[started.length - 1]?.id ?? active[0]?.id ?? null;
  return versions.map((v) => ({
    id: v.id,
    key: v.key,
    name: v.name,
    status: v.status === 'active' ? 'active' : 'draft',
    approvedBy: v.approved_by,
    approvedOn: v.approved_on,
    validFrom: v.valid_from,
    validTo: v.valid_to,
    inForceUntil: until.get(v.id) ?? null,
    inForceToday: v.id === inForce,
    principles: principles.get(v.id) ?? 0,
    assessments: assessments.get(v.id) ?? 0,
  }));
}

export interface EditablePrinciple {
  id: number;
  key: string;
  title: string;
  description: string;
  guidingQuestions: string[];
  scope: string | null;
  /** Its key is in an active version: it names the same principle in every report, so it stays. */
  keyFixed: boolean;
}

export interface EditableDimension {
  id: number;
  key: string;
  name: string;
  question: string | null;
  kind: 'scored' | 'linked';
  evaluationQuestions: string[];
  keyFixed: boolean;
  principles: EditablePrinciple[];
}

export interface EditableVersion {
  id: number;
  key: string;
  name: string;
  status: 'draft' | 'active';
  approvedBy: string | null;
  approvedOn: string | null;
  validFrom: string;
  validTo: string | null;
  metadata: { visionName?: string; visionHashtag?: string; annualEvaluationRule?: string };
  basedOn: { id: number; name: string } | null;
  activatedAt: string | null;
  updatedAt: string | null;
  dimensions: EditableDimension[];
}

export async function getEditableVersion(id: number, conn: Knex = db()): Promise<EditableVersion | null> {
  const v = await conn('framework_versions').where({ id }).first();
  if (!v) return null;
  // One after another: inside a transaction on PostgreSQL the queries share one client.
  const dimensions = await conn('dimensions').where({ version_id: id }).orderBy('sort_order');
  const principles = await conn('principles').where({ version_id: id }).orderBy('sort_order');
  const basedOn = v.based_on_id ? await conn('framework_versions').where({ id: v.based_on_id }).first('id', 'name') : undefined;
  const usedPrincipleKeys = await usedKeys(conn, 'principles', id);
  const usedDimensionKeys = await usedKeys(conn, 'dimensions', id);
  let metadata: EditableVersion['metadata'] = {};
  try {
    metadata = JSON.parse(v.metadata) as EditableVersion['metadata'];
  } catch {
    metadata = {};
  }
  return {
    id: v.id,
    key: v.key,
    name: v.name,
    status: v.status === 'active' ? 'active' : 'draft',
    approvedBy: v.approved_by,
    approvedOn: v.approved_on,
    validFrom: v.valid_from,
    validTo: v.valid_to,
    metadata,
    basedOn: basedOn ? { id: basedOn.id, name: basedOn.name } : null,
    activatedAt: v.activated_at,
    updatedAt: v.updated_at,
    dimensions: dimensions.map((d) => ({
      id: d.id,
      key: d.key,
      name: d.name,
      question: d.question,
      kind: d.kind === 'linked' ? 'linked' : 'scored',
      evaluationQuestions: parseList(d.evaluation_questions),
      keyFixed: v.status === 'active' || usedDimensionKeys.has(d.key),
      principles: principles
        .filter((p) => p.dimension_id === d.id)
        .map((p) => ({
          id: p.id,
          key: p.key,
          title: p.title,
          description: p.description,
          guidingQuestions: parseList(p.guiding_questions),
          scope: p.scope,
          keyFixed: v.status === 'active' || usedPrincipleKeys.has(p.key),
        })),
    })),
  };
}

/** Keys that an active version other than this one uses: they are fixed for good. */
async function usedKeys(conn: Knex, table: 'principles' | 'dimensions', exceptVersion: number): Promise<Set<string>> {
  const keys = await conn(`${table} as x`)
    .join('framework_versions as v', 'v.id', 'x.version_id')
    .where('v.status', 'active')
    .whereNot('v.id', exceptVersion)
    .distinct('x.key')
    .pluck('x.key');
  return new Set(keys as string[]);
}

/** The version as a framework file: what export writes and what activation checks. */
export function fileOf(v: EditableVersion): Record<string, unknown> {
  return {
    framework: {
      key: v.key,
      name: v.name,
      ...(v.approvedBy ? { approvedBy: v.approvedBy } : {}),
      ...(v.approvedOn ? { approvedOn: v.approvedOn } : {}),
      validFrom: v.validFrom,
      validTo: v.validTo,
      ...(v.metadata.visionName ? { visionName: v.metadata.visionName } : {}),
      ...(v.metadata.visionHashtag ? { visionHashtag: v.metadata.visionHashtag } : {}),
      ...(v.metadata.annualEvaluationRule ? { annualEvaluationRule: v.metadata.annualEvaluationRule } : {}),
    },
    dimensions: v.dimensions.map((d) => ({
      key: d.key,
      name: d.name,
      ...(d.question ? { question: d.question } : {}),
      kind: d.kind,
      evaluationQuestions: d.evaluationQuestions,
      principles: d.principles.map((p, i) => ({
        key: p.key,
        order: i + 1,
        title: p.title,
        description: p.description,
        ...(p.scope ? { scope: p.scope } : {}),
        guidingQuestions: p.guidingQuestions,
      })),
    })),
  };
}

export type Change<T = void> =
  { ok: true; value: T } | { ok: false; reason: 'not_found' | 'conflict' | 'stale' } | { ok: false; reason: 'invalid'; problems: FrameworkProblem[] };

type Trx = Knex.Transaction;

/**
 * Runs a change of a draft version: 404 when there is none, 409 when it is no longer a draft, and
 * 'stale' when a form's `expected` stamp (the version's updated_at when the form was drawn) is not
 * the version's any more: someone else changed it in between. A refused change leaves nothing.
 */
async function changeDraft<T>(
  versionId: number,
  actor: Actor,
  action: string,
  work: (trx: Trx) => Promise<{ value: T; details?: Record<string, unknown> } | Change<never>>,
  expected?: string | null,
): Promise<Change<T>> {
  try {
    return await db().transaction(async (trx) => {
      await takeTurns(trx, 'strategy');
      const v = await trx('framework_versions').where({ id: versionId }).first('id', 'status', 'updated_at');
      if (!v) return { ok: false, reason: 'not_found' } as const;
      if (v.status !== 'draft') return { ok: false, reason: 'conflict' } as const;
      if (expected !== undefined && (expected || null) !== (v.updated_at ?? null)) return { ok: false, reason: 'stale' } as const;
      const result = await work(trx);
      if ('ok' in result) throw new RefusedChange(result);
      await trx('framework_versions').where({ id: versionId }).update({ updated_at: nowIso() });
      await writeAudit(trx, { userId: actor.id, action, entityType: 'framework_version', entityId: versionId, details: result.details });
      return { ok: true, value: result.value } as const;
    });
  } catch (error) {
    if (error instanceof RefusedChange) return error.change;
    throw error;
  }
}

class RefusedChange extends Error {
  constructor(readonly change: Change<never>) {
    super('refused');
  }
}

/** A version key not taken yet: base, base-2, base-3… */
async function freeVersionKey(trx: Trx | Knex, base: string): Promise<string> {
  const stem = base.slice(0, 58);
  const taken = new Set((await trx('framework_versions').where('key', 'like', `${stem}%`).pluck('key')) as string[]);
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

/** The first of January after today: when a new strategy version usually starts. */
export function nextNewYear(today: string): string {
  return `${Number(today.slice(0, 4)) + 1}-01-01`;
}

/** A new draft version as a copy of another, with the same keys, starting next January. */
export async function copyVersion(sourceId: number, actor: Actor, today: string): Promise<Change<number>> {
  return db().transaction(async (trx) => {
    await takeTurns(trx, 'strategy');
    const source = await getEditableVersion(sourceId, trx);
    if (!source) return { ok: false, reason: 'not_found' } as const;
    const raw = fileOf(source);
    const parsed = frameworkFileSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: 'invalid', problems: frameworkProblems(raw, parsed.error) } as const;
    const file = parsed.data;
    const validFrom = nextNewYear(today);
    file.framework.key = await freeVersionKey(trx, `${source.key.replace(/-\d{4}$/, '')}-${validFrom.slice(0, 4)}`);
    file.framework.validFrom = validFrom;
    file.framework.validTo = null;
    file.framework.approvedBy = undefined;
    file.framework.approvedOn = undefined;
    const id = await insertVersion(trx, file, 'draft', sourceId);
    await writeAudit(trx, {
      userId: actor.id,
      action: 'strategy.copy',
      entityType: 'framework_version',
      entityId: id,
      details: { from: sourceId, key: file.framework.key },
    });
    return { ok: true, value: id } as const;
  });
}

/** Loads a framework file as a new draft version; a taken version key gets a suffix (reported back). */
export async function importVersion(file: FrameworkFile, actor: Actor): Promise<{ id: number; key: string; renamedFrom: string | null }> {
  return db().transaction(async (trx) => {
    await takeTurns(trx, 'strategy');
    const key = await freeVersionKey(trx, file.framework.key);
    const renamedFrom = key === file.framework.key ? null : file.framework.key;
    const id = await insertVersion(trx, { ...file, framework: { ...file.framework, key } }, 'draft');
    await writeAudit(trx, { userId: actor.id, action: 'strategy.import', entityType: 'framework_version', entityId: id, details: { key, renamedFrom } });
    return { id, key, renamedFrom };
  });
}

export async function updateVersionMeta(versionId: number, input: VersionMetaInput, actor: Actor, expected?: string | null): Promise<Change> {
  return changeDraft(
    versionId,
    actor,
    'strategy.update',
    async (trx) => {
      const clash = await trx('framework_versions').where({ key: input.key }).whereNot({ id: versionId }).first('id');
      if (clash) return { ok: false, reason: 'invalid', problems: [{ code: 'keyTaken', field: 'key' }] } as const;
      const current = await trx('framework_versions').where({ id: versionId }).first('metadata');
      let metadata: Record<string, unknown> = {};
      try {
        metadata = JSON.parse(current?.metadata ?? '{}') as Record<string, unknown>;
      } catch {
        metadata = {};
      }
      await trx('framework_versions')
        .where({ id: versionId })
        .update({
          key: input.key,
          name: input.name,
          approved_by: input.approvedBy || null,
          approved_on: input.approvedOn,
          valid_from: input.validFrom,
          valid_to: input.validTo,
          metadata: JSON.stringify({ ...metadata, visionName: input.visionName || undefined }),
        });
      return { value: undefined, details: { key: input.key, name: input.name, validFrom: input.validFrom, validTo: input.validTo } };
    },
    expected,
  );
}

async function dimensionOf(trx: Trx, versionId: number, dimensionId: number) {
  return trx('dimensions').where({ id: dimensionId, version_id: versionId }).first();
}

/** Adds (dimensionId null) or changes a dimension of a draft. A key in use by an active version stays as it was. */
export async function saveDimension(
  versionId: number,
  dimensionId: number | null,
  input: DimensionInput,
  actor: Actor,
  expected?: string | null,
): Promise<Change<number>> {
  return changeDraft<number>(
    versionId,
    actor,
    dimensionId ? 'strategy.dimension.update' : 'strategy.dimension.create',
    async (trx) => {
      const existing = dimensionId ? await dimensionOf(trx, versionId, dimensionId) : null;
      if (dimensionId && !existing) return { ok: false, reason: 'not_found' } as const;
      const fixed = existing ? (await usedKeys(trx, 'dimensions', versionId)).has(existing.key) : false;
      const key = fixed && existing ? existing.key : input.key;
      // Whether a dimension's principles are scored is part of what its key means in the reports.
      const kind = fixed && existing ? existing.kind : input.kind;
      const clash = await trx('dimensions')
        .where({ version_id: versionId, key })
        .modify((q) => (dimensionId ? q.whereNot({ id: dimensionId }) : q))
        .first('id');
      if (clash) return { ok: false, reason: 'invalid', problems: [{ code: 'keyTaken', field: 'key' }] } as const;
      const row = {
        key,
        name: input.name,
        question: input.question || null,
        kind,
        evaluation_questions: JSON.stringify(input.evaluationQuestions),
      };
      if (existing) {
        await trx('dimensions').where({ id: existing.id }).update(row);
        return { value: existing.id, details: { dimension: key } };
      }
      const last = await trx('dimensions').where({ version_id: versionId }).max({ m: 'sort_order' }).first();
      const [inserted] = await trx('dimensions')
        .insert({ ...row, version_id: versionId, sort_order: Number(last?.m ?? 0) + 1 })
        .returning('id');
      return { value: idOf(inserted), details: { dimension: key } };
    },
    expected,
  );
}

/** Adds (principleId null) or changes a principle of a draft; it may move to another dimension of the version. */
export async function savePrinciple(
  versionId: number,
  principleId: number | null,
  input: PrincipleInput,
  actor: Actor,
  expected?: string | null,
): Promise<Change<number>> {
  return changeDraft<number>(
    versionId,
    actor,
    principleId ? 'strategy.principle.update' : 'strategy.principle.create',
    async (trx) => {
      const existing = principleId ? await trx('principles').where({ id: principleId, version_id: versionId }).first() : null;
      if (principleId && !existing) return { ok: false, reason: 'not_found' } as const;
      const dimension = await dimensionOf(trx, versionId, input.dimensionId);
      if (!dimension) return { ok: false, reason: 'invalid', problems: [{ code: 'invalidChoice', field: 'dimensionId' }] } as const;
      const fixed = existing ? (await usedKeys(trx, 'principles', versionId)).has(existing.key) : false;
      const key = fixed && existing ? existing.key : input.key;
      const clash = await trx('principles')
        .where({ version_id: versionId, key })
        .modify((q) => (principleId ? q.whereNot({ id: principleId }) : q))
        .first('id');
      if (clash) return { ok: false, reason: 'invalid', problems: [{ code: 'keyTaken', field: 'key' }] } as const;
      const row = {
        key,
        title: input.title,
        description: input.description,
        guiding_questions: JSON.stringify(input.guidingQuestions),
        dimension_id: dimension.id,
      };
      const last = async () => Number((await trx('principles').where({ dimension_id: dimension.id }).max({ m: 'sort_order' }).first())?.m ?? 0);
      if (existing) {
        const moved = existing.dimension_id !== dimension.id;
        await trx('principles')
          .where({ id: existing.id })
          .update({ ...row, ...(moved ? { sort_order: (await last()) + 1 } : {}) });
        return { value: existing.id, details: { principle: key } };
      }
      const [inserted] = await trx('principles')
        .insert({ ...row, version_id: versionId, sort_order: (await last()) + 1 })
        .returning('id');
      return { value: idOf(inserted), details: { principle: key } };
    },
    expected,
  );
}

export async function removeDimension(versionId: number, dimensionId: number, actor: Actor): Promise<Change> {
  return changeDraft(versionId, actor, 'strategy.dimension.remove', async (trx) => {
    const d = await dimensionOf(trx, versionId, dimensionId);
    if (!d) return { ok: false, reason: 'not_found' } as const;
    await trx('principles').where({ dimension_id: d.id }).delete();
    await trx('dimensions').where({ id: d.id }).delete();
    await renumber(trx, 'dimensions', { version_id: versionId });
    return { value: undefined, details: { dimension: d.key } };
  });
}

export async function removePrinciple(versionId: number, principleId: number, actor: Actor): Promise<Change> {
  return changeDraft(versionId, actor, 'strategy.principle.remove', async (trx) => {
    const p = await trx('principles').where({ id: principleId, version_id: versionId }).first();
    if (!p) return { ok: false, reason: 'not_found' } as const;
    await trx('principles').where({ id: p.id }).delete();
    await renumber(trx, 'principles', { dimension_id: p.dimension_id });
    return { value: undefined, details: { principle: p.key } };
  });
}

/** Moves a dimension, or a principle within its dimension, one place up or down. */
export async function move(versionId: number, what: 'dimension' | 'principle', id: number, direction: 'up' | 'down', actor: Actor): Promise<Change> {
  const table = what === 'dimension' ? 'dimensions' : 'principles';
  return changeDraft(versionId, actor, `strategy.${what}.move`, async (trx) => {
    const row = await trx(table).where({ id, version_id: versionId }).first();
    if (!row) return { ok: false, reason: 'not_found' } as const;
    const scope = what === 'dimension' ? { version_id: versionId } : { dimension_id: (row as { dimension_id: number }).dimension_id };
    const siblings = (await trx(table).where(scope).orderBy('sort_order').select('id')) as Array<{ id: number }>;
    const index = siblings.findIndex((s) => s.id === id);
    const target = direction === 'up' ? index - 1 : index + 1;
    if (target >= 0 && target < siblings.length) {
      [siblings[index], siblings[target]] = [siblings[target]!, siblings[index]!];
      for (const [i, s] of siblings.entries())
        await trx(table)
          .where({ id: s.id })
          .update({ sort_order: i + 1 });
    }
    return { value: undefined, details: { [what]: row.key, direction } };
  });
}

async function renumber(trx: Trx, table: 'dimensions' | 'principles', scope: Record<string, number>) {
  const rows = (await trx(table).where(scope).orderBy('sort_order').select('id')) as Array<{ id: number }>;
  for (const [i, r] of rows.entries())
    await trx(table)
      .where({ id: r.id })
      .update({ sort_order: i + 1 });
}

/** Problems that stop a draft from being activated: the file's own, and a start that does not come after the current version's. */
export async function activationProblems(v: EditableVersion, conn: Knex = db()): Promise<FrameworkProblem[]> {
  const raw = fileOf(v);
  const parsed = frameworkFileSchema.safeParse(raw);
  const problems = parsed.success ? [] : frameworkProblems(raw, parsed.error);
  const latest = await conn('framework_versions').where({ status: 'active' }).whereNot({ id: v.id }).max({ m: 'valid_from' }).first();
  if (latest?.m && v.validFrom <= latest.m) problems.push({ code: 'startsTooEarly', field: 'validFrom' });
  // Starting in the past would change what reports already given say: only while nothing was assessed since.
  if (v.validFrom < todayInHelsinki()) {
    const since = await conn('assessments as a')
      .join('decisions as d', 'd.id', 'a.decision_id')
      .where('d.meeting_date', '>=', v.validFrom)
      .count({ n: '*' })
      .first();
    if (Number(since?.n ?? 0) > 0) problems.push({ code: 'startsInPast', field: 'validFrom' });
  }
  // A key keeps its meaning: a principle scored in an earlier version stays scored (and a project a project).
  const earlier = (await conn('principles as p')
    .join('dimensions as d', 'd.id', 'p.dimension_id')
    .join('framework_versions as fv', 'fv.id', 'p.version_id')
    .where('fv.status', 'active')
    .whereNot('fv.id', v.id)
    .distinct('p.key', 'd.kind')) as Array<{ key: string; kind: string }>;
  const kindOf = new Map(earlier.map((r) => [r.key, r.kind]));
  v.dimensions.forEach((d, i) =>
    d.principles.forEach((p, j) => {
      const before = kindOf.get(p.key);
      if (before && before !== d.kind) {
        problems.push({ code: 'kindChanged', field: 'key', dimension: { n: i + 1, label: d.name }, principle: { n: j + 1, label: p.title } });
      }
    }),
  );
  return problems;
}

/** Activates a draft: from its first day, new drafts use it, and drafts of later meetings may move to it. */
export async function activateVersion(versionId: number, actor: Actor): Promise<Change> {
  return db().transaction(async (trx) => {
    await takeTurns(trx, 'strategy');
    const v = await getEditableVersion(versionId, trx);
    if (!v) return { ok: false, reason: 'not_found' } as const;
    if (v.status !== 'draft') return { ok: false, reason: 'conflict' } as const;
    const problems = await activationProblems(v, trx);
    if (problems.length > 0) return { ok: false, reason: 'invalid', problems } as const;
    const now = nowIso();
    await trx('framework_versions')
      .where({ id: versionId, status: 'draft' })
      .update({ status: 'active', activated_at: now, activated_by: actor.id, updated_at: now });
    await writeAudit(trx, {
      userId: actor.id,
      action: 'strategy.activate',
      entityType: 'framework_version',
      entityId: versionId,
      details: { key: v.key, validFrom: v.validFrom },
    });
    return { ok: true, value: undefined } as const;
  });
}

export async function deleteDraft(versionId: number, actor: Actor): Promise<Change> {
  return db().transaction(async (trx) => {
    await takeTurns(trx, 'strategy');
    const v = await trx('framework_versions').where({ id: versionId }).first('id', 'status', 'key');
    if (!v) return { ok: false, reason: 'not_found' } as const;
    if (v.status !== 'draft') return { ok: false, reason: 'conflict' } as const;
    await trx('framework_versions').where({ based_on_id: versionId }).update({ based_on_id: null });
    await trx('principles').where({ version_id: versionId }).delete();
    await trx('dimensions').where({ version_id: versionId }).delete();
    await trx('framework_versions').where({ id: versionId }).delete();
    await writeAudit(trx, { userId: actor.id, action: 'strategy.delete', entityType: 'framework_version', entityId: versionId, details: { key: v.key } });
    return { ok: true, value: undefined } as const;
  });
}

export { addDays };
