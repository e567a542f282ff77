import { describe, expect, it } from 'vitest';
import { type AnswerFormValue, type ChecklistFormValues, checklistSchema, fieldName, readChecklistForm, routineSchema } from '~/domain/checklist';
import { LIMITS } from '~/domain/limits';
import { type FieldErrors, fieldErrorsOf } from '~/domain/validation';

// The keys of the Vesanto strategy of 2018: 4 vision elements and 3 operating-mode principles
// are scored, 5 strategy projects are linked.
const SCORED = ['pienuus', 'vastavirta', 'koti-maalla', 'luonto-luovuus-tekniikka', 'ennakointi', 'positiivinen', 'verkostot'];
const PROJECTS = ['jalkauttaminen', 'markkinointi', 'viestinta', 'konseptointi', 'tapahtumat'];

const blank = (): AnswerFormValue => ({ answer: '', rationale: '', mitigation: '' });
const a = (answer: string, rationale = '', mitigation = ''): AnswerFormValue => ({ answer, rationale, mitigation });

function values(overrides: Record<string, AnswerFormValue> = {}, projects: string[] = []): ChecklistFormValues {
  const answers: Record<string, AnswerFormValue> = {};
  for (const key of SCORED) answers[key] = overrides[key] ?? blank();
  return { answers, projects };
}

/** A checklist that a submit accepts: every principle answered and justified. */
function complete(): ChecklistFormValues {
  return values({
    pienuus: a('2', 'Lähipalvelu säilyy.'),
    vastavirta: a('1', 'Uusi toimintamalli.'),
    'koti-maalla': a('0', 'Ei vaikutusta asumiseen.'),
    'luonto-luovuus-tekniikka': a('-1', 'Metsää kaadetaan.', 'Istutetaan uusi metsä.'),
    ennakointi: a('-2', 'Päätös tehdään kiireellä.', 'Valmistellaan seuraava ajoissa.'),
    positiivinen: a('not_relevant'),
    verkostot: a('knowledge_gap', 'Naapurikuntien kanta selviää toukokuussa.'),
  });
}

function errorsOf(mode: 'draft' | 'submit', input: unknown, projects = PROJECTS): FieldErrors {
  const result = checklistSchema(SCORED, projects, mode).safeParse(input);
  if (result.success) return {};
  return fieldErrorsOf(result.error);
}

describe('fieldName', () => {
  it('names the fields by the schema paths joined by dots', () => {
    expect(fieldName.answer('pienuus')).toBe('answers.pienuus.answer');
    expect(fieldName.rationale('pienuus')).toBe('answers.pienuus.rationale');
    expect(fieldName.mitigation('koti-maalla')).toBe('answers.koti-maalla.mitigation');
  });
});

