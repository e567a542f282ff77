/**
 * No lost updates: two people (here: two browsers, each its own session) change
 * the same assessment from the same version at the same time. The first wins; the second gets
 * a conflict page with their own input beside the saved version, and can re-apply it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  FI,
  type AnswerInput,
  attribute,
  auditSince,
  checkedRadio,
  checklistForm,
  checklistUrl,
  completeAnswers,
  createDecision,
  decisionForm,
  draftFields,
  draftIn,
  fullSnapshot,
  htmlOf,
  inputValue,
  lastAuditId,
  organisation,
  reviewForm,
  showServerLogsOnFailure,
  statusOf,
  textareaValue,
  userId,
  versionOf,
  visibleText,
  withoutScripts,
  answersOf,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
/** Two browsers of the same official, two of the same manager. */
let officialA: Client;
let officialB: Client;
let managerA: Client;
let managerB: Client;
let admin: Client;

beforeAll(async () => {
  server = await startServer();
  officialA = await new Client(server.url).login('valmistelija');
  officialB = await new Client(server.url).login('valmistelija');
  managerA = await new Client(server.url).login('esimies');
  managerB = await new Client(server.url).login('esimies');
  admin = await new Client(server.url).login('paakayttaja');
  org = await organisation(officialA);
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

/** The version the checklist form (not the routine form) of a page carries. */
function checklistFormVersion(html: string): string | null {
  const page = withoutScripts(html);
  const form = /<form\b[^>]*class="form checklist"[^>]*>([\s\S]*?)<\/form>/.exec(page)?.[1] ?? '';
  const tag = /<input\b[^>]*name="version"[^>]*>/.exec(form)?.[0] ?? null;
  return attribute(tag, 'value');
}

/** The conflict section of a page (role="alert" with the conflict title), as visible text. */
function conflictSection(html: string): string {
  const page = withoutScripts(html);
  const match = /<section\b[^>]*class="conflict[^"]*"[^>]*>([\s\S]*?)<\/section>/.exec(page);
  return match ? visibleText(match[1]!) : '';
}

describe('two saves of the checklist from the same version', () => {
  it('exactly one wins; the other gets 409 with both texts, and can re-apply its input', async () => {
    const id = await createDecision(officialA, draftFields(org, { title: 'Samanaikainen tallennus' }));
    const first = await officialA.post(checklistUrl(id), checklistForm(1, 'save', { pienuus: { answer: '0', rationale: 'Alkuperäinen perustelu' } }));
    expect(first.status).toBe(302);
    const version = versionOf(server, id);
    expect(version).toBe(2);

    const inputs: Record<'A' | 'B', Record<string, AnswerInput>> = {
      A: { pienuus: { answer: '1', rationale: 'Annan perustelu: kyläkoulu säilyy.' }, verkostot: { answer: '2', rationale: 'Annan verkostot' } },
      B: { pienuus: { answer: '-1', rationale: 'Bertan perustelu: kuljetusmatkat pitenevät.', mitigation: 'Bertan lievennys: kimppakyydit.' } },
    };
    const [a, b] = await Promise.all([
      officialA.post(checklistUrl(id), checklistForm(version, 'save', inputs.A)),
      officialB.post(checklistUrl(id), checklistForm(version, 'save', inputs.B)),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    const winner = a.status === 302 ? 'A' : 'B';
    const loser = winner === 'A' ? 'B' : 'A';
    const loserClient = loser === 'A' ? officialA : officialB;
    const conflict = await htmlOf(loser === 'A' ? a : b);

    // The database holds the winner's data, one version on.
    expect(versionOf(server, id)).toBe(version + 1);
    const stored = Object.fromEntries(answersOf(server, id).map((r) => [r.key, r.rationale]));
    expect(stored.pienuus).toBe(inputs[winner].pienuus!.rationale);
    expect(stored.verkostot ?? null).toBe(winner === 'A' ? 'Annan verkostot' : null);

    // The conflict page: the loser's input in the form, and the saved version beside it.
    expect(visibleText(conflict)).toContain(FI.conflict);
    expect(textareaValue(conflict, 'answers.pienuus.rationale')).toBe(inputs[loser].pienuus!.rationale);
    expect(checkedRadio(conflict, 'answers.pienuus.answer')).toBe(inputs[loser].pienuus!.answer);
    if (loser === 'B') expect(textareaValue(conflict, 'answers.pienuus.mitigation')).toBe('Bertan lievennys: kimppakyydit.');
    const panel = conflictSection(conflict);
    expect(panel).toContain(inputs[loser].pienuus!.rationale!);
    expect(panel).toContain(inputs[winner].pienuus!.rationale!);
    expect(panel).toContain('Veera Valmistelija');

    // The form now carries the saved version: posting it again re-applies the loser's input.
    const carried = checklistFormVersion(conflict);
    expect(carried).toBe(String(version + 1));
    const again = await loserClient.post(checklistUrl(id), checklistForm(carried!, 'save', inputs[loser]));
    expect(again.status).toBe(302);
    expect(versionOf(server, id)).toBe(version + 2);
    const reapplied = Object.fromEntries(answersOf(server, id).map((r) => [r.key, r]));
    expect(reapplied.pienuus).toMatchObject({ rationale: inputs[loser].pienuus!.rationale, score: Number(inputs[loser].pienuus!.answer) });
  });

  it('of five saves sent at once exactly one is stored', async () => {
    const id = await createDecision(officialA, draftFields(org, { title: 'Viisi tallennusta' }));
    const clients = [officialA, officialB, officialA, officialB, officialA];
    const results = await Promise.all(
      clients.map((c, i) => c.post(checklistUrl(id), checklistForm(1, 'save', { pienuus: { answer: '1', rationale: `Tallennus ${i}` } }))),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4);
    expect(versionOf(server, id)).toBe(2);
    expect(answersOf(server, id).map((r) => r.rationale)).toEqual([`Tallennus ${statuses.indexOf(302)}`]);
    expect(fullSnapshot(server, id).snapshots.map((s) => s.event)).toEqual(['created', 'saved']);
  });

  it('a submit and a save at once: one wins, and the assessment is in the winner’s state', async () => {
    const id = await createDecision(officialA, draftFields(org, { title: 'Lähetys ja tallennus' }));
    const audit = lastAuditId(server);
    const [submit, save] = await Promise.all([
      officialA.post(checklistUrl(id), checklistForm(1, 'submit', completeAnswers(['1', '1', '1', '1', '1', '1', '1']))),
      officialB.post(checklistUrl(id), checklistForm(1, 'save', { pienuus: { answer: '-2', rationale: 'Tallennus', mitigation: 'L' } })),
    ]);
    expect([submit.status, save.status].sort()).toEqual([302, 409]);
    expect(statusOf(server, id)).toBe(submit.status === 302 ? 'submitted' : 'draft');
    expect(auditSince(server, audit).map((r) => r.action)).toEqual([submit.status === 302 ? 'assessment.submit' : 'assessment.save']);
  });
});

describe('the loser of a race that changed the state keeps their input', () => {
  // The second gets a clear conflict page that shows their own unsaved input (nothing is
  // lost). Here the first change is a submit or a review, which also moves the
  // state on; the second person's typed text must still come back to them.
  it('a save from the version a colleague has just submitted: 409, with the typed text on the page', async () => {
    const id = await createDecision(officialA, draftFields(org, { title: 'Lähetetty alta' }));
    expect((await officialA.post(checklistUrl(id), checklistForm(1, 'submit', completeAnswers(['1', '1', '1', '1', '1', '1', '1'])))).status).toBe(302);
    const before = fullSnapshot(server, id);
    const typed = 'Bertan pitkä perustelu, jota ei saa hukata.';
    const res = await officialB.post(checklistUrl(id), checklistForm(1, 'save', { pienuus: { answer: '2', rationale: typed } }));
    expect(res.status).toBe(409);
    expect(fullSnapshot(server, id)).toEqual(before);
    expect(visibleText(await htmlOf(res))).toContain(typed);
  });

  it('a review that loses to another manager’s review: 409, with the typed comment on the page', async () => {
    const id = await draftIn(server, 'submitted', officialA, managerA, draftFields(org, { title: 'Tarkastettu alta' }));
    const version = versionOf(server, id);
    expect((await managerA.post(`/decisions/${id}/review`, reviewForm('approve', version))).status).toBe(302);
    const before = fullSnapshot(server, id);
    const typed = 'Pitkä palaute, jonka kirjoittaminen kesti kymmenen minuuttia.';
    const res = await managerB.post(`/decisions/${id}/review`, reviewForm('return', version, typed, { pienuus: 'Periaatteen kommentti' }));
    expect(res.status).toBe(409);
    expect(fullSnapshot(server, id)).toEqual(before);
    const text = visibleText(await htmlOf(res));
    expect(text).toContain(typed);
    expect(text).toContain('Periaatteen kommentti');
  });
});

describe('two reviews from the same version', () => {
  it('approve and return at once: exactly one is stored, the other gets 409', async () => {
    const id = await draftIn(server, 'submitted', officialA, managerA, draftFields(org, { title: 'Kaksi tarkastusta' }));
    const version = versionOf(server, id);
    const audit = lastAuditId(server);
    const [approve, ret] = await Promise.all([
      managerA.post(`/decisions/${id}/review`, reviewForm('approve', version, 'Hyväksyn')),
      managerB.post(`/decisions/${id}/review`, reviewForm('return', version, 'Palautan', { pienuus: 'Korjaa' })),
    ]);
    expect([approve.status, ret.status].sort()).toEqual([302, 409]);
    const approved = approve.status === 302;
    expect(statusOf(server, id)).toBe(approved ? 'approved' : 'returned');
    expect(versionOf(server, id)).toBe(version + 1);
    const snap = fullSnapshot(server, id);
    expect(snap.reviews.map((r) => [r.outcome, r.comment])).toEqual([approved ? ['approved', 'Hyväksyn'] : ['returned', 'Palautan']]);
    expect(snap.reviewComments.map((c) => c.principle_key)).toEqual(approved ? [] : ['pienuus']);
    expect(auditSince(server, audit).map((r) => r.action)).toEqual([approved ? 'assessment.approve' : 'assessment.return']);
    // The loser is told: a conflict (the assessment changed under them), not a crash.
    // The loser sees that the assessment moved on, and the comments they wrote.
    const loserText = visibleText(await htmlOf(approved ? ret : approve));
    expect(loserText).toMatch(/Arviointia ei voi enää muokata/);
    if (approved) expect(loserText).toContain('Palautan');
  });

  it('a review from an older version is refused with 409 and changes nothing', async () => {
    const id = await draftIn(server, 'returned', officialA, managerA, draftFields(org, { title: 'Vanha versio' }));
    // Resubmitted: the manager's page from the first round carries an old version.
    const oldVersion = versionOf(server, id) - 1;
    const res = await officialA.post(checklistUrl(id), checklistForm(versionOf(server, id), 'submit', completeAnswers(['1', '1', '1', '1', '1', '1', '1'])));
    expect(res.status).toBe(302);
    const before = fullSnapshot(server, id);
    const stale = await managerA.post(`/decisions/${id}/review`, reviewForm('approve', oldVersion));
    expect(stale.status).toBe(409);
    expect(visibleText(await htmlOf(stale))).toContain('Joku muu tallensi tämän arvioinnin sillä välin');
    const missing = await managerA.post(`/decisions/${id}/review`, { intent: 'approve', comment: '' });
    expect(missing.status).toBe(409);
    expect(fullSnapshot(server, id)).toEqual(before);
  });
});

describe('two recordings of the decision at once', () => {
  it('the author and an admin: one is stored, the other gets 409', async () => {
    const id = await draftIn(server, 'approved', officialA, managerA, draftFields(org, { title: 'Kaksi kirjausta' }));
    const version = versionOf(server, id);
    const [byAuthor, byAdmin] = await Promise.all([
      officialA.post(`/decisions/${id}/decision`, decisionForm(version, 'approved', '10', '17.12.2026')),
      admin.post(`/decisions/${id}/decision`, decisionForm(version, 'rejected', '11', '17.12.2026')),
    ]);
    expect([byAuthor.status, byAdmin.status].sort()).toEqual([302, 409]);
    const row = fullSnapshot(server, id).decision!;
    if (byAuthor.status === 302) expect(row).toMatchObject({ outcome: 'approved', minutes_section: '10', decided_by: userId(server, 'valmistelija') });
    else expect(row).toMatchObject({ outcome: 'rejected', minutes_section: '11', decided_by: userId(server, 'paakayttaja') });
    expect(statusOf(server, id)).toBe('decided');
  });
});

describe('two edits of the details at once', () => {
  it('one is stored; the other gets 409 with its typed title still in the form', async () => {
    const id = await createDecision(officialA, draftFields(org, { title: 'Alkuperäinen otsikko' }));
    const [a, b] = await Promise.all([
      officialA.post(`/decisions/${id}/edit`, { ...draftFields(org, { title: 'Annan otsikko' }), version: '1' }),
      officialB.post(`/decisions/${id}/edit`, { ...draftFields(org, { title: 'Bertan otsikko' }), version: '1' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    const winner = a.status === 302 ? 'Annan otsikko' : 'Bertan otsikko';
    const loser = a.status === 302 ? 'Bertan otsikko' : 'Annan otsikko';
    expect(fullSnapshot(server, id).decision).toMatchObject({ title: winner });
    const html = await htmlOf(a.status === 302 ? b : a);
    expect(inputValue(html, 'title')).toBe(loser);
    expect(visibleText(html)).toContain('Joku muu tallensi tämän arvioinnin sillä välin');
  });

  it('an edit of the details and a checklist save share the version: one of them wins', async () => {
    const id = await createDecision(officialA, draftFields(org, { title: 'Otsikko ja lomake' }));
    const [edit, save] = await Promise.all([
      officialA.post(`/decisions/${id}/edit`, { ...draftFields(org, { title: 'Uusi otsikko' }), version: '1' }),
      officialB.post(checklistUrl(id), checklistForm(1, 'save', { pienuus: { answer: '1', rationale: 'Lomake' } })),
    ]);
    expect([edit.status, save.status].sort()).toEqual([302, 409]);
    const snap = fullSnapshot(server, id);
    expect(snap.decision!.title).toBe(edit.status === 302 ? 'Uusi otsikko' : 'Otsikko ja lomake');
    expect(snap.answers).toHaveLength(save.status === 302 ? 1 : 0);
  });

  it('an edit without a version or from an old one is refused with 409 and changes nothing', async () => {
    const id = await createDecision(officialA, draftFields(org, { title: 'Versioton muokkaus' }));
    expect((await officialA.post(checklistUrl(id), checklistForm(1, 'save', { pienuus: { answer: '1', rationale: 'x' } }))).status).toBe(302);
    const before = fullSnapshot(server, id);
    for (const version of [undefined, '1', '0', 'abc', '99']) {
      const fields = { ...draftFields(org, { title: 'Ei saa tallentua' }), ...(version === undefined ? {} : { version }) };
      const res = await officialA.post(`/decisions/${id}/edit`, fields);
      expect(res.status, `version ${version}`).toBe(409);
    }
    expect(fullSnapshot(server, id)).toEqual(before);
  });
});
