import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  FI,
  allFieldErrors,
  assessmentOf,
  count,
  dbGet,
  decisionRow,
  fieldError,
  htmlOf,
  inputValue,
  location,
  organisation,
  postDecision,
  selectOptions,
  showServerLogsOnFailure,
  textareaValue,
  userId,
  withoutScripts,
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

function validFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Kirjaston aukioloaikojen laajentaminen',
    caseNumber: 'VES/901/2026',
    bodyId: bodies.get('Sivistyslautakunta')!,
    departmentId: departments.get('Sivistystoimi')!,
    meetingDate: '15.12.2026',
    description: 'Kirjasto avataan myös lauantaisin.',
    ...overrides,
  };
}

const rows = () => ({ decisions: count(server, 'decisions'), assessments: count(server, 'assessments') });

describe('the new-draft form', () => {
  it('offers the bodies and departments of the organisation, the official’s own department chosen', async () => {
    const html = await htmlOf(await official.get('/decisions/new'));
    expect(selectOptions(html, 'bodyId').map((o) => o.label)).toEqual([
      'Valitse…',
      'Kunnanvaltuusto',
      'Kunnanhallitus',
      'Sivistyslautakunta',
      'Perusturvalautakunta',
      'Tekninen lautakunta',
    ]);
    const deps = selectOptions(html, 'departmentId');
    expect(deps.filter((o) => o.selected).map((o) => o.label)).toEqual(['Sivistystoimi']);
    // The option values are the rows' ids.
    const fromDb = dbGet<{ id: number }>(server, "SELECT id FROM departments WHERE name = 'Sivistystoimi'")!;
    expect(departments.get('Sivistystoimi')).toBe(String(fromDb.id));
  });
});

