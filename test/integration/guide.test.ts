/**
 * Guidance for officials: the user guide (/guide) and a guide page for each principle
 * (/guide/principles/:key) with its text, guiding questions, decided public examples that
 * strengthened or weakened it, and the vitality group's latest evaluation texts. The checklist
 * links to the principle pages. Expected sets are computed here from the database (read-only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guideFi } from '../../app/i18n/sections/guide.fi';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  type Answer,
  checklistForm,
  checklistUrl,
  completeAnswers,
  createDecision,
  dbAll,
  dbGet,
  draftFields,
  helsinkiToday,
  htmlOf,
  location,
  organisation,
  postDecisionRecord,
  postReview,
  showServerLogsOnFailure,
  visibleText,
  withoutScripts,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
const ROLES = ['valmistelija', 'esimies', 'elinvoima', 'paakayttaja'] as const;
const as = {} as Record<(typeof ROLES)[number], Client>;

interface PrincipleRow {
  key: string;
  title: string;
  description: string;
  guiding_questions: string;
  kind: string;
}

/** The version in force today, read straight from the table: the latest active one that has started. */
function versionInForce(): number {
  const today = helsinkiToday();
  const started = dbGet<{ id: number }>(
    server,
    "SELECT id FROM framework_versions WHERE status = 'active' AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1",
    today,
  );
  const first = dbGet<{ id: number }>(server, "SELECT id FROM framework_versions WHERE status = 'active' ORDER BY valid_from ASC LIMIT 1");
  return (started ?? first)!.id;
}

function principlesInForce(kind?: 'scored' | 'linked'): PrincipleRow[] {
  return dbAll<PrincipleRow>(
    server,
    `SELECT p.key, p.title, p.description, p.guiding_questions, dm.kind
       FROM principles p JOIN dimensions dm ON dm.id = p.dimension_id
      WHERE p.version_id = ? ${kind ? 'AND dm.kind = ?' : ''}
      ORDER BY dm.sort_order, p.sort_order`,
    versionInForce(),
    ...(kind ? [kind] : []),
  );
}

/** The five latest decided, public decisions whose answer on `key` has this sign. */
function expectedExamples(key: string, sign: '>' | '<'): number[] {
  return dbAll<{ id: number }>(
    server,
    `SELECT d.id FROM decisions d
       JOIN assessments a ON a.decision_id = d.id AND a.is_proposal
       JOIN assessment_answers aa ON aa.assessment_id = a.id
       JOIN principles p ON p.id = aa.principle_id
      WHERE p.key = ? AND a.status = 'decided' AND NOT d.confidential
        AND aa.answer_kind = 'scored' AND aa.score ${sign} 0
      ORDER BY d.meeting_date DESC, d.id DESC LIMIT 5`,
    key,
  ).map((r) => r.id);
}

/** The part of the page from the element with id `from` up to the one with id `to`. */
function between(html: string, from: string, to: string): string {
  const page = withoutScripts(html);
  const start = page.indexOf(`id="${from}"`);
  const end = page.indexOf(`id="${to}"`, start);
  expect(start, `section ${from}`).toBeGreaterThan(0);
  expect(end, `section ${to} after ${from}`).toBeGreaterThan(start);
  return page.slice(start, end);
}

const linkedDecisionIds = (html: string) => [...html.matchAll(/href="\/decisions\/(\d+)"/g)].map((m) => Number(m[1]));

/** One list item of an example list, by its decision's id. */
function exampleItem(section: string, id: number): string {
  const match = new RegExp(`<li\\b[^>]*>(?:(?!<li\\b)[\\s\\S])*?href="/decisions/${id}"[\\s\\S]*?</li>`).exec(section);
  expect(match, `example ${id}`).not.toBeNull();
  return match![0];
}

async function page(client: Client, path: string, status = 200): Promise<string> {
  const res = await client.get(path);
  expect(res.status, `GET ${path}`).toBe(status);
  return htmlOf(res);
}

// What this suite adds: a public decision that strengthened the first principle, one that
// weakened it, and a confidential one (with the latest meeting of all) that did both.
const KEY_INDEX = 0;
let key: string;
const made: Record<'positive' | 'negative' | 'secret', number> = {} as never;
const TEXTS = {
  positiveTitle: 'Ohjetesti: kylätalon peruskorjaus',
  positiveRationale: 'OHJE-PERUSTELU-PLUS kylätalo pysyy kylän kohtaamispaikkana.',
  negativeTitle: 'Ohjetesti: koulukuljetusten karsiminen',
  negativeRationale: 'OHJE-PERUSTELU-MIINUS matkat pitenevät.',
  negativeMitigation: 'OHJE-LIEVENNYS kimppakyydit ja seuranta.',
  secretTitle: 'Salainen ohjetestiasia QZX yrityksen tukemisesta',
  secretRationale: 'SALAINEN-OHJE-PERUSTELU',
  secretMitigation: 'SALAINEN-OHJE-LIEVENNYS',
};

