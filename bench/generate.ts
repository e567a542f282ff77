/**
 * Realistic data for the benchmark suite: the organisation of a city or a region,
 * its users, and ASSESSMENTS decisions over ten evaluation periods, each with its assessment as
 * the workflow would have left it: answers of every kind (scored −2…+2 with rationales and
 * mitigations, "ei liity", "tieto puuttuu", routine matters, half-done drafts), linked strategy
 * projects, reviews with comments, one history snapshot and one audit row per change, and the
 * vitality group's evaluation rounds for the past periods.
 *
 * The rows are written in bulk, not through the app's models (100,000 assessments through the
 * workflow would take the better part of an hour), but in the same shapes the models write:
 * the bench test opens generated decisions, their history and the reports through the app.
 * Deterministic for a seed; runs on SQLite and PostgreSQL alike.
 */
import type { Knex } from 'knex';
import { setupDatabase } from '../db/base-data';
import { isPostgres } from '../db/connection';
import { addDays, todayInHelsinki } from '../app/domain/dates';
import type { SnapshotContent } from '../app/domain/history';
import { PAGE_SIZE } from '../app/domain/limits';
import { evaluationPeriodOf } from '../app/domain/period';
import { type AnswerValue, toStored } from '../app/domain/scale';
import { searchTextOf } from '../app/domain/search';
import { hashPassword } from '../app/utils/password.server';

/** Every generated account has this password. */
export const BENCH_PASSWORD = 'linssi-bench-salasana';

/** The accounts the benchmark logs in as: an official, the manager who leads the same department, a member of the group. */
export const BENCH_USERS = { official: 'valmistelija1', manager: 'esihenkilo1', group: 'elinvoima1', admin: 'paakayttaja1' } as const;

export interface GenerateOptions {
  assessments: number;
  seed?: number;
  /** The day the data is generated for (meetings up to 90 days after it are still being prepared). */
  today?: string;
}

export interface Generated {
  today: string;
  /** The ten evaluation periods, oldest first. */
  periods: Array<{ from: string; to: string; year: number }>;
  counts: Record<string, number>;
  /** A decided, non-confidential decision of the bench official: the assessment page. */
  decidedId: number;
  /** The bench official's drafts: the checklist form and the saving benchmark. */
  draftIds: number[];
  seconds: number;
}

const EXTRA_DEPARTMENTS = [
  'Kasvatus ja koulutus',
  'Kaupunkiympäristö',
  'Kulttuuri ja vapaa-aika',
  'Elinvoima ja työllisyys',
  'Konsernipalvelut',
  'Ympäristöpalvelut',
  'Rakennusvalvonta',
  'Tilapalvelut',
  'Nuorisopalvelut',
  'Liikuntapalvelut',
  'Talouspalvelut',
  'Henkilöstöpalvelut',
  'Maankäyttö ja kaavoitus',
  'Ruokapalvelut',
  'Kirjastopalvelut',
  'Varhaiskasvatus',
];
const EXTRA_BODIES = [
  'Kaupunkiympäristölautakunta',
  'Kulttuuri- ja vapaa-aikalautakunta',
  'Elinvoimajaosto',
  'Ympäristölautakunta',
  'Henkilöstöjaosto',
  'Rakennus- ja ympäristölautakunta',
];

