/**
 * Issue 3, "History": every change is kept; the history page lists the versions with their
 * event, who and when, and for any two versions shows which answers, rationales and fields
 * changed (and nothing that did not).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  checklistForm,
  checklistUrl,
  completeAnswers,
  createDecision,
  dbAll,
  draftFields,
  htmlOf,
  organisation,
  postDecisionRecord,
  postReview,
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
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
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

beforeAll(async () => {
  server = await startServer();
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
  await save({ ...completeAnswers(['1', '0', '2', '1', '1', '1', '1']), verkostot: { answer: '-1', rationale: 'Yhteistyö vähenee', mitigation: 'Sovitaan uusi kumppanuus' } });
  // v7 the title changed
  const edit = await official.post(`/decisions/${id}/edit`, { ...draftFields(org, { title: 'Historian esitys, korjattu' }), version: String(versionOf(server, id)) });
  expect(edit.status).toBe(302);
  // v8 submitted again, v9 approved, v10 decided
  await save({ ...completeAnswers(['1', '0', '2', '1', '1', '1', '1']), verkostot: { answer: '-1', rationale: 'Yhteistyö vähenee', mitigation: 'Sovitaan uusi kumppanuus' } }, 'submit');
  expect((await postReview(server, clients.esimies!, id, 'approve')).status).toBe(302);
  expect((await postDecisionRecord(server, official, id, 'approved', '88', '17.12.2026')).status).toBe(302);

  otherId = await createDecision(official, draftFields(org, { title: 'Toinen esitys' }));
  expect((await official.post(checklistUrl(otherId), checklistForm(1, 'save', { pienuus: { answer: '2', rationale: 'Toisen esityksen salainen perustelu' } }))).status).toBe(302);
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
  it('has one row per change, with its version, event, user and time, oldest first', async () => {
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
      snapshots.map((s) => [
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
