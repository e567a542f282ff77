/**
 * Strategy versions (ADR 012), over HTTP against the real server: the main story (an admin
 * adds "Avoin" as a fourth operating-mode principle in a new version valid from next January and
 * activates it; a February draft shows 8 principles, a December one 7; the report spanning both
 * shows "Avoin" only from January), the move of an older draft to the new version, keys fixed once
 * used, import and export as JSON, and bad files refused with the place named and nothing saved.
 * Expected figures are computed here from the answers this test posts, not by the app's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  SCORED_KEYS,
  auditSince,
  checklistForm,
  checklistUrl,
  completeAnswers,
  cookieOf,
  count,
  createDecision,
  dbAll,
  dbGet,
  draftFields,
  fieldError,
  finnishDate,
  helsinkiToday,
  htmlOf,
  lastAuditId,
  attribute,
  inputValue,
  textareaValue,
  location,
  organisation,
  selectOptions,
  postReview,
  showServerLogsOnFailure,
  versionOf,
  visibleText,
} from './helpers';

let server: TestServer;
let admin: Client;
let official: Client;
let manager: Client;
let org: Awaited<ReturnType<typeof organisation>>;

const today = helsinkiToday();
const year = Number(today.slice(0, 4));
const NEW_YEAR = `${year + 1}-01-01`;
const DECEMBER = `${year}-12-17`;
const FEBRUARY = `${year + 1}-02-10`;

showServerLogsOnFailure(() => server);

beforeAll(async () => {
  server = await startServer();
  admin = await new Client(server.url).login('paakayttaja');
  official = await new Client(server.url).login('valmistelija');
  manager = await new Client(server.url).login('esimies');
  org = await organisation(official);
});

afterAll(async () => {
  await server?.stop();
});

function activeVersionId(): number {
  return dbGet<{ id: number }>(server, "SELECT id FROM framework_versions WHERE status = 'active' ORDER BY valid_from DESC LIMIT 1")!.id;
}

/** Scored principle keys on a checklist page, in order (the radios of each principle's scale). */
function scoredKeysOn(html: string): string[] {
  const keys: string[] = [];
  for (const m of html.matchAll(/name="answers\.([a-z0-9-]+)\.answer"/g)) if (!keys.includes(m[1]!)) keys.push(m[1]!);
  return keys;
}

async function checklistKeys(id: number): Promise<string[]> {
  const res = await official.get(checklistUrl(id));
  expect(res.status).toBe(200);
  return scoredKeysOn(await htmlOf(res));
}

function versionFields(overrides: Record<string, string> = {}) {
  return {
    intent: 'details',
    key: 'uusi-2027',
    name: 'Kuntastrategia (päivitetty)',
    approvedBy: 'Kunnanvaltuusto',
    approvedOn: '',
    validFrom: finnishDate(NEW_YEAR),
    validTo: '',
    visionName: '',
    ...overrides,
  };
}

let oldVersion = 0;
let draftVersion = 0;
/** A draft for a February meeting made while the old version was the only one. */
let earlyFebruaryDraft = 0;