/** A decision driven through the real endpoints to 'decided', with its own answer on `key`. */
async function decided(title: string, meetingDate: string, own: { answer: Answer; rationale: string; mitigation?: string }, confidential = false) {
  const author = as.valmistelija;
  const id = await createDecision(author, draftFields(org, { title, meetingDate, ...(confidential ? { confidential: 'on' } : {}) }));
  const answers = completeAnswers(['1', '0', 'not_relevant', '0', '1', '0', '0']);
  answers[key] = { answer: own.answer, rationale: own.rationale, mitigation: own.mitigation ?? '' };
  expect((await author.post(checklistUrl(id), checklistForm(1, 'submit', answers))).status, `submit ${title}`).toBe(302);
  expect((await postReview(server, as.esimies, id, 'approve')).status, `approve ${title}`).toBe(302);
  expect((await postDecisionRecord(server, author, id, 'approved', '12', meetingDate)).status, `decide ${title}`).toBe(302);
  return id;
}

/** Opens a round as the group, writes texts for some questions ('<key>:<n>' → text) and, unless told not to, sends it to the board. */
async function roundWithTexts(from: string, to: string, texts: Record<string, string>, send = true): Promise<number> {
  const open = await as.elinvoima.post('/evaluation?index', { from, to });
  expect(open.status, `open round ${from}–${to}`).toBe(302);
  const id = Number(/^\/evaluation\/(\d+)$/.exec(location(open) ?? '')?.[1]);
  expect(id).toBeGreaterThan(0);
  const form: Record<string, string> = { intent: 'texts' };
  for (const [question, text] of Object.entries(texts)) {
    form[`q.${question}`] = text;
    form[`v.${question}`] = '0';
  }
  expect((await as.elinvoima.post(`/evaluation/${id}`, form)).status, `texts of round ${id}`).toBe(302);
  if (send) {
    const { version } = dbGet<{ version: number }>(server, 'SELECT version FROM evaluation_rounds WHERE id = ?', id)!;
    const sent = await as.elinvoima.post(`/evaluation/${id}`, { intent: 'send', sentOn: to, version: String(version) });
    expect(sent.status, `send round ${id}`).toBe(302);
  }
  return id;
}

beforeAll(async () => {
  server = await startServer();
  for (const username of ROLES) as[username] = await new Client(server.url).login(username);
  org = await organisation(as.valmistelija);
  key = principlesInForce('scored')[KEY_INDEX]!.key;
  made.positive = await decided(TEXTS.positiveTitle, '28.12.2027', { answer: '2', rationale: TEXTS.positiveRationale });
  made.negative = await decided(TEXTS.negativeTitle, '27.12.2027', { answer: '-2', rationale: TEXTS.negativeRationale, mitigation: TEXTS.negativeMitigation });
  made.secret = await decided(TEXTS.secretTitle, '30.12.2027', { answer: '-1', rationale: TEXTS.secretRationale, mitigation: TEXTS.secretMitigation }, true);
});

afterAll(async () => {
  await server?.stop();
});

showServerLogsOnFailure(() => server);

