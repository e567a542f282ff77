/**
 * The staff view (/archive): every logged-in user browses and searches decided,
 * non-confidential assessments, by text (case-insensitive, ä and Ä alike), body, department,
 * principle and its effect, and meeting date. And "use as base": a new draft copies an earlier
 * assessment's answers. The expected lists are computed here from the database rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  allListedIds,
  answersOf,
  assessmentOf,
  checklistForm,
  checklistUrl,
  createDecision,
  dbAll,
  dbGet,
  draftFields,
  draftIn,
  htmlOf,
  idFromLocation,
  location,
  organisation,
  postDecisionRecord,
  postReview,
  projectsOf,
  showServerLogsOnFailure,
  visibleText,
  type Answer,
  completeAnswers,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
const clients: Record<string, Client> = {};
const USERS = ['valmistelija', 'tekninen', 'perusturva', 'esimies', 'johtaja', 'elinvoima', 'paakayttaja'];
const made: Record<string, number> = {};

async function decided(
  name: string,
  values: Answer[],
  options: {
    author?: string;
    confidential?: boolean;
    meetingDate?: string;
    department?: string;
    body?: string;
    description?: string;
    projects?: string[];
  } = {},
) {
  const author = clients[options.author ?? 'valmistelija']!;
  const department = options.department ?? 'Sivistystoimi';
  const manager = ['Sivistystoimi', 'Yleishallinto'].includes(department) ? clients.esimies! : clients.johtaja!;
  const meetingDate = options.meetingDate ?? '20.11.2026';
  const id = await createDecision(
    author,
    draftFields(org, {
      title: name,
      meetingDate,
      department,
      body: options.body,
      description: options.description,
      ...(options.confidential ? { confidential: 'on' } : {}),
    }),
  );
  expect((await author.post(checklistUrl(id), checklistForm(1, 'submit', completeAnswers(values), options.projects ?? []))).status).toBe(302);
  expect((await postReview(server, manager, id, 'approve')).status).toBe(302);
  expect((await postDecisionRecord(server, author, id, 'approved', '9', meetingDate)).status).toBe(302);
  made[name] = id;
  return id;
}

beforeAll(async () => {
  server = await startServer();
  for (const username of USERS) clients[username] = await new Client(server.url).login(username);
  org = await organisation(clients.valmistelija!);
  await decided('ÄÄNESTYSPAIKKOJEN VÄHENTÄMINEN', ['-1', '-2', '0', 'not_relevant', '1', '0', '-1'], {
    department: 'Yleishallinto',
    body: 'Kunnanhallitus',
    description: 'Äänestyspaikkoja vähennetään kahteen. 100 % ennakkoäänestys_kokeilu.',
  });
  await decided('Salainen henkilöstöasia', ['1', '1', '1', '1', '1', '1', '1'], { confidential: true });
  await decided('Teknisen toimen päätetty asia', ['2', '-1', '1', '0', '1', '1', '1'], {
    author: 'tekninen',
    department: 'Tekninen toimi',
    body: 'Tekninen lautakunta',
    projects: ['konseptointi', 'viestinta'],
    meetingDate: '19.11.2026',
  });
  made['approved, not decided'] = await draftIn(
    server,
    'approved',
    clients.valmistelija!,
    clients.esimies!,
    draftFields(org, { title: 'Hyväksytty mutta ei päätetty' }),
  );
  made['tekninen draft'] = await createDecision(
    clients.tekninen!,
    draftFields(org, { title: 'Teknisen luonnos', department: 'Tekninen toimi', body: 'Tekninen lautakunta' }),
  );
  expect(
    (
      await clients.tekninen!.post(
        checklistUrl(made['tekninen draft']!),
        checklistForm(1, 'save', { pienuus: { answer: '2', rationale: 'Luonnoksen salainen perustelu' } }),
      )
    ).status,
  ).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

interface Row {
  id: number;
  title: string;
  case_number: string | null;
  description: string;
  body: string;
  department: string;
  meeting_date: string;
  status: string;
  confidential: number;
  assessment_id: number;
}
interface AnswerRowKey {
  assessment_id: number;
  key: string;
  answer_kind: string;
  score: number | null;
}

function archiveRows(): Row[] {
  return dbAll<Row>(
    server,
    `SELECT d.id, d.title, d.case_number, d.description, b.name AS body, dep.name AS department, d.meeting_date, a.status, d.confidential, a.id AS assessment_id
       FROM decisions d JOIN assessments a ON a.decision_id = d.id AND a.is_proposal
       JOIN bodies b ON b.id = d.body_id JOIN departments dep ON dep.id = d.department_id`,
  ).filter((r) => r.status === 'decided' && !r.confidential);
}
const answersByAssessment = () => {
  const map = new Map<number, AnswerRowKey[]>();
  for (const a of dbAll<AnswerRowKey>(
    server,
    'SELECT aa.assessment_id, p.key, aa.answer_kind, aa.score FROM assessment_answers aa JOIN principles p ON p.id = aa.principle_id',
  )) {
    map.set(a.assessment_id, [...(map.get(a.assessment_id) ?? []), a]);
  }
  return map;
};
/** Newest meeting first, then the newest id. */
const ordered = (rows: Row[]) =>
  [...rows].sort((a, b) => (a.meeting_date !== b.meeting_date ? (a.meeting_date < b.meeting_date ? 1 : -1) : b.id - a.id)).map((r) => r.id);
