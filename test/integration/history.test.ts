/**
 * History: every change is kept; the history page lists the versions with their
 * event, who and when, and for any two versions shows which answers, rationales and fields
 * changed (and nothing that did not).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQueryLog } from '../../bench/plans';
import { TMP } from '../support/paths';
import { type TestServer, startServer } from '../support/server';
import { openTestDb } from '../support/test-db';
import {
  Client,
  checklistForm,
  checklistUrl,
  completeAnswers,
  createDecision,
  dbAll,
  dbGet,
  draftFields,
  htmlOf,
  organisation,
  postDecisionRecord,
  postReview,
  selectOptions,
  showServerLogsOnFailure,
  tableRows,
  versionOf,
  visibleText,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
const clients: Record<string, Client> = {};
let id: number;
let otherId: number;

/** The event names as the history shows them in Finnish. */
const EVENT = {
  created: 'Luotu',
  saved: 'Tallennettu',
  submitted: 'Lähetetty tarkastettavaksi',
  returned: 'Palautettu korjattavaksi',
  approved: 'Hyväksytty',
  decided: 'Päätös kirjattu',
  details: 'Tietoja muutettu',
} as const;
const VEERA = 'Veera Valmistelija';
const EERO = 'Eero Esimies';

/** d.m.yyyy HH.mm in Helsinki time, written out here. */
function helsinkiDateTime(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Helsinki',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${Number(parts.day)}.${Number(parts.month)}.${parts.year} ${parts.hour}.${parts.minute}`;
}

interface SnapshotRow {
  id: number;
  version: number;
  event: string;
  user_id: number;
  at: string;
}
const snapshotsOf = (decisionId: number) =>
  dbAll<SnapshotRow>(
    server,
    'SELECT s.id, s.version, s.event, s.user_id, s.at FROM assessment_snapshots s JOIN assessments a ON a.id = s.assessment_id WHERE a.decision_id = ? ORDER BY s.id',
    decisionId,
  );
const snapshotAt = (version: number) => snapshotsOf(id).find((s) => s.version === version)!;

// Every statement the server runs, so that the tests can see what the history page reads.
const queryLog = path.join(TMP, `history-queries-${process.pid}-${Date.now()}.jsonl`);

