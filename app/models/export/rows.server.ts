/**
 * What the data exports (CSV, .xlsx) read: one row per counted assessment of a scope, with one
 * answer per scored principle. The files are written by csv.ts and xlsx.server.ts.
 */
import type { Knex } from 'knex';
import { formatDate } from '~/domain/dates';
import { disclose } from '~/domain/disclosure';
import type { Period } from '~/domain/period';
import { db } from '~/utils/db.server';
import { counted, type ReportScope, principlesOfPeriod } from '../report.server';

/** A numeric answer −2…2, one of the two answers counted apart, or null when unanswered. */
export type ExportAnswer = number | 'not_relevant' | 'knowledge_gap' | null;

export interface AssessmentExportRow {
  assessmentId: number;
  /** The case number, title and § are empty for a confidential decision: it is counted, never named (disclose()). */
  caseNumber: string;
  title: string;
  body: string;
  department: string;
  /** d.m.yyyy */
  meetingDate: string;
  meetingDateIso: string;
  status: string;
  outcome: string | null;
  minutesSection: string;
  confidential: boolean;
  routine: boolean;
  /** By principle key. */
  answers: Record<string, ExportAnswer>;
  /** Strategy project keys. */
  projects: string[];
}

export interface AssessmentTable {
  period: Period;
  /** The scored principles of the period, one column each, in the checklist's order. */
  principles: Array<{ key: string; title: string }>;
  rows: AssessmentExportRow[];
}

const BATCH = 1000;

/** The counted assessments of a scope (report.server's one rule) with their decision's body and department. */
function countedWithDecision(conn: Knex, scope: ReportScope) {
  return counted(conn, scope).join('bodies as b', 'b.id', 'd.body_id').join('departments as dep', 'dep.id', 'd.department_id');
}

/**
 * One row per counted assessment of the scope, oldest meeting first. Read in batches of 1000
 * (keyset on meeting date and id): per batch one query for the decisions, one for the answers and
 * one for the projects, so 100,000 assessments take 300 queries, not one per assessment.
 */
export async function assessmentRows(scope: ReportScope, conn: Knex = db()): Promise<AssessmentTable> {
  const principles = await principlesOfPeriod(scope.period, conn);
  const scored = principles.filter((p) => p.kind === 'scored').map((p) => ({ key: p.key, title: p.title }));
  const projectOrder = new Map(principles.filter((p) => p.kind === 'linked').map((p, i) => [p.key, i]));
  const rows: AssessmentExportRow[] = [];
  let after: { date: string; id: number } | null = null;
  for (;;) {
    const q = countedWithDecision(conn, scope)
      .orderBy([
        { column: 'd.meeting_date', order: 'asc' },
        { column: 'a.id', order: 'asc' },
      ])
      .limit(BATCH)
      .select(
        'a.id as assessment_id',
        'a.status',
        'd.id',
        'd.case_number',
        'd.title',
        'd.confidential',
        'd.meeting_date',
        'd.outcome',
        'd.minutes_section',
        'b.name as body',
        'dep.name as department',
      );
    if (after) {
      const { date, id } = after;
      q.where((w) => w.where('d.meeting_date', '>', date).orWhere((same) => same.where('d.meeting_date', date).andWhere('a.id', '>', id)));
    }
    const batch = (await q) as Array<Record<string, unknown>>;
    if (batch.length === 0) break;
    const ids = batch.map((r) => Number(r.assessment_id));
    const [answers, projects] = await Promise.all([
      conn('assessment_answers as aa')
        .join('principles as p', 'p.id', 'aa.principle_id')
        .whereIn('aa.assessment_id', ids)
        .select('aa.assessment_id', 'p.key', 'aa.answer_kind', 'aa.score'),
      conn('assessment_projects as ap').join('principles as p', 'p.id', 'ap.principle_id').whereIn('ap.assessment_id', ids).select('ap.assessment_id', 'p.key'),
    ]);
    const answersOf = new Map<number, Array<{ key: string; kind: string | null; score: number | null }>>();
    for (const a of answers as Array<Record<string, unknown>>) {
      const list = answersOf.get(Number(a.assessment_id)) ?? [];
      list.push({
        key: String(a.key),
        kind: (a.answer_kind as string | null) ?? null,
        score: a.score === null || a.score === undefined ? null : Number(a.score),
      });
      answersOf.set(Number(a.assessment_id), list);
    }
    const projectsOf = new Map<number, string[]>();
    for (const p of projects as Array<Record<string, unknown>>) {
      const list = projectsOf.get(Number(p.assessment_id)) ?? [];
      list.push(String(p.key));
      projectsOf.set(Number(p.assessment_id), list);
    }
    for (const r of batch) {
      const id = Number(r.assessment_id);
      const own = answersOf.get(id) ?? [];
      const byKey = new Map(own.map((a) => [a.key, a]));
      // What names the decision comes only from disclose(): of a confidential one, nothing.
      const shown = disclose(r);
      const meetingDateIso = shown.meetingDate;
      rows.push({
        assessmentId: id,
        caseNumber: shown.caseNumber ?? '',
        title: shown.title ?? '',
        body: String(r.body),
        department: String(r.department),
        meetingDate: formatDate(meetingDateIso),
        meetingDateIso,
        status: String(r.status),
        outcome: (r.outcome as string | null) ?? null,
        minutesSection: shown.minutesSection ?? '',
        confidential: shown.confidential,
        // The rule of yearlyNumbers: at least one answer, and every answer "ei liity".
        routine: own.length > 0 && own.every((a) => a.kind === 'not_relevant'),
        answers: Object.fromEntries(
          scored.map((p) => {
            const a = byKey.get(p.key);
            const value: ExportAnswer =
              a?.kind === 'scored' && a.score !== null ? a.score : a?.kind === 'not_relevant' || a?.kind === 'knowledge_gap' ? a.kind : null;
            return [p.key, value];
          }),
        ),
        projects: (projectsOf.get(id) ?? []).sort((x, y) => (projectOrder.get(x) ?? 99) - (projectOrder.get(y) ?? 99) || x.localeCompare(y)),
      });
    }
    if (batch.length < BATCH) break;
    const last = rows[rows.length - 1]!;
    after = { date: last.meetingDateIso, id: last.assessmentId };
  }
  return { period: scope.period, principles: scored, rows };
}
