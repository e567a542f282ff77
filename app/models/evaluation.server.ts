import type { Knex } from 'knex';
import type { Period } from '~/domain/period';
import type { Actor } from '~/domain/roles';
import { writeAudit } from '~/utils/audit.server';
import { db, nowIso, takeTurns, idOf } from '~/utils/db.server';
import { principlesOfPeriod } from './report.server';

export type RoundStatus = 'open' | 'sent' | 'presented';

export interface EvaluationQuestion {
  /** '<principle key>:<question number>' */
  key: string;
  text: string;
}

export interface EvaluationTopic {
  key: string;
  title: string;
  dimension: string;
  dimensionName: string;
  kind: 'scored' | 'linked';
  questions: EvaluationQuestion[];
}

/** The seed's questions for each vision element, operating-mode principle and strategy project of the period. */
export async function topicsOfPeriod(period: Period, conn: Knex = db()): Promise<EvaluationTopic[]> {
  const principles = await principlesOfPeriod(period, conn);
  const dimensions = await conn('dimensions as dm')
    .join('framework_versions as v', 'v.id', 'dm.version_id')
    .where('v.status', 'active')
    .andWhere('v.valid_from', '<=', period.to)
    .orderBy([
      { column: 'v.valid_from', order: 'desc' },
      { column: 'dm.sort_order', order: 'asc' },
    ])
    .select('dm.key', 'dm.name', 'dm.evaluation_questions', 'dm.sort_order');
  const byKey = new Map<string, { name: string; questions: string[]; order: number }>();
  for (const d of dimensions) {
    if (byKey.has(d.key)) continue;
    let questions: string[] = [];
    try {
      const parsed: unknown = JSON.parse(d.evaluation_questions);
      if (Array.isArray(parsed)) questions = parsed.filter((q): q is string => typeof q === 'string');
    } catch {
      questions = [];
    }
    byKey.set(d.key, { name: d.name, questions, order: d.sort_order });
  }
  return principles
    .map((p) => {
      const d = byKey.get(p.dimension);
      return {
        key: p.key,
        title: p.title,
        dimension: p.dimension,
        dimensionName: d?.name ?? p.dimension,
        kind: p.kind === 'linked' ? ('linked' as const) : ('scored' as const),
        questions: (d?.questions ?? []).map((text, i) => ({ key: `${p.key}:${i + 1}`, text })),
        order: d?.order ?? 0,
      };
    })
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...topic }) => topic);
}

export interface Round {
  id: number;
  period: Period;
  status: RoundStatus;
  surveyOpen: boolean;
  summary: string;
  proposals: string;
  sentOn: string | null;
  boardComments: string;
  presentedOn: string | null;
  version: number;
  /** The group's shared text per question key, with its own version for conflict checks. */
  answers: Record<string, { text: string; version: number; updatedBy: string | null; updatedAt: string }>;
}

function toRound(row: Record<string, unknown>, answers: Round['answers']): Round {
  const from = String(row.period_from);
  const to = String(row.period_to);
  const standard = from.endsWith('-09-01') && to.endsWith('-08-31') && Number(to.slice(0, 4)) === Number(from.slice(0, 4)) + 1;
  return {
    id: Number(row.id),
    period: { from, to, year: standard ? Number(to.slice(0, 4)) : null },
    status: row.status as RoundStatus,
    surveyOpen: Boolean(row.survey_open),
    summary: (row.summary as string | null) ?? '',
    proposals: (row.proposals as string | null) ?? '',
    sentOn: (row.sent_on as string | null) ?? null,
    boardComments: (row.board_comments as string | null) ?? '',
    presentedOn: (row.presented_on as string | null) ?? null,
    version: Number(row.version),
    answers,
  };
}

export async function listRounds(conn: Knex = db()) {
  const rows = await conn('evaluation_rounds').orderBy('period_to', 'desc').select();
  return rows.map((r) => toRound(r as unknown as Record<string, unknown>, {}));
}

export async function getRound(id: number, conn: Knex | Knex.Transaction = db()): Promise<Round | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const row = await conn('evaluation_rounds').where({ id }).first();
  if (!row) return null;
  const answers = await conn('round_answers as ra')
    .leftJoin('users as u', 'u.id', 'ra.updated_by')
    .where('ra.round_id', id)
    .select('ra.question_key', 'ra.text', 'ra.version', 'u.display_name', 'ra.updated_at');
  return toRound(
    row as unknown as Record<string, unknown>,
    Object.fromEntries(
      answers.map((a) => [a.question_key, { text: a.text, version: Number(a.version), updatedBy: a.display_name ?? null, updatedAt: a.updated_at }]),
    ),
  );
}

