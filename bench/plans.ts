/**
 * Every query that the pages and the report run uses an index. The server logs each
 * statement with its bindings (LINSSI_QUERY_LOG); each distinct one is explained here with
 * SQLite's EXPLAIN QUERY PLAN, and a plan step that reads a large table from end to end
 * ("SCAN <table>" without an index) is a finding. Small tables (the organisation, the strategy,
 * the users, the settings) may be read whole.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';

/** Tables that grow with the number of assessments or with use. */
export const LARGE_TABLES = [
  'decisions',
  'assessments',
  'assessment_answers',
  'assessment_projects',
  'assessment_snapshots',
  'audit_log',
  'reviews',
  'review_comments',
  'sessions',
  'login_failures',
  'pending_posts',
  'survey_responses',
];

export interface LoggedQuery {
  sql: string;
  bindings: unknown[];
}

export interface PlanFinding {
  sql: string;
  table: string;
  detail: string;
}

export function readQueryLog(file: string): LoggedQuery[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LoggedQuery);
}

/** The tables a statement names, by the name or alias its plan uses. */
export function aliasesOf(sql: string): Map<string, string> {
  const aliases = new Map<string, string>();
  const pattern = /\b(?:from|join|update|into)\s+[`"]?(\w+)[`"]?(?:\s+(?:as\s+)?[`"]?(\w+)[`"]?)?/gi;
  for (const m of sql.matchAll(pattern)) {
    const table = m[1]!;
    const alias = m[2] && !/^(where|on|inner|left|right|join|group|order|limit|set|values|select|union|natural|cross|using)$/i.test(m[2]) ? m[2] : table;
    aliases.set(alias, table);
    aliases.set(table, table);
  }
  return aliases;
}

const bindable = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v instanceof Date ? v.valueOf() : v);

/** Explains each distinct statement on the database file; returns how many were explained and the full scans found. */
export function checkPlans(dbFile: string, queries: LoggedQuery[]): { statements: number; findings: PlanFinding[] } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const seen = new Set<string>();
    const findings: PlanFinding[] = [];
    for (const q of queries) {
      if (!/^\s*(select|with|update|delete)\b/i.test(q.sql) || /^\s*(pragma|begin|commit|rollback|savepoint|release)/i.test(q.sql)) continue;
      if (seen.has(q.sql)) continue;
      seen.add(q.sql);
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.bindings.map(bindable)) as Array<{ detail: string }>;
      const aliases = aliasesOf(q.sql);
      for (const { detail } of plan) {
        const m = /^SCAN (\w+)(.*)$/.exec(detail);
        if (!m || /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(m[2]!)) continue;
        const table = aliases.get(m[1]!) ?? m[1]!;
        if (LARGE_TABLES.includes(table)) findings.push({ sql: q.sql, table, detail });
      }
    }
    return { statements: seen.size, findings };
  } finally {
    db.close();
  }
}