describe('checklistSchema in draft mode', () => {
  it('accepts an untouched checklist', () => {
    const result = checklistSchema(SCORED, PROJECTS, 'draft').safeParse(values());
    expect(result.success).toBe(true);
  });

  it('accepts a half-filled checklist: unanswered, unjustified and unmitigated answers', () => {
    const input = values(
      {
        pienuus: a('2'),
        vastavirta: a('-2'),
        'koti-maalla': a('knowledge_gap'),
        ennakointi: a('', 'Perustelu kirjoitettu ennen vastausta.'),
      },
      ['markkinointi'],
    );
    const result = checklistSchema(SCORED, PROJECTS, 'draft').safeParse(input);
    expect(result.success).toBe(true);
    expect(errorsOf('draft', input)).toEqual({});
  });

  it('trims the texts', () => {
    const result = checklistSchema(SCORED, PROJECTS, 'draft').safeParse(values({ pienuus: a('2', '  Perustelu.\n', ' Lievennys ') }));
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.answers.pienuus).toEqual({ answer: '2', rationale: 'Perustelu.', mitigation: 'Lievennys' });
  });

  it('accepts every value of the scale', () => {
    for (const value of ['2', '1', '0', '-1', '-2', 'not_relevant', 'knowledge_gap']) {
      expect(errorsOf('draft', values({ pienuus: a(value) }))).toEqual({});
    }
  });

  it.each(['3', '-3', '+1', 'ei liity', '<script>', '2 '])('rejects the answer %j as an invalid choice', (value) => {
    expect(errorsOf('draft', values({ pienuus: a(value) }))).toEqual({
      'answers.pienuus.answer': { code: 'invalidChoice' },
    });
  });

  it('accepts a rationale and a mitigation of exactly the maximum length', () => {
    const input = values({ pienuus: a('-1', 'x'.repeat(LIMITS.rationale), 'y'.repeat(LIMITS.mitigation)) });
    expect(errorsOf('draft', input)).toEqual({});
  });

  it('rejects an over-long rationale with the maximum as a parameter', () => {
    const input = values({ vastavirta: a('1', 'x'.repeat(LIMITS.rationale + 1)) });
    expect(errorsOf('draft', input)).toEqual({
      'answers.vastavirta.rationale': { code: 'tooLong', params: { max: 4000 } },
    });
  });

  it('rejects an over-long mitigation with the maximum as a parameter', () => {
    const input = values({ vastavirta: a('-1', 'r', 'y'.repeat(LIMITS.mitigation + 1)) });
    expect(errorsOf('draft', input)).toEqual({
      'answers.vastavirta.mitigation': { code: 'tooLong', params: { max: 4000 } },
    });
  });

  it('does not count surrounding white space in the length', () => {
    const input = values({ pienuus: a('1', `   ${'x'.repeat(LIMITS.rationale)}   `) });
    expect(errorsOf('draft', input)).toEqual({});
  });

  it('accepts known strategy projects, none, one or all', () => {
    expect(errorsOf('draft', values({}, []))).toEqual({});
    expect(errorsOf('draft', values({}, ['viestinta']))).toEqual({});
    expect(errorsOf('draft', values({}, [...PROJECTS]))).toEqual({});
  });

  it('rejects an unknown strategy project', () => {
    expect(errorsOf('draft', values({}, ['markkinointi', 'tuntematon']))).toEqual({
      'projects.1': { code: 'invalidChoice' },
    });
  });

  it('rejects a project when the strategy version has none', () => {
    const result = checklistSchema(SCORED, [], 'draft').safeParse(values({}, ['markkinointi']));
    expect(result.success).toBe(false);
  });

  it('drops the answers of principles that are not in the version', () => {
    const input = { ...values(), answers: { ...values().answers, avoin: a('2', 'r') } };
    const result = checklistSchema(SCORED, PROJECTS, 'draft').safeParse(input);
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(Object.keys(result.data.answers).sort()).toEqual([...SCORED].sort());
  });

  it('rejects a checklist that lacks a principle of the version', () => {
    const { pienuus: _missing, ...rest } = values().answers;
    const result = checklistSchema(SCORED, PROJECTS, 'draft').safeParse({ answers: rest, projects: [] });
    expect(result.success).toBe(false);
  });
});