/** The round of a period, whatever its status (the latest texts of the group for a principle's guide). */
export async function roundOfPeriod(period: Period, conn: Knex = db()) {
  const row = await conn('evaluation_rounds').where({ period_from: period.from, period_to: period.to }).first('id');
  return row ? getRound(row.id, conn) : null;
}

/** Opens a round for a period (once: a second open of the same period returns the first). */
export async function openRound(actor: Actor, period: Period, conn: Knex = db()): Promise<number> {
  return conn.transaction(async (trx) => {
    const existing = await trx('evaluation_rounds').where({ period_from: period.from, period_to: period.to }).first('id');
    if (existing) return existing.id;
    const now = nowIso();
    const [row] = await trx('evaluation_rounds')
      .insert({
        period_from: period.from,
        period_to: period.to,
        status: 'open',
        survey_open: false,
        version: 1,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    const id = idOf(row);
    await writeAudit(trx, { userId: actor.id, action: 'evaluation.open', entityType: 'evaluation_round', entityId: id, details: { ...period } });
    return id;
  });
}

export type RoundChange<T = undefined> =
  | { ok: true; value?: T }
  | { ok: false; reason: 'not_found' | 'frozen' | 'stale' | 'state'; conflicts?: Array<{ key: string; yours: string; saved: string; savedBy: string | null }> };

/**
 * Saves the group's texts. `edits` are the questions this user changed, each with the version it
 * was edited from; if someone saved that question in between, nothing is written and the
 * conflicting questions are returned with both texts, so that no one's words are overwritten silently.
 */
export async function saveRoundAnswers(
  actor: Actor,
  roundId: number,
  edits: Array<{ key: string; text: string; version: number }>,
  conn: Knex = db(),
): Promise<RoundChange> {
  return conn.transaction(async (trx) => {
    await takeTurns(trx, `round:${roundId}`);
    const round = await getRound(roundId, trx);
    if (!round) return { ok: false, reason: 'not_found' };
    if (round.status !== 'open') return { ok: false, reason: 'frozen' };
    const changed = edits.filter((e) => (round.answers[e.key]?.text ?? '') !== e.text);
    const conflicts = changed
      .filter((e) => (round.answers[e.key]?.version ?? 0) !== e.version)
      .map((e) => ({ key: e.key, yours: e.text, saved: round.answers[e.key]?.text ?? '', savedBy: round.answers[e.key]?.updatedBy ?? null }));
    if (conflicts.length > 0) return { ok: false, reason: 'stale', conflicts };
    const now = nowIso();
    for (const e of changed) {
      if (round.answers[e.key]) {
        const updated = await trx('round_answers')
          .where({ round_id: roundId, question_key: e.key, version: e.version })
          .update({ text: e.text, version: e.version + 1, updated_by: actor.id, updated_at: now });
        if (updated !== 1) throw new Error('round answer changed during the transaction');
      } else {
        await trx('round_answers').insert({ round_id: roundId, question_key: e.key, text: e.text, version: 1, updated_by: actor.id, updated_at: now });
      }
    }
    if (changed.length > 0) {
      await trx('evaluation_rounds').where({ id: roundId }).update({ updated_at: now });
      await writeAudit(trx, {
        userId: actor.id,
        action: 'evaluation.answers',
        entityType: 'evaluation_round',
        entityId: roundId,
        details: { questions: changed.map((e) => e.key) },
      });
    }
    return { ok: true };
  });
}

type RoundStep =
  | { kind: 'survey'; open: boolean }
  | { kind: 'summary'; summary: string; proposals: string }
  | { kind: 'sent'; date: string }
  | { kind: 'board'; comments: string }
  | { kind: 'presented'; date: string };

/** The round's own steps: survey open/closed, summary, sent to the board (frozen), board comments, presented. */
export async function changeRound(actor: Actor, roundId: number, expectedVersion: number, step: RoundStep, conn: Knex = db()): Promise<RoundChange> {
  return conn.transaction(async (trx) => {
    const round = await getRound(roundId, trx);
    if (!round) return { ok: false, reason: 'not_found' };
    if (round.version !== expectedVersion) return { ok: false, reason: 'stale' };
    const allowed: Record<RoundStep['kind'], RoundStatus[]> = {
      survey: ['open'],
      summary: ['open'],
      sent: ['open'],
      board: ['sent'],
      presented: ['sent'],
    };
    if (!allowed[step.kind].includes(round.status)) return { ok: false, reason: round.status === 'open' ? 'state' : 'frozen' };
    const patch: Record<string, unknown> = { version: round.version + 1, updated_at: nowIso() };
    if (step.kind === 'survey') patch.survey_open = step.open;
    if (step.kind === 'summary') Object.assign(patch, { summary: step.summary, proposals: step.proposals });
    if (step.kind === 'sent') Object.assign(patch, { status: 'sent', sent_on: step.date, survey_open: false });
    if (step.kind === 'board') patch.board_comments = step.comments;
    if (step.kind === 'presented') Object.assign(patch, { status: 'presented', presented_on: step.date });
    const updated = await trx('evaluation_rounds').where({ id: roundId, version: round.version }).update(patch);
    if (updated !== 1) return { ok: false, reason: 'stale' };
    await writeAudit(trx, { userId: actor.id, action: `evaluation.${step.kind}`, entityType: 'evaluation_round', entityId: roundId, details: step });
    return { ok: true };
  });
}

export interface SurveyResponse {
  userId: number;
  name: string;
  status: 'draft' | 'sent';
  answers: Record<string, string>;
  sentAt: string | null;
}

const parseAnswers = (json: string): Record<string, string> => {
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
  } catch {
    /* an unreadable row is shown as empty */
  }
  return {};
};

/** Every manager and their response to the round's survey (null when they have not started). */
export async function surveyStatus(roundId: number, conn: Knex = db()) {
  const managers = await conn('users as u')
    .join('user_roles as r', 'r.user_id', 'u.id')
    .where('r.role', 'manager')
    .andWhere('u.active', true)
    .orderBy('u.display_name')
    .select('u.id', 'u.display_name');
  const responses = await conn('survey_responses').where({ round_id: roundId });
  return managers.map((m) => {
    const r = responses.find((x) => x.user_id === m.id);
    return {
      userId: Number(m.id),
      name: String(m.display_name),
      // A draft is the manager's own until sent: the group sees that it exists, not what it says.
      response: r
        ? ({
            userId: Number(m.id),
            name: String(m.display_name),
            status: r.status,
            answers: r.status === 'sent' ? parseAnswers(r.answers) : {},
            sentAt: r.sent_at,
          } satisfies SurveyResponse)
        : null,
    };
  });
}

export async function getSurveyResponse(roundId: number, userId: number, conn: Knex = db()) {
  const r = await conn('survey_responses').where({ round_id: roundId, user_id: userId }).first();
  return r ? { status: r.status as 'draft' | 'sent', answers: parseAnswers(r.answers), sentAt: r.sent_at } : null;
}

/** A manager's survey answers: a draft until sent; a sent response is final. */
export async function saveSurveyResponse(
  actor: Actor,
  roundId: number,
  answers: Record<string, string>,
  send: boolean,
  conn: Knex = db(),
): Promise<RoundChange> {
  return conn.transaction(async (trx) => {
    const round = await trx('evaluation_rounds').where({ id: roundId }).first();
    if (!round) return { ok: false, reason: 'not_found' };
    if (!round.survey_open || round.status !== 'open') return { ok: false, reason: 'frozen' };
    const existing = await trx('survey_responses').where({ round_id: roundId, user_id: actor.id }).first();
    if (existing?.status === 'sent') return { ok: false, reason: 'frozen' };
    const now = nowIso();
    const row = { answers: JSON.stringify(answers), status: send ? ('sent' as const) : ('draft' as const), updated_at: now, sent_at: send ? now : null };
    if (existing) await trx('survey_responses').where({ id: existing.id }).update(row);
    else await trx('survey_responses').insert({ round_id: roundId, user_id: actor.id, ...row });
    await writeAudit(trx, { userId: actor.id, action: send ? 'survey.send' : 'survey.save', entityType: 'evaluation_round', entityId: roundId });
    return { ok: true };
  });
}

/** Rounds whose survey a manager may answer now. */
export async function openSurveys(conn: Knex = db()) {
  const rows = await conn('evaluation_rounds').where({ survey_open: true, status: 'open' }).orderBy('period_to', 'desc');
  return rows.map((r) => toRound(r as unknown as Record<string, unknown>, {}));
}
