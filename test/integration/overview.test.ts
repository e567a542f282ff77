/**
 * The manager's overview (/overview): for a period and the departments the manager
 * leads, per principle the count of numeric answers, their mean and distribution (approved and
 * decided assessments whose meeting is in the period), the negative answers with their
 * mitigations, the knowledge gaps and the pending reviews. The expected numbers are computed
 * here from the database rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  type Answer,
  type AnswerInput,
  SCORED,
  checklistForm,
  checklistUrl,
  createDecision,
  dbAll,
  draftFields,
  finnishDate,
  helsinkiToday,
  htmlOf,
  plusDays,
  organisation,
  postDecisionRecord,
  postReview,
  showServerLogsOnFailure,
  tableRows,
  versionOf,
  visibleText,
  withoutScripts,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
const clients: Record<string, Client> = {};
const ids: Record<string, number> = {};

/** A complete set of answers whose texts name the draft, so that they can be found on the page. */
function answersFor(name: string, values: Answer[]): Record<string, AnswerInput> {
  return Object.fromEntries(
    SCORED.map((p, i) => {
      const answer = values[i]!;
      return [
        p.key,
        {
          answer,
          rationale: answer === 'not_relevant' ? '' : `${name}: perustelu ${p.key}`,
          mitigation: answer === '-1' || answer === '-2' ? `${name}: lievennys ${p.key}` : '',
        },
      ];
    }),
  );
}

async function make(
  name: string,
  to: 'submitted' | 'approved' | 'decided',
  values: Answer[],
  meetingDate: string,
  options: { department?: string; body?: string; author?: string; confidential?: boolean } = {},
) {
  const author = clients[options.author ?? 'valmistelija']!;
  const department = options.department ?? 'Sivistystoimi';
  const manager = ['Sivistystoimi', 'Yleishallinto'].includes(department) ? clients.esimies! : clients.johtaja!;
  const id = await createDecision(
    author,
    draftFields(org, { title: name, meetingDate, department, body: options.body, ...(options.confidential ? { confidential: 'on' } : {}) }),
  );
  expect((await author.post(checklistUrl(id), checklistForm(1, 'submit', answersFor(name, values)))).status).toBe(302);
  if (to !== 'submitted') expect((await postReview(server, manager, id, 'approve')).status).toBe(302);
  if (to === 'decided') expect((await postDecisionRecord(server, author, id, 'approved', '3', meetingDate)).status).toBe(302);
  ids[name] = id;
  expect(versionOf(server, id)).toBeGreaterThan(1);
}