const MATTERS = [
  ['Koulukuljetusten hankinta', 'Hyväksytään koulukuljetusten kilpailutuksen tulos ja tehdään sopimukset liikennöitsijöiden kanssa.'],
  ['Kirjaston aukioloaikojen muutos', 'Kirjaston aukioloa laajennetaan omatoimiaikana iltaisin ja viikonloppuisin.'],
  ['Vesihuoltolaitoksen taksojen tarkistus', 'Vesi- ja jätevesimaksuja tarkistetaan investointien rahoittamiseksi.'],
  ['Tonttien hinnoittelu', 'Omakotitonttien hinnat päivitetään ja tontteja markkinoidaan uusille asukkaille.'],
  ['Yhdistysten toiminta-avustukset', 'Jaetaan yhdistyksille toiminta-avustuksia talousarvion mukaisesti.'],
  ['Tiestön kunnossapitosopimus', 'Hyväksytään katujen ja teiden talvikunnossapidon sopimus.'],
  ['Vuokra-asuntojen korjausohjelma', 'Hyväksytään vuokra-asuntojen korjausohjelma tuleville vuosille.'],
  ['Hyvinvointisuunnitelma', 'Hyväksytään hyvinvointikertomus ja -suunnitelma valtuustokaudelle.'],
  ['Palveluverkkoselvitys', 'Käynnistetään selvitys koulu- ja varhaiskasvatusverkon kehittämisestä.'],
  ['Viestintäsuunnitelma', 'Hyväksytään sisäisen ja ulkoisen viestinnän suunnitelma.'],
  ['Uimahallin aukioloajat', 'Uimahallin aukioloa muutetaan kesäkuukausina.'],
  ['Aurinkovoimalan rakentaminen', 'Rakennetaan aurinkovoimala koulun katolle.'],
  ['Toimitilan vuokraaminen', 'Vuokrataan toimitila yritykselle viideksi vuodeksi.'],
  ['Pöytäkirjan tarkastajien valinta', 'Valitaan kaksi pöytäkirjan tarkastajaa.'],
  ['Talousarvion toteutumisraportti', 'Merkitään tiedoksi talousarvion toteutuminen katsauskaudella.'],
  ['Asemakaavan muutos', 'Asetetaan asemakaavan muutosehdotus nähtäville.'],
  ['Liikuntapaikkojen maksut', 'Päivitetään liikuntapaikkojen käyttömaksut.'],
  ['Kotihoidon palvelusetelit', 'Otetaan käyttöön palveluseteli kotihoidon tukipalveluihin.'],
  ['Yrityspalvelusopimus', 'Liitytään seudulliseen yrityspalvelusopimukseen.'],
  ['Kyläkoulun korjaus', 'Hyväksytään kyläkoulun peruskorjauksen hankesuunnitelma.'],
] as const;
const OUTCOMES = ['approved', 'approved', 'approved', 'approved', 'approved', 'approved', 'approved', 'amended', 'rejected', 'tabled'] as const;
const RATIONALE: Record<string, string> = {
  '2': 'Esitys tukee periaatetta suoraan ja näkyvästi: vaikutus kohdistuu asukkaisiin jo ensi vuonna.',
  '1': 'Esityksellä on periaatetta tukevia vaikutuksia, vaikka ne eivät ole asian pääasia.',
  '0': 'Esityksellä ei arvioida olevan tähän merkittävää vaikutusta.',
  '-1': 'Esitys heikentää periaatetta jonkin verran, koska palvelu siirtyy kauemmas osasta kyliä.',
  '-2': 'Esitys heikentää periaatetta selvästi: palvelu lakkaa kokonaan.',
  knowledge_gap: 'Vaikutusta ei voi arvioida ennen kuin selvityksen tulokset ovat käytössä.',
};
const MITIGATION = 'Vaikutuksia seurataan, ja palvelua tarjotaan korvaavasti naapurikunnan kanssa.';
const ROUTINE = 'Rutiiniluonteinen asia, jolla ei ole strategiavaikutuksia.';

/** mulberry32: small, fast and the same on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isoAt = (date: string, minutes: number) => new Date(Date.parse(`${date}T07:00:00Z`) + minutes * 60_000).toISOString();

/** Inserts rows in statements small enough for both databases (SQLite: 500 compound terms, PostgreSQL: 65,535 parameters). */
async function insertAll(trx: Knex.Transaction, table: string, rows: Array<Record<string, unknown>>) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.min(400, Math.floor(30_000 / columns)));
  for (let i = 0; i < rows.length; i += size) await trx(table).insert(rows.slice(i, i + size));
}

async function nextId(conn: Knex | Knex.Transaction, table: string): Promise<number> {
  const row = (await conn(table).max({ max: 'id' }).first()) as { max: number | null } | undefined;
  return Number(row?.max ?? 0) + 1;
}