describe('a new strategy version with "Avoin", from copy to activation', () => {
  it('an early February draft is made with the old version (7 principles)', async () => {
    oldVersion = activeVersionId();
    earlyFebruaryDraft = await createDecision(
      official,
      draftFields(org, { title: 'Helmikuun esitys ennen uutta versiota', meetingDate: finnishDate(FEBRUARY) }),
    );
    expect(await checklistKeys(earlyFebruaryDraft)).toEqual(SCORED_KEYS);
    // Some answers are saved, so that the move has something to keep.
    const answers = completeAnswers(['2', '1', '0', '-1', 'not_relevant', 'knowledge_gap', '1']);
    const res = await official.post(checklistUrl(earlyFebruaryDraft), checklistForm(versionOf(server, earlyFebruaryDraft), 'save', answers));
    expect(res.status).toBe(302);
  });

  it('copies the version in force into a draft with the same keys', async () => {
    const before = lastAuditId(server);
    const res = await admin.post('/admin/strategy', { intent: 'copy', versionId: String(oldVersion) });
    expect(res.status).toBe(302);
    const match = /^\/admin\/strategy\/(\d+)/.exec(location(res) ?? '');
    expect(match).not.toBeNull();
    draftVersion = Number(match![1]);
    const row = dbGet<{ status: string; based_on_id: number; valid_from: string }>(
      server,
      'SELECT status, based_on_id, valid_from FROM framework_versions WHERE id = ?',
      draftVersion,
    )!;
    expect(row).toMatchObject({ status: 'draft', based_on_id: oldVersion, valid_from: NEW_YEAR });
    const keys = (id: number) => dbAll<{ key: string }>(server, 'SELECT key FROM principles WHERE version_id = ? ORDER BY key', id).map((r) => r.key);
    expect(keys(draftVersion)).toEqual(keys(oldVersion));
    expect(auditSince(server, before).map((a) => a.action)).toContain('strategy.copy');
  });

  it('a draft version is not yet used: a new February draft still gets 7 principles', async () => {
    const id = await createDecision(official, draftFields(org, { title: 'Helmikuu, luonnosversio olemassa', meetingDate: finnishDate(FEBRUARY) }));
    expect(await checklistKeys(id)).toEqual(SCORED_KEYS);
  });

  it('saves the version details; a bad date and an empty name get messages at the fields and nothing is saved', async () => {
    const before = dbGet(server, 'SELECT * FROM framework_versions WHERE id = ?', draftVersion);
    const bad = await admin.post(`/admin/strategy/${draftVersion}`, versionFields({ name: '  ', validFrom: '31.2.2027' }));
    expect(bad.status).toBe(400);
    const html = await htmlOf(bad);
    expect(fieldError(html, 'name')).toBe('Tämä kenttä on pakollinen.');
    expect(fieldError(html, 'validFrom')).toMatch(/pp\.kk\.vvvv/);
    expect(dbGet(server, 'SELECT * FROM framework_versions WHERE id = ?', draftVersion)).toEqual(before);
    const ok = await admin.post(`/admin/strategy/${draftVersion}`, versionFields());
    expect(ok.status).toBe(302);
    expect(dbGet(server, 'SELECT key, name, valid_from, approved_by FROM framework_versions WHERE id = ?', draftVersion)).toEqual({
      key: 'uusi-2027',
      name: 'Kuntastrategia (päivitetty)',
      valid_from: NEW_YEAR,
      approved_by: 'Kunnanvaltuusto',
    });
  });

  it('adds "Avoin" as the fourth operating-mode principle; its key comes from its title', async () => {
    const dimension = dbGet<{ id: number }>(server, "SELECT id FROM dimensions WHERE version_id = ? AND key = 'toimintatapa'", draftVersion)!;
    const empty = await admin.post(`/admin/strategy/${draftVersion}/principles/new`, {
      dimensionId: String(dimension.id),
      key: '',
      title: '',
      description: 'x',
      guidingQuestions: '',
    });
    expect(empty.status).toBe(400);
    expect(fieldError(await htmlOf(empty), 'title')).toBe('Tämä kenttä on pakollinen.');
    const res = await admin.post(`/admin/strategy/${draftVersion}/principles/new`, {
      dimensionId: String(dimension.id),
      key: '',
      title: 'Avoin',
      description: 'Kunta valmistelee asiat avoimesti ja kertoo niistä ymmärrettävästi.',
      guidingQuestions: 'Kerrotaanko valmistelusta kuntalaisille?\n\nVoivatko asianosaiset osallistua valmisteluun?',
    });
    expect(res.status).toBe(302);
    const rows = dbAll<{ key: string; sort_order: number; guiding_questions: string }>(
      server,
      'SELECT key, sort_order, guiding_questions FROM principles WHERE dimension_id = ? ORDER BY sort_order',
      dimension.id,
    );
    const oldKeys = dbAll<{ key: string }>(
      server,
      "SELECT p.key FROM principles p JOIN dimensions d ON d.id = p.dimension_id WHERE d.version_id = ? AND d.key = 'toimintatapa' ORDER BY p.sort_order",
      oldVersion,
    ).map((r) => r.key);
    expect(oldKeys).toHaveLength(3);
    expect(rows.map((r) => r.key)).toEqual([...oldKeys, 'avoin']);
    expect(rows[3]).toMatchObject({ key: 'avoin', sort_order: 4 });
    expect(JSON.parse(rows[3]!.guiding_questions)).toEqual(['Kerrotaanko valmistelusta kuntalaisille?', 'Voivatko asianosaiset osallistua valmisteluun?']);
  });

  it('keeps the key of a principle that an active version uses, whatever the form says', async () => {
    const p = dbGet<{ id: number; key: string; dimension_id: number }>(
      server,
      "SELECT id, key, dimension_id FROM principles WHERE version_id = ? AND key = 'pienuus'",
      draftVersion,
    )!;
    const page = await htmlOf(await admin.get(`/admin/strategy/${draftVersion}/principles/${p.id}`));
    expect(page).toMatch(/<input\b[^>]*id="key"[^>]*readOnly|<input\b[^>]*readonly=""[^>]*id="key"|<input\b[^>]*id="key"[^>]*readonly/i);
    const res = await admin.post(`/admin/strategy/${draftVersion}/principles/${p.id}`, {
      dimensionId: String(p.dimension_id),
      key: 'jotain-muuta',
      title: 'Pienuus on vahvuus!',
      description: 'Muokattu kuvaus.',
      guidingQuestions: 'Yksi kysymys?',
    });
    expect(res.status).toBe(302);
    expect(dbGet(server, 'SELECT key, description FROM principles WHERE id = ?', p.id)).toEqual({ key: 'pienuus', description: 'Muokattu kuvaus.' });
  });

  it('a duplicate key in the version is refused at the key field and nothing is saved', async () => {
    const dimension = dbGet<{ id: number }>(server, "SELECT id FROM dimensions WHERE version_id = ? AND key = 'visio'", draftVersion)!;
    const before = count(server, 'principles');
    const res = await admin.post(`/admin/strategy/${draftVersion}/principles/new`, {
      dimensionId: String(dimension.id),
      key: 'avoin',
      title: 'Toinen avoin',
      description: '',
      guidingQuestions: '',
    });
    expect(res.status).toBe(400);
    const html = await htmlOf(res);
    expect(fieldError(html, 'key')).toBe('Tämä tunniste on jo käytössä tässä versiossa.');
    expect(html).toContain('value="Toinen avoin"');
    expect(count(server, 'principles')).toBe(before);
  });

  it('a form saved after someone else changed the version is refused with the typed text kept; saving again applies it', async () => {
    const p = dbGet<{ id: number; dimension_id: number }>(
      server,
      "SELECT id, dimension_id FROM principles WHERE version_id = ? AND key = 'vastavirta'",
      draftVersion,
    )!;
    const html = await htmlOf(await admin.get(`/admin/strategy/${draftVersion}/principles/${p.id}`));
    const stamp = inputValue(html, 'updatedAt') ?? attribute(/<input\b[^>]*name="updatedAt"[^>]*>/.exec(html)?.[0] ?? null, 'value');
    expect(stamp).toBeTruthy();
    // Another admin moves a principle in between.
    const other = dbGet<{ id: number }>(server, "SELECT id FROM principles WHERE version_id = ? AND key = 'koti-maalla'", draftVersion)!;
    expect((await admin.post(`/admin/strategy/${draftVersion}`, { intent: 'move', what: 'principle', id: String(other.id), direction: 'down' })).status).toBe(
      302,
    );
    const before = dbGet(server, 'SELECT * FROM principles WHERE id = ?', p.id);
    const fields = {
      dimensionId: String(p.dimension_id),
      key: 'vastavirta',
      title: 'Vastavirran edelläkävijä!',
      description: 'MINUN-KUVAUKSENI',
      guidingQuestions: '',
    };
    const stale = await admin.post(`/admin/strategy/${draftVersion}/principles/${p.id}`, { ...fields, updatedAt: stamp! });
    expect(stale.status).toBe(409);
    const staleHtml = await htmlOf(stale);
    expect(visibleText(staleHtml)).toContain('Joku muu muutti tätä versiota');
    expect(textareaValue(staleHtml, 'description')).toBe('MINUN-KUVAUKSENI');
    expect(dbGet(server, 'SELECT * FROM principles WHERE id = ?', p.id)).toEqual(before);
    const fresh = attribute(/<input\b[^>]*name="updatedAt"[^>]*>/.exec(staleHtml)?.[0] ?? null, 'value');
    expect(fresh).not.toBe(stamp);
    expect((await admin.post(`/admin/strategy/${draftVersion}/principles/${p.id}`, { ...fields, updatedAt: fresh! })).status).toBe(302);
    expect(dbGet(server, 'SELECT description FROM principles WHERE id = ?', p.id)).toEqual({ description: 'MINUN-KUVAUKSENI' });
    // And back in its place, for the rest of this story.
    expect((await admin.post(`/admin/strategy/${draftVersion}`, { intent: 'move', what: 'principle', id: String(other.id), direction: 'up' })).status).toBe(
      302,
    );
  });

  it('the preview shows the checklist as an official will see it: 8 principles, "Avoin" last among the operating mode', async () => {
    const html = await htmlOf(await admin.get(`/admin/strategy/${draftVersion}/preview`));
    const keys = scoredKeysOn(html);
    expect(keys).toHaveLength(8);
    expect(keys.slice(4)).toEqual([...SCORED_KEYS.slice(4), 'avoin']);
    // Nothing to submit: the page's main content has no form at all.
    const main = /<main\b[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
    expect(main).toContain('name="answers.avoin.answer"');
    expect(main).not.toContain('<form');
  });

  it('activates after a confirmation; an active version then refuses every change with 409', async () => {
    const confirm = visibleText(await htmlOf(await admin.get(`/admin/strategy/${draftVersion}?confirm=activate`)));
    expect(confirm).toContain(`Se tulee voimaan ${finnishDate(NEW_YEAR)}`);
    const before = lastAuditId(server);
    const res = await admin.post(`/admin/strategy/${draftVersion}`, { intent: 'activate' });
    expect(res.status).toBe(302);
    expect(dbGet(server, 'SELECT status FROM framework_versions WHERE id = ?', draftVersion)).toEqual({ status: 'active' });
    expect(auditSince(server, before).map((a) => a.action)).toEqual(['strategy.activate']);
    const snapshot = dbAll(server, 'SELECT * FROM principles WHERE version_id = ? ORDER BY id', draftVersion);
    expect((await admin.post(`/admin/strategy/${draftVersion}`, versionFields({ name: 'Muutettu' }))).status).toBe(409);
    expect((await admin.post(`/admin/strategy/${draftVersion}`, { intent: 'remove-principle', id: String(snapshot[0]!.id) })).status).toBe(409);
    expect((await admin.get(`/admin/strategy/${draftVersion}/principles/new`)).status).toBe(409);
    expect(dbAll(server, 'SELECT * FROM principles WHERE version_id = ? ORDER BY id', draftVersion)).toEqual(snapshot);
  });
});

describe('after activation', () => {
  let december = 0;
  let february = 0;

  it('a draft for a February meeting shows 8 principles and a December one 7', async () => {
    february = await createDecision(official, draftFields(org, { title: 'Helmikuun kokouksen esitys', meetingDate: finnishDate(FEBRUARY) }));
    december = await createDecision(official, draftFields(org, { title: 'Joulukuun kokouksen esitys', meetingDate: finnishDate(DECEMBER) }));
    expect(await checklistKeys(february)).toEqual([...SCORED_KEYS, 'avoin']);
    expect(await checklistKeys(december)).toEqual(SCORED_KEYS);
    const versions = dbAll<{ id: number; framework_version_id: number }>(
      server,
      'SELECT decision_id AS id, framework_version_id FROM assessments WHERE decision_id IN (?, ?) ORDER BY decision_id',
      february,
      december,
    );
    expect(versions.map((v) => v.framework_version_id)).toEqual([draftVersion, oldVersion]);
  });

  it('the February draft made before offers to move; moving keeps the answers by key and adds "Avoin"', async () => {
    const page = visibleText(await htmlOf(await official.get(checklistUrl(earlyFebruaryDraft))));
    expect(page).toContain('Kokouspäivänä on voimassa toinen strategiaversio');
    expect(page).toContain('Avoin');
    const answersBefore = dbAll(
      server,
      `SELECT p.key, aa.answer_kind, aa.score, aa.rationale, aa.mitigation FROM assessment_answers aa JOIN assessments a ON a.id = aa.assessment_id
        JOIN principles p ON p.id = aa.principle_id WHERE a.decision_id = ? ORDER BY p.key`,
      earlyFebruaryDraft,
    );
    // The offer names the version it moves to; a post naming another one (here the old version) moves nothing.
    const stale = await official.post(`/decisions/${earlyFebruaryDraft}/strategy`, {
      version: String(versionOf(server, earlyFebruaryDraft)),
      target: String(oldVersion),
    });
    expect(stale.status).toBe(302);
    expect(location(stale)).toBe(`/decisions/${earlyFebruaryDraft}/checklist`);
    expect(dbGet(server, 'SELECT framework_version_id AS v FROM assessments WHERE decision_id = ?', earlyFebruaryDraft)).toEqual({ v: oldVersion });
    const before = lastAuditId(server);
    const res = await official.post(`/decisions/${earlyFebruaryDraft}/strategy`, {
      version: String(versionOf(server, earlyFebruaryDraft)),
      target: String(draftVersion),
    });
    expect(res.status).toBe(302);
    expect(location(res)).toBe(`/decisions/${earlyFebruaryDraft}/checklist?notice=strategyMoved`);
    const after = dbAll<{ key: string; version_id: number }>(
      server,
      `SELECT p.key, aa.answer_kind, aa.score, aa.rationale, aa.mitigation FROM assessment_answers aa JOIN assessments a ON a.id = aa.assessment_id
        JOIN principles p ON p.id = aa.principle_id WHERE a.decision_id = ? ORDER BY p.key`,
      earlyFebruaryDraft,
    );
    expect(after).toEqual(answersBefore);
    // Every answer now points at a principle of the new version.
    expect(
      dbAll(
        server,
        'SELECT DISTINCT p.version_id FROM assessment_answers aa JOIN principles p ON p.id = aa.principle_id JOIN assessments a ON a.id = aa.assessment_id WHERE a.decision_id = ?',
        earlyFebruaryDraft,
      ),
    ).toEqual([{ version_id: draftVersion }]);
    expect(await checklistKeys(earlyFebruaryDraft)).toEqual([...SCORED_KEYS, 'avoin']);
    expect(auditSince(server, before).map((a) => a.action)).toEqual(['assessment.strategy_move']);
    expect(visibleText(await htmlOf(await official.get(checklistUrl(earlyFebruaryDraft))))).not.toContain('Kokouspäivänä on voimassa toinen strategiaversio');
  });

  it('the archive offers the principles of every version: "Avoin" although the old version is still in force today', async () => {
    const html = await htmlOf(await official.get('/archive'));
    const options = selectOptions(html, 'principle')
      .map((o) => o.value)
      .filter(Boolean);
    expect(options).toEqual([...SCORED_KEYS, 'avoin']);
    expect((await official.get('/archive?principle=avoin&effect=positive')).status).toBe(200);
  });

  it('another user cannot move someone else’s draft (404 or 403), and nothing changes', async () => {
    const other = await new Client(server.url).login('tekninen');
    const before = dbGet(server, 'SELECT framework_version_id, version FROM assessments WHERE decision_id = ?', december);
    const res = await other.post(`/decisions/${december}/strategy`, { version: String(versionOf(server, december)), target: String(draftVersion) });
    expect([403, 404]).toContain(res.status);
    expect(dbGet(server, 'SELECT framework_version_id, version FROM assessments WHERE decision_id = ?', december)).toEqual(before);
  });

  it('the report spanning both periods shows "Avoin" only for the new period, with its own figures', async () => {
    // December: all 7 answered +1; February: 7 answered −1 (with mitigations) and "Avoin" +2.
    const decAnswers = completeAnswers(['1', '1', '1', '1', '1', '1', '1']);
    expect((await official.post(checklistUrl(december), checklistForm(versionOf(server, december), 'submit', decAnswers))).status).toBe(302);
    const febBody = checklistForm(versionOf(server, february), 'submit', completeAnswers(['-1', '-1', '-1', '-1', '-1', '-1', '-1']));
    febBody.set('intent', 'submit');
    febBody.append('answers.avoin.answer', '2');
    febBody.append('answers.avoin.rationale', 'Valmistelu on avointa.');
    febBody.append('answers.avoin.mitigation', '');
    expect((await official.post(checklistUrl(february), febBody)).status).toBe(302);
    for (const id of [december, february]) expect((await postReview(server, manager, id, 'approve')).status).toBe(302);

    const span = `from=${finnishDate(`${year}-12-01`)}&to=${finnishDate(`${year + 1}-02-28`)}`;
    const json = (await (await admin.get(`/report.json?${span}`)).json()) as {
      principles: Array<{ key: string; n: number; mean: number | null; existedFrom?: string }>;
    };
    const byKey = new Map(json.principles.map((p) => [p.key, p]));
    // Expected from what was posted here plus what the demo data holds in the same span.
    const demo = (key: string) =>
      dbGet<{ n: number; total: number | null }>(
        server,
        `SELECT COUNT(*) AS n, SUM(aa.score) AS total FROM assessment_answers aa JOIN principles p ON p.id = aa.principle_id
          JOIN assessments a ON a.id = aa.assessment_id JOIN decisions d ON d.id = a.decision_id
         WHERE p.key = ? AND aa.answer_kind = 'scored' AND a.status IN ('approved', 'decided') AND a.is_proposal
           AND d.meeting_date BETWEEN ? AND ? AND d.id NOT IN (?, ?)`,
        key,
        `${year}-12-01`,
        `${year + 1}-02-28`,
        december,
        february,
      )!;
    const avoin = byKey.get('avoin');
    expect(avoin).toMatchObject({ n: 1 + demo('avoin').n, existedFrom: NEW_YEAR });
    const pienuus = byKey.get('pienuus')!;
    expect(pienuus.n).toBe(2 + demo('pienuus').n);
    expect(pienuus.mean).toBeCloseTo((1 - 1 + Number(demo('pienuus').total ?? 0)) / pienuus.n, 10);
    expect(pienuus.existedFrom).toBeUndefined();

    const page = visibleText(await htmlOf(await admin.get(`/report?${span}`)));
    expect(page).toContain(`Avoin (${finnishDate(NEW_YEAR)} alkaen)`);
    // A report of the old period alone has no "Avoin" at all.
    const autumn = `from=${finnishDate(`${year}-09-01`)}&to=${finnishDate(`${year}-12-31`)}`;
    const old = (await (await admin.get(`/report.json?${autumn}`)).json()) as { principles: Array<{ key: string }> };
    expect(old.principles.map((p) => p.key)).toEqual(SCORED_KEYS);
    expect(visibleText(await htmlOf(await admin.get(`/report?${autumn}`)))).not.toContain('Avoin');
  });
});

describe('import and export as JSON', () => {
  async function postFile(text: string, name = 'strategia.json') {
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'application/json' }), name);
    const session = cookieOf(admin, 'linssi_session');
    return fetch(`${server.url}/admin/strategy`, {
      method: 'POST',
      body: form,
      headers: { Cookie: `linssi_session=${session}`, Origin: server.url },
      redirect: 'manual',
    });
  }

  it('exports a version in the import’s shape; importing it gives a draft with the same content', async () => {
    const res = await admin.get(`/admin/strategy/${draftVersion}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('uusi-2027.json');
    const exported = (await res.json()) as { framework: { key: string }; dimensions: Array<{ principles: Array<{ key: string }> }> };
    expect(exported.dimensions.flatMap((d) => d.principles.map((p) => p.key))).toContain('avoin');
    const versions = count(server, 'framework_versions');
    const imported = await postFile(JSON.stringify(exported));
    expect(imported.status).toBe(302);
    expect(location(imported)).toMatch(/notice=strategyImportedRenamed/);
    expect(count(server, 'framework_versions')).toBe(versions + 1);
    const newId = Number(/\/admin\/strategy\/(\d+)/.exec(location(imported)!)![1]);
    expect(dbGet(server, 'SELECT status, key FROM framework_versions WHERE id = ?', newId)).toEqual({ status: 'draft', key: 'uusi-2027-2' });
    const again = (await (await admin.get(`/admin/strategy/${newId}/export`)).json()) as typeof exported;
    expect({ ...again, framework: { ...again.framework, key: 'x' } }).toEqual({ ...exported, framework: { ...exported.framework, key: 'x' } });
  });

  it('loads the seed’s own strategy file anew as a draft', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const seed = fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'db', 'data', 'vesanto-strategy-2018.json'), 'utf8');
    const res = await postFile(seed);
    expect(res.status).toBe(302);
    const id = Number(/\/admin\/strategy\/(\d+)/.exec(location(res)!)![1]);
    expect(count(server, 'principles', 'version_id = ?', id)).toBe(12);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['a syntax error', '{\n  "framework": {\n    "key": "x",\n  }\n}', /Rivi 4, sarake \d+: tiedosto ei ole kelvollista JSONia/],
    [
      'duplicate principle keys',
      JSON.stringify({
        framework: { key: 'k-2030', name: 'K', validFrom: '2030-01-01' },
        dimensions: [
          {
            key: 'visio',
            name: 'Visio',
            kind: 'scored',
            principles: [
              { key: 'a', title: 'A' },
              { key: 'b', title: 'B' },
              { key: 'a', title: 'Toinen A' },
            ],
          },
        ],
      }),
      /Ulottuvuus 1 \(”Visio”\), periaate 3 \(”Toinen A”\), tunniste: sama tunniste on jo aiemmin tiedostossa/,
    ],
    [
      'an empty title',
      JSON.stringify({
        framework: { key: 'k-2030', name: 'K', validFrom: '2030-01-01' },
        dimensions: [
          { key: 'visio', name: 'Visio', kind: 'scored', principles: [{ key: 'a', title: 'A' }] },
          {
            key: 'tapa',
            name: 'Toimintatapa',
            kind: 'scored',
            principles: [
              { key: 'b', title: 'B' },
              { key: 'c', title: '   ' },
            ],
          },
        ],
      }),
      /Ulottuvuus 2 \(”Toimintatapa”\), periaate 2 \(”c”\), otsikko: puuttuu tai on tyhjä/,
    ],
    ['not an object', '[1, 2]', /Tiedosto: tiedoston pitää olla JSON-olio/],
    [
      'a date that is no day',
      JSON.stringify({
        framework: { key: 'k-2030', name: 'K', validFrom: '2030-13-45' },
        dimensions: [{ key: 'v', name: 'V', kind: 'scored', principles: [{ key: 'a', title: 'A' }] }],
      }),
      /Versio, voimaantulopäivä: päivämäärä pitää antaa muodossa vvvv-kk-pp/,
    ],
  ];
  for (const [what, text, message] of bad) {
    it(`refuses ${what} with the place named; nothing is saved`, async () => {
      const tables = ['framework_versions', 'dimensions', 'principles', 'audit_log'].map((t) => count(server, t));
      const res = await postFile(text);
      expect(res.status).toBe(400);
      expect(visibleText(await htmlOf(res))).toMatch(message);
      expect(['framework_versions', 'dimensions', 'principles', 'audit_log'].map((t) => count(server, t))).toEqual(tables);
    });
  }
});

describe('a key keeps its meaning, and a dropped principle keeps its answers in the reports', () => {
  let next = 0;
  const NEXT_YEAR = `${year + 2}-01-01`;

  it('copies the newest version into a draft starting a year later, where "verkostot" is removed', async () => {
    const res = await admin.post('/admin/strategy', { intent: 'copy', versionId: String(draftVersion) });
    next = Number(/\/admin\/strategy\/(\d+)/.exec(location(res) ?? '')![1]);
    expect(
      (await admin.post(`/admin/strategy/${next}`, versionFields({ key: `seuraava-${year + 2}`, name: 'Seuraava', validFrom: finnishDate(NEXT_YEAR) }))).status,
    ).toBe(302);
    const p = dbGet<{ id: number }>(server, "SELECT id FROM principles WHERE version_id = ? AND key = 'verkostot'", next)!;
    expect((await admin.post(`/admin/strategy/${next}`, { intent: 'remove-principle', id: String(p.id) })).status).toBe(302);
    expect(count(server, 'principles', "version_id = ? AND key = 'verkostot'", next)).toBe(0);
  });

  it('a scored key cannot become a strategy project: the dimension keeps its kind, and a principle moved under projects blocks activation', async () => {
    const visio = dbGet<{ id: number; key: string; name: string }>(
      server,
      "SELECT id, key, name FROM dimensions WHERE version_id = ? AND key = 'visio'",
      next,
    )!;
    expect(
      (
        await admin.post(`/admin/strategy/${next}/dimensions/${visio.id}`, {
          key: visio.key,
          name: visio.name,
          question: '',
          kind: 'linked',
          evaluationQuestions: '',
        })
      ).status,
    ).toBe(302);
    expect(dbGet(server, 'SELECT kind FROM dimensions WHERE id = ?', visio.id)).toEqual({ kind: 'scored' });

    const projects = dbGet<{ id: number }>(server, "SELECT id FROM dimensions WHERE version_id = ? AND kind = 'linked'", next)!;
    const p = dbGet<{ id: number; title: string; dimension_id: number }>(
      server,
      "SELECT id, title, dimension_id FROM principles WHERE version_id = ? AND key = 'pienuus'",
      next,
    )!;
    const move = (dimensionId: number) =>
      admin.post(`/admin/strategy/${next}/principles/${p.id}`, {
        dimensionId: String(dimensionId),
        key: 'pienuus',
        title: p.title,
        description: 'x',
        guidingQuestions: '',
      });
    expect((await move(projects.id)).status).toBe(302);
    const refused = await admin.post(`/admin/strategy/${next}`, { intent: 'activate' });
    expect(refused.status).toBe(400);
    expect(visibleText(await htmlOf(refused))).toMatch(
      /periaate \d+ \(”Pienuus on vahvuus!”\), tunniste: tunniste on aiemmassa versiossa toisenlaisessa ulottuvuudessa/,
    );
    expect(dbGet(server, 'SELECT status FROM framework_versions WHERE id = ?', next)).toEqual({ status: 'draft' });
    expect((await move(p.dimension_id)).status).toBe(302);
  });

  it('an assessment made on the version before, for a meeting after the new start, still counts "verkostot" in the report', async () => {
    // Made and approved while the next version is still a draft: it uses the version of ${year + 1}.
    const meeting = `${year + 2}-02-15`;
    const id = await createDecision(official, draftFields(org, { title: 'Verkostoesitys ennen uutta versiota', meetingDate: finnishDate(meeting) }));
    const body = checklistForm(versionOf(server, id), 'submit', completeAnswers(['0', '0', '0', '0', '0', '0', '2']));
    body.append('answers.avoin.answer', 'not_relevant');
    body.append('answers.avoin.rationale', '');
    body.append('answers.avoin.mitigation', '');
    expect((await official.post(checklistUrl(id), body)).status).toBe(302);
    expect((await postReview(server, manager, id, 'approve')).status).toBe(302);
    expect((await admin.post(`/admin/strategy/${next}`, { intent: 'activate' })).status).toBe(302);

    const json = (await (await admin.get(`/report.json?from=${finnishDate(NEXT_YEAR)}&to=${finnishDate(`${year + 2}-12-31`)}`)).json()) as {
      principles: Array<{ key: string; n: number; mean: number | null; existedTo?: string }>;
    };
    const verkostot = json.principles.find((p) => p.key === 'verkostot');
    expect(verkostot).toMatchObject({ n: 1, mean: 2, existedTo: meeting });
    expect(json.principles.find((p) => p.key === 'pienuus')).toMatchObject({ n: 1, mean: 0 });
  });
});
