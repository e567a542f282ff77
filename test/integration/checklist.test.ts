import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  FI,
  SCORED_KEYS,
  allFieldErrors,
  attribute,
  answersOf,
  assessmentOf,
  checkedBoxes,
  checkedRadio,
  checklistForm,
  completeAnswers,
  createDecision,
  htmlOf,
  location,
  organisation,
  projectsOf,
  showServerLogsOnFailure,
  snapshot,
  textareaValue,
  visibleText,
} from './helpers';

let server: TestServer;
let official: Client;
let bodies: Map<string, string>;
let departments: Map<string, string>;

beforeAll(async () => {
  server = await startServer();
  official = await new Client(server.url).login('valmistelija');
  ({ bodies, departments } = await organisation(official));
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

let counter = 0;
async function newDraft(title = `Tarkistuslistan testi ${++counter}`) {
  return createDecision(official, {
    title,
    caseNumber: '',
    bodyId: bodies.get('Sivistyslautakunta')!,
    departmentId: departments.get('Sivistystoimi')!,
    meetingDate: '10.12.2026',
    description: 'Testiesitys.',
  });
}

const checklistUrl = (id: number) => `/decisions/${id}/checklist`;
const post = (id: number, form: URLSearchParams) => official.post(checklistUrl(id), form);

/** The version the checklist form carries in its hidden field(s). */
async function formVersions(id: number): Promise<string[]> {
  const html = await htmlOf(await official.get(checklistUrl(id)));
  return [...html.matchAll(/<input type="hidden" name="version" value="(\d+)"\/>/g)].map((m) => m[1]!);
}

describe('the checklist page', () => {
  it('shows every scored principle, the projects and the version of a new draft', async () => {
    const id = await newDraft();
    const res = await official.get(checklistUrl(id));
    expect(res.status).toBe(200);
    const html = await htmlOf(res);
    for (const key of SCORED_KEYS) {
      for (const value of ['2', '1', '0', '-1', '-2', 'not_relevant', 'knowledge_gap']) {
        expect(html, `${key} ${value}`).toContain(`id="answers.${key}.answer-${value}"`);
      }
      expect(textareaValue(html, `answers.${key}.rationale`)).toBe('');
      expect(textareaValue(html, `answers.${key}.mitigation`)).toBe('');
    }
    const checkboxes = [...html.matchAll(/<input\b[^>]*>/g)].map((m) => m[0]).filter((tag) => attribute(tag, 'name') === 'projects');
    expect(checkboxes.map((tag) => attribute(tag, 'value'))).toEqual(['jalkauttaminen', 'markkinointi', 'viestinta', 'konseptointi', 'tapahtumat']);
    expect(await formVersions(id)).toEqual(['1', '1']);
    expect(visibleText(html)).toContain('0 / 7 periaatetta arvioitu');
  });
});

describe('saving a draft', () => {
  it('stores a half-filled checklist, bumps the version and shows it again', async () => {
    const id = await newDraft();
    const res = await post(
      id,
      checklistForm(
        1,
        'save',
        {
          pienuus: { answer: '2', rationale: '  Vahvistaa kyläkouluja.  ' },
          vastavirta: { answer: '-1', rationale: 'Vähän heikentää.' },
          'koti-maalla': { rationale: 'Mietitään vielä.' },
          ennakointi: { answer: 'not_relevant' },
        },
        ['viestinta', 'tapahtumat'],
      ),
    );
    expect([200, 302]).toContain(res.status);
    if (res.status === 302) expect(location(res)).toBe(`${checklistUrl(id)}?notice=draftSaved`);

    expect(assessmentOf(server, id)).toMatchObject({ status: 'draft', version: 2 });
    expect(answersOf(server, id)).toEqual([
      { key: 'ennakointi', answer_kind: 'not_relevant', score: null, rationale: null, mitigation: null },
      { key: 'koti-maalla', answer_kind: null, score: null, rationale: 'Mietitään vielä.', mitigation: null },
      { key: 'pienuus', answer_kind: 'scored', score: 2, rationale: 'Vahvistaa kyläkouluja.', mitigation: null },
      { key: 'vastavirta', answer_kind: 'scored', score: -1, rationale: 'Vähän heikentää.', mitigation: null },
    ]);
    expect(projectsOf(server, id)).toEqual(['tapahtumat', 'viestinta']);

    const html = await htmlOf(await official.get(checklistUrl(id)));
    expect(checkedRadio(html, 'answers.pienuus.answer')).toBe('2');
    expect(checkedRadio(html, 'answers.vastavirta.answer')).toBe('-1');
    expect(checkedRadio(html, 'answers.ennakointi.answer')).toBe('not_relevant');
    expect(checkedRadio(html, 'answers.koti-maalla.answer')).toBeNull();
    expect(textareaValue(html, 'answers.koti-maalla.rationale')).toBe('Mietitään vielä.');
    expect(checkedBoxes(html, 'projects').sort()).toEqual(['tapahtumat', 'viestinta']);
    expect(await formVersions(id)).toEqual(['2', '2']);
    expect(visibleText(html)).toContain('3 / 7 periaatetta arvioitu');

    // A second save from the new version replaces the content as a whole.
    const again = await post(id, checklistForm(2, 'save', { pienuus: { answer: '0', rationale: 'Ei vaikutusta.' } }));
    expect(again.status).toBe(302);
    expect(assessmentOf(server, id).version).toBe(3);
    expect(answersOf(server, id)).toEqual([{ key: 'pienuus', answer_kind: 'scored', score: 0, rationale: 'Ei vaikutusta.', mitigation: null }]);
    expect(projectsOf(server, id)).toEqual([]);
  });

  it('refuses an over-long rationale with 400, the message at the field and the text kept, saving nothing', async () => {
    const id = await newDraft();
    const before = snapshot(server, id);
    const long = await post(id, checklistForm(1, 'save', { pienuus: { answer: '1', rationale: 'x'.repeat(4001) } }));
    expect(long.status).toBe(400);
    const html = await htmlOf(long);
    expect(allFieldErrors(html)).toEqual({ 'answers.pienuus.rationale': FI.tooLong(4000) });
    expect(textareaValue(html, 'answers.pienuus.rationale')).toBe('x'.repeat(4001));
    expect(snapshot(server, id)).toEqual(before);
    // 4000 characters are fine.
    expect((await post(id, checklistForm(1, 'save', { pienuus: { answer: '1', rationale: 'x'.repeat(4000) } }))).status).toBe(302);
    expect(answersOf(server, id)[0]!.rationale).toHaveLength(4000);
  });

  it('refuses a value outside the scale with 400 and "choose one of the options", saving nothing', async () => {
    const id = await newDraft();
    const before = snapshot(server, id);
    const bad = await post(id, checklistForm(1, 'save', { pienuus: { answer: '3', rationale: 'Kolme' } }));
    expect(bad.status).toBe(400);
    expect(snapshot(server, id)).toEqual(before);
    // A value was given, so "this field is required" would be wrong: the answer is not one of the scale's.
    expect(allFieldErrors(await htmlOf(bad))).toEqual({ 'answers.pienuus.answer': FI.invalidChoice });
  });

  it('refuses an unknown project with 400 and says why', async () => {
    const id = await newDraft();
    const before = snapshot(server, id);
    const project = await post(id, checklistForm(1, 'save', { pienuus: { answer: '1', rationale: 'x' } }, ['viestinta', 'olematon']));
    expect(project.status).toBe(400);
    expect(snapshot(server, id)).toEqual(before);
    // A 400 must tell the user what to correct.
    expect(visibleText(await htmlOf(project))).toContain(FI.invalidChoice);
  });
});

describe('submitting', () => {
  it('refuses an incomplete checklist with 400, a message at every missing field, the typed text, and no change', async () => {
    const id = await newDraft();
    // A saved draft first, so that "unchanged" is something to compare with.
    const saved = await post(id, checklistForm(1, 'save', { pienuus: { answer: '1', rationale: 'Tallennettu perustelu.' } }, ['markkinointi']));
    expect(saved.status).toBe(302);
    const before = snapshot(server, id);
    expect(before.assessment).toMatchObject({ status: 'draft', version: 2 });

    const typed = 'Kirjoitettu teksti: "lainaus" & <b>merkit</b> – ääkköset';
    const res = await post(
      id,
      checklistForm(
        2,
        'submit',
        {
          pienuus: { answer: '2' }, // no rationale
          vastavirta: { answer: '-1', rationale: typed }, // no mitigation
          'koti-maalla': { answer: 'knowledge_gap' }, // does not say what is missing
          // luonto-luovuus-tekniikka: not answered
          ennakointi: { answer: 'not_relevant' }, // needs nothing more
          positiivinen: { answer: '-2', rationale: 'Heikentää.', mitigation: 'Lievennetään yhteistyöllä.' }, // complete
          // verkostot: not answered
        },
        ['viestinta'],
      ),
    );
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(allFieldErrors(html)).toEqual({
      'answers.pienuus.rationale': FI.rationaleRequired,
      'answers.vastavirta.mitigation': FI.mitigationRequired,
      'answers.koti-maalla.rationale': FI.knowledgeGapRequired,
      'answers.luonto-luovuus-tekniikka.answer': FI.answerRequired,
      'answers.verkostot.answer': FI.answerRequired,
    });
    const text = visibleText(html);
    expect(text).toContain(FI.summaryTitle);
    expect(text).toContain(FI.rationaleRequired);
    expect(text).toContain(FI.mitigationRequired);
    expect(text).toContain(FI.answerRequired);
    // Everything typed is still on the form, not the saved draft.
    expect(textareaValue(html, 'answers.vastavirta.rationale')).toBe(typed);
    expect(textareaValue(html, 'answers.positiivinen.mitigation')).toBe('Lievennetään yhteistyöllä.');
    expect(textareaValue(html, 'answers.pienuus.rationale')).toBe('');
    expect(checkedRadio(html, 'answers.pienuus.answer')).toBe('2');
    expect(checkedRadio(html, 'answers.positiivinen.answer')).toBe('-2');
    expect(checkedRadio(html, 'answers.verkostot.answer')).toBeNull();
    expect(checkedBoxes(html, 'projects')).toEqual(['viestinta']);
    // The typed text is escaped, not markup.
    expect(html).not.toContain('<b>merkit</b>');

    // Nothing was stored.
    expect(snapshot(server, id)).toEqual(before);
  });

  it('submits a complete checklist: redirect to the decision, status submitted, then frozen (409)', async () => {
    const id = await newDraft();
    const answers = completeAnswers(['2', '1', '0', '-1', 'not_relevant', 'knowledge_gap', '-2']);
    const res = await post(id, checklistForm(1, 'submit', answers, ['konseptointi']));
    expect(res.status).toBe(302);
    expect(location(res)).toBe(`/decisions/${id}?notice=submitted`);
    const assessment = assessmentOf(server, id);
    expect(assessment).toMatchObject({ status: 'submitted', version: 2 });
    expect(assessment.submitted_at).not.toBeNull();
    expect(answersOf(server, id).map((a) => [a.key, a.answer_kind, a.score])).toEqual([
      ['ennakointi', 'not_relevant', null],
      ['koti-maalla', 'scored', 0],
      ['luonto-luovuus-tekniikka', 'scored', -1],
      ['pienuus', 'scored', 2],
      ['positiivinen', 'knowledge_gap', null],
      ['vastavirta', 'scored', 1],
      ['verkostot', 'scored', -2],
    ]);
    expect(projectsOf(server, id)).toEqual(['konseptointi']);

    const page = await official.get(location(res)!);
    expect(page.status).toBe(200);
    expect(visibleText(await htmlOf(page))).toContain('Arviointi on lähetetty tarkastettavaksi.');

    // Frozen: every kind of post to the checklist is refused and changes nothing.
    const frozen = snapshot(server, id);
    for (const form of [
      checklistForm(2, 'save', completeAnswers(['-2', '-2', '-2', '-2', '-2', '-2', '-2'])),
      checklistForm(2, 'submit', completeAnswers(['0', '0', '0', '0', '0', '0', '0'])),
      checklistForm(1, 'save', {}),
    ]) {
      const again = await post(id, form);
      expect(again.status).toBe(409);
    }
    const routine = await official.post(checklistUrl(id), { intent: 'routine', version: '2', routineRationale: 'Rutiini.' });
    expect(routine.status).toBe(409);
    const edit = await official.post(`/decisions/${id}/edit`, {
      title: 'Muutettu',
      caseNumber: '',
      bodyId: bodies.get('Sivistyslautakunta')!,
      departmentId: departments.get('Sivistystoimi')!,
      meetingDate: '10.12.2026',
      description: 'Muutettu.',
    });
    expect(edit.status).toBe(409);
    expect(snapshot(server, id)).toEqual(frozen);

    // Its checklist page now says it can no longer be edited (409) and leads to the read-only page.
    const get = await official.get(checklistUrl(id));
    expect(get.status).toBe(409);
    const lockedPage = await htmlOf(get);
    expect(visibleText(lockedPage)).toContain('Arviointia ei voi enää muokata');
    expect(lockedPage).toContain(`href="/decisions/${id}"`);
    expect(lockedPage).not.toContain('name="answers.pienuus.answer"');
  });
});

describe('the routine step', () => {
  it('sets all seven answers to "not relevant" with the shared rationale, keeping the projects', async () => {
    const id = await newDraft();
    expect((await post(id, checklistForm(1, 'save', { pienuus: { answer: '2', rationale: 'Aiempi' } }, ['jalkauttaminen']))).status).toBe(302);
    const rationale = 'Pöytäkirjan tarkastajien valinta on rutiiniasia.';
    const res = await official.post(checklistUrl(id), { intent: 'routine', version: '2', routineRationale: rationale });
    expect(res.status).toBe(302);
    expect(location(res)).toBe(`${checklistUrl(id)}?notice=routine`);
    const answers = answersOf(server, id);
    expect(answers).toHaveLength(7);
    expect(answers.map((a) => a.key).sort()).toEqual([...SCORED_KEYS].sort());
    for (const a of answers) {
      expect(a).toEqual({ key: a.key, answer_kind: 'not_relevant', score: null, rationale, mitigation: null });
    }
    expect(projectsOf(server, id)).toEqual(['jalkauttaminen']);
    expect(assessmentOf(server, id)).toMatchObject({ status: 'draft', version: 3 });

    // The checklist now shows every principle as "not relevant", ready to submit.
    const html = await htmlOf(await official.get(checklistUrl(id)));
    for (const key of SCORED_KEYS) expect(checkedRadio(html, `answers.${key}.answer`)).toBe('not_relevant');
  });

  it('needs the shared rationale', async () => {
    const id = await newDraft();
    const before = snapshot(server, id);
    const res = await official.post(checklistUrl(id), { intent: 'routine', version: '1', routineRationale: '   ' });
    expect(res.status).toBe(400);
    expect(allFieldErrors(await htmlOf(res))).toEqual({ routineRationale: FI.required });
    expect(snapshot(server, id)).toEqual(before);
  });
});

describe('two saves from the same version', () => {
  it('keeps the first and refuses the second with 409, showing what was typed', async () => {
    const id = await newDraft();
    const first = await post(id, checklistForm(1, 'save', { pienuus: { answer: '2', rationale: 'Ensimmäinen tallennus' } }, ['viestinta']));
    expect(first.status).toBe(302);
    const afterFirst = snapshot(server, id);

    const second = await post(id, checklistForm(1, 'save', { pienuus: { answer: '-2', rationale: 'Toinen tallennus', mitigation: 'M' } }));
    expect(second.status).toBe(409);
    const html = await htmlOf(second);
    expect(visibleText(html)).toContain(FI.conflict);
    expect(textareaValue(html, 'answers.pienuus.rationale')).toBe('Toinen tallennus');

    expect(snapshot(server, id)).toEqual(afterFirst);
    expect(assessmentOf(server, id).version).toBe(2);
    expect(answersOf(server, id)).toEqual([{ key: 'pienuus', answer_kind: 'scored', score: 2, rationale: 'Ensimmäinen tallennus', mitigation: null }]);
    expect(projectsOf(server, id)).toEqual(['viestinta']);
  });

  it('lets exactly one of two simultaneous saves win', async () => {
    const id = await newDraft();
    const [a, b] = await Promise.all([
      post(id, checklistForm(1, 'save', { pienuus: { answer: '1', rationale: 'A' } })),
      post(id, checklistForm(1, 'save', { pienuus: { answer: '-1', rationale: 'B', mitigation: 'B' } })),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    const winner = a.status === 302 ? 'A' : 'B';
    expect(assessmentOf(server, id).version).toBe(2);
    expect(answersOf(server, id).map((r) => r.rationale)).toEqual([winner]);
  });

  it('refuses a routine step and a submit from a stale version too', async () => {
    const id = await newDraft();
    expect((await post(id, checklistForm(1, 'save', { pienuus: { answer: '1', rationale: 'Voimassa' } }))).status).toBe(302);
    const before = snapshot(server, id);
    const routine = await official.post(checklistUrl(id), { intent: 'routine', version: '1', routineRationale: 'Myöhässä' });
    expect(routine.status).toBe(409);
    const submit = await post(id, checklistForm(1, 'submit', completeAnswers(['1', '1', '1', '1', '1', '1', '1'])));
    expect(submit.status).toBe(409);
    const missing = await official.post(checklistUrl(id), { intent: 'save' });
    expect(missing.status).toBe(409);
    expect(snapshot(server, id)).toEqual(before);
  });
});