describe('checklistSchema in submit mode', () => {
  it('accepts a complete checklist', () => {
    const result = checklistSchema(SCORED, PROJECTS, 'submit').safeParse({ ...complete(), projects: ['tapahtumat'] });
    expect(result.success).toBe(true);
  });

  it('requires an answer for every principle', () => {
    const expected: FieldErrors = {};
    for (const key of SCORED) expected[`answers.${key}.answer`] = { code: 'answerRequired' };
    expect(errorsOf('submit', values())).toEqual(expected);
  });

  it('requires the one answer that is missing', () => {
    const input = complete();
    input.answers.positiivinen = blank();
    expect(errorsOf('submit', input)).toEqual({ 'answers.positiivinen.answer': { code: 'answerRequired' } });
  });

  it.each(['2', '1', '0'])('requires a rationale for the answer %s', (value) => {
    const input = complete();
    input.answers.pienuus = a(value);
    expect(errorsOf('submit', input)).toEqual({ 'answers.pienuus.rationale': { code: 'rationaleRequired' } });
  });

  it('does not require a rationale for "ei liity"', () => {
    const input = complete();
    input.answers.pienuus = a('not_relevant');
    expect(errorsOf('submit', input)).toEqual({});
  });

  it('asks what is missing for "tieto puuttuu" without a rationale', () => {
    const input = complete();
    input.answers.verkostot = a('knowledge_gap');
    expect(errorsOf('submit', input)).toEqual({ 'answers.verkostot.rationale': { code: 'knowledgeGapRequired' } });
  });

  it('counts a rationale of white space only as missing', () => {
    const input = complete();
    input.answers.pienuus = a('2', ' \n\t ');
    expect(errorsOf('submit', input)).toEqual({ 'answers.pienuus.rationale': { code: 'rationaleRequired' } });
  });

  it.each(['-1', '-2'])('requires a mitigation for the negative answer %s', (value) => {
    const input = complete();
    input.answers.pienuus = a(value, 'Perustelu.');
    expect(errorsOf('submit', input)).toEqual({ 'answers.pienuus.mitigation': { code: 'mitigationRequired' } });
  });

  it('requires both the rationale and the mitigation of a negative answer', () => {
    const input = complete();
    input.answers.ennakointi = a('-2');
    expect(errorsOf('submit', input)).toEqual({
      'answers.ennakointi.rationale': { code: 'rationaleRequired' },
      'answers.ennakointi.mitigation': { code: 'mitigationRequired' },
    });
  });

  it('counts a mitigation of white space only as missing', () => {
    const input = complete();
    input.answers.pienuus = a('-1', 'Perustelu.', '   ');
    expect(errorsOf('submit', input)).toEqual({ 'answers.pienuus.mitigation': { code: 'mitigationRequired' } });
  });

  it('does not require a mitigation for a non-negative answer', () => {
    const input = complete();
    input.answers.pienuus = a('0', 'Perustelu.');
    input.answers.vastavirta = a('knowledge_gap', 'Tieto puuttuu.');
    expect(errorsOf('submit', input)).toEqual({});
  });

  it('reports the problems of several principles at once', () => {
    const input = complete();
    input.answers.pienuus = blank();
    input.answers.vastavirta = a('1');
    input.answers['koti-maalla'] = a('-1', 'Perustelu.');
    input.answers.verkostot = a('knowledge_gap');
    expect(errorsOf('submit', input)).toEqual({
      'answers.pienuus.answer': { code: 'answerRequired' },
      'answers.vastavirta.rationale': { code: 'rationaleRequired' },
      'answers.koti-maalla.mitigation': { code: 'mitigationRequired' },
      'answers.verkostot.rationale': { code: 'knowledgeGapRequired' },
    });
  });

  it('still checks lengths', () => {
    const input = complete();
    input.answers.pienuus = a('2', 'x'.repeat(LIMITS.rationale + 1));
    expect(errorsOf('submit', input)).toEqual({
      'answers.pienuus.rationale': { code: 'tooLong', params: { max: 4000 } },
    });
  });

  it('reports a missing answer together with an over-long text, not one round at a time', () => {
    const input = complete();
    input.answers.pienuus = a('2', 'x'.repeat(LIMITS.rationale + 1));
    input.answers.vastavirta = blank();
    expect(errorsOf('submit', input)).toEqual({
      'answers.pienuus.rationale': { code: 'tooLong', params: { max: 4000 } },
      'answers.vastavirta.answer': { code: 'answerRequired' },
    });
  });

  it('rejects an invalid answer as an invalid choice, not as a missing one', () => {
    const input = complete();
    input.answers.pienuus = a('3', 'Perustelu.');
    expect(errorsOf('submit', input)).toEqual({ 'answers.pienuus.answer': { code: 'invalidChoice' } });
  });
});