const matchesText = (r: Row, q: string) =>
  [r.title, r.case_number ?? '', r.description].join(' ').toLocaleLowerCase('fi').includes(q.trim().toLocaleLowerCase('fi'));

describe('what the archive holds', () => {
  it.each(USERS)('%s sees every decided, non-confidential assessment, and nothing else', async (username) => {
    const ids = await allListedIds(clients[username]!, '/archive');
    const expected = ordered(archiveRows());
    expect(expected.length).toBeGreaterThan(20);
    expect(ids).toEqual(expected);
    expect(ids).not.toContain(made['Salainen henkilöstöasia']);
    expect(ids).not.toContain(made['approved, not decided']);
    expect(ids).not.toContain(made['tekninen draft']);
    // Including what another official decided.
    expect(ids).toContain(made['Teknisen toimen päätetty asia']);
  });

  it('an official who is not the author may open a decided assessment from it', async () => {
    const res = await clients.perusturva!.get(`/decisions/${made['Teknisen toimen päätetty asia']}`);
    expect(res.status).toBe(200);
    expect(visibleText(await htmlOf(res))).toContain('Teknisen toimen päätetty asia');
    expect((await clients.perusturva!.get(`/decisions/${made['Salainen henkilöstöasia']}`)).status).toBe(404);
  });

  it('needs a login', async () => {
    const res = await new Client(server.url).get('/archive');
    expect(res.status).toBe(302);
    expect(location(res)).toMatch(/^\/login\?/);
  });
});

describe('searching by text', () => {
  it.each([
    ['äänestyspaikkojen', 'lower case finds upper case, ä included'],
    ['ÄÄNESTYSPAIKKOJEN VÄHENTÄMINEN', 'upper case finds upper case'],
    ['KESÄ', 'upper case finds lower case (kesäkuukausina, Kesäkohtaamisen)'],
    ['pÖyTäKiRjAn', 'mixed case with ö and ä'],
    ['Koulu', 'a word in several titles'],
    ['  vähentäminen  ', 'surrounding spaces are ignored'],
    ['ves/1', 'the case number'],
  ])('q=%s (%s)', async (q) => {
    const ids = await allListedIds(clients.tekninen!, `/archive?q=${encodeURIComponent(q)}`);
    const expected = ordered(archiveRows().filter((r) => matchesText(r, q)));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
  });

  it('finds a decided assessment by the title it was given in an edit before the decision', async () => {
    const id = await createDecision(clients.valmistelija!, draftFields(org, { title: 'Alkuperäinen nimi' }));
    const edit = await clients.valmistelija!.post(`/decisions/${id}/edit`, { ...draftFields(org, { title: 'Saunaseuran Ärräpäät' }), version: '1' });
    expect(edit.status).toBe(302);
    expect((await clients.valmistelija!.post(checklistUrl(id), checklistForm(2, 'submit', completeAnswers(['1', '1', '1', '1', '1', '1', '1'])))).status).toBe(
      302,
    );
    expect((await postReview(server, clients.esimies!, id, 'approve')).status).toBe(302);
    expect((await postDecisionRecord(server, clients.valmistelija!, id)).status).toBe(302);
    expect(await allListedIds(clients.perusturva!, '/archive?q=%C3%A4rr%C3%A4p%C3%A4%C3%A4t')).toEqual([id]);
    expect(await allListedIds(clients.perusturva!, `/archive?q=${encodeURIComponent('alkuperäinen nimi')}`)).toEqual(
      ordered(archiveRows().filter((r) => matchesText(r, 'alkuperäinen nimi'))),
    );
  });

  it.each(['100 %', '_kokeilu', '%', '_'])('LIKE wildcards are literal: q=%s', async (q) => {
    const ids = await allListedIds(clients.tekninen!, `/archive?q=${encodeURIComponent(q)}`);
    expect(ids).toEqual(ordered(archiveRows().filter((r) => matchesText(r, q))));
  });

  it('a text that is in no assessment finds nothing', async () => {
    const html = await htmlOf(await clients.tekninen!.get('/archive?q=zzqqxx'));
    expect(visibleText(html)).toContain('Haullasi ei löytynyt päätettyjä arviointeja.');
  });
});