describe('who sees the guide', () => {
  it('sends an anonymous visitor to the login page, and back afterwards', async () => {
    const anonymous = new Client(server.url);
    for (const path of ['/guide', `/guide/principles/${key}`]) {
      const res = await anonymous.get(path);
      expect(res.status, path).toBe(302);
      const to = new URL(location(res) ?? '', server.url);
      expect(to.pathname).toBe('/login');
      expect(to.searchParams.get('redirectTo')).toBe(path);
    }
  });

  it('shows the guide to every role, in Finnish, with its sections and the scale', async () => {
    for (const username of ROLES) {
      const html = await page(as[username], '/guide');
      expect(/<html lang="([^"]*)"/.exec(html)?.[1], username).toBe('fi');
      const text = visibleText(html);
      expect(text).toContain('Ohjeet');
      // The scale's Finnish labels, written out.
      for (const label of [
        'Vahvistaa selvästi',
        'Vahvistaa jonkin verran',
        'Ei merkittävää vaikutusta',
        'Heikentää jonkin verran',
        'Heikentää selvästi',
        'Ei liity tähän asiaan',
        'Vaikutusta ei voida vielä arvioida',
      ]) {
        expect(text, `${username}: ${label}`).toContain(label);
      }
      for (const word of ['Rutiiniasia', 'tieto puuttuu', 'Elinvoimaryhmä', 'Johtoryhmän kysely', 'Hyväksy', 'Palauta korjattavaksi', 'Kirjaa päätös']) {
        expect(text, `${username}: ${word}`).toContain(word);
      }
      // The table of contents points at headings that exist.
      const targets = [...html.matchAll(/<a href="#([a-z-]+)"/g)].map((m) => m[1]!);
      expect(targets.length).toBeGreaterThanOrEqual(7);
      for (const id of targets) expect(html, `#${id}`).toMatch(new RegExp(`<h2 [^>]*id="${id}"`));
    }
  });

  it('names the municipality and the strategy in force from the data, not from the code', async () => {
    const text = visibleText(await page(as.valmistelija, '/guide'));
    const municipality = dbGet<{ value: string }>(server, "SELECT value FROM settings WHERE key = 'municipality_name'")!.value;
    const strategy = dbGet<{ name: string }>(server, 'SELECT name FROM framework_versions WHERE id = ?', versionInForce())!.name;
    expect(text).toContain(municipality);
    expect(text).toContain(strategy);
  });

  it('lists every scored principle of the version in force, each linking to a page that answers 200', async () => {
    const html = await page(as.valmistelija, '/guide');
    const linked = [...withoutScripts(html).matchAll(/href="\/guide\/principles\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    const scored = principlesInForce('scored');
    expect(scored.length).toBeGreaterThan(0);
    for (const p of scored) {
      expect(linked, p.key).toContain(p.key);
      expect(visibleText(html)).toContain(p.title);
    }
    for (const k of new Set(linked)) {
      const res = await as.valmistelija.get(`/guide/principles/${encodeURIComponent(k)}`);
      expect(res.status, k).toBe(200);
    }
  });
});

describe('the page of a principle', () => {
  it('shows the principle’s text and guiding questions, and links back to the guide', async () => {
    for (const p of principlesInForce('scored')) {
      const html = await page(as.valmistelija, `/guide/principles/${p.key}`);
      const text = visibleText(html);
      expect(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(withoutScripts(html))?.[1]?.trim()).toBe(p.title.replace(/&/g, '&amp;'));
      expect(text).toContain(p.description);
      const questions = JSON.parse(p.guiding_questions) as string[];
      for (const q of questions) expect(text, `${p.key}: ${q}`).toContain(q);
      expect(html).toMatch(/<a [^>]*href="\/guide"/);
    }
  });

  it('lists the five latest decided public decisions that strengthened it, with the answer and rationale', async () => {
    const html = await page(as.valmistelija, `/guide/principles/${key}`);
    const section = between(html, 'strengthened', 'weakened');
    const expected = expectedExamples(key, '>');
    expect(expected).toContain(made.positive);
    expect(linkedDecisionIds(section)).toEqual(expected);
    const item = visibleText(exampleItem(section, made.positive));
    expect(item).toContain(TEXTS.positiveTitle);
    expect(item).toContain('28.12.2027');
    expect(item).toContain('+2');
    expect(item).toContain('Vahvistaa selvästi');
    expect(item).toContain(TEXTS.positiveRationale);
    // The link opens the decision for the official, who is not its author's manager.
    expect((await as.valmistelija.get(`/decisions/${expected.at(-1)}`)).status).toBe(200);
  });

  it('lists the decisions that weakened it, with the answer, rationale and mitigation', async () => {
    const html = await page(as.valmistelija, `/guide/principles/${key}`);
    const section = between(html, 'weakened', 'group-evaluation');
    const expected = expectedExamples(key, '<');
    expect(expected).toContain(made.negative);
    expect(linkedDecisionIds(section)).toEqual(expected);
    const item = visibleText(exampleItem(section, made.negative));
    expect(item).toContain(TEXTS.negativeTitle);
    expect(item).toContain('−2');
    expect(item).toContain('Heikentää selvästi');
    expect(item).toContain(TEXTS.negativeRationale);
    expect(item).toContain(TEXTS.negativeMitigation);
    // A weakening example never sits among the strengthening ones.
    expect(linkedDecisionIds(between(html, 'strengthened', 'weakened'))).not.toContain(made.negative);
  });

  it('never shows a confidential decision, not even to the group or an admin who may open it', async () => {
    const secretRow = dbGet<{ confidential: number }>(server, 'SELECT confidential FROM decisions WHERE id = ?', made.secret)!;
    expect(secretRow.confidential).toBe(1);
    for (const username of ROLES) {
      for (const p of principlesInForce()) {
        const html = await page(as[username], `/guide/principles/${p.key}`);
        expect(html, `${username} ${p.key}`).not.toContain('QZX');
        expect(html).not.toContain(TEXTS.secretRationale);
        expect(html).not.toContain(TEXTS.secretMitigation);
        expect(linkedDecisionIds(html)).not.toContain(made.secret);
      }
    }
    // It had the latest meeting of all: without the rule it would head the weakening list.
    const withSecret = dbGet<{ id: number }>(
      server,
      `SELECT d.id FROM decisions d JOIN assessments a ON a.decision_id = d.id
         JOIN assessment_answers aa ON aa.assessment_id = a.id JOIN principles p ON p.id = aa.principle_id
        WHERE p.key = ? AND a.status = 'decided' AND aa.score < 0 ORDER BY d.meeting_date DESC, d.id DESC LIMIT 1`,
      key,
    );
    expect(withSecret?.id).toBe(made.secret);
    expect(await page(as.valmistelija, '/guide')).not.toContain('QZX');
  });

  it('for a strategy project (linked, not scored) lists the latest decided public decisions that advanced it', async () => {
    for (const p of principlesInForce('linked')) {
      const expected = dbAll<{ id: number }>(
        server,
        `SELECT d.id FROM decisions d
           JOIN assessments a ON a.decision_id = d.id AND a.is_proposal
           JOIN assessment_projects ap ON ap.assessment_id = a.id
           JOIN principles p ON p.id = ap.principle_id
          WHERE p.key = ? AND a.status = 'decided' AND NOT d.confidential
          ORDER BY d.meeting_date DESC, d.id DESC LIMIT 5`,
        p.key,
      ).map((r) => r.id);
      const html = await page(as.valmistelija, `/guide/principles/${p.key}`);
      expect(linkedDecisionIds(between(html, 'advanced', 'group-evaluation')), p.key).toEqual(expected);
    }
  });

  it('answers 404 for a key that no strategy version has, and for one that is not a key', async () => {
    for (const bad of ['ei-tallaista-periaatetta', 'PIENUUS', '%C3%A4%C3%A4', 'a'.repeat(80), '..%2Fadmin']) {
      const res = await as.valmistelija.get(`/guide/principles/${bad}`);
      expect(res.status, bad).toBe(404);
    }
  });
});

describe('the group’s latest evaluation on the principle page', () => {
  it('says there is none before any round has texts on it', async () => {
    const html = await page(as.valmistelija, `/guide/principles/${key}`);
    expect(visibleText(between(html, 'group-evaluation', 'back'))).toContain('ei ole vielä kirjoittanut arviota');
  });

  it('shows the texts of the latest round that has any on the principle, with the round’s name', async () => {
    const other = principlesInForce('scored')[1]!.key;
    await roundWithTexts('1.9.2024', '31.8.2025', { [`${key}:1`]: 'VANHA-ARVIO kierrokselta 2025.' });
    await roundWithTexts('1.9.2025', '31.8.2026', {
      [`${key}:1`]: 'UUSI-ARVIO-1 kouluhanke ja tapahtumat.',
      [`${key}:2`]: 'UUSI-ARVIO-2 viestintää lisää.',
    });
    // The newest round has nothing on `key` yet, only on another principle.
    await roundWithTexts('1.9.2026', '31.8.2027', { [`${other}:1`]: 'TOINEN-PERIAATE-ARVIO 2027.' });

    // Expected from the database: the latest round (by its period) with a non-empty text on the key.
    const latest = dbGet<{ id: number; period_to: string }>(
      server,
      `SELECT r.id, r.period_to FROM evaluation_rounds r
        WHERE EXISTS (SELECT 1 FROM round_answers ra WHERE ra.round_id = r.id AND ra.question_key LIKE ? AND ra.text <> '')
        ORDER BY r.period_to DESC LIMIT 1`,
      `${key}:%`,
    )!;
    const texts = dbAll<{ text: string }>(server, 'SELECT text FROM round_answers WHERE round_id = ? AND question_key LIKE ?', latest.id, `${key}:%`);
    expect(texts.length).toBe(2);

    const html = await page(as.valmistelija, `/guide/principles/${key}`);
    const section = visibleText(between(html, 'group-evaluation', 'back'));
    for (const t of texts) expect(section).toContain(t.text);
    expect(section).toContain(latest.period_to.slice(0, 4));
    expect(section).not.toContain('VANHA-ARVIO');
    expect(section).not.toContain('TOINEN-PERIAATE');
    // The question the text answers, from the dimension's evaluation questions.
    const questions = JSON.parse(
      dbGet<{ q: string }>(
        server,
        'SELECT dm.evaluation_questions AS q FROM dimensions dm JOIN principles p ON p.dimension_id = dm.id WHERE p.key = ? AND p.version_id = ?',
        key,
        versionInForce(),
      )!.q,
    ) as string[];
    if (questions[0]) expect(section).toContain(questions[0]);

    const otherSection = visibleText(between(await page(as.valmistelija, `/guide/principles/${other}`), 'group-evaluation', 'back'));
    expect(otherSection).toContain('TOINEN-PERIAATE-ARVIO 2027.');
    expect(otherSection).toContain('2027');
  });
});

describe('the group’s texts of a round still open', () => {
  it('are shown to the group and admins only: officials and managers see the last round sent to the board', async () => {
    const key = principlesInForce('scored')[2]!.key;
    await roundWithTexts('1.9.2027', '31.8.2028', { [`${key}:1`]: 'KESKENERÄINEN-LUONNOS ryhmän omaa työtä.' }, false);
    for (const client of [as.elinvoima, as.paakayttaja]) {
      expect(visibleText(between(await page(client, `/guide/principles/${key}`), 'group-evaluation', 'back'))).toContain('KESKENERÄINEN-LUONNOS');
    }
    for (const client of [as.valmistelija, as.esimies]) {
      expect(visibleText(between(await page(client, `/guide/principles/${key}`), 'group-evaluation', 'back'))).not.toContain('KESKENERÄINEN-LUONNOS');
    }
  });
});

describe('the checklist links to the principle pages', () => {
  it('links each principle of the draft’s checklist to its guide page, which answers 200', async () => {
    const id = await createDecision(as.valmistelija, draftFields(org, { title: 'Ohjetesti: luonnos' }));
    const html = await page(as.valmistelija, checklistUrl(id));
    const linked = [...withoutScripts(html).matchAll(/href="(\/guide\/principles\/[^"]+)"/g)].map((m) => m[1]!);
    const assessmentVersion = dbGet<{ v: number }>(server, 'SELECT framework_version_id AS v FROM assessments WHERE decision_id = ?', id)!.v;
    const keys = dbAll<{ key: string }>(
      server,
      "SELECT p.key FROM principles p JOIN dimensions dm ON dm.id = p.dimension_id WHERE p.version_id = ? AND dm.kind = 'scored' ORDER BY dm.sort_order, p.sort_order",
      assessmentVersion,
    ).map((r) => r.key);
    expect(linked).toEqual(keys.map((k) => `/guide/principles/${k}`));
    for (const url of linked) {
      const res = await as.valmistelija.get(url);
      expect(res.status, url).toBe(200);
    }
  });
});

describe('in English', () => {
  /** Finnish messages of the guide, up to their first placeholder: none may show on an English page. */
  const finnishSnippets = (node: unknown): string[] =>
    typeof node === 'string'
      ? [node.split('{')[0]!.trim()].filter((s) => s.length >= 12)
      : Object.values(node as Record<string, unknown>).flatMap(finnishSnippets);

  it('shows the guide and a principle page completely in English to every role', async () => {
    const snippets = finnishSnippets(guideFi);
    expect(snippets.length).toBeGreaterThan(20);
    for (const username of ROLES) {
      const client = as[username];
      expect((await client.post('/language', { language: 'en', redirectTo: '/guide' })).status).toBe(302);
      try {
        for (const path of ['/guide', `/guide/principles/${key}`]) {
          const html = await page(client, path);
          expect(/<html lang="([^"]*)"/.exec(html)?.[1], `${username} ${path}`).toBe('en');
          const text = visibleText(html);
          for (const s of snippets) expect(text, `${username} ${path}: untranslated “${s}”`).not.toContain(s);
          if (path === '/guide') {
            expect(text).toContain('Help');
            for (const label of ['Clearly strengthens', 'Somewhat weakens', 'Not relevant to this matter', 'knowledge gap']) expect(text).toContain(label);
          } else {
            expect(text).toContain('Decisions that strengthened the principle');
            expect(text).toContain('Back to the user guide');
          }
        }
      } finally {
        await client.post('/language', { language: 'fi', redirectTo: '/guide' });
      }
    }
  });
});
