import type { Knex } from 'knex';
import type { ChecklistInput } from '~/domain/checklist';
import {
  type ImportError,
  type ImportRow,
  type StrategyKeys,
  decodeCsv,
  meetingDatesOf,
  nameKey,
  parseCsv,
  sortErrors,
  validateImport,
} from '~/domain/import';
import { requiresMitigation } from '~/domain/scale';
import { searchTextOf } from '~/domain/search';
import { type StrategyVersion, linkedPrinciples, scoredPrinciples } from '~/domain/strategy';
import { writeAudit } from '~/utils/audit.server';
import { db, nowIso } from '~/utils/db.server';
import { type AssessmentContent, readAssessmentContent, writeAssessmentContent } from './assessment-content.server';
import { getStrategyVersion, idOf, versionIdInForce } from './framework.server';
import { takeSnapshot } from './workflow.server';

export type ImportResult = { ok: true; created: number; updated: number } | { ok: false; errors: ImportError[] };

export interface Importer {
  id: number;
}

/** Where the import came from, for the audit log. */
export type ImportChannel = 'cli' | 'web';

const CHUNK = 500;

// For the upload page: the CSV parser is imported only on the server, never into the browser's bundle.
export { OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from '~/domain/import';

/** Imports a file's bytes: UTF-8 (with or without a BOM) is required. */
export async function importCsvFile(bytes: Uint8Array, importer: Importer, channel: ImportChannel, conn: Knex = db()): Promise<ImportResult> {
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) return decoded;
  return importDecisions(decoded.value, importer, channel, conn);
}

/**
 * Imports earlier assessments from a CSV file's text, all or nothing, in one transaction: each
 * row creates a decided decision or, when a decision with its case number exists, updates that
 * one (its fields, answers and projects). Nothing is written if any row is bad; the answer then
 * lists every problem with its line and column.
 */
export async function importDecisions(text: string, importer: Importer, channel: ImportChannel, conn: Knex = db()): Promise<ImportResult> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const csv = parsed.value;
  return conn.transaction(async (trx) => {
    // The strategy in force on each meeting date, found the way a new draft finds it.
    const versionOfDate = new Map<string, number>();
    const strategies = new Map<number, StrategyVersion>();
    for (const date of meetingDatesOf(csv)) {
      const versionId = await versionIdInForce(date, trx);
      if (versionId === null) continue;
      versionOfDate.set(date, versionId);
      if (!strategies.has(versionId)) {
        const strategy = await getStrategyVersion(versionId, trx);
        if (strategy) strategies.set(versionId, strategy);
      }
    }
    const keysOf = new Map<number, StrategyKeys>(
      [...strategies].map(([id, s]) => [id, { scored: scoredPrinciples(s).map((p) => p.key), projects: linkedPrinciples(s).map((p) => p.key) }]),
    );
    const [bodies, departments] = await Promise.all([
      trx('bodies').where({ active: true }).select('id', 'name'),
      trx('departments').where({ active: true }).orderBy('sort_order').select('id', 'name'),
    ]);
    const checked = validateImport(csv, {
      strategyFor: (date) => keysOf.get(versionOfDate.get(date) ?? -1) ?? null,
      bodies: bodies.map((b) => b.name),
      departments: departments.map((d) => d.name),
    });
    if (!checked.ok) return { ok: false, errors: checked.errors };
    const rows = checked.value;

    // The decisions that exist already, by case number; two with one number cannot be told apart.
    const existing = new Map<string, number[]>();
    const caseNumbers = rows.map((r) => r.caseNumber);
    for (let i = 0; i < caseNumbers.length; i += CHUNK) {
      const found = await trx('decisions').whereIn('case_number', caseNumbers.slice(i, i + CHUNK)).orderBy('id').select('id', 'case_number');
      for (const d of found) existing.set(d.case_number!, [...(existing.get(d.case_number!) ?? []), d.id]);
    }
    const errors: ImportError[] = [];
    for (const row of rows) {
      const ids = existing.get(row.caseNumber) ?? [];
      if (ids.length > 1) errors.push({ line: row.line, column: 'case_number', code: 'ambiguousCaseNumber', params: { count: ids.length } });
    }
    // A new decision without a department gets the importing user's; else the first in use.
    const ownDepartment = await trx('user_departments as ud')
      .join('departments as d', 'd.id', 'ud.department_id')
      .where({ 'ud.user_id': importer.id, 'ud.relation': 'member', 'd.active': true })
      .orderBy('d.sort_order')
      .first('d.id');
    const defaultDepartment = ownDepartment?.id ?? departments[0]?.id ?? null;
    if (defaultDepartment === null) {
      for (const row of rows) {
        if (!row.department && !existing.has(row.caseNumber)) errors.push({ line: row.line, column: 'department', code: 'noDepartment' });
      }
    }
    if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };

    const bodyId = new Map(bodies.map((b) => [nameKey(b.name), b.id]));
    const departmentId = new Map(departments.map((d) => [nameKey(d.name), d.id]));
    const refs = (row: ImportRow) => ({
      bodyId: bodyId.get(nameKey(row.body))!,
      departmentId: row.department ? departmentId.get(nameKey(row.department))! : null,
    });
    let created = 0;
    let updated = 0;
    for (const row of rows) {
      const versionId = versionOfDate.get(row.meetingDate)!;
      const strategy = strategies.get(versionId)!;
      const id = existing.get(row.caseNumber)?.[0];
      if (id === undefined) {
        await createImported(trx, row, refs(row).bodyId, refs(row).departmentId ?? defaultDepartment!, strategy, importer, channel);
        created++;
      } else {
        await updateImported(trx, id, row, refs(row), strategy, strategies, importer, channel);
        updated++;
      }
    }
    return { ok: true, created, updated };
  });
}