describe('the filters', () => {
  const id = (map: Map<string, string>, name: string) => map.get(name)!;

  it('by body', async () => {
    const ids = await allListedIds(clients.valmistelija!, `/archive?body=${id(org.bodies, 'Tekninen lautakunta')}`);
    const expected = ordered(archiveRows().filter((r) => r.body === 'Tekninen lautakunta'));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
  });

  it('by department', async () => {
    const ids = await allListedIds(clients.valmistelija!, `/archive?department=${id(org.departments, 'Sivistystoimi')}`);
    const expected = ordered(archiveRows().filter((r) => r.department === 'Sivistystoimi'));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
  });

  it('by meeting date', async () => {
    const ids = await allListedIds(clients.valmistelija!, '/archive?from=1.1.2026&to=30.6.2026');
    const expected = ordered(archiveRows().filter((r) => r.meeting_date >= '2026-01-01' && r.meeting_date <= '2026-06-30'));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
    // The ends are included.
    const day = archiveRows()[0]!.meeting_date;
    expect(await allListedIds(clients.valmistelija!, `/archive?from=${day}&to=${day}`)).toEqual(ordered(archiveRows().filter((r) => r.meeting_date === day)));
  });

  it.each([
    ['pienuus', 'negative'],
    ['vastavirta', 'positive'],
    ['verkostot', 'negative'],
    ['koti-maalla', 'positive'],
  ])('by principle %s with a %s effect', async (key, effect) => {
    const answers = answersByAssessment();
    const ids = await allListedIds(clients.valmistelija!, `/archive?principle=${key}&effect=${effect}`);
    const expected = ordered(
      archiveRows().filter((r) =>
        (answers.get(r.assessment_id) ?? []).some((a) => a.key === key && a.answer_kind === 'scored' && (effect === 'negative' ? a.score! < 0 : a.score! > 0)),
      ),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
  });

  it('by a principle with any effect: between the scored ones and all', async () => {
    const answers = answersByAssessment();
    const ids = new Set(await allListedIds(clients.valmistelija!, '/archive?principle=ennakointi&effect=any'));
    const all = archiveRows();
    const signed = all.filter((r) => (answers.get(r.assessment_id) ?? []).some((a) => a.key === 'ennakointi' && a.answer_kind === 'scored' && a.score !== 0));
    for (const r of signed) expect(ids.has(r.id), `${r.id} has a signed answer`).toBe(true);
    for (const id of ids) expect(all.some((r) => r.id === id)).toBe(true);
  });

  it('by an effect without a principle: the assessments with such an effect on any principle', async () => {
    const answers = answersByAssessment();
    const ids = await allListedIds(clients.valmistelija!, '/archive?effect=negative');
    const expected = ordered(archiveRows().filter((r) => (answers.get(r.assessment_id) ?? []).some((a) => a.answer_kind === 'scored' && a.score! < 0)));
    expect(expected.length).toBeLessThan(archiveRows().length);
    expect(ids).toEqual(expected);
  });

  it('all together narrow to their intersection', async () => {
    const answers = answersByAssessment();
    const q = 'äänestys';
    const url = `/archive?q=${encodeURIComponent(q)}&body=${id(org.bodies, 'Kunnanhallitus')}&department=${id(org.departments, 'Yleishallinto')}&principle=vastavirta&effect=negative&from=1.11.2026&to=30.11.2026`;
    const expected = ordered(
      archiveRows().filter(
        (r) =>
          matchesText(r, q) &&
          r.body === 'Kunnanhallitus' &&
          r.department === 'Yleishallinto' &&
          r.meeting_date >= '2026-11-01' &&
          r.meeting_date <= '2026-11-30' &&
          (answers.get(r.assessment_id) ?? []).some((a) => a.key === 'vastavirta' && a.answer_kind === 'scored' && a.score! < 0),
      ),
    );
    expect(expected).toEqual([made['ÄÄNESTYSPAIKKOJEN VÄHENTÄMINEN']]);
    expect(await allListedIds(clients.elinvoima!, url)).toEqual(expected);
  });

  it('an unknown principle, effect or id is ignored rather than an error', async () => {
    const all = ordered(archiveRows());
    expect(await allListedIds(clients.valmistelija!, '/archive?principle=eioleolemassa&effect=whatever&body=abc&department=-1&from=31.2.2026')).toEqual(all);
  });
});

describe('use as base', () => {
  it('copies a decided assessment’s answers and projects into the new draft', async () => {
    const source = made['Teknisen toimen päätetty asia']!;
    const form = await htmlOf(await clients.valmistelija!.get(`/decisions/new?copyFrom=${source}`));
    expect(visibleText(form)).toContain('Teknisen toimen päätetty asia');
    expect(form).toMatch(new RegExp(`<input type="hidden" name="copyFrom" value="${source}"`));

    const res = await clients.valmistelija!.post('/decisions/new', { ...draftFields(org, { title: 'Pohjalta tehty' }), copyFrom: String(source) });
    expect(res.status).toBe(302);
    const id = idFromLocation(res);
    expect(location(res)).toBe(`/decisions/${id}/checklist?notice=copied`);
    expect(answersOf(server, id)).toEqual(answersOf(server, source));
    expect(answersOf(server, id)).toHaveLength(7);
    expect(projectsOf(server, id)).toEqual(['konseptointi', 'viestinta']);
    expect(projectsOf(server, id)).toEqual(projectsOf(server, source));
    expect(assessmentOf(server, id)).toMatchObject({ status: 'draft', version: 1 });
    // The source is untouched, and the new draft is the copier's own.
    expect(dbGet(server, 'SELECT author_id FROM decisions WHERE id = ?', id)).toEqual(
      dbGet(server, "SELECT id AS author_id FROM users WHERE username = 'valmistelija'"),
    );
    expect(assessmentOf(server, source).status).toBe('decided');
  });

  it('copies a demo assessment decided on an earlier date, answer by answer', async () => {
    const source = dbGet<{ id: number }>(
      server,
      `SELECT d.id FROM decisions d JOIN assessments a ON a.decision_id = d.id
        WHERE a.status = 'decided' AND NOT d.confidential AND d.author_id <> (SELECT id FROM users WHERE username = 'perusturva')
          AND (SELECT COUNT(*) FROM assessment_projects ap WHERE ap.assessment_id = a.id) > 0
        ORDER BY d.meeting_date LIMIT 1`,
    )!.id;
    const id = await createDecision(clients.perusturva!, {
      ...draftFields(org, { title: 'Vanhan pohjalta', department: 'Perusturva', body: 'Perusturvalautakunta' }),
      copyFrom: String(source),
    });
    expect(answersOf(server, id)).toEqual(answersOf(server, source));
    expect(projectsOf(server, id)).toEqual(projectsOf(server, source));
  });

  it('copies nothing from a draft the user may not see, and does not show its title', async () => {
    const hidden = made['tekninen draft']!;
    const form = await htmlOf(await clients.valmistelija!.get(`/decisions/new?copyFrom=${hidden}`));
    expect(form).not.toContain('Teknisen luonnos');
    expect(form).not.toContain('name="copyFrom"');
    const res = await clients.valmistelija!.post('/decisions/new', { ...draftFields(org, { title: 'Ei saa kopioida' }), copyFrom: String(hidden) });
    expect(res.status).toBe(302);
    const id = idFromLocation(res);
    expect(location(res)).toBe(`/decisions/${id}/checklist?notice=created`);
    expect(answersOf(server, id)).toEqual([]);
    expect(projectsOf(server, id)).toEqual([]);
  });

  it('copies nothing from a confidential decided assessment of someone else, nor from an unknown id', async () => {
    const secret = made['Salainen henkilöstöasia']!;
    for (const copyFrom of [String(secret), '999999', 'abc']) {
      const id = await createDecision(clients.tekninen!, {
        ...draftFields(org, { title: `Kopio ${copyFrom}`, department: 'Tekninen toimi', body: 'Tekninen lautakunta' }),
        copyFrom,
      });
      expect(answersOf(server, id), copyFrom).toEqual([]);
    }
  });

  it('is for officials only: the group gets 403 and nothing is created', async () => {
    const before = dbAll(server, 'SELECT id FROM decisions').length;
    const res = await clients.elinvoima!.post('/decisions/new', {
      ...draftFields(org, { title: 'Ryhmän kopio' }),
      copyFrom: String(made['Teknisen toimen päätetty asia']),
    });
    expect(res.status).toBe(403);
    expect(dbAll(server, 'SELECT id FROM decisions').length).toBe(before);
  });
});