describe('creating a decision', () => {
  it('stores the decision with a draft assessment on the strategy in force, and goes to the checklist', async () => {
    const before = rows();
    const fields = validFields();
    const res = await postDecision(official, fields);
    expect(res.status).toBe(302);
    const loc = location(res)!;
    const match = /^\/decisions\/(\d+)\/checklist(\?.*)?$/.exec(loc);
    expect(match, loc).not.toBeNull();
    const id = Number(match![1]);
    expect(rows()).toEqual({ decisions: before.decisions + 1, assessments: before.assessments + 1 });

    const row = decisionRow(server, id)!;
    expect(row).toMatchObject({
      title: fields.title,
      case_number: 'VES/901/2026',
      body_id: Number(fields.bodyId),
      department_id: Number(fields.departmentId),
      meeting_date: '2026-12-15',
      description: fields.description,
      author_id: userId(server, 'valmistelija'),
    });
    expect(Boolean(row.confidential)).toBe(false);

    // The only strategy loaded is Vesanto's of 2018 (valid from 18.6.2018): it is the one in force on
    // 15.12.2026 (the latest version that had started by then, even if its planned period is over).
    const versions = dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM framework_versions WHERE status = 'active'")!;
    expect(versions.n).toBe(1);
    const inForce = dbGet<{ id: number }>(server, "SELECT id FROM framework_versions WHERE key = 'vesanto-2018'")!;
    const assessment = assessmentOf(server, id);
    expect(assessment).toMatchObject({ status: 'draft', version: 1, framework_version_id: inForce.id, submitted_at: null });
    expect(Boolean(assessment.is_proposal)).toBe(true);
    expect(count(server, 'assessment_answers', 'assessment_id = ?', assessment.id)).toBe(0);

    // The redirect leads to the author's own checklist.
    const checklist = await official.get(loc);
    expect(checklist.status).toBe(200);
    expect(await htmlOf(checklist)).toContain(fields.title);
  });

  it('accepts an ISO date, an empty case number and the confidential box', async () => {
    const res = await postDecision(official, validFields({ meetingDate: '2027-01-20', caseNumber: '', confidential: 'on' }));
    expect(res.status).toBe(302);
    const id = Number(/^\/decisions\/(\d+)\//.exec(location(res)!)![1]);
    const row = decisionRow(server, id)!;
    expect(row.meeting_date).toBe('2027-01-20');
    expect(row.case_number).toBeNull();
    expect(Boolean(row.confidential)).toBe(true);
  });

  it('accepts a title of exactly 300 characters', async () => {
    const title = 'Ä'.repeat(300);
    const res = await postDecision(official, validFields({ title }));
    expect(res.status).toBe(302);
    const id = Number(/^\/decisions\/(\d+)\//.exec(location(res)!)![1]);
    expect(decisionRow(server, id)!.title).toBe(title);
  });

  describe('refuses invalid input with 400, a Finnish message at the field, the typed values, and no row', () => {
    it('missing title', async () => {
      const before = rows();
      const fields = validFields({ title: '   ', caseNumber: 'VES/77/2026', description: 'Kuvaus "lainausmerkein" & <tagi>' });
      const res = await postDecision(official, fields);
      expect(res.status).toBe(400);
      const html = await htmlOf(res);
      expect(fieldError(html, 'title')).toBe(FI.required);
      expect(Object.keys(allFieldErrors(html))).toEqual(['title']);
      expect(withoutScripts(html)).toContain(FI.summaryTitle);
      // What was typed is still in the form.
      expect(inputValue(html, 'caseNumber')).toBe('VES/77/2026');
      expect(inputValue(html, 'meetingDate')).toBe('15.12.2026');
      expect(textareaValue(html, 'description')).toBe('Kuvaus "lainausmerkein" & <tagi>');
      expect(selectOptions(html, 'bodyId').find((o) => o.selected)?.value).toBe(fields.bodyId);
      expect(rows()).toEqual(before);
    });

    it('impossible date 31.2.2026', async () => {
      const before = rows();
      const res = await postDecision(official, validFields({ meetingDate: '31.2.2026', title: 'Helmikuun kokous' }));
      expect(res.status).toBe(400);
      const html = await htmlOf(res);
      expect(fieldError(html, 'meetingDate')).toBe(FI.invalidDate);
      expect(Object.keys(allFieldErrors(html))).toEqual(['meetingDate']);
      expect(inputValue(html, 'meetingDate')).toBe('31.2.2026');
      expect(inputValue(html, 'title')).toBe('Helmikuun kokous');
      expect(rows()).toEqual(before);
    });

    it('case number <script>, shown back escaped', async () => {
      const before = rows();
      const res = await postDecision(official, validFields({ caseNumber: '<script>' }));
      expect(res.status).toBe(400);
      const html = await htmlOf(res);
      expect(fieldError(html, 'caseNumber')).toBe(FI.invalidCaseNumber);
      expect(inputValue(html, 'caseNumber')).toBe('<script>');
      expect(html).toContain('value="&lt;script&gt;"');
      // Every <script> on the page is the app's own (with its nonce): none came from the input.
      expect(html).not.toMatch(/<script>/i);
      expect(rows()).toEqual(before);
    });

    it('title of 301 characters', async () => {
      const before = rows();
      const title = 'a'.repeat(301);
      const res = await postDecision(official, validFields({ title }));
      expect(res.status).toBe(400);
      const html = await htmlOf(res);
      expect(fieldError(html, 'title')).toBe(FI.tooLong(300));
      expect(inputValue(html, 'title')).toBe(title);
      expect(rows()).toEqual(before);
    });

    it('unknown body 999', async () => {
      const before = rows();
      const res = await postDecision(official, validFields({ bodyId: '999', title: 'Tuntematon toimielin' }));
      expect(res.status).toBe(400);
      const html = await htmlOf(res);
      expect(fieldError(html, 'bodyId')).toBe(FI.unknownBody);
      expect(Object.keys(allFieldErrors(html))).toEqual(['bodyId']);
      expect(inputValue(html, 'title')).toBe('Tuntematon toimielin');
      expect(textareaValue(html, 'description')).toBe(validFields().description);
      expect(rows()).toEqual(before);
    });

    it('unknown department 999 and a body that is not a number', async () => {
      const before = rows();
      const res = await postDecision(official, validFields({ departmentId: '999', bodyId: 'abc' }));
      expect(res.status).toBe(400);
      const html = await htmlOf(res);
      // A body that is not an id at all is a missing choice.
      expect(fieldError(html, 'bodyId')).toBe(FI.required);
      expect(rows()).toEqual(before);
      const res2 = await postDecision(official, validFields({ departmentId: '999' }));
      expect(res2.status).toBe(400);
      expect(fieldError(await htmlOf(res2), 'departmentId')).toBe(FI.unknownDepartment);
      expect(rows()).toEqual(before);
    });

    it('several problems at once: each at its own field', async () => {
      const before = rows();
      const res = await postDecision(official, { title: '', caseNumber: '<b>', bodyId: '', departmentId: '', meetingDate: '', description: '' });
      expect(res.status).toBe(400);
      const html = await htmlOf(res);
      expect(allFieldErrors(html)).toEqual({
        title: FI.required,
        caseNumber: FI.invalidCaseNumber,
        bodyId: FI.required,
        departmentId: FI.required,
        meetingDate: FI.required,
        description: FI.required,
      });
      expect(rows()).toEqual(before);
    });
  });
});

describe('editing a decision', () => {
  it('saves the author’s changes and shows the page again', async () => {
    const res = await postDecision(official, validFields({ title: 'Ennen muokkausta' }));
    const id = Number(/^\/decisions\/(\d+)\//.exec(location(res)!)![1]);
    // A new draft is at version 1; the edit form sends the version it was opened at.
    const edit = await official.post(`/decisions/${id}/edit`, { ...validFields({ title: 'Muokkauksen jälkeen', meetingDate: '3.3.2027' }), version: '1' });
    expect(edit.status).toBe(302);
    expect(location(edit)).toBe(`/decisions/${id}?notice=saved`);
    expect(decisionRow(server, id)).toMatchObject({ title: 'Muokkauksen jälkeen', meeting_date: '2027-03-03' });
    // The root layout shows the notice the address names, once, above the page's heading, as a status message.
    const html = await htmlOf(await official.get(location(edit)!));
    expect(html).toMatch(/<main[^>]*><div class="notice notice--success" role="status">Tiedot on tallennettu\.<\/div><div class="page/);
    expect(html.match(/Tiedot on tallennettu\./g)).toHaveLength(1);
    // A name outside the list of notices shows nothing (a link cannot put text on a page).
    expect(await htmlOf(await official.get(`/decisions/${id}?notice=Tiedot+on+tallennettu.`))).not.toContain('Tiedot on tallennettu.');
  });

  it('refuses an invalid edit with 400 and changes nothing', async () => {
    const res = await postDecision(official, validFields({ title: 'Muuttumaton' }));
    const id = Number(/^\/decisions\/(\d+)\//.exec(location(res)!)![1]);
    const before = decisionRow(server, id);
    const edit = await official.post(`/decisions/${id}/edit`, validFields({ title: 'Uusi otsikko', meetingDate: '30.2.2027' }));
    expect(edit.status).toBe(400);
    const html = await htmlOf(edit);
    expect(fieldError(html, 'meetingDate')).toBe(FI.invalidDate);
    expect(inputValue(html, 'title')).toBe('Uusi otsikko');
    expect(decisionRow(server, id)).toEqual(before);
  });
});
