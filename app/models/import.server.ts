import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { ChecklistInput } from '~/domain/checklist';
import {
  APP_MADE_CODE,
  capErrors,
  type ImportError,
  type ImportRow,
  type ReplaceRule,
  type StrategyKeys,
  type ParsedCsv,
  decodeCsv,
  meetingDatesOf,
  nameKey,
  parseCsv,
  replaceRuleOf,
  sortErrors,
  validateImport,
} from '~/domain/import';
import type { AssessmentStatus } from '~/domain/permissions';
import type { Actor, Role } from '~/domain/roles';
import { hasRole } from '~/domain/roles';
import { judge } from '~/domain/workflow';
import { requiresMitigation } from '~/domain/scale';
import { searchTextOf } from '~/domain/search';
import { type FrameworkVersion, linkedPrinciples, scoredPrinciples } from '~/domain/framework';
import { writeAudit } from '~/utils/audit.server';
import { db, nowIso } from '~/utils/db.server';
import { type AssessmentContent, readAssessmentContent, writeAssessmentContent } from './assessment-content.server';
import { accessFacts, getDecisionDetail } from './decision.server';
import { getFrameworkVersion, idOf, versionIdInForce } from './framework.server';
import { takeSnapshot } from './workflow.server';

export type ImportResult =
  { ok: true; created: number; updated: number; replaced: number } | { ok: false; errors: ImportError[]; matches: AppMadeMatch[]; more?: number };

/**
 * A decision made in the app (not by an import) whose case number a row of the file names, as it
 * is now: what the confirmation page shows. The title only when the decision is not confidential.
 */
export interface AppMadeMatch {
  line: number;
  decisionId: number;
  caseNumber: string;
  version: number;
  status: AssessmentStatus;
  frozen: boolean;
  confidential: boolean;
  title: string | null;
  body: string;
  meetingDate: string;
  author: string;
  rule: ReplaceRule;
}

export interface ImportOptions {
  /** The kept file this import confirms (pending_imports.id): taken out in the import's transaction. */
  pendingId?: number;
  /**
   * Decisions made in the app that the admin chose to replace, each at the version the confirmation
   * page showed (null: as it is now, from the command line). Anything else made in the app is refused.
   */
  replace?: ReadonlyArray<{ decisionId: number; version: number | null }>;
}

export interface Importer {
  id: number;
}

/** Where the import came from, for the audit log. */
export type ImportChannel = 'cli' | 'web';

const CHUNK = 500;

// For the upload page: the CSV parser is imported only on the server, never into the browser's bundle.
export { CONFIRMABLE_CODES, IMPORT_CAPS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, parseReplaceChoices } from '~/domain/import';

/** Imports a file's bytes: UTF-8 (with or without a BOM) is required. */
export async function importCsvFile(
  bytes: Uint8Array,
  importer: Importer,
  channel: ImportChannel,
  conn: Knex = db(),
  options: ImportOptions = {},
): Promise<ImportResult & { text?: string }> {
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) return { ...decoded, matches: [] };
  return { ...(await importDecisions(decoded.value, importer, channel, conn, options)), text: decoded.value };
}

/** A replaced decision changed between the check and the write (a concurrent save): nothing is kept. */
class ChangedMeanwhile extends Error {
  constructor(readonly line: number) {
    super('changed meanwhile');
  }
}

/**
 * Imports earlier assessments from a CSV file's text, all or nothing, in one transaction: each
 * row creates a decided decision or, when an earlier import created the decision with its case
 * number, updates that one (its fields, answers and projects). A case number of a decision made
 * in the app is refused with its line and reason unless `options.replace` chooses it and its state
 * allows it (ADR 011); a confidential decision never becomes public. Nothing is written if any
 * row is refused; the answer then lists every problem with its line and column, and the decisions
 * made in the app that the rows name, for the confirmation page.
 */
export async function importDecisions(
  text: string,
  importer: Importer,
  channel: ImportChannel,
  conn: Knex = db(),
  options: ImportOptions = {},
): Promise<ImportResult> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ...parsed, matches: [] };
  const csv = parsed.value;
  try {
    return await conn.transaction((trx) => importInTransaction(trx, csv, importer, channel, options));
  } catch (error) {
    if (!(error instanceof ChangedMeanwhile)) throw error;
    return { ok: false, errors: [{ line: error.line, column: 'case_number', code: 'changedSinceShown' }], matches: [] };
  }
}