beforeAll(async () => {
  server = await startServer();
  for (const username of ['valmistelija', 'tekninen', 'esimies', 'johtaja', 'elinvoima', 'paakayttaja'])
    clients[username] = await new Client(server.url).login(username);
  org = await organisation(clients.valmistelija!);
  // December 2026: only these and the demo drafts ahead (which are not approved) have meetings in it.
  await make('Katsaus A hyväksytty', 'approved', ['2', '1', '0', '-1', 'not_relevant', 'knowledge_gap', '1'], '10.12.2026');
  await make('Katsaus B päätetty', 'decided', ['-2', '-1', '0', '1', '2', '2', 'not_relevant'], '12.12.2026');
  await make('Katsaus C tarkastettavana', 'submitted', ['-2', '-2', '-2', '-2', '-2', '-2', '-2'], '14.12.2026');
  await make('Katsaus D tekninen', 'approved', ['-1', '-1', '-1', '-1', '-1', '-1', '-1'], '15.12.2026', {
    department: 'Tekninen toimi',
    body: 'Tekninen lautakunta',
    author: 'tekninen',
  });
  await make('Katsaus E tammikuu', 'approved', ['-2', '-2', '-2', '-2', '-2', '-2', '-2'], '5.1.2027');
  await make('Katsaus F yleishallinto', 'approved', ['1', '1', '1', '1', '1', '1', 'knowledge_gap'], '16.12.2026', {
    department: 'Yleishallinto',
    body: 'Kunnanhallitus',
  });
  await make('Luottamuksellinen yrityksen asia', 'approved', ['-1', '0', '0', '0', '0', '0', '0'], '17.12.2026', { confidential: true });
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

interface Stat {
  numeric: number;
  mean: number | null;
  distribution: number[];
  notRelevant: number;
  gap: number;
}

/** Per principle key, from the rows: approved and decided proposals, meeting in [from, to], in the departments. */
function expectedStats(from: string, to: string, departments: string[]): Record<string, Stat> {
  const rows = dbAll<{ key: string; answer_kind: string; score: number | null; status: string; meeting_date: string; department: string }>(
    server,
    `SELECT p.key, aa.answer_kind, aa.score, a.status, d.meeting_date, dep.name AS department
       FROM assessment_answers aa
       JOIN assessments a ON a.id = aa.assessment_id AND a.is_proposal
       JOIN decisions d ON d.id = a.decision_id
       JOIN departments dep ON dep.id = d.department_id
       JOIN principles p ON p.id = aa.principle_id`,
  ).filter((r) => ['approved', 'decided'].includes(r.status) && r.meeting_date >= from && r.meeting_date <= to && departments.includes(r.department));
  return Object.fromEntries(
    SCORED.map(({ key }) => {
      const mine = rows.filter((r) => r.key === key);
      const scores = mine.filter((r) => r.answer_kind === 'scored').map((r) => Number(r.score));
      return [
        key,
        {
          numeric: scores.length,
          mean: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
          distribution: [-2, -1, 0, 1, 2].map((s) => scores.filter((x) => x === s).length),
          notRelevant: mine.filter((r) => r.answer_kind === 'not_relevant').length,
          gap: mine.filter((r) => r.answer_kind === 'knowledge_gap').length,
        },
      ];
    }),
  );
}

/** "+0,67", "−0,50", "0,00" or "–" → a number or null. */
function parseMean(text: string): number | null {
  if (text === '–' || text === '') return null;
  return Number(text.replace('\u2212', '-').replace('+', '').replace(',', '.'));
}

function shownStats(html: string): Record<string, Stat> {
  const byTitle = new Map<string, string>(SCORED.map((p) => [p.title, p.key]));
  return Object.fromEntries(
    tableRows(html, 'id="stats-title"').map(({ cells }) => [
      byTitle.get(cells[0]!) ?? cells[0]!,
      {
        numeric: Number(cells[1]),
        mean: parseMean(cells[2]!),
        distribution: cells.slice(3, 8).map(Number),
        notRelevant: Number(cells[8]),
        gap: Number(cells[9]),
      },
    ]),
  );
}

function expectStatsMatch(html: string, expected: Record<string, Stat>) {
  const shown = shownStats(html);
  expect(Object.keys(shown).sort()).toEqual(SCORED.map((p) => p.key).sort());
  for (const { key } of SCORED) {
    const s = shown[key]!;
    const e = expected[key]!;
    expect({ ...s, mean: null }, key).toEqual({ ...e, mean: null });
    if (e.mean === null) expect(s.mean, key).toBeNull();
    else expect(Math.abs(s.mean! - e.mean), `${key}: shown ${s.mean}, expected ${e.mean}`).toBeLessThan(0.0051);
  }
}

const departmentId = (name: string) => org.departments.get(name)!;

describe('the numbers per principle', () => {
  it('for December 2026 and Sivistystoimi match the rows (approved and decided only)', async () => {
    const res = await clients.esimies!.get(`/overview?from=1.12.2026&to=31.12.2026&department=${departmentId('Sivistystoimi')}`);
    expect(res.status).toBe(200);
    const html = await htmlOf(res);
    const expected = expectedStats('2026-12-01', '2026-12-31', ['Sivistystoimi']);
    // A, B and the confidential one: three numeric answers for pienuus (2, −2, −1).
    expect(expected.pienuus).toEqual({ numeric: 3, mean: -1 / 3, distribution: [1, 1, 0, 0, 1], notRelevant: 0, gap: 0 });
    expectStatsMatch(html, expected);
  });

  it('for the last evaluation period and Sivistystoimi match the rows (demo data)', async () => {
    const html = await htmlOf(await clients.esimies!.get(`/overview?from=1.9.2025&to=31.8.2026&department=${departmentId('Sivistystoimi')}`));
    const expected = expectedStats('2025-09-01', '2026-08-31', ['Sivistystoimi']);
    expect(expected.pienuus!.numeric).toBeGreaterThan(0);
    expectStatsMatch(html, expected);
  });

  it('without a department, a manager gets the departments they lead together', async () => {
    const html = await htmlOf(await clients.esimies!.get('/overview?from=2025-09-01&to=2026-12-31'));
    expectStatsMatch(html, expectedStats('2025-09-01', '2026-12-31', ['Sivistystoimi', 'Yleishallinto']));
  });

  it('a manager asking for a department they do not lead gets none of its numbers', async () => {
    const html = await htmlOf(await clients.esimies!.get(`/overview?from=1.12.2026&to=31.12.2026&department=${departmentId('Tekninen toimi')}`));
    expectStatsMatch(html, expectedStats('2026-12-01', '2026-12-31', ['Sivistystoimi', 'Yleishallinto']));
    expect(visibleText(html)).not.toContain('Katsaus D tekninen');
  });

  it('the other manager sees their own departments, and the group all', async () => {
    const johtaja = await htmlOf(await clients.johtaja!.get('/overview?from=1.12.2026&to=31.12.2026'));
    expectStatsMatch(johtaja, expectedStats('2026-12-01', '2026-12-31', ['Perusturva', 'Tekninen toimi']));
    const group = await htmlOf(await clients.elinvoima!.get('/overview?from=1.12.2026&to=31.12.2026'));
    expectStatsMatch(group, expectedStats('2026-12-01', '2026-12-31', ['Yleishallinto', 'Sivistystoimi', 'Perusturva', 'Tekninen toimi']));
  });
});

describe('the lists', () => {
  it('shows negative answers with their mitigations, knowledge gaps and pending reviews of the period', async () => {
    const html = await htmlOf(await clients.esimies!.get(`/overview?from=1.12.2026&to=31.12.2026&department=${departmentId('Sivistystoimi')}`));
    const text = visibleText(html);
    expect(text).toContain('Katsaus A hyväksytty: lievennys luonto-luovuus-tekniikka');
    expect(text).toContain('Katsaus B päätetty: lievennys pienuus');
    expect(text).toContain('Katsaus A hyväksytty: perustelu positiivinen');
    // The submitted one is waiting for review.
    const pending = withoutScripts(html).slice(withoutScripts(html).indexOf('id="pending-title"'));
    expect(visibleText(pending)).toContain('Katsaus C tarkastettavana');
    // Outside the period or the department: not listed.
    expect(text).not.toContain('Katsaus E tammikuu');
    expect(text).not.toContain('Katsaus D tekninen');
  });

  it('marks a pending review whose meeting has passed as overdue, and a coming one not', async () => {
    const yesterday = plusDays(helsinkiToday(), -1);
    await make('Katsaus G mennyt kokous', 'submitted', ['1', '1', '1', '1', '1', '1', '1'], finnishDate(yesterday));
    await make('Katsaus H ajoissa', 'submitted', ['1', '1', '1', '1', '1', '1', '1'], finnishDate(plusDays(helsinkiToday(), 2)));
    const html = withoutScripts(await htmlOf(await clients.esimies!.get(`/overview?department=${departmentId('Sivistystoimi')}`)));
    const pending = html.slice(html.indexOf('id="pending-title"'));
    const entries = [...pending.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => visibleText(m[1]!));
    const g = entries.find((e) => e.includes('Katsaus G mennyt kokous'));
    const h = entries.find((e) => e.includes('Katsaus H ajoissa'));
    expect(g).toBeDefined();
    expect(h).toBeDefined();
    expect(g).toMatch(/myöhässä$/);
    expect(h).not.toMatch(/myöhässä$/);
  });

  it('counts a confidential assessment but never shows its title or texts', async () => {
    const html = await htmlOf(await clients.esimies!.get(`/overview?from=1.12.2026&to=31.12.2026&department=${departmentId('Sivistystoimi')}`));
    // Counted: its −1 on pienuus is in the numbers (checked above). Not shown:
    expect(visibleText(html)).not.toContain('Luottamuksellinen yrityksen asia');
    expect(visibleText(html)).not.toContain('Luottamuksellinen yrityksen asia: lievennys pienuus');
  });
});

describe('who may open it', () => {
  it.each(['valmistelija', 'tekninen'])('%s (an official) gets 403', async (username) => {
    const res = await clients[username]!.get('/overview');
    expect(res.status).toBe(403);
    expect(visibleText(await htmlOf(res))).not.toContain('Katsaus A');
  });

  it.each(['esimies', 'johtaja', 'elinvoima', 'paakayttaja'])('%s gets 200', async (username) => {
    expect((await clients[username]!.get('/overview')).status).toBe(200);
  });
});
