import type { Knex } from 'knex';
import type { FrameworkFile, FrameworkVersion } from '~/domain/framework';
import type { FrameworkVersionRow } from '../../db/tables';
import { db, idOf, nowIso } from '~/utils/db.server';

const parseList = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
};

/**
 * Loads a framework file as an active version, unless a version with its key exists
 * (so that set-up can run again and again). Returns the version's id.
 */
export async function importFramework(file: FrameworkFile, conn: Knex = db()): Promise<number> {
  return conn.transaction(async (trx) => {
    const existing = await trx('framework_versions').where({ key: file.framework.key }).first('id');
    if (existing) return existing.id;
    return insertVersion(trx, file, 'active');
  });
}

/** Writes a whole framework version (its dimensions and principles in the file's order) inside a transaction. */
export async function insertVersion(trx: Knex.Transaction, file: FrameworkFile, status: 'active' | 'draft', basedOnId: number | null = null): Promise<number> {
  // One framework per installation for now; its key is the first version's key.
  let framework = await trx('frameworks').first('id');
  if (!framework) {
    const [row] = await trx('frameworks').insert({ key: file.framework.key, name: file.framework.name }).returning('id');
    framework = { id: idOf(row) };
  }
  const now = nowIso();
  const [versionRow] = await trx('framework_versions')
    .insert({
      framework_id: framework.id,
      key: file.framework.key,
      name: file.framework.name,
      approved_by: file.framework.approvedBy || null,
      approved_on: file.framework.approvedOn ?? null,
      valid_from: file.framework.validFrom,
      valid_to: file.framework.validTo ?? null,
      status,
      metadata: JSON.stringify({
        visionName: file.framework.visionName,
        visionHashtag: file.framework.visionHashtag,
        annualEvaluationRule: file.framework.annualEvaluationRule,
      }),
      based_on_id: basedOnId,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  const versionId = idOf(versionRow);
  for (const [dimensionIndex, dimension] of file.dimensions.entries()) {
    const [dimensionRow] = await trx('dimensions')
      .insert({
        version_id: versionId,
        key: dimension.key,
        name: dimension.name,
        question: dimension.question || null,
        kind: dimension.kind,
        evaluation_questions: JSON.stringify(dimension.evaluationQuestions),
        sort_order: dimensionIndex + 1,
      })
      .returning('id');
    const dimensionId = idOf(dimensionRow);
    const principles = [...dimension.principles].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    await trx('principles').insert(
      principles.map((p, index) => ({
        version_id: versionId,
        dimension_id: dimensionId,
        key: p.key,
        title: p.title,
        description: p.description,
        guiding_questions: JSON.stringify(p.guidingQuestions),
        scope: p.scope || null,
        sort_order: index + 1,
      })),
    );
  }
  return versionId;
}

/**
 * Active versions, as read once by this process. An active version never changes again and is
 * never deleted (only a draft is edited or deleted: framework-admin.server.ts), so what was read is
 * what every later read would give, in every app process; a draft is read afresh each time. The
 * objects are frozen: a caller that changed one would change it for every later request.
 */
const activeVersions = new Map<number, FrameworkVersion>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export async function getFrameworkVersion(id: number, conn: Knex = db()): Promise<FrameworkVersion | null> {
  const known = activeVersions.get(id);
  if (known) return known;
  const version = await conn('framework_versions').where({ id }).first();
  if (!version) return null;
  const read = await readFrameworkVersion(version, conn);
  if (version.status === 'active') activeVersions.set(id, deepFreeze(read));
  return read;
}

async function readFrameworkVersion(version: FrameworkVersionRow, conn: Knex): Promise<FrameworkVersion> {
  const id = version.id;
  const [dimensions, principles] = await Promise.all([
    conn('dimensions').where({ version_id: id }).orderBy('sort_order'),
    conn('principles').where({ version_id: id }).orderBy('sort_order'),
  ]);
  return {
    id: version.id,
    key: version.key,
    name: version.name,
    approvedBy: version.approved_by,
    approvedOn: version.approved_on,
    validFrom: version.valid_from,
    validTo: version.valid_to,
    dimensions: dimensions.map((d) => ({
      id: d.id,
      key: d.key,
      name: d.name,
      question: d.question,
      kind: d.kind,
      principles: principles
        .filter((p) => p.dimension_id === d.id)
        .map((p) => ({
          id: p.id,
          key: p.key,
          title: p.title,
          description: p.description,
          guidingQuestions: parseList(p.guiding_questions),
          scope: p.scope,
        })),
    })),
  };
}

/**
 * The version in force on a date: the latest active version that had started by then.
 * A strategy stays in force after its planned end until a new one replaces it, so a date
 * after `valid_to` still gets the latest version (the checklist says so). Before the first
 * version, the first one is used.
 */
export async function versionIdInForce(date: string, conn: Knex = db()): Promise<number | null> {
  const started = await conn('framework_versions').where({ status: 'active' }).andWhere('valid_from', '<=', date).orderBy('valid_from', 'desc').first('id');
  if (started) return started.id;
  const first = await conn('framework_versions').where({ status: 'active' }).orderBy('valid_from', 'asc').first('id');
  return first?.id ?? null;
}