beforeAll(async () => {
  server = await startServer({ LINSSI_QUERY_LOG: queryLog });
  for (const username of ['valmistelija', 'esimies', 'tekninen', 'elinvoima']) clients[username] = await new Client(server.url).login(username);
  org = await organisation(clients.valmistelija!);
  const official = clients.valmistelija!;
  const save = async (answers: Parameters<typeof checklistForm>[2], intent: 'save' | 'submit' = 'save') => {
    const res = await official.post(checklistUrl(id), checklistForm(versionOf(server, id), intent, answers));
    expect(res.status).toBe(302);
  };
  // v1 created
  id = await createDecision(official, draftFields(org, { title: 'Historian esitys' }));
  // v2 two answers
  await save({ pienuus: { answer: '1', rationale: 'Alkuperäinen perustelu' }, vastavirta: { answer: '0', rationale: 'Ei vaikutusta vastavirtaan' } });
  // v3 one rationale changed, one answer added, one unchanged
  await save({
    pienuus: { answer: '1', rationale: 'Muutettu perustelu' },
    vastavirta: { answer: '0', rationale: 'Ei vaikutusta vastavirtaan' },
    'koti-maalla': { answer: '2', rationale: 'Uusi perustelu kodista' },
  });
  // v4 submitted (everything answered)
  await save(completeAnswers(['1', '0', '2', '1', '1', '1', '1']), 'submit');
  // v5 returned by the manager
  expect((await postReview(server, clients.esimies!, id, 'return', 'Tarkenna.')).status).toBe(302);
  // v6 saved after the return
  await save({
    ...completeAnswers(['1', '0', '2', '1', '1', '1', '1']),
    verkostot: { answer: '-1', rationale: 'Yhteistyö vähenee', mitigation: 'Sovitaan uusi kumppanuus' },
  });
  // v7 the title changed
  const edit = await official.post(`/decisions/${id}/edit`, {
    ...draftFields(org, { title: 'Historian esitys, korjattu' }),
    version: String(versionOf(server, id)),
  });
  expect(edit.status).toBe(302);
  // v8 submitted again, v9 approved, v10 decided
  await save(
    {
      ...completeAnswers(['1', '0', '2', '1', '1', '1', '1']),
      verkostot: { answer: '-1', rationale: 'Yhteistyö vähenee', mitigation: 'Sovitaan uusi kumppanuus' },
    },
    'submit',
  );
  expect((await postReview(server, clients.esimies!, id, 'approve')).status).toBe(302);
  expect((await postDecisionRecord(server, official, id, 'approved', '88', '17.12.2026')).status).toBe(302);

  otherId = await createDecision(official, draftFields(org, { title: 'Toinen esitys' }));
  expect(
    (await official.post(checklistUrl(otherId), checklistForm(1, 'save', { pienuus: { answer: '2', rationale: 'Toisen esityksen salainen perustelu' } })))
      .status,
  ).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

const historyOf = async (client: Client, query = '') => {
  const res = await client.get(`/decisions/${id}/history${query}`);
  expect(res.status).toBe(200);
  return htmlOf(res);
};

/** The rows of the comparison table: [field, before, after]. */
const diffRows = (html: string) => tableRows(html, 'id="changes-title"').map((r) => r.cells);

describe('the list of versions', () => {
  it('has one row per change, with its version, event, user and time, newest first', async () => {
    const snapshots = snapshotsOf(id);
    expect(snapshots.map((s) => [s.version, s.event])).toEqual([
      [1, 'created'],
      [2, 'saved'],
      [3, 'saved'],
      [4, 'submitted'],
      [5, 'returned'],
      [6, 'saved'],
      [7, 'details'],
      [8, 'submitted'],
      [9, 'approved'],
      [10, 'decided'],
    ]);
    const rows = tableRows(await historyOf(clients.valmistelija!)).map((r) => r.cells);
    expect(rows).toEqual(
      [...snapshots]
        .reverse()
        .map((s) => [
          String(s.version),
          EVENT[s.event as keyof typeof EVENT],
          s.event === 'returned' || s.event === 'approved' ? EERO : VEERA,
          helsinkiDateTime(s.at),
        ]),
    );
  });

  it('is shown to those who see the assessment, and to no one else (404)', async () => {
    expect((await clients.esimies!.get(`/decisions/${id}/history`)).status).toBe(200);
    expect((await clients.elinvoima!.get(`/decisions/${id}/history`)).status).toBe(200);
    // A decided, public assessment is visible to all staff; a draft is not.
    expect((await clients.tekninen!.get(`/decisions/${id}/history`)).status).toBe(200);
    const hidden = await clients.tekninen!.get(`/decisions/${otherId}/history`);
    expect(hidden.status).toBe(404);
    expect(await htmlOf(hidden)).not.toContain('Toisen esityksen salainen perustelu');
  });
});

describe('comparing two versions', () => {
  it('shows the changed rationale and the added answer, and not what stayed the same', async () => {
    const html = await historyOf(clients.valmistelija!, `?from=${snapshotAt(2).id}&to=${snapshotAt(3).id}`);
    const text = visibleText(html);
    expect(text).toContain('Muutokset versiosta 2 versioon 3');
    expect(text).toContain(`Version 3 tallensi ${VEERA} ${helsinkiDateTime(snapshotAt(3).at)}.`);
    expect(diffRows(html)).toEqual([
      ['Pienuus on vahvuus!: perustelu', 'Alkuperäinen perustelu', 'Muutettu perustelu'],
      ['Koti maalla, maailma lähellä!: vastaus', '(tyhjä)', '+2 Vahvistaa selvästi'],
      ['Koti maalla, maailma lähellä!: perustelu', '(tyhjä)', 'Uusi perustelu kodista'],
    ]);
    expect(text).not.toContain('Ei vaikutusta vastavirtaan');
    expect(text).not.toContain('Pienuus on vahvuus!: vastaus');
  });

  it('shows a return as a change of status by the manager', async () => {
    const html = await historyOf(clients.valmistelija!, `?from=${snapshotAt(4).id}&to=${snapshotAt(5).id}`);
    expect(diffRows(html)).toEqual([['Tila', 'Tarkastettavana', 'Palautettu']]);
    expect(visibleText(html)).toContain(`Version 5 tallensi ${EERO}`);
  });

  it('shows a changed answer with its mitigation, and a changed title', async () => {
    const answers = diffRows(await historyOf(clients.valmistelija!, `?from=${snapshotAt(5).id}&to=${snapshotAt(6).id}`));
    expect(answers).toEqual([
      ['Verkostot ja yhteistyö: vastaus', '+1 Vahvistaa jonkin verran', '−1 Heikentää jonkin verran'],
      ['Verkostot ja yhteistyö: perustelu', 'Perustelu verkostot', 'Yhteistyö vähenee'],
      ['Verkostot ja yhteistyö: haittojen lieventäminen', '(tyhjä)', 'Sovitaan uusi kumppanuus'],
    ]);
    const details = diffRows(await historyOf(clients.valmistelija!, `?from=${snapshotAt(6).id}&to=${snapshotAt(7).id}`));
    expect(details).toEqual([['Otsikko', 'Historian esitys', 'Historian esitys, korjattu']]);
  });

  it('shows the recorded decision', async () => {
    const rows = diffRows(await historyOf(clients.valmistelija!, `?from=${snapshotAt(9).id}&to=${snapshotAt(10).id}`));
    expect(rows).toEqual([
      ['Tila', 'Hyväksytty', 'Päätetty'],
      ['Päätös', '(tyhjä)', 'Hyväksytty'],
      ['Pykälä', '(tyhjä)', '88'],
    ]);
  });

  it('across many versions, lists only the net changes', async () => {
    const rows = diffRows(await historyOf(clients.valmistelija!, `?from=${snapshotAt(1).id}&to=${snapshotAt(3).id}`));
    expect(rows.map((r) => r[0])).toEqual([
      'Pienuus on vahvuus!: vastaus',
      'Pienuus on vahvuus!: perustelu',
      'Vastavirran edelläkävijä!: vastaus',
      'Vastavirran edelläkävijä!: perustelu',
      'Koti maalla, maailma lähellä!: vastaus',
      'Koti maalla, maailma lähellä!: perustelu',
    ]);
    expect(rows[1]).toEqual(['Pienuus on vahvuus!: perustelu', '(tyhjä)', 'Muutettu perustelu']);
  });

  it('a version compared with itself has no differences', async () => {
    const html = await historyOf(clients.valmistelija!, `?from=${snapshotAt(3).id}&to=${snapshotAt(3).id}`);
    expect(visibleText(html)).toContain('Näiden versioiden välillä ei ole eroja.');
    expect(diffRows(html)).toEqual([]);
  });

  it('never compares with another assessment’s version: a foreign snapshot id is ignored', async () => {
    const foreign = snapshotsOf(otherId).at(-1)!.id;
    const html = await historyOf(clients.valmistelija!, `?from=${foreign}&to=${snapshotAt(3).id}`);
    expect(html).not.toContain('Toisen esityksen salainen perustelu');
    const junk = await clients.valmistelija!.get(`/decisions/${id}/history?from=abc&to=-1`);
    expect(junk.status).toBe(200);
  });
});

/**
 * A save's snapshot is made from what the save wrote, not read back (ADR 022); a review's and a
 * recorded decision's are read back. Both must hold what the database holds, read here by SQL.
 */
describe('what a snapshot holds', () => {
  const contentAt = (version: number) =>
    JSON.parse(dbGet<{ content: string }>(server, 'SELECT content FROM assessment_snapshots WHERE id = ?', snapshotAt(version).id)!.content) as {
      status: string;
      decision: Record<string, unknown>;
      answers: Record<string, { answer: string | null; rationale: string; mitigation: string }>;
      projects: string[];
    };
  /** The answers as the database holds them now (unchanged since version 8, the last save). */
  const storedAnswers = () =>
    Object.fromEntries(
      dbAll<{ key: string; answer_kind: string | null; score: number | null; rationale: string | null; mitigation: string | null }>(
        server,
        `SELECT p.key, x.answer_kind, x.score, x.rationale, x.mitigation FROM assessment_answers x
         JOIN principles p ON p.id = x.principle_id JOIN assessments a ON a.id = x.assessment_id WHERE a.decision_id = ?`,
        id,
      ).map((r) => [
        r.key,
        { answer: r.answer_kind === 'scored' ? String(r.score) : r.answer_kind, rationale: r.rationale ?? '', mitigation: r.mitigation ?? '' },
      ]),
    );

  it('a submit made from the form holds the answers, the status and the decision as stored', () => {
    const v8 = contentAt(8);
    expect(v8.status).toBe('submitted');
    expect(v8.answers).toEqual(storedAnswers());
    expect(Object.keys(v8.answers)).toHaveLength(7);
    expect(v8.answers.verkostot).toEqual({ answer: '-1', rationale: 'Yhteistyö vähenee', mitigation: 'Sovitaan uusi kumppanuus' });
    expect(v8.projects).toEqual([]);
    const row = dbGet<{ title: string; description: string }>(server, 'SELECT title, description FROM decisions WHERE id = ?', id)!;
    expect(v8.decision).toMatchObject({ title: row.title, description: row.description, confidential: false, outcome: null, minutesSection: null });
  });

  it('a save holds exactly what a snapshot read back from the database holds', () => {
    // Version 9 (approved) is read back from the database; nothing of the content changed since 8.
    const [v8, v9] = [contentAt(8), contentAt(9)];
    expect(v9.status).toBe('approved');
    expect(v9.answers).toEqual(v8.answers);
    expect(v9.decision).toEqual(v8.decision);
    expect(v9.projects).toEqual(v8.projects);
    // And an early draft save holds the three principles answered then, and no others.
    expect(contentAt(3).answers).toEqual({
      pienuus: { answer: '1', rationale: 'Muutettu perustelu', mitigation: '' },
      vastavirta: { answer: '0', rationale: 'Ei vaikutusta vastavirtaan', mitigation: '' },
      'koti-maalla': { answer: '2', rationale: 'Uusi perustelu kodista', mitigation: '' },
    });
  });
});

/**
 * Every save keeps a whole snapshot; the page once read and parsed all of them on every view (1,500 saves: 85 MB read, a 767 kB page). Every snapshot is still kept (ADR
 * 010); the page lists their metadata 50 at a time and reads the content of the two it compares.
 */
describe('a long history stays one page of metadata and two contents', () => {
  const LONG = 'x'.repeat(2_000);
  let longId: number;
  let firstId: number;
  let lastSavedId: number;
  const sizes = new Map<number, number>();

  /** The decision's snapshots, counted in the database. */
  const total = () =>
    Number(
      dbGet<{ n: number }>(
        server,
        'SELECT COUNT(*) AS n FROM assessment_snapshots s JOIN assessments a ON a.id = s.assessment_id WHERE a.decision_id = ?',
        longId,
      )!.n,
    );

  /** Copies of the last real save until the decision has `k` snapshots: what k saves would leave, without k requests. */
  function growTo(k: number) {
    const more = k - total();
    if (more <= 0) return;
    const db = openTestDb(server);
    try {
      db.run(
        `WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?)
         INSERT INTO assessment_snapshots (assessment_id, version, event, user_id, at, content)
         SELECT s.assessment_id, (SELECT MAX(version) FROM assessment_snapshots WHERE assessment_id = s.assessment_id) + n.k, s.event, s.user_id, s.at, s.content
         FROM assessment_snapshots s CROSS JOIN n WHERE s.id = ?`,
        more,
        lastSavedId,
      );
      db.run(
        'UPDATE assessments SET version = (SELECT MAX(version) FROM assessment_snapshots WHERE assessment_id = assessments.id) WHERE decision_id = ?',
        longId,
      );
    } finally {
      db.close();
    }
    expect(total()).toBe(k);
  }

  /** The statements run since `from` (a line of the query log) that read snapshots' content, each with the rows it returns. */
  function contentReads(from: number) {
    const db = openTestDb(server, { readonly: true });
    try {
      return readQueryLog(queryLog)
        .slice(from)
        .filter((q) => /^\s*select\b/i.test(q.sql) && /assessment_snapshots/i.test(q.sql) && /\bcontent\b/i.test(q.sql))
        .map((q) => ({ sql: q.sql, rows: db.all(q.sql, ...q.bindings).length }));
    } finally {
      db.close();
    }
  }

  const get = async (query = '') => {
    const res = await clients.valmistelija!.get(`/decisions/${longId}/history${query}`);
    expect(res.status).toBe(200);
    return htmlOf(res);
  };

  beforeAll(async () => {
    const official = clients.valmistelija!;
    longId = await createDecision(official, draftFields(org, { title: 'Pitkä historia' }));
    // Three saves through the real path, each with long texts.
    for (const round of [1, 2, 3]) {
      const answers = completeAnswers(['-1', '-1', '-1', '-1', '-1', '-1', '-1']);
      for (const a of Object.values(answers)) {
        a.rationale = `Kierros ${round}: ${LONG}`;
        a.mitigation = `Lievennys ${round}: ${LONG}`;
      }
      expect((await official.post(checklistUrl(longId), checklistForm(versionOf(server, longId), 'save', answers))).status).toBe(302);
    }
    const ids = dbAll<{ id: number }>(
      server,
      'SELECT s.id FROM assessment_snapshots s JOIN assessments a ON a.id = s.assessment_id WHERE a.decision_id = ? ORDER BY s.id',
      longId,
    ).map((r) => Number(r.id));
    expect(ids).toHaveLength(4);
    firstId = ids[0]!;
    lastSavedId = ids[3]!;
  });

  it('the page, its rows and what it reads do not grow with the number of snapshots', async () => {
    for (const k of [10, 60, 1000]) {
      growTo(k);
      const logged = readQueryLog(queryLog).length;
      const html = await get();
      sizes.set(k, Buffer.byteLength(html));
      const rows = tableRows(html).map((r) => r.cells[0]);
      // Newest first, 50 to a page.
      expect(rows).toEqual(Array.from({ length: Math.min(k, 50) }, (_, i) => String(k - i)));
      expect(selectOptions(html, 'from').length).toBeLessThanOrEqual(52);
      expect(selectOptions(html, 'to').length).toBeLessThanOrEqual(52);
      // The content of the newest and the one before, and of no other snapshot.
      const reads = contentReads(logged);
      expect(reads.length, 'the page compares two versions, so it reads content').toBeGreaterThan(0);
      for (const r of reads) expect(r.rows, r.sql).toBeLessThanOrEqual(2);
      expect(reads.reduce((n, r) => n + r.rows, 0)).toBe(2);
    }
    expect(sizes.get(1000)!).toBeLessThan(1.5 * sizes.get(60)!);
  });

  it('the pages reach the oldest version, each version once', async () => {
    growTo(1000);
    const seen: string[] = [];
    let html = await get();
    for (let page = 2; page <= 30 && /rel="next"/.test(html); page++) {
      seen.push(...tableRows(html).map((r) => r.cells[0]!));
      const next = /<a\b[^>]*href="([^"]*)"[^>]*rel="next"/.exec(html)?.[1] ?? /<a\b[^>]*rel="next"[^>]*href="([^"]*)"/.exec(html)?.[1];
      expect(next, `page ${page - 1} links to the next`).toBeTruthy();
      const res = await clients.valmistelija!.get(next!.replace(/&amp;/g, '&'));
      expect(res.status).toBe(200);
      html = await htmlOf(res);
    }
    seen.push(...tableRows(html).map((r) => r.cells[0]!));
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => String(1000 - i)));
    expect(tableRows(html).at(-1)!.cells[1]).toBe(EVENT.created);
    expect(visibleText(html)).toContain('Sivu 20 / 20');
  });

  it('the oldest can be compared with the newest, reading only those two', async () => {
    growTo(1000);
    const newestId = Number(
      dbGet<{ id: number }>(
        server,
        'SELECT MAX(s.id) AS id FROM assessment_snapshots s JOIN assessments a ON a.id = s.assessment_id WHERE a.decision_id = ?',
        longId,
      )!.id,
    );
    // From the last page, the oldest is offered, and the version already chosen stays offered.
    const lastPage = await get(`?page=20&to=${newestId}`);
    expect(selectOptions(lastPage, 'from').map((o) => o.value)).toContain(String(firstId));
    expect(selectOptions(lastPage, 'to').find((o) => o.selected)?.value).toBe(String(newestId));
    const logged = readQueryLog(queryLog).length;
    const html = await get(`?from=${firstId}&to=${newestId}&page=20`);
    expect(visibleText(html)).toContain('Muutokset versiosta 1 versioon 1000');
    const diff = diffRows(html);
    // Every answer went from empty to −1, with the third round's rationale and mitigation.
    expect(diff).toHaveLength(21);
    expect(diff.filter((r) => r[2] === '−1 Heikentää jonkin verran')).toHaveLength(7);
    expect(diff.filter((r) => r[2] === `Kierros 3: ${LONG}`)).toHaveLength(7);
    expect(diff.filter((r) => r[2] === `Lievennys 3: ${LONG}`)).toHaveLength(7);
    const reads = contentReads(logged);
    for (const r of reads) expect(r.rows, r.sql).toBeLessThanOrEqual(2);
    expect(reads.reduce((n, r) => n + r.rows, 0)).toBe(2);
  });
});
