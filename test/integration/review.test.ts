/**
 * The review round and the decision, through the forms as a browser without
 * JavaScript posts them. official submits → manager returns with comments → official sees the
 * comments beside the answers, revises and resubmits → manager approves → the author records the
 * decision → the assessment is frozen (409 everywhere, nothing changes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  FI,
  auditSince,
  checklistForm,
  checklistUrl,
  completeAnswers,
  createDecision,
  createUserWithCli,
  dbAll,
  decisionForm,
  draftFields,
  draftIn,
  fieldError,
  fullSnapshot,
  htmlOf,
  inputValue,
  lastAuditId,
  location,
  organisation,
  postDecisionRecord,
  postReview,
  reviewForm,
  showServerLogsOnFailure,
  statusOf,
  submitComplete,
  textareaValue,
  userId,
  versionOf,
  visibleText,
  withoutScripts,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
const clients: Record<string, Client> = {};
const DUAL = 'kaksoisrooli2';

beforeAll(async () => {
  server = await startServer();
  createUserWithCli(server, DUAL, [
    '--name',
    'Kalle Kaksoisrooli',
    '--role',
    'official',
    '--role',
    'manager',
    '--department',
    'Sivistystoimi',
    '--leads',
    'Sivistystoimi',
  ]);
  for (const username of ['valmistelija', 'esimies', 'johtaja', 'paakayttaja', 'elinvoima', DUAL]) {
    clients[username] = await new Client(server.url).login(username);
  }
  org = await organisation(clients.valmistelija!);
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

const RETURN_REQUIRED = 'Kerro valmistelijalle, mitä pitää korjata.';
const OVERALL = 'Perustelut jäävät yleisiksi. Kerro, mitä asia tarkoittaa kylille.';
const ON_VASTAVIRTA = 'Mitä uutta tässä kokeillaan? Kerro tarkemmin.';

/** The part of the checklist page that belongs to one principle (its <article>). */
function checklistArticle(html: string, key: string): string {
  const page = withoutScripts(html);
  const start = page.indexOf(`id="p-${key}"`);
  if (start < 0) return '';
  const end = page.indexOf('<article', start);
  return page.slice(start, end < 0 ? undefined : end);
}

/** The part of the assessment page that shows one principle's answer (its list item). */
function answerItem(html: string, title: string): string {
  const page = withoutScripts(html);
  const start = page.indexOf(`>${title}</h4>`);
  if (start < 0) return '';
  const end = page.indexOf('answer-list__item', start);
  return page.slice(start, end < 0 ? undefined : end);
}