/** PostgreSQL's sequences do not see ids given explicitly; move them past the generated rows. */
async function resetSequences(conn: Knex | Knex.Transaction, tables: string[]) {
  if (!isPostgres(conn as Knex)) return;
  for (const table of tables) {
    await conn.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), GREATEST((SELECT MAX(id) FROM ??), 1))`, [table, table]);
  }
}

type Status = 'draft' | 'submitted' | 'returned' | 'approved' | 'decided';
type EventName = 'created' | 'saved' | 'submitted' | 'returned' | 'approved' | 'decided';
const STATUS_AFTER: Record<EventName, Status | null> = {
  created: 'draft',
  saved: null,
  submitted: 'submitted',
  returned: 'returned',
  approved: 'approved',
  decided: 'decided',
};
const AUDIT_ACTION: Record<EventName, string> = {
  created: 'decision.create',
  saved: 'assessment.save',
  submitted: 'assessment.submit',
  returned: 'assessment.return',
  approved: 'assessment.approve',
  decided: 'decision.record',
};

export async function generate(db: Knex, options: GenerateOptions): Promise<Generated> {
  const started = Date.now();
  const size = options.assessments;
  const rnd = random(options.seed ?? 20261126);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const today = options.today ?? todayInHelsinki();
  const current = evaluationPeriodOf(today);
  const periods = Array.from({ length: 10 }, (_, i) => evaluationPeriodOf(`${current.year! - 9 + i}-01-01`)).map((p) => ({
    from: p.from,
    to: p.to,
    year: p.year!,
  }));
  const nowIso = new Date().toISOString();

  await setupDatabase(db);
  if (await db('users').where({ username: BENCH_USERS.official }).first()) throw new Error('This database already has generated data');

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const version = await db('framework_versions').where({ status: 'active' }).orderBy('valid_from', 'asc').first('id');
  if (!version) throw new Error('No strategy version: the base data did not load');
  const principles = await db('principles as p')
    .join('dimensions as d', 'd.id', 'p.dimension_id')
    .where('p.version_id', version.id)
    .orderBy([{ column: 'd.sort_order' }, { column: 'p.sort_order' }])
    .select('p.id', 'p.key', 'd.kind');
  const scored = principles.filter((p) => p.kind === 'scored') as Array<{ id: number; key: string }>;
  const linked = principles.filter((p) => p.kind === 'linked') as Array<{ id: number; key: string }>;

  const result = await db.transaction(async (trx) => {
    // The organisation grows with the data: a region or a city has more departments and bodies.
    const extraDepartments = Math.min(EXTRA_DEPARTMENTS.length, Math.round(size / 10_000));
    const extraBodies = Math.min(EXTRA_BODIES.length, Math.round(size / 20_000));
    for (const [i, name] of EXTRA_DEPARTMENTS.slice(0, extraDepartments).entries())
      await trx('departments').insert({ name, sort_order: 100 + i, active: true });
    for (const [i, name] of EXTRA_BODIES.slice(0, extraBodies).entries()) await trx('bodies').insert({ name, sort_order: 100 + i, active: true });
    const departments = (await trx('departments').orderBy('sort_order').select('id', 'name')) as Array<{ id: number; name: string }>;
    const bodies = (await trx('bodies').orderBy('sort_order').select('id', 'name')) as Array<{ id: number; name: string }>;

    // People: an official per 200 assessments, a manager leading each department, five in the group, one admin.
    const officials = Math.max(8, Math.round(size / 200));
    let userId = await nextId(trx, 'users');
    const users: Array<Record<string, unknown>> = [];
    const roles: Array<Record<string, unknown>> = [];
    const links: Array<Record<string, unknown>> = [];
    const officialsOf = new Map<number, number[]>(departments.map((d) => [d.id, []]));
    const managerOf = new Map<number, number>();
    const addUser = (username: string, displayName: string, role: string, memberOf: number, leads: number[] = []) => {
      const id = userId++;
      users.push({
        id,
        username,
        display_name: displayName,
        email: `${username}@kunta.example`,
        password_hash: passwordHash,
        active: true,
        must_change_password: false,
        language: 'fi',
        created_at: nowIso,
        updated_at: nowIso,
      });
      roles.push({ user_id: id, role });
      links.push({ user_id: id, department_id: memberOf, relation: 'member' });
      for (const d of leads) links.push({ user_id: id, department_id: d, relation: 'lead' });
      return id;
    };
    for (let i = 0; i < officials; i++) {
      const department = departments[i % departments.length]!;
      officialsOf.get(department.id)!.push(addUser(`valmistelija${i + 1}`, `Valmistelija ${i + 1}`, 'official', department.id));
    }
    for (const [i, d] of departments.entries()) managerOf.set(d.id, addUser(`esihenkilo${i + 1}`, `Esihenkilö ${i + 1}`, 'manager', d.id, [d.id]));
    const groupIds = Array.from({ length: 5 }, (_, i) => addUser(`elinvoima${i + 1}`, `Elinvoimaryhmän jäsen ${i + 1}`, 'group', departments[0]!.id));
    addUser(BENCH_USERS.admin, 'Pääkäyttäjä 1', 'admin', departments[0]!.id);
    await insertAll(trx, 'users', users);
    await insertAll(trx, 'user_roles', roles);
    await insertAll(trx, 'user_departments', links);

    // Meetings spread over the ten periods and 90 days ahead; ids follow the dates, as they would.
    const first = Date.parse(`${periods[0]!.from}T00:00:00Z`);
    const last = Date.parse(`${addDays(today, 90)}T00:00:00Z`);
    // The bench's manager has more than a page waiting at every size (as after a holiday): that many
    // meetings ahead in the department they lead, submitted, beside the others. So the queue's page
    // shows as many rows at 1,000 as at 100,000, and its growth measures the data, not a longer page.
    const queued = Math.min(size, PAGE_SIZE + 1);
    const dayOf = (from: number, to: number) => new Date(from + Math.floor(rnd() * ((to - from) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
    const tomorrow = Date.parse(`${addDays(today, 1)}T00:00:00Z`);
    const meetings = [
      ...Array.from({ length: size - queued }, () => ({ date: dayOf(first, last), queued: false })),
      ...Array.from({ length: queued }, () => ({ date: dayOf(tomorrow, last), queued: true })),
    ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

    let decisionId = await nextId(trx, 'decisions');
    let assessmentId = await nextId(trx, 'assessments');
    let reviewId = await nextId(trx, 'reviews');
    const counts: Record<string, number> = {
      decisions: 0,
      assessment_answers: 0,
      assessment_projects: 0,
      reviews: 0,
      review_comments: 0,
      assessment_snapshots: 0,
      audit_log: 0,
    };
    const benchOfficial = users.find((u) => u.username === BENCH_USERS.official)!.id as number;
    let decidedId = 0;
    const draftIds: number[] = [];
    const buffers: Record<string, Array<Record<string, unknown>>> = {
      decisions: [],
      assessments: [],
      assessment_answers: [],
      assessment_projects: [],
      reviews: [],
      review_comments: [],
      assessment_snapshots: [],
      audit_log: [],
    };
    const flush = async () => {
      for (const [table, rows] of Object.entries(buffers)) {
        await insertAll(trx, table, rows);
        counts[table] = (counts[table] ?? 0) + rows.length;
        rows.length = 0;
      }
    };

    for (let i = 0; i < size; i++) {
      const { date: meetingDate, queued: inQueue } = meetings[i]!;
      const picked = pick(departments);
      const department = inQueue ? departments[0]! : picked;
      const authors = officialsOf.get(department.id)!;
      const author = authors.length > 0 ? pick(authors) : benchOfficial;
      const manager = managerOf.get(department.id)!;
      const body = pick(bodies);
      const [matter, description] = pick(MATTERS);
      const title = `${matter} ${meetingDate.slice(0, 4)}`;
      const caseNumber = `${1 + (i % 900)}/${String(10 + (i % 80)).padStart(2, '0')}.00.00/${meetingDate.slice(0, 4)}`;
      const confidential = rnd() < 0.03;
      const ahead = meetingDate > today;
      const r = rnd();
      const status: Status = inQueue
        ? 'submitted'
        : ahead
          ? r < 0.4
            ? 'draft'
            : r < 0.65
              ? 'submitted'
              : r < 0.75
                ? 'returned'
                : 'approved'
          : r < 0.94
            ? 'decided'
            : r < 0.97
              ? 'approved'
              : 'draft';
      const wasReturned = (status === 'approved' || status === 'decided') && rnd() < 0.15;
      const events: EventName[] = ['created', 'saved'];
      if (status === 'draft' && rnd() < 0.5) events.push('saved');
      if (status !== 'draft') events.push('submitted');
      if (wasReturned) events.push('returned', 'saved', 'submitted');
      if (status === 'returned') events.push('returned');
      if (status === 'approved' || status === 'decided') events.push('approved');
      if (status === 'decided') events.push('decided');

      // The answers as they stand now; a draft is half done.
      const routine = status !== 'draft' && rnd() < 0.1;
      const answered = status === 'draft' ? Math.floor(rnd() * (scored.length + 1)) : scored.length;
      const answers: SnapshotContent['answers'] = {};
      for (const [index, p] of scored.entries()) {
        if (index >= answered) break;
        let value: AnswerValue;
        const x = rnd();
        if (routine) value = 'not_relevant';
        else if (x < 0.2) value = 'not_relevant';
        else if (x < 0.28) value = 'knowledge_gap';
        else {
          const s = rnd();
          value = s < 0.04 ? '-2' : s < 0.14 ? '-1' : s < 0.45 ? '0' : s < 0.8 ? '1' : '2';
        }
        const stored = toStored(value);
        const rationale = routine ? ROUTINE : (RATIONALE[value] ?? '');
        const mitigation = stored.score !== null && stored.score < 0 ? MITIGATION : '';
        answers[p.key] = { answer: value, rationale, mitigation };
        buffers.assessment_answers!.push({
          assessment_id: assessmentId,
          principle_id: p.id,
          answer_kind: stored.kind,
          score: stored.score,
          rationale: rationale || null,
          mitigation: mitigation || null,
        });
      }
      const projects = rnd() < 0.3 ? [...new Set([pick(linked), ...(rnd() < 0.3 ? [pick(linked)] : [])])] : [];
      for (const p of projects) buffers.assessment_projects!.push({ assessment_id: assessmentId, principle_id: p.id });

      // When each change happened: written two to six weeks before the meeting, never in the future.
      const start = Math.min(Date.parse(isoAt(addDays(meetingDate, -14 - Math.floor(rnd() * 30)), 0)), Date.now() - 3_600_000 * (1 + events.length));
      const times = events.map((e, k) => {
        if (e === 'decided') return Math.min(Date.parse(isoAt(meetingDate, 480 + Math.floor(rnd() * 120))), Date.now() - 60_000);
        return Math.min(start + k * 86_400_000 * (1 + Math.floor(rnd() * 3)) + Math.floor(rnd() * 480) * 60_000, Date.now() - 3_600_000 * (events.length - k));
      });
      const at = (k: number) => new Date(times[k]!).toISOString();
      const decided = status === 'decided';
      const outcome = decided ? pick(OUTCOMES) : null;
      const minutesSection = decided ? String(1 + Math.floor(rnd() * 150)) : null;
      buffers.decisions!.push({
        id: decisionId,
        title,
        case_number: caseNumber,
        body_id: body.id,
        department_id: department.id,
        meeting_date: meetingDate,
        description,
        confidential,
        author_id: author,
        created_at: at(0),
        updated_at: at(events.length - 1),
        search_text: searchTextOf({ title, caseNumber, description }),
        outcome,
        minutes_section: minutesSection,
        decided_at: decided ? at(events.length - 1) : null,
        decided_by: decided ? author : null,
      });
      const submittedAt = events.lastIndexOf('submitted');
      buffers.assessments!.push({
        id: assessmentId,
        decision_id: decisionId,
        framework_version_id: version.id,
        is_proposal: true,
        status,
        version: events.length,
        updated_by: events[events.length - 1] === 'approved' || events[events.length - 1] === 'returned' ? manager : author,
        created_at: at(0),
        updated_at: at(events.length - 1),
        submitted_at: submittedAt >= 0 ? at(submittedAt) : null,
      });

      // The history and the audit log, one row per change, in the shapes the workflow writes.
      let state: Status = 'draft';
      for (const [k, event] of events.entries()) {
        const from = state;
        state = STATUS_AFTER[event] ?? state;
        const by = event === 'returned' || event === 'approved' ? manager : author;
        const content: SnapshotContent = {
          status: state,
          decision: {
            title,
            caseNumber,
            body: body.name,
            department: department.name,
            meetingDate,
            description,
            confidential,
            outcome: event === 'decided' ? outcome : null,
            minutesSection: event === 'decided' ? minutesSection : null,
          },
          answers: event === 'created' ? {} : answers,
          projects: event === 'created' ? [] : projects.map((p) => p.key),
        };
        buffers.assessment_snapshots!.push({ assessment_id: assessmentId, version: k + 1, event, user_id: by, at: at(k), content: JSON.stringify(content) });
        buffers.audit_log!.push({
          at: at(k),
          user_id: by,
          action: AUDIT_ACTION[event],
          entity_type: event === 'created' ? 'decision' : 'assessment',
          entity_id: event === 'created' ? decisionId : assessmentId,
          details: JSON.stringify(
            event === 'created'
              ? { title, caseNumber, bodyId: body.id, departmentId: department.id, meetingDate, description, confidential, copiedFrom: null }
              : { decisionId, version: k + 1, from, to: state },
          ),
          outcome: 'success',
        });
        if (event === 'returned' || event === 'approved') {
          buffers.reviews!.push({
            id: reviewId,
            assessment_id: assessmentId,
            assessment_version: k,
            reviewer_id: manager,
            outcome: event,
            comment: event === 'returned' ? 'Tarkenna perusteluja: mitä vaikutuksia asialla on kyliin ja asukkaisiin?' : null,
            created_at: at(k),
          });
          if (event === 'returned' && scored[0]) {
            buffers.review_comments!.push({
              review_id: reviewId,
              principle_key: pick(scored).key,
              comment: 'Perustelu jää yleiselle tasolle. Kerro konkreettisesti, ketä asia koskee.',
            });
          }
          reviewId++;
        }
      }
      if (author === benchOfficial && !confidential) {
        if (decided) decidedId = decisionId;
        if (status === 'draft' && ahead) draftIds.push(decisionId);
      }
      decisionId++;
      assessmentId++;
      if (buffers.decisions!.length >= 2000) await flush();
    }
    await flush();

    // The group's evaluation of every past period, presented to the council.
    for (const p of periods.slice(0, -1)) {
      const [row] = await trx('evaluation_rounds')
        .insert({
          period_from: p.from,
          period_to: p.to,
          status: 'presented',
          survey_open: false,
          summary: `Strategia toteutui kaudella ${p.year} pääosin hyvin; heikennyksiä kirjattiin erityisesti palveluverkon muutoksissa.`,
          proposals: 'Ehdotamme, että palveluverkon muutosten vaikutukset kyliin arvioidaan jatkossa tarkemmin.',
          sent_on: `${p.year}-08-15`,
          board_comments: 'Merkittiin tiedoksi.',
          presented_on: `${p.year}-08-28`,
          version: 3,
          created_by: groupIds[0],
          created_at: `${p.year}-06-01T08:00:00.000Z`,
          updated_at: `${p.year}-08-28T12:00:00.000Z`,
        })
        .returning('id');
      const roundId = typeof row === 'object' ? Number((row as { id: number }).id) : Number(row);
      await insertAll(
        trx,
        'round_answers',
        scored.map((s) => ({
          round_id: roundId,
          question_key: `${s.key}:1`,
          text: 'Periaate näkyi valmistelussa; kehitettävää on vaikutusten seurannassa.',
          version: 1,
          updated_by: groupIds[0],
          updated_at: `${p.year}-08-10T12:00:00.000Z`,
        })),
      );
    }
    await resetSequences(trx, ['users', 'decisions', 'assessments', 'reviews']);
    counts.users = users.length;
    counts.assessments = counts.decisions!;
    return { counts, decidedId, draftIds };
  });
  return { today, periods, ...result, seconds: (Date.now() - started) / 1000 };
}
