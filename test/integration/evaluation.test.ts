/**
 * The group's yearly evaluation round. The group opens a round for a period,
 * writes one shared text per question (concurrent edits never overwrite each other silently),
 * opens the management-team survey, which every manager answers (a draft until sent; sent is
 * final), writes the summary, marks the round sent to the municipal board (frozen), records the
 * board's comments and the council presentation. Every step is in the audit log.
 *
 * Expected values come from the requests made here and from the database (read-only); the
 * question keys are written out by hand from the seed (two
 * evaluation questions for each of the 4 vision elements, 3 operating-mode principles and 5
 * strategy projects).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  PROJECT_KEYS,
  SCORED_KEYS,
  attribute,
  auditSince,
  count,
  dbAll,
  dbGet,
  htmlOf,
  lastAuditId,
  location,
  showServerLogsOnFailure,
  textareaValue,
  userId,
  visibleText,
  withoutScripts,
} from './helpers';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Every question of a round: '<principle or project key>:<1|2>'. */
const QUESTION_KEYS = [...SCORED_KEYS, ...PROJECT_KEYS].flatMap((key) => [`${key}:1`, `${key}:2`]);

interface RoundRow {
  id: number;
  period_from: string;
  period_to: string;
  status: string;
  survey_open: number;
  summary: string | null;
  proposals: string | null;
  sent_on: string | null;
  board_comments: string | null;
  presented_on: string | null;
  version: number;
  created_by: number;
}

let server: TestServer;
const as: Record<'group' | 'group2' | 'admin' | 'manager' | 'manager2' | 'official', Client> = {} as never;

const roundRow = (id: number) => dbGet<RoundRow>(server, 'SELECT * FROM evaluation_rounds WHERE id = ?', id)!;
const answerRows = (id: number) =>
  dbAll<{ question_key: string; text: string; version: number; updated_by: number }>(
    server,
    'SELECT question_key, text, version, updated_by FROM round_answers WHERE round_id = ? ORDER BY question_key',
    id,
  );
const answerRow = (id: number, key: string) => answerRows(id).find((r) => r.question_key === key);
const surveyRows = (id: number) =>
  dbAll<{ user_id: number; status: string; answers: string; sent_at: string | null; updated_at: string }>(
    server,
    'SELECT user_id, status, answers, sent_at, updated_at FROM survey_responses WHERE round_id = ? ORDER BY user_id',
    id,
  );

/** Everything a refused step must leave as it was. */
const roundState = (id: number) => ({ round: roundRow(id), answers: answerRows(id), survey: surveyRows(id) });

/** POST /evaluation (the form posts to the index route) with a period; returns the response. */
const postOpen = (client: Client, from: string, to: string) => client.post('/evaluation?index', { from, to });

async function openRoundAs(client: Client, from: string, to: string): Promise<number> {
  const res = await postOpen(client, from, to);
  expect(res.status, `open ${from}–${to}`).toBe(302);
  const match = /^\/evaluation\/(\d+)$/.exec(location(res) ?? '');
  expect(match, `redirect to the round: ${location(res)}`).not.toBeNull();
  return Number(match![1]);
}

async function roundPage(client: Client, id: number): Promise<string> {
  const res = await client.get(`/evaluation/${id}`);
  expect(res.status, `GET /evaluation/${id}`).toBe(200);
  return htmlOf(res);
}