describe('the review round', () => {
  let id: number;
  const answers = completeAnswers(['2', '1', '0', '-1', 'not_relevant', 'knowledge_gap', '1']);

  it('the official submits; the manager sees every answer with its rationale and mitigation', async () => {
    id = await createDecision(clients.valmistelija!, draftFields(org, { title: 'Kierroksen esitys', meetingDate: '17.12.2026' }));
    const res = await clients.valmistelija!.post(checklistUrl(id), checklistForm(1, 'submit', answers, ['viestinta']));
    expect(res.status).toBe(302);
    expect(statusOf(server, id)).toBe('submitted');

    const page = await clients.esimies!.get(`/decisions/${id}/review`);
    expect(page.status).toBe(200);
    const html = await htmlOf(page);
    const text = visibleText(html);
    expect(text).toContain('Kierroksen esitys');
    for (const [key, a] of Object.entries(answers)) {
      if (a!.rationale) expect(text, key).toContain(a!.rationale);
      if (a!.mitigation) expect(text, key).toContain(a!.mitigation);
    }
    expect(text).toContain('Hyväksy');
    expect(text).toContain('Palauta korjattavaksi');
    expect(inputValue(html, 'version') ?? /name="version" value="(\d+)"/.exec(html)?.[1]).toBe(String(versionOf(server, id)));
  });

  it('a return without an overall comment is refused with 400, the typed comments stay, and nothing is saved', async () => {
    const before = fullSnapshot(server, id);
    const audit = lastAuditId(server);
    const res = await clients.esimies!.post(`/decisions/${id}/review`, reviewForm('return', versionOf(server, id), '   ', { vastavirta: ON_VASTAVIRTA }));
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(visibleText(html)).toContain(RETURN_REQUIRED);
    expect(fieldError(html, 'comment')).toBe(RETURN_REQUIRED);
    expect(textareaValue(html, 'principleComments.vastavirta')).toBe(ON_VASTAVIRTA);
    expect(fullSnapshot(server, id)).toEqual(before);
    expect(auditSince(server, audit)).toEqual([]);
  });

  it('a comment over 4000 characters is refused with 400 and nothing is saved', async () => {
    const before = fullSnapshot(server, id);
    const long = 'x'.repeat(4001);
    const res = await clients.esimies!.post(`/decisions/${id}/review`, reviewForm('return', versionOf(server, id), long));
    expect(res.status).toBe(400);
    expect(fieldError(await htmlOf(res), 'comment')).toBe(FI.tooLong(4000));
    const principle = await clients.esimies!.post(`/decisions/${id}/review`, reviewForm('return', versionOf(server, id), 'Lyhyt', { pienuus: long }));
    expect(principle.status).toBe(400);
    expect(fieldError(await htmlOf(principle), 'principleComments.pienuus')).toBe(FI.tooLong(4000));
    expect(fullSnapshot(server, id)).toEqual(before);
  });

  it('an unknown intent is refused with 400 and nothing is saved', async () => {
    const before = fullSnapshot(server, id);
    const res = await clients.esimies!.post(`/decisions/${id}/review`, reviewForm('delete', versionOf(server, id), 'x'));
    expect(res.status).toBe(400);
    expect(fullSnapshot(server, id)).toEqual(before);
  });

  it('the manager returns it with an overall comment and a comment on one principle', async () => {
    const version = versionOf(server, id);
    const audit = lastAuditId(server);
    const res = await clients.esimies!.post(`/decisions/${id}/review`, reviewForm('return', version, OVERALL, { vastavirta: ON_VASTAVIRTA, pienuus: '  ' }));
    expect(res.status).toBe(302);
    expect(location(res)).toBe(`/decisions/${id}?notice=returned`);
    expect(statusOf(server, id)).toBe('returned');
    expect(versionOf(server, id)).toBe(version + 1);
    const snap = fullSnapshot(server, id);
    expect(snap.reviews).toHaveLength(1);
    expect(snap.reviews[0]).toMatchObject({ reviewer_id: userId(server, 'esimies'), outcome: 'returned', comment: OVERALL, assessment_version: version });
    // Only the principle that was commented on; a blank comment is no comment.
    expect(snap.reviewComments.map((c) => [c.principle_key, c.comment])).toEqual([['vastavirta', ON_VASTAVIRTA]]);
    expect(auditSince(server, audit).map((r) => [r.action, r.user_id, r.outcome])).toEqual([['assessment.return', userId(server, 'esimies'), 'success']]);
  });

  it('the official’s checklist shows the overall comment and the principle’s comment beside its answer', async () => {
    const res = await clients.valmistelija!.get(checklistUrl(id));
    expect(res.status).toBe(200);
    const html = await htmlOf(res);
    expect(visibleText(html)).toContain(OVERALL);
    expect(visibleText(checklistArticle(html, 'vastavirta'))).toContain(ON_VASTAVIRTA);
    for (const key of ['pienuus', 'koti-maalla', 'verkostot']) expect(checklistArticle(html, key), key).not.toContain(ON_VASTAVIRTA);
    // The answers are still there to revise.
    expect(textareaValue(html, 'answers.vastavirta.rationale')).toBe('Perustelu vastavirta');

    const page = await htmlOf(await clients.valmistelija!.get(`/decisions/${id}`));
    expect(visibleText(page)).toContain(OVERALL);
    expect(visibleText(answerItem(page, 'Vastavirran edelläkävijä!'))).toContain(ON_VASTAVIRTA);
    expect(answerItem(page, 'Pienuus on vahvuus!')).not.toContain(ON_VASTAVIRTA);
  });

  it('the official revises and submits again', async () => {
    const revised = { ...answers, vastavirta: { answer: '2', rationale: 'Kokeilemme ensimmäisenä seudulla etäkoulua.', mitigation: '' } };
    const saved = await clients.valmistelija!.post(checklistUrl(id), checklistForm(versionOf(server, id), 'save', revised, ['viestinta']));
    expect(saved.status).toBe(302);
    expect(statusOf(server, id)).toBe('returned');
    await submitComplete(server, clients.valmistelija!, id, ['2', '2', '0', '-1', 'not_relevant', 'knowledge_gap', '1'], ['viestinta']);
    expect(statusOf(server, id)).toBe('submitted');
    // The manager sees it again.
    expect((await clients.esimies!.get(`/decisions/${id}/review`)).status).toBe(200);
  });

  it('the manager approves', async () => {
    const version = versionOf(server, id);
    const res = await postReview(server, clients.esimies!, id, 'approve', 'Nyt hyvä.');
    expect(res.status).toBe(302);
    expect(location(res)).toBe(`/decisions/${id}?notice=approved`);
    expect(statusOf(server, id)).toBe('approved');
    const reviews = fullSnapshot(server, id).reviews;
    expect(reviews.map((r) => [r.outcome, r.reviewer_id, r.assessment_version])).toEqual([
      ['returned', userId(server, 'esimies'), expect.any(Number)],
      ['approved', userId(server, 'esimies'), version],
    ]);
    // Approved: the author may no longer change it.
    expect((await clients.valmistelija!.post(checklistUrl(id), checklistForm(versionOf(server, id), 'save', answers))).status).toBe(409);
  });

  it('the author records the decision; a missing §, a bad § or date, or an unknown outcome is a 400 that saves nothing', async () => {
    const form = await clients.valmistelija!.get(`/decisions/${id}/decision`);
    expect(form.status).toBe(200);
    const formHtml = await htmlOf(form);
    expect(inputValue(formHtml, 'meetingDate')).toBe('17.12.2026');

    const before = fullSnapshot(server, id);
    const audit = lastAuditId(server);
    const version = versionOf(server, id);
    const bad: Array<[Record<string, string>, string, string]> = [
      [decisionForm(version, 'amended', '', '18.12.2026'), 'minutesSection', FI.required],
      [decisionForm(version, 'amended', '45', '31.2.2026'), 'meetingDate', FI.invalidDate],
      [decisionForm(version, 'amended', '45', '2026-13-01'), 'meetingDate', FI.invalidDate],
      [decisionForm(version, 'amended', 'neljäkymmentä', '18.12.2026'), 'minutesSection', 'Anna pykälän numero, esimerkiksi 45.'],
      [decisionForm(version, 'hyväksytty', '45', '18.12.2026'), 'outcome', FI.invalidChoice],
    ];
    for (const [fields, field, message] of bad) {
      const res = await clients.valmistelija!.post(`/decisions/${id}/decision`, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const html = await htmlOf(res);
      expect(fieldError(html, field), JSON.stringify(fields)).toBe(message);
    }
    expect(fullSnapshot(server, id)).toEqual(before);
    expect(auditSince(server, audit)).toEqual([]);

    const res = await clients.valmistelija!.post(`/decisions/${id}/decision`, decisionForm(version, 'amended', '45', '18.12.2026'));
    expect(res.status).toBe(302);
    expect(location(res)).toBe(`/decisions/${id}?notice=decided`);
    expect(statusOf(server, id)).toBe('decided');
    const row = fullSnapshot(server, id).decision!;
    expect(row).toMatchObject({ outcome: 'amended', minutes_section: '45', meeting_date: '2026-12-18', decided_by: userId(server, 'valmistelija') });
    expect(row.decided_at).toEqual(expect.any(String));
    expect(auditSince(server, audit).map((r) => [r.action, r.user_id, r.outcome])).toEqual([['decision.record', userId(server, 'valmistelija'), 'success']]);

    const page = visibleText(await htmlOf(await clients.valmistelija!.get(`/decisions/${id}`)));
    expect(page).toContain('Hyväksytty muutettuna, 45 §, 18.12.2026');
  });

  it('once decided, every change endpoint answers 409 and nothing changes', async () => {
    const before = fullSnapshot(server, id);
    const audit = lastAuditId(server);
    const v = String(versionOf(server, id));
    const author = clients.valmistelija!;
    const statuses = {
      save: (await author.post(checklistUrl(id), checklistForm(v, 'save', answers))).status,
      submit: (await author.post(checklistUrl(id), checklistForm(v, 'submit', answers))).status,
      routine: (await author.post(checklistUrl(id), { intent: 'routine', version: v, routineRationale: 'Rutiini.' })).status,
      edit: (await author.post(`/decisions/${id}/edit`, { ...draftFields(org, { title: 'Jälkikäteen muutettu' }), version: v })).status,
      decisionAgain: (await author.post(`/decisions/${id}/decision`, decisionForm(v, 'rejected', '46', '19.12.2026'))).status,
      adminDecision: (await clients.paakayttaja!.post(`/decisions/${id}/decision`, decisionForm(v, 'rejected', '46', '19.12.2026'))).status,
      approve: (await clients.esimies!.post(`/decisions/${id}/review`, reviewForm('approve', v))).status,
      return: (await clients.esimies!.post(`/decisions/${id}/review`, reviewForm('return', v, 'Vielä yksi korjaus'))).status,
      reviewPage: (await clients.esimies!.get(`/decisions/${id}/review`)).status,
      editPage: (await author.get(`/decisions/${id}/edit`)).status,
      decisionPage: (await author.get(`/decisions/${id}/decision`)).status,
    };
    expect(statuses).toEqual({
      save: 409,
      submit: 409,
      routine: 409,
      edit: 409,
      decisionAgain: 409,
      adminDecision: 409,
      approve: 409,
      return: 409,
      reviewPage: 409,
      editPage: 409,
      decisionPage: 409,
    });
    expect(fullSnapshot(server, id)).toEqual(before);
    expect(auditSince(server, audit)).toEqual([]);
    // It can still be read.
    expect((await author.get(`/decisions/${id}`)).status).toBe(200);
    expect((await clients.esimies!.get(`/decisions/${id}`)).status).toBe(200);
  });
});

describe('who records the decision', () => {
  it('an admin may record it', async () => {
    const id = await draftIn(server, 'approved', clients.valmistelija!, clients.esimies!, draftFields(org, { title: 'Pääkäyttäjä kirjaa' }));
    const res = await postDecisionRecord(server, clients.paakayttaja!, id, 'tabled', '12', '17.12.2026');
    expect(res.status).toBe(302);
    expect(statusOf(server, id)).toBe('decided');
    expect(fullSnapshot(server, id).decision).toMatchObject({ outcome: 'tabled', minutes_section: '12', decided_by: userId(server, 'paakayttaja') });
  });

  it('takes the § with or without its sign, and keeps the meeting date when it did not move', async () => {
    const id = await draftIn(
      server,
      'approved',
      clients.valmistelija!,
      clients.esimies!,
      draftFields(org, { title: 'Pykälämerkki', meetingDate: '16.12.2026' }),
    );
    const res = await clients.valmistelija!.post(
      `/decisions/${id}/decision`,
      decisionForm(versionOf(server, id), 'returned_for_preparation', '123 §', '16.12.2026'),
    );
    expect(res.status).toBe(302);
    expect(fullSnapshot(server, id).decision).toMatchObject({ outcome: 'returned_for_preparation', minutes_section: '123', meeting_date: '2026-12-16' });
    expect(visibleText(await htmlOf(await clients.valmistelija!.get(`/decisions/${id}`)))).toContain('Palautettu valmisteluun, 123 §, 16.12.2026');
  });

  it('a manager may not (403), nor the group (403); another department’s manager does not see it (404); nothing changes', async () => {
    const id = await draftIn(server, 'approved', clients.valmistelija!, clients.esimies!, draftFields(org, { title: 'Esimies ei kirjaa' }));
    const before = fullSnapshot(server, id);
    const audit = lastAuditId(server);
    expect((await postDecisionRecord(server, clients.esimies!, id)).status).toBe(403);
    expect((await clients.esimies!.get(`/decisions/${id}/decision`)).status).toBe(403);
    expect((await postDecisionRecord(server, clients.elinvoima!, id)).status).toBe(403);
    expect((await postDecisionRecord(server, clients.johtaja!, id)).status).toBe(404);
    expect(fullSnapshot(server, id)).toEqual(before);
    expect(auditSince(server, audit)).toEqual([]);
  });

  it('a decision cannot be recorded before the approval (409), and the form is not offered', async () => {
    for (const status of ['draft', 'submitted', 'returned'] as const) {
      const id = await draftIn(server, status, clients.valmistelija!, clients.esimies!, draftFields(org, { title: `Liian aikaisin ${status}` }));
      const before = fullSnapshot(server, id);
      expect((await postDecisionRecord(server, clients.valmistelija!, id)).status, status).toBe(409);
      expect((await clients.valmistelija!.get(`/decisions/${id}/decision`)).status, status).toBe(409);
      expect(fullSnapshot(server, id)).toEqual(before);
    }
  });
});

describe('a manager who is also an official', () => {
  it('cannot review their own assessment, which the department’s other manager can', async () => {
    const dual = clients[DUAL]!;
    const id = await createDecision(dual, draftFields(org, { title: 'Kaksoisroolin oma esitys' }));
    await submitComplete(server, dual, id);
    const before = fullSnapshot(server, id);
    expect((await dual.get(`/decisions/${id}/review`)).status).toBe(403);
    expect((await postReview(server, dual, id, 'approve')).status).toBe(403);
    expect((await postReview(server, dual, id, 'return', 'Oma palautus')).status).toBe(403);
    expect(fullSnapshot(server, id)).toEqual(before);
    // Not in their own queue, nor offered on the page; in the other manager's queue.
    expect(await htmlOf(await dual.get('/reviews'))).not.toContain(`/decisions/${id}/review`);
    expect(await htmlOf(await dual.get(`/decisions/${id}`))).not.toContain(`/decisions/${id}/review`);
    expect(await htmlOf(await clients.esimies!.get('/reviews'))).toContain(`/decisions/${id}/review`);
    const res = await postReview(server, clients.esimies!, id, 'approve');
    expect(res.status).toBe(302);
    expect(statusOf(server, id)).toBe('approved');
  });

  it('reviews a colleague’s assessment in the department they lead', async () => {
    const id = await draftIn(server, 'submitted', clients.valmistelija!, clients.esimies!, draftFields(org, { title: 'Kollegan esitys' }));
    const res = await postReview(server, clients[DUAL]!, id, 'return', 'Kollega palauttaa.');
    expect(res.status).toBe(302);
    expect(dbAll(server, 'SELECT r.outcome, r.reviewer_id FROM reviews r JOIN assessments a ON a.id = r.assessment_id WHERE a.decision_id = ?', id)).toEqual([
      { outcome: 'returned', reviewer_id: userId(server, DUAL) },
    ]);
  });
});