async function importInTransaction(
  trx: Knex.Transaction,
  csv: ParsedCsv,
  importer: Importer,
  channel: ImportChannel,
  options: ImportOptions,
): Promise<ImportResult> {
  {
    // The strategy in force on each meeting date, found the way a new draft finds it.
    const versionOfDate = new Map<string, number>();
    const strategies = new Map<number, FrameworkVersion>();
    for (const date of meetingDatesOf(csv)) {
      const versionId = await versionIdInForce(date, trx);
      if (versionId === null) continue;
      versionOfDate.set(date, versionId);
      if (!strategies.has(versionId)) {
        const strategy = await getFrameworkVersion(versionId, trx);
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
    if (!checked.ok) return { ok: false, errors: checked.errors, more: checked.more ?? 0, matches: [] };
    const rows = checked.value;

    // The decisions that exist already, by case number; two with one number cannot be told apart.
    const existing = new Map<string, number[]>();
    const importedIds = new Set<number>();
    const confidentialIds = new Set<number>();
    const caseNumbers = rows.map((r) => r.caseNumber);
    for (let i = 0; i < caseNumbers.length; i += CHUNK) {
      const found = await trx('decisions')
        .whereIn('case_number', caseNumbers.slice(i, i + CHUNK))
        .orderBy('id')
        .select('id', 'case_number', 'imported_at', 'confidential');
      for (const d of found) {
        existing.set(d.case_number!, [...(existing.get(d.case_number!) ?? []), d.id]);
        if (d.imported_at !== null) importedIds.add(d.id);
        if (d.confidential) confidentialIds.add(d.id);
      }
    }
    const errors: ImportError[] = [];
    const matches: AppMadeMatch[] = [];
    /** The decisions made in the app that are replaced, with the state they had. */
    const replacing = new Map<number, { version: number; status: AssessmentStatus }>();
    const chosen = new Map((options.replace ?? []).map((c) => [c.decisionId, c.version]));
    const actor = chosen.size > 0 ? await actorOf(trx, importer.id) : null;
    for (const row of rows) {
      const ids = existing.get(row.caseNumber) ?? [];
      if (ids.length > 1) {
        errors.push({ line: row.line, column: 'case_number', code: 'ambiguousCaseNumber', params: { count: ids.length } });
        continue;
      }
      const id = ids[0];
      if (id === undefined) continue;
      // A confidential decision stays confidential: an import may set the flag, never clear it.
      if (confidentialIds.has(id) && row.confidential === false) errors.push({ line: row.line, column: 'confidential', code: 'confidentialStays' });
      if (importedIds.has(id)) continue;

      // Made in the app: refused, unless the admin chose it and its state allows it.
      const d = await getDecisionDetail(id, trx);
      if (!d) throw new Error(`Decision ${id} has no proposal assessment`);
      const rule = replaceRuleOf(d.assessment.status);
      const match: AppMadeMatch = {
        line: row.line,
        decisionId: id,
        caseNumber: row.caseNumber,
        version: d.assessment.version,
        status: d.assessment.status,
        frozen: d.assessment.status === 'decided',
        confidential: d.confidential,
        title: d.confidential ? null : d.title,
        body: d.bodyName,
        meetingDate: d.meetingDate,
        author: d.authorName,
        rule,
      };
      matches.push(match);
      const refuse = (code: ImportError['code']) => errors.push({ line: row.line, column: 'case_number', code });
      if (rule !== 'replaceable' || !chosen.has(id)) {
        refuse(APP_MADE_CODE[d.assessment.status]);
        continue;
      }
      // Chosen: through the workflow's rules, as the one-by-one path would judge the admin.
      if (!actor || !hasRole(actor, 'admin')) {
        refuse('replaceNeedsAdmin');
        continue;
      }
      const facts = accessFacts(d);
      const verdict = d.assessment.status === 'approved' ? judge(actor, facts, 'decide') : 'ok';
      if (verdict !== 'ok') {
        refuse(APP_MADE_CODE[d.assessment.status]);
        continue;
      }
      const expected = chosen.get(id);
      if (expected !== null && expected !== undefined && expected !== d.assessment.version) {
        refuse('changedSinceShown');
        continue;
      }
      replacing.set(id, { version: d.assessment.version, status: d.assessment.status });
    }
    // A choice that no row names as a decision made in the app (a forged or stale form).
    for (const id of chosen.keys()) {
      if (!matches.some((m) => m.decisionId === id)) errors.push({ line: csv.headerLine, column: null, code: 'notInFile', params: { id } });
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
    if (errors.length > 0) return { ok: false, ...capErrors(sortErrors(errors)), matches };

    const bodyId = new Map(bodies.map((b) => [nameKey(b.name), b.id]));
    const departmentId = new Map(departments.map((d) => [nameKey(d.name), d.id]));
    const refs = (row: ImportRow) => ({
      bodyId: bodyId.get(nameKey(row.body))!,
      departmentId: row.department ? departmentId.get(nameKey(row.department))! : null,
    });
    let created = 0;
    let updated = 0;
    let replaced = 0;
    for (const row of rows) {
      const versionId = versionOfDate.get(row.meetingDate)!;
      const strategy = strategies.get(versionId)!;
      const id = existing.get(row.caseNumber)?.[0];
      if (id === undefined) {
        await createImported(trx, row, refs(row).bodyId, refs(row).departmentId ?? defaultDepartment!, strategy, importer, channel);
        created++;
      } else if (importedIds.has(id)) {
        await updateImported(trx, id, row, refs(row), strategy, strategies, importer, channel, null);
        updated++;
      } else {
        // Only what was checked above reaches here: a chosen, replaceable decision made in the app.
        const state = replacing.get(id);
        if (!state) throw new Error(`Decision ${id} was made in the app and not chosen`);
        await updateImported(trx, id, row, refs(row), strategy, strategies, importer, channel, state);
        replaced++;
      }
    }
    // A confirmation is used once: of two posts of one page, one imports, the other finds it gone.
    if (options.pendingId !== undefined && (await trx('pending_imports').where({ id: options.pendingId }).delete()) !== 1) throw new PendingGone();
    return { ok: true, created, updated, replaced };
  }
}

/** The kept file of a confirmation was used meanwhile (the same page posted twice). */
export class PendingGone extends Error {
  constructor() {
    super('pending import gone');
  }
}

// ---------------------------------------------------------------------------------------------
// A file waiting for the admin's confirmation: kept on the server, for the admin who
// sent it only, for an hour, named by a random token of which only the SHA-256 is stored (as the
// forms kept over a login, pending-post.server.ts). The page posts back the token, not the file.

const KEEP_MS = 3_600_000;
const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export async function keepPendingImport(userId: number, content: string, fileName: string, conn: Knex = db()): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await conn('pending_imports')
    .where('created_at', '<', new Date(Date.now() - KEEP_MS).toISOString())
    .delete();
  await conn('pending_imports').insert({ token_hash: tokenHash(token), user_id: userId, file_name: fileName.slice(0, 255), content, created_at: nowIso() });
  return token;
}

/** The kept file the token names, if it is this user's and not expired. */
export async function findPendingImport(token: unknown, userId: number, conn: Knex = db()): Promise<{ id: number; content: string } | null> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return null;
  const row = await conn('pending_imports')
    .where({ token_hash: tokenHash(token), user_id: userId })
    .andWhere('created_at', '>=', new Date(Date.now() - KEEP_MS).toISOString())
    .first('id', 'content');
  return row ? { id: Number(row.id), content: String(row.content) } : null;
}

/** The importing user as the workflow's checks see them (roles, departments led). */
async function actorOf(trx: Knex.Transaction, userId: number): Promise<Actor> {
  const [roles, leads] = await Promise.all([
    trx('user_roles as r').join('users as u', 'u.id', 'r.user_id').where({ 'r.user_id': userId, 'u.active': true }).pluck('r.role'),
    trx('user_departments').where({ user_id: userId, relation: 'lead' }).pluck('department_id'),
  ]);
  return { id: userId, roles: roles as Role[], leads: (leads as number[]).map(Number) };
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
  strategy: FrameworkVersion,
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
      imported_at: now,
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
  await takeSnapshot(trx, decisionId, 'decided', importer.id, now, strategy);
  await writeAudit(trx, {
    userId: importer.id,
    action: 'decision.import',
    entityType: 'decision',
    entityId: decisionId,
    details: { created: true, caseNumber: row.caseNumber, line: row.line, via: channel },
  });
}

/**
 * Updates a decision from its row: one an earlier import created (`replacing` null), or one made
 * in the app that the admin chose to replace (`replacing`: the state it was checked in). The
 * version moves on with a `WHERE version = ? AND status = ?` update, as every change of the
 * workflow does: a save in between wins and the whole import is refused. A confidential decision
 * stays confidential. The history gets a snapshot; the audit row keeps the earlier state.
 */
async function updateImported(
  trx: Knex.Transaction,
  decisionId: number,
  row: ImportRow,
  refs: { bodyId: number; departmentId: number | null },
  strategy: FrameworkVersion,
  strategies: Map<number, FrameworkVersion>,
  importer: Importer,
  channel: ImportChannel,
  replacing: { version: number; status: AssessmentStatus } | null,
) {
  const now = nowIso();
  const decision = await trx('decisions').where({ id: decisionId }).first();
  const assessment = await trx('assessments').where({ decision_id: decisionId, is_proposal: true }).first();
  if (!decision || !assessment) throw new Error(`Decision ${decisionId} has no proposal assessment`);
  let previous = strategies.get(assessment.framework_version_id);
  if (!previous) {
    previous = (await getFrameworkVersion(assessment.framework_version_id, trx)) ?? undefined;
    if (previous) strategies.set(previous.id, previous);
  }
  const before = previous ? await readAssessmentContent(assessment.id, previous, trx) : null;
  // A new version, so that a form opened before the import sees that the assessment changed.
  const bumped = await trx('assessments')
    .where({ id: assessment.id, version: replacing?.version ?? assessment.version, status: replacing?.status ?? assessment.status })
    .update({
      framework_version_id: strategy.id,
      status: 'decided',
      version: assessment.version + 1,
      updated_by: importer.id,
      updated_at: now,
    });
  if (bumped !== 1) throw new ChangedMeanwhile(row.line);
  const wasConfidential = Boolean(decision.confidential);
  await trx('decisions')
    .where({ id: decisionId })
    .update({
      title: row.title,
      body_id: refs.bodyId,
      meeting_date: row.meetingDate,
      ...(refs.departmentId !== null ? { department_id: refs.departmentId } : {}),
      ...(row.preparer !== undefined ? { preparer: row.preparer } : {}),
      ...(row.outcome !== undefined ? { outcome: row.outcome } : {}),
      // Checked before (confidentialStays); and here again: the flag is never cleared by an import.
      ...(row.confidential !== undefined ? { confidential: wasConfidential || row.confidential } : {}),
      decided_at: decision.decided_at ?? now,
      decided_by: decision.decided_by ?? importer.id,
      updated_at: now,
      search_text: searchTextOf({ title: row.title, caseNumber: row.caseNumber, description: decision.description }),
    });
  await writeAssessmentContent(trx, assessment.id, strategy, contentOf(row, before));
  await takeSnapshot(trx, decisionId, 'decided', importer.id, now, strategy);
  const from = { status: assessment.status, version: assessment.version };
  await writeAudit(trx, {
    userId: importer.id,
    action: replacing ? 'decision.import_replace' : 'decision.import',
    entityType: 'decision',
    entityId: decisionId,
    details: {
      created: false,
      caseNumber: row.caseNumber,
      line: row.line,
      via: channel,
      from: replacing
        ? {
            ...from,
            confidential: wasConfidential,
            // The title of a confidential decision stays out of the log (the history has it).
            ...(wasConfidential ? {} : { title: decision.title }),
            outcome: decision.outcome ?? null,
            meetingDate: String(decision.meeting_date),
            frameworkVersionId: assessment.framework_version_id,
            answered: Object.keys(before?.answers ?? {}).length,
            answers: Object.fromEntries(Object.entries(before?.answers ?? {}).map(([key, a]) => [key, a.answer])),
            projects: before?.projects.length ?? 0,
          }
        : from,
    },
  });
}

/**
 * The user a command-line import is recorded as: the active admin named, or the first active
 * admin; null when there is none. The same role check as /admin/import: the
 * importer becomes the author of every decision it creates, in any department, confidential ones
 * too, so a user who is not an admin is refused, never recorded.
 */
export async function findImporter(username: string | undefined, conn: Knex = db()): Promise<Importer | null> {
  const query = conn('users as u').join('user_roles as r', 'r.user_id', 'u.id').where({ 'r.role': 'admin', 'u.active': true });
  if (username) query.andWhere('u.username', username.trim().toLowerCase());
  const admin = await query.orderBy('u.id').first('u.id');
  return admin ? { id: Number(admin.id) } : null;
}