/** The hidden inputs of the page by name (the last one wins: there is one per name that matters). */
function hiddenInputs(html: string): Array<{ name: string; value: string }> {
  return [...withoutScripts(html).matchAll(/<input\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => attribute(tag, 'type') === 'hidden')
    .map((tag) => ({ name: attribute(tag, 'name') ?? '', value: attribute(tag, 'value') ?? '' }));
}

/** The version each question's text was loaded at (v.<key>). */
function textVersions(html: string): Record<string, string> {
  return Object.fromEntries(
    hiddenInputs(html)
      .filter((i) => i.name.startsWith('v.'))
      .map((i) => [i.name.slice(2), i.value]),
  );
}

/** The round's own version, as the step forms carry it. */
function roundVersion(html: string): string {
  const versions = [
    ...new Set(
      hiddenInputs(html)
        .filter((i) => i.name === 'version')
        .map((i) => i.value),
    ),
  ];
  expect(versions, 'one round version on the page').toHaveLength(1);
  return versions[0]!;
}

/** The texts form as the browser sends it from this page: every question's text and version, some changed. */
function textsForm(html: string, changes: Record<string, string>): Record<string, string> {
  const versions = textVersions(html);
  const form: Record<string, string> = { intent: 'texts' };
  for (const key of QUESTION_KEYS) {
    form[`q.${key}`] = changes[key] ?? textareaValue(html, `q.${key}`) ?? '';
    form[`v.${key}`] = versions[key] ?? '0';
  }
  return form;
}

/** The visible text of the survey section (respondents). */
function surveySection(html: string): string {
  const page = withoutScripts(html);
  const start = page.indexOf('id="survey"');
  const end = page.indexOf('id="summary"');
  expect(start, 'the survey section').toBeGreaterThan(0);
  return visibleText(page.slice(start, end > start ? end : undefined));
}

/** d.m.yyyy of an instant in Helsinki. */
function helsinkiDay(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${Number(parts.day)}.${Number(parts.month)}.${parts.year}`;
}

/** Exactly one audit row since `after`: this action, by this user, on this round. */
function expectAudit(after: number, action: string, username: string, roundId: number) {
  const rows = auditSince(server, after);
  expect(
    rows.map((r) => r.action),
    `audit rows after ${action}`,
  ).toEqual([action]);
  expect(rows[0]!.user_id).toBe(userId(server, username));
  expect(rows[0]!.entity_type).toBe('evaluation_round');
  expect(rows[0]!.entity_id).toBe(roundId);
  expect(rows[0]!.outcome).toBe('success');
  return rows[0]!;
}

/** No successful evaluation.* / survey.* audit row since `after`. */
function expectNoStepAudit(after: number, what: string) {
  const rows = auditSince(server, after).filter((r) => /^(evaluation|survey)\./.test(r.action) && r.outcome === 'success');
  expect(
    rows.map((r) => r.action),
    `no audit row for the refused ${what}`,
  ).toEqual([]);
}

beforeAll(async () => {
  server = await startServer();
  // A second group member, with the project's own command-line tool, in the server's database.
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['scripts/user-create.ts', '--username', 'ryhma2', '--name', 'Ryhmä Kaksi', '--role', 'group', '--password', 'ryhma2-salasana'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: server.databaseUrl }, encoding: 'utf8' },
  );
  as.group = await new Client(server.url).login('elinvoima');
  as.group2 = await new Client(server.url).login('ryhma2', 'ryhma2-salasana');
  as.admin = await new Client(server.url).login('paakayttaja');
  as.manager = await new Client(server.url).login('esimies');
  as.manager2 = await new Client(server.url).login('johtaja');
  as.official = await new Client(server.url).login('valmistelija');
});

afterAll(async () => {
  await server?.stop();
});

showServerLogsOnFailure(() => server);

// The round of the whole flow: 1.9.2025–31.8.2026.
let roundId: number;

describe('opening a round', () => {
  it('a manager, an official and an admin may not open a round (403, nothing written)', async () => {
    const before = count(server, 'evaluation_rounds');
    const audit = lastAuditId(server);
    for (const client of [as.manager, as.official, as.admin]) {
      const res = await postOpen(client, '1.9.2025', '31.8.2026');
      expect(res.status).toBe(403);
    }
    expect(count(server, 'evaluation_rounds')).toBe(before);
    expectNoStepAudit(audit, 'openings');
  });

  it('the group opens a round for 1.9.2025–31.8.2026: 302 to the round, stored with its period, open, survey closed, audited', async () => {
    const audit = lastAuditId(server);
    roundId = await openRoundAs(as.group, '1.9.2025', '31.8.2026');
    const row = roundRow(roundId);
    expect(row).toMatchObject({ period_from: '2025-09-01', period_to: '2026-08-31', status: 'open', created_by: userId(server, 'elinvoima') });
    expect(Number(row.survey_open)).toBe(0);
    expectAudit(audit, 'evaluation.open', 'elinvoima', roundId);
    // It is listed on /evaluation.
    const list = await htmlOf(await as.group.get('/evaluation'));
    expect(list).toContain(`href="/evaluation/${roundId}"`);
  });

  it('opening the same period again leads to the same round (no second one)', async () => {
    const before = count(server, 'evaluation_rounds');
    expect(await openRoundAs(as.group2, '2025-09-01', '2026-08-31')).toBe(roundId);
    expect(count(server, 'evaluation_rounds')).toBe(before);
  });

  it('the round page shows every question of the seed, with the period’s numbers beside the principles', async () => {
    const html = await roundPage(as.group, roundId);
    const textareas = [...withoutScripts(html).matchAll(/<textarea\b[^>]*\bid="q\.([^"]+)"/g)].map((m) => m[1]);
    expect(textareas.sort()).toEqual([...QUESTION_KEYS].sort());
    expect(Object.keys(textVersions(html)).sort()).toEqual([...QUESTION_KEYS].sort());
    // n beside each scored principle: the approved or decided answers of the period, counted here.
    const ns = dbAll<{ key: string; n: number }>(
      server,
      `SELECT p.key, COUNT(*) AS n FROM assessment_answers aa
         JOIN assessments a ON a.id = aa.assessment_id JOIN decisions d ON d.id = a.decision_id
         JOIN principles p ON p.id = aa.principle_id
        WHERE a.is_proposal AND a.status IN ('approved','decided') AND aa.answer_kind = 'scored'
          AND d.meeting_date BETWEEN '2025-09-01' AND '2026-08-31'
        GROUP BY p.key`,
    );
    const page = withoutScripts(html);
    for (const { key, n } of ns) {
      const article = new RegExp(`aria-labelledby="topic-${key}"[\\s\\S]*?class="topic-numbers">([\\s\\S]*?)</p>`).exec(page);
      expect(article, `numbers beside ${key}`).not.toBeNull();
      expect(visibleText(article![1]!), `numbers beside ${key}`).toContain(`n = ${n}`);
    }
  });

  it('an admin may view the round (read-only) but not change it (403); managers and officials may not view it', async () => {
    const html = await roundPage(as.admin, roundId);
    expect(withoutScripts(html)).not.toMatch(/<textarea\b[^>]*\bid="q\./);
    expect(visibleText(html)).not.toContain('Tallenna vastaukset');
    const state = roundState(roundId);
    const audit = lastAuditId(server);
    const form = textsForm(await roundPage(as.group, roundId), { 'pienuus:1': 'Pääkäyttäjän teksti' });
    expect((await as.admin.post(`/evaluation/${roundId}`, form)).status).toBe(403);
    expect((await as.admin.post(`/evaluation/${roundId}`, { intent: 'survey-open', version: String(state.round.version) })).status).toBe(403);
    expect(
      (await as.admin.post(`/evaluation/${roundId}`, { intent: 'summary', version: String(state.round.version), summary: 'x', proposals: '' })).status,
    ).toBe(403);
    for (const client of [as.manager, as.official]) {
      expect((await client.get('/evaluation')).status).toBe(403);
      expect((await client.get(`/evaluation/${roundId}`)).status).toBe(403);
      expect((await client.post(`/evaluation/${roundId}`, form)).status).toBe(403);
    }
    expect((await as.admin.get('/evaluation')).status).toBe(200);
    expect(roundState(roundId)).toEqual(state);
    expectNoStepAudit(audit, 'admin, manager and official posts');
  });

  it('an unknown round is 404', async () => {
    expect((await as.group.get('/evaluation/999999')).status).toBe(404);
  });
});

describe('the group’s shared texts', () => {
  it('saving texts: 302, stored with version 1 and the author, shown on the page, audited; a second save from that version is version 2', async () => {
    const audit = lastAuditId(server);
    const html = await roundPage(as.group, roundId);
    const first = {
      'pienuus:1': 'Pienuuteen on tukeuduttu omatoimikirjastossa ja kylätoiminnassa.',
      'verkostot:2': 'Seudullista yhteistyötä tiivistetään.',
    };
    const res = await as.group.post(`/evaluation/${roundId}`, textsForm(html, first));
    expect(res.status).toBe(302);
    expect(location(res)).toMatch(new RegExp(`^/evaluation/${roundId}(\\?|$)`));
    expect(answerRows(roundId).map((r) => [r.question_key, r.text, r.version, r.updated_by])).toEqual(
      Object.entries(first)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, t]) => [k, t, 1, userId(server, 'elinvoima')]),
    );
    const row = expectAudit(audit, 'evaluation.answers', 'elinvoima', roundId);
    expect(JSON.parse(row.details).questions?.sort()).toEqual(Object.keys(first).sort());

    const after = await roundPage(as.group, roundId);
    expect(textareaValue(after, 'q.pienuus:1')).toBe(first['pienuus:1']);
    expect(textareaValue(after, 'q.verkostot:2')).toBe(first['verkostot:2']);
    expect(textVersions(after)['pienuus:1']).toBe('1');

    const second = 'Pienuuteen on tukeuduttu omatoimikirjastossa, kylätoiminnassa ja tonttimarkkinoinnissa.';
    expect((await as.group2.post(`/evaluation/${roundId}`, textsForm(after, { 'pienuus:1': second }))).status).toBe(302);
    expect(answerRow(roundId, 'pienuus:1')).toMatchObject({ text: second, version: 2, updated_by: userId(server, 'ryhma2') });
    expect(answerRow(roundId, 'verkostot:2')).toMatchObject({ text: first['verkostot:2'], version: 1 });
  });

  it('a save from a stale version of a question: 409, both texts on the page, the form keeps yours, nothing saved (not even the other questions)', async () => {
    const stale = await roundPage(as.group2, roundId);
    const winner = 'Elinan uusi teksti: tukeuduttu kyläkouluihin.';
    expect((await as.group.post(`/evaluation/${roundId}`, textsForm(await roundPage(as.group, roundId), { 'pienuus:1': winner }))).status).toBe(302);
    const state = roundState(roundId);
    const audit = lastAuditId(server);

    const loser = 'Ryhmä Kahden teksti: tukeuduttu lähiruokaan.';
    const other = 'Tämä toinen teksti ei saa tallentua.';
    const res = await as.group2.post(`/evaluation/${roundId}`, textsForm(stale, { 'pienuus:1': loser, 'ennakointi:1': other }));
    expect(res.status).toBe(409);
    const html = await htmlOf(res);
    const text = visibleText(html);
    expect(text).toContain(loser);
    expect(text).toContain(winner);
    expect(textareaValue(html, 'q.pienuus:1'), 'the form keeps the loser’s words').toBe(loser);
    expect(roundState(roundId)).toEqual(state);
    expect(answerRow(roundId, 'ennakointi:1')).toBeUndefined();
    expectNoStepAudit(audit, 'stale save');

    // Merged and saved again from the version the 409 page carries: accepted.
    const merged = `${winner} ${loser}`;
    expect((await as.group2.post(`/evaluation/${roundId}`, textsForm(html, { 'pienuus:1': merged }))).status).toBe(302);
    expect(answerRow(roundId, 'pienuus:1')).toMatchObject({ text: merged, version: state.answers.find((a) => a.question_key === 'pienuus:1')!.version + 1 });
  });

  it('two group members save the same question from the same version at once: one 302, one 409 showing both texts; only the winner’s text is stored', async () => {
    const key = 'vastavirta:1';
    const [pageA, pageB] = [await roundPage(as.group, roundId), await roundPage(as.group2, roundId)];
    expect(textVersions(pageA)[key]).toBe(textVersions(pageB)[key]);
    const version = Number(textVersions(pageA)[key]);
    const audit = lastAuditId(server);
    const textA = 'Elina: vastavirtaan on menty aurinkovoimalassa.';
    const textB = 'Ryhmä Kaksi: vastavirtaan on menty euron tonteissa.';
    const otherA = 'Elinan toinen vastaus samassa tallennuksessa.';
    const otherB = 'Ryhmä Kahden toinen vastaus samassa tallennuksessa.';
    const [resA, resB] = await Promise.all([
      as.group.post(`/evaluation/${roundId}`, textsForm(pageA, { [key]: textA, 'positiivinen:1': otherA })),
      as.group2.post(`/evaluation/${roundId}`, textsForm(pageB, { [key]: textB, 'positiivinen:2': otherB })),
    ]);
    expect([resA.status, resB.status].sort()).toEqual([302, 409]);
    const [win, lose] =
      resA.status === 302
        ? [
            { text: textA, user: 'elinvoima', other: ['positiivinen:1', otherA] },
            { res: resB, text: textB, other: 'positiivinen:2' },
          ]
        : [
            { text: textB, user: 'ryhma2', other: ['positiivinen:2', otherB] },
            { res: resA, text: textA, other: 'positiivinen:1' },
          ];

    const html = await htmlOf(lose.res);
    const text = visibleText(html);
    expect(text, 'the 409 page shows the loser’s text').toContain(lose.text);
    expect(text, 'the 409 page shows the saved (winner’s) text').toContain(win.text);

    expect(answerRow(roundId, key)).toMatchObject({ text: win.text, version: version + 1, updated_by: userId(server, win.user) });
    expect(answerRow(roundId, win.other[0]!)?.text).toBe(win.other[1]);
    expect(answerRow(roundId, lose.other), 'nothing of the loser’s save is stored').toBeUndefined();
    expect(dbAll(server, 'SELECT 1 FROM round_answers WHERE round_id = ? AND text = ?', roundId, lose.text)).toHaveLength(0);
    expectAudit(audit, 'evaluation.answers', win.user, roundId);
  });
  it('two group members editing different questions from the same page version: both edits are saved (one shared text per question)', async () => {
    const [pageA, pageB] = [await roundPage(as.group, roundId), await roundPage(as.group2, roundId)];
    const textA = 'Elina: koti maalla näkyy etätyöntekijöiden tonteissa.';
    const textB = 'Ryhmä Kaksi: luontoon on uskottu aurinkovoimalassa.';
    expect((await as.group.post(`/evaluation/${roundId}`, textsForm(pageA, { 'koti-maalla:1': textA }))).status).toBe(302);
    // B never touched koti-maalla:1; their form still carries the text it was loaded with.
    const res = await as.group2.post(`/evaluation/${roundId}`, textsForm(pageB, { 'luonto-luovuus-tekniikka:1': textB }));
    expect(res.status, 'B edited another question than A: no conflict').toBe(302);
    expect(answerRow(roundId, 'koti-maalla:1')?.text, 'A’s text stays').toBe(textA);
    expect(answerRow(roundId, 'luonto-luovuus-tekniikka:1')?.text, 'B’s text is saved').toBe(textB);
  });
});

describe('the management-team survey', () => {
  const draft = 'Luonnos: pienuus näkyy nopeina päätöksinä.';
  const answer = 'Pienuus näkyy nopeina päätöksinä ja lyhyinä asiointimatkoina.';
  const answer2 = 'Viestintäsuunnitelma on hyväksytty.';

  it('while the survey is closed a manager’s answer is refused (409) and nothing is stored; it is not in their list', async () => {
    expect(Number(roundRow(roundId).survey_open)).toBe(0);
    const audit = lastAuditId(server);
    const list = await as.manager.get('/survey');
    expect(list.status).toBe(200);
    expect(await htmlOf(list)).not.toContain(`href="/survey/${roundId}"`);
    for (const intent of ['save', 'send']) {
      const res = await as.manager.post(`/survey/${roundId}`, { 'q.pienuus:1': draft, intent });
      expect(res.status, intent).toBe(409);
    }
    expect(surveyRows(roundId)).toEqual([]);
    expectNoStepAudit(audit, 'survey answers while closed');
  });

  it('only managers answer: the group and officials get 403 on /survey', async () => {
    for (const client of [as.group, as.official]) {
      expect((await client.get('/survey')).status).toBe(403);
      expect((await client.get(`/survey/${roundId}`)).status).toBe(403);
      expect((await client.post(`/survey/${roundId}`, { 'q.pienuus:1': 'x', intent: 'save' })).status).toBe(403);
    }
    expect(surveyRows(roundId)).toEqual([]);
  });

  it('the group opens the survey (302, audited); a stale round version is refused (409)', async () => {
    const html = await roundPage(as.group, roundId);
    const version = roundVersion(html);
    const audit = lastAuditId(server);
    expect((await as.group.post(`/evaluation/${roundId}`, { intent: 'survey-open', version })).status).toBe(302);
    expect(Number(roundRow(roundId).survey_open)).toBe(1);
    expectAudit(audit, 'evaluation.survey', 'elinvoima', roundId);

    const state = roundState(roundId);
    const audit2 = lastAuditId(server);
    expect((await as.group2.post(`/evaluation/${roundId}`, { intent: 'survey-close', version })).status).toBe(409);
    expect(roundState(roundId)).toEqual(state);
    expectNoStepAudit(audit2, 'stale survey-close');
  });

  it('a manager’s draft is stored, but the group does not see it as an answer', async () => {
    const list = await htmlOf(await as.manager.get('/survey'));
    expect(list).toContain(`href="/survey/${roundId}"`);
    const audit = lastAuditId(server);
    const res = await as.manager.post(`/survey/${roundId}`, { 'q.pienuus:1': draft, intent: 'save' });
    expect(res.status).toBe(302);
    expect(location(res)).toMatch(new RegExp(`^/survey/${roundId}`));
    const rows = surveyRows(roundId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: userId(server, 'esimies'), status: 'draft', sent_at: null });
    expect(JSON.parse(rows[0]!.answers)).toEqual({ 'pienuus:1': draft });
    expectAudit(audit, 'survey.save', 'esimies', roundId);

    // The manager sees their draft in the form.
    expect(textareaValue(await htmlOf(await as.manager.get(`/survey/${roundId}`)), 'q.pienuus:1')).toBe(draft);

    const page = await roundPage(as.group, roundId);
    expect(visibleText(page), 'the draft’s text is not shown on the group’s page').not.toContain(draft);
    const survey = surveySection(page);
    expect(survey).toContain('Eero Esimies: Luonnos, ei lähetetty');
    expect(survey).not.toMatch(/Eero Esimies: Vastannut/);
  });

  it('a manager’s unsent draft is not sent to the group’s browser at all (not even in the page’s data)', async () => {
    const draftRow = surveyRows(roundId).find((r) => r.user_id === userId(server, 'esimies'));
    expect(draftRow?.status, 'esimies has an unsent draft').toBe('draft');
    for (const client of [as.group, as.admin]) {
      const page = await roundPage(client, roundId);
      expect(page.includes(draft), 'the draft’s text in the HTML (hydration data) of /evaluation/:id').toBe(false);
    }
  });

  it('the manager sends: stored as sent, audited; the group sees the text beside the question and “Vastannut”; a manager who has not answered is “Ei vastannut”', async () => {
    const audit = lastAuditId(server);
    const res = await as.manager.post(`/survey/${roundId}`, { 'q.pienuus:1': answer, 'q.viestinta:1': answer2, intent: 'send' });
    expect(res.status).toBe(302);
    const row = surveyRows(roundId)[0]!;
    expect(row).toMatchObject({ user_id: userId(server, 'esimies'), status: 'sent' });
    expect(row.sent_at).not.toBeNull();
    expect(JSON.parse(row.answers)).toEqual({ 'pienuus:1': answer, 'viestinta:1': answer2 });
    expectAudit(audit, 'survey.send', 'esimies', roundId);

    const page = await roundPage(as.group, roundId);
    const survey = surveySection(page);
    expect(survey).toContain(`Eero Esimies: Vastannut ${helsinkiDay(row.sent_at!)}`);
    expect(survey).toContain('Jaana Johtaja: Ei vastannut');
    // Beside its own question.
    const question = (key: string) =>
      visibleText(
        new RegExp(`<div class="question">(?:(?!<div class="question">)[\\s\\S])*?id="q\\.${key.replace(':', '\\:')}"[\\s\\S]*?</details>`).exec(
          withoutScripts(page),
        )?.[0] ?? '',
      );
    expect(question('pienuus:1')).toContain(`Eero Esimies: ${answer}`);
    expect(question('viestinta:1')).toContain(`Eero Esimies: ${answer2}`);
    expect(question('pienuus:2')).not.toContain(answer);
  });

  it('a sent response is final: saving or sending again is 409 and changes nothing; the manager’s page is read-only', async () => {
    const state = roundState(roundId);
    const audit = lastAuditId(server);
    for (const intent of ['save', 'send']) {
      const res = await as.manager.post(`/survey/${roundId}`, { 'q.pienuus:1': 'Muutettu lähettämisen jälkeen.', intent });
      expect(res.status, intent).toBe(409);
    }
    expect(roundState(roundId)).toEqual(state);
    expectNoStepAudit(audit, 'changes after sending');
    const html = await htmlOf(await as.manager.get(`/survey/${roundId}`));
    expect(withoutScripts(html)).not.toMatch(/<textarea\b/);
    expect(visibleText(html)).toContain(answer);
  });

  it('the other manager saves a draft; the group closes the survey; then their answer is refused (409)', async () => {
    expect((await as.manager2.post(`/survey/${roundId}`, { 'q.tapahtumat:1': 'Johtajan luonnos.', intent: 'save' })).status).toBe(302);
    const audit = lastAuditId(server);
    expect((await as.group.post(`/evaluation/${roundId}`, { intent: 'survey-close', version: roundVersion(await roundPage(as.group, roundId)) })).status).toBe(
      302,
    );
    expect(Number(roundRow(roundId).survey_open)).toBe(0);
    expectAudit(audit, 'evaluation.survey', 'elinvoima', roundId);

    const state = roundState(roundId);
    const audit2 = lastAuditId(server);
    expect((await as.manager2.post(`/survey/${roundId}`, { 'q.tapahtumat:1': 'Johtajan vastaus.', intent: 'send' })).status).toBe(409);
    expect(roundState(roundId)).toEqual(state);
    expectNoStepAudit(audit2, 'answer to a closed survey');
    expect(surveySection(await roundPage(as.group, roundId))).toContain('Jaana Johtaja: Luonnos, ei lähetetty');
  });
});

describe('summary, sending to the board, the board’s comments and the council', () => {
  const summary = 'Strategia on toteutunut parhaiten ennakoinnissa; pienuus ja verkostot vahvistuivat.';
  const proposals = 'Lisätään toimintatapoihin periaate ”avoin”.';

  it('the group saves the summary and the proposals (302, stored, audited, shown)', async () => {
    const version = roundVersion(await roundPage(as.group, roundId));
    const audit = lastAuditId(server);
    const res = await as.group.post(`/evaluation/${roundId}`, { intent: 'summary', version, summary, proposals });
    expect(res.status).toBe(302);
    expect(roundRow(roundId)).toMatchObject({ summary, proposals, status: 'open' });
    expectAudit(audit, 'evaluation.summary', 'elinvoima', roundId);
    const html = await roundPage(as.group, roundId);
    expect(textareaValue(html, 'summary-text')).toBe(summary);
    expect(textareaValue(html, 'proposals')).toBe(proposals);
  });

  it('sent to the board with a date: status sent, the date stored, the survey closed, audited', async () => {
    expect((await as.group.post(`/evaluation/${roundId}`, { intent: 'survey-open', version: roundVersion(await roundPage(as.group, roundId)) })).status).toBe(
      302,
    );
    expect(Number(roundRow(roundId).survey_open)).toBe(1);
    const version = roundVersion(await roundPage(as.group, roundId));
    const audit = lastAuditId(server);
    const res = await as.group2.post(`/evaluation/${roundId}`, { intent: 'send', version, sentOn: '15.8.2026' });
    expect(res.status).toBe(302);
    const row = roundRow(roundId);
    expect(row).toMatchObject({ status: 'sent', sent_on: '2026-08-15', summary, proposals });
    expect(Number(row.survey_open)).toBe(0);
    expectAudit(audit, 'evaluation.sent', 'ryhma2', roundId);
  });

  it('a sent round is frozen: texts, summary and survey changes are refused (409) and nothing changes', async () => {
    const html = await roundPage(as.group, roundId);
    const version = roundVersion(html);
    const state = roundState(roundId);
    const audit = lastAuditId(server);
    const posts: Array<[Client, string, Record<string, string>]> = [
      [
        as.group,
        `/evaluation/${roundId}`,
        {
          ...textsForm(html, {}),
          'q.pienuus:1': 'Muutos lähettämisen jälkeen.',
          ...Object.fromEntries(answerRows(roundId).map((r) => [`v.${r.question_key}`, String(r.version)])),
        },
      ],
      [as.group, `/evaluation/${roundId}`, { intent: 'summary', version, summary: 'Uusi yhteenveto', proposals: '' }],
      [as.group, `/evaluation/${roundId}`, { intent: 'survey-open', version }],
      [as.group, `/evaluation/${roundId}`, { intent: 'send', version, sentOn: '20.8.2026' }],
      [as.manager2, `/survey/${roundId}`, { 'q.tapahtumat:1': 'Myöhästynyt vastaus.', intent: 'send' }],
    ];
    for (const [client, url, form] of posts) {
      const res = await client.post(url, form);
      expect(res.status, `${url} ${form.intent}`).toBe(409);
    }
    expect(roundState(roundId)).toEqual(state);
    expectNoStepAudit(audit, 'changes to a sent round');
  });

  it('the sent round’s page is read-only: no text fields or save buttons for texts and summary, the date shown', async () => {
    const html = await roundPage(as.group, roundId);
    const page = withoutScripts(html);
    expect(page).not.toMatch(/<textarea\b[^>]*\bid="q\./);
    for (const id of ['summary-text', 'proposals']) {
      const tag = new RegExp(`<textarea\\b[^>]*\\bid="${id}"[^>]*>`).exec(page)?.[0] ?? '';
      expect(tag, `${id} is shown`).not.toBe('');
      expect(tag, `${id} is read-only`).toMatch(/\sreadonly=""/i);
    }
    const text = visibleText(html);
    expect(text).not.toContain('Tallenna vastaukset');
    expect(text).not.toContain('Tallenna yhteenveto');
    expect(text).not.toContain('Avaa kysely');
    expect(text).toContain('Lähetetty kunnanhallitukselle 15.8.2026');
    // The group's texts are still there to read.
    expect(text).toContain(answerRow(roundId, 'pienuus:1')!.text);
    expect(text).toContain(summary);
  });

  it('the board’s comments are saved after sending (302, audited)', async () => {
    const comments = 'Kunnanhallitus merkitsi arvion tiedoksi ja lähettää sen valtuustolle.';
    const version = roundVersion(await roundPage(as.group, roundId));
    const audit = lastAuditId(server);
    expect((await as.group.post(`/evaluation/${roundId}`, { intent: 'board', version, boardComments: comments })).status).toBe(302);
    expect(roundRow(roundId)).toMatchObject({ board_comments: comments, status: 'sent' });
    expectAudit(audit, 'evaluation.board', 'elinvoima', roundId);
    expect(textareaValue(await roundPage(as.group, roundId), 'boardComments')).toBe(comments);
  });

  it('marked presented to the council with its date (302, stored, audited, shown)', async () => {
    const version = roundVersion(await roundPage(as.group, roundId));
    const audit = lastAuditId(server);
    expect((await as.group.post(`/evaluation/${roundId}`, { intent: 'present', version, presentedOn: '27.8.2026' })).status).toBe(302);
    expect(roundRow(roundId)).toMatchObject({ status: 'presented', presented_on: '2026-08-27', sent_on: '2026-08-15' });
    expectAudit(audit, 'evaluation.presented', 'elinvoima', roundId);
    const text = visibleText(await roundPage(as.group, roundId));
    expect(text).toContain('Esitetty valtuustolle 27.8.2026');
    expect(text).toContain('Esitetty valtuustolle');
  });

  it('the whole round left an audit row for every kind of step, from opening to presenting', () => {
    const rows = dbAll<{ action: string }>(
      server,
      `SELECT action FROM audit_log WHERE entity_type = 'evaluation_round' AND entity_id = ? AND outcome = 'success' ORDER BY id`,
      roundId,
    ).map((r) => r.action);
    for (const action of [
      'evaluation.open',
      'evaluation.answers',
      'evaluation.survey',
      'survey.save',
      'survey.send',
      'evaluation.summary',
      'evaluation.sent',
      'evaluation.board',
      'evaluation.presented',
    ]) {
      expect(rows, `an audit row ${action}`).toContain(action);
    }
    expect(rows[0]).toBe('evaluation.open');
    expect(rows.at(-1)).toBe('evaluation.presented');
  });
});

describe('a date that is not a date', () => {
  it('marking a round sent with an impossible date (31.2.2026) is refused and the round stays open (the step cannot be undone)', async () => {
    const id = await openRoundAs(as.group, '1.9.2024', '31.8.2025');
    const version = roundVersion(await roundPage(as.group, id));
    const res = await as.group.post(`/evaluation/${id}`, { intent: 'send', version, sentOn: '31.2.2026' });
    expect(res.status, 'an invalid date is an error to correct, not today').not.toBe(302);
    expect(roundRow(id)).toMatchObject({ status: 'open', sent_on: null });
  });
});