describe('readChecklistForm', () => {
  it('reads each principle of the version and the ticked projects from the form', () => {
    const form = new FormData();
    form.set('answers.pienuus.answer', '2');
    form.set('answers.pienuus.rationale', 'Kyläkoulu säilyy.');
    form.set('answers.pienuus.mitigation', '');
    form.set('answers.vastavirta.answer', '-1');
    form.set('answers.vastavirta.rationale', 'Kustannukset kasvavat.');
    form.set('answers.vastavirta.mitigation', 'Haetaan hankerahaa.');
    form.set('answers.avoin.answer', '1'); // not a principle of this version
    form.append('projects', 'markkinointi');
    form.append('projects', 'tapahtumat');

    expect(readChecklistForm(form, ['pienuus', 'vastavirta', 'verkostot'])).toEqual({
      answers: {
        pienuus: { answer: '2', rationale: 'Kyläkoulu säilyy.', mitigation: '' },
        vastavirta: { answer: '-1', rationale: 'Kustannukset kasvavat.', mitigation: 'Haetaan hankerahaa.' },
        verkostot: { answer: '', rationale: '', mitigation: '' },
      },
      projects: ['markkinointi', 'tapahtumat'],
    });
  });

  it('reads an empty form as an untouched checklist', () => {
    expect(readChecklistForm(new FormData(), ['pienuus'])).toEqual({
      answers: { pienuus: { answer: '', rationale: '', mitigation: '' } },
      projects: [],
    });
  });

  it('reads a file in place of a text as empty and ignores a file among the projects', () => {
    const form = new FormData();
    form.set('answers.pienuus.rationale', new Blob(['hyökkäys']), 'x.txt');
    form.append('projects', new Blob(['x']), 'p.txt');
    form.append('projects', 'viestinta');
    expect(readChecklistForm(form, ['pienuus'])).toEqual({
      answers: { pienuus: { answer: '', rationale: '', mitigation: '' } },
      projects: ['viestinta'],
    });
  });

  it('gives the schema errors under the form field names', () => {
    const form = new FormData();
    form.set(fieldName.answer('pienuus'), 'knowledge_gap');
    form.set(fieldName.answer('vastavirta'), '-2');
    form.set(fieldName.rationale('vastavirta'), 'Perustelu');
    const keys = ['pienuus', 'vastavirta', 'verkostot'];
    const result = checklistSchema(keys, PROJECTS, 'submit').safeParse(readChecklistForm(form, keys));
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsOf(result.error)).toEqual({
      'answers.pienuus.rationale': { code: 'knowledgeGapRequired' },
      'answers.vastavirta.mitigation': { code: 'mitigationRequired' },
      'answers.verkostot.answer': { code: 'answerRequired' },
    });
  });

  it('gives an unknown project under the name of its position', () => {
    const form = new FormData();
    form.append('projects', 'jalkauttaminen');
    form.append('projects', 'olematon');
    const result = checklistSchema(['pienuus'], PROJECTS, 'draft').safeParse(readChecklistForm(form, ['pienuus']));
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsOf(result.error)).toEqual({ 'projects.1': { code: 'invalidChoice' } });
  });

  it('reads a submitted checklist that a submit accepts', () => {
    const form = new FormData();
    form.set('answers.pienuus.answer', 'knowledge_gap');
    form.set('answers.pienuus.rationale', 'Väestöennuste puuttuu.');
    form.set('answers.vastavirta.answer', 'not_relevant');
    form.append('projects', 'jalkauttaminen');
    const keys = ['pienuus', 'vastavirta'];
    const result = checklistSchema(keys, PROJECTS, 'submit').safeParse(readChecklistForm(form, keys));
    expect(result.success).toBe(true);
  });

  it('accepts a rationale that the browser let through: line breaks sent as CRLF count as one character', () => {
    // A textarea with maxlength counts a line break as one character, but the browser
    // sends it as CR LF. 40 paragraphs of 99 characters: 40 × 99 + 39 = 3999 characters in the
    // textarea, 40 × 99 + 39 × 2 = 4038 characters in the request.
    const typed = Array.from({ length: 40 }, () => 'a'.repeat(99)).join('\n');
    expect(typed.length).toBeLessThanOrEqual(LIMITS.rationale);
    const form = new FormData();
    form.set('answers.pienuus.answer', '1');
    form.set('answers.pienuus.rationale', typed.replace(/\n/g, '\r\n'));
    const result = checklistSchema(['pienuus'], PROJECTS, 'submit').safeParse(readChecklistForm(form, ['pienuus']));
    expect(result.success ? {} : fieldErrorsOf(result.error)).toEqual({});
  });
});

describe('routineSchema', () => {
  it('requires the shared rationale', () => {
    const result = routineSchema.safeParse({ routineRationale: '   ' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsOf(result.error)).toEqual({ routineRationale: { code: 'required' } });
  });

  it('accepts and trims a shared rationale', () => {
    expect(routineSchema.parse({ routineRationale: ' Pöytäkirjan tarkastajat. ' })).toEqual({
      routineRationale: 'Pöytäkirjan tarkastajat.',
    });
  });

  it('limits the shared rationale like any rationale', () => {
    const result = routineSchema.safeParse({ routineRationale: 'x'.repeat(LIMITS.rationale + 1) });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsOf(result.error)).toEqual({ routineRationale: { code: 'tooLong', params: { max: 4000 } } });
  });
});