/** The answers and projects of a row as the checklist writes them; what the file lacks comes from `before`. */
function contentOf(row: ImportRow, before: AssessmentContent | null): ChecklistInput {
  const answers: ChecklistInput['answers'] = {};
  for (const [key, a] of Object.entries(row.answers)) {
    const old = before?.answers[key];
    answers[key] = {
      answer: a.answer,
      rationale: a.reason ?? old?.rationale ?? '',
      // The file has no mitigation: an existing one stays while the answer is still negative.
      mitigation: requiresMitigation(a.answer) ? (old?.mitigation ?? '') : '',
    };
  }
  return { answers, projects: row.projects ?? before?.projects ?? [] };
}

async function createImported(
  trx: Knex.Transaction,
  row: ImportRow,
  bodyId: number,
  departmentId: number,
  strategy: StrategyVersion,
  importer: Importer,
  channel: ImportChannel,
) {
  const now = nowIso();
  const [decisionRow] = await trx('decisions')
    .insert({
      title: row.title,
      case_number: row.caseNumber,
      body_id: bodyId,
      department_id: departmentId,
      meeting_date: row.meetingDate,
      description: '',
      confidential: row.confidential ?? false,
      author_id: importer.id,
      preparer: row.preparer ?? null,
      outcome: row.outcome ?? null,
      decided_at: now,
      decided_by: importer.id,
      created_at: now,
      updated_at: now,
      search_text: searchTextOf({ title: row.title, caseNumber: row.caseNumber, description: '' }),
    })
    .returning('id');
  const decisionId = idOf(decisionRow);
  const [assessmentRow] = await trx('assessments')
    .insert({
      decision_id: decisionId,
      framework_version_id: strategy.id,
      is_proposal: true,
      status: 'decided',
      version: 1,
      updated_by: importer.id,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  await writeAssessmentContent(trx, idOf(assessmentRow), strategy, contentOf(row, null));
  await takeSnapshot(trx, decisionId, 'decided', importer.id, now);
  await writeAudit(trx, {
    userId: importer.id,
    action: 'decision.import',
    entityType: 'decision',
    entityId: decisionId,
    details: { created: true, caseNumber: row.caseNumber, line: row.line, via: channel },
  });
}

async function updateImported(
  trx: Knex.Transaction,
  decisionId: number,
  row: ImportRow,
  refs: { bodyId: number; departmentId: number | null },
  strategy: StrategyVersion,
  strategies: Map<number, StrategyVersion>,
  importer: Importer,
  channel: ImportChannel,
) {
  const now = nowIso();
  const decision = await trx('decisions').where({ id: decisionId }).first();
  const assessment = await trx('assessments').where({ decision_id: decisionId, is_proposal: true }).first();
  if (!decision || !assessment) throw new Error(`Decision ${decisionId} has no proposal assessment`);
  let previous = strategies.get(assessment.framework_version_id);
  if (!previous) {
    previous = (await getStrategyVersion(assessment.framework_version_id, trx)) ?? undefined;
    if (previous) strategies.set(previous.id, previous);
  }
  const before = previous ? await readAssessmentContent(assessment.id, previous, trx) : null;
  await trx('decisions')
    .where({ id: decisionId })
    .update({
      title: row.title,
      body_id: refs.bodyId,
      meeting_date: row.meetingDate,
      ...(refs.departmentId !== null ? { department_id: refs.departmentId } : {}),
      ...(row.preparer !== undefined ? { preparer: row.preparer } : {}),
      ...(row.outcome !== undefined ? { outcome: row.outcome } : {}),
      ...(row.confidential !== undefined ? { confidential: row.confidential } : {}),
      decided_at: decision.decided_at ?? now,
      decided_by: decision.decided_by ?? importer.id,
      updated_at: now,
      search_text: searchTextOf({ title: row.title, caseNumber: row.caseNumber, description: decision.description }),
    });
  // A new version, so that a form opened before the import sees that the assessment changed.
  await trx('assessments')
    .where({ id: assessment.id })
    .update({
      framework_version_id: strategy.id,
      status: 'decided',
      version: assessment.version + 1,
      updated_by: importer.id,
      updated_at: now,
    });
  await writeAssessmentContent(trx, assessment.id, strategy, contentOf(row, before));
  await takeSnapshot(trx, decisionId, 'decided', importer.id, now);
  await writeAudit(trx, {
    userId: importer.id,
    action: 'decision.import',
    entityType: 'decision',
    entityId: decisionId,
    details: {
      created: false,
      caseNumber: row.caseNumber,
      line: row.line,
      via: channel,
      from: { status: assessment.status, version: assessment.version },
    },
  });
}

/** The user a command-line import is recorded as: the one named, or the first admin. */
export async function findImporter(username: string | undefined, conn: Knex = db()): Promise<Importer | null> {
  if (username) {
    const user = await conn('users').where({ username: username.trim().toLowerCase(), active: true }).first('id');
    return user ? { id: user.id } : null;
  }
  const admin = await conn('users as u')
    .join('user_roles as r', 'r.user_id', 'u.id')
    .where({ 'r.role': 'admin', 'u.active': true })
    .orderBy('u.id')
    .first('u.id');
  return admin ? { id: admin.id } : null;
}
