import type { Knex } from 'knex';
import { addDays, todayInHelsinki } from '../app/domain/dates';
import type { Role } from '../app/domain/roles';
import type { AnswerValue } from '../app/domain/scale';
import { toStored } from '../app/domain/scale';
import { searchTextOf } from '../app/domain/search';
import { versionIdInForce } from '../app/models/framework.server';
import { idOf } from '../app/utils/db.server';
import { setSetting } from '../app/models/organisation.server';
import { createUser } from '../app/models/user.server';

/** The demo accounts; the login page lists them while the demo data is in the database. */
export const DEMO_USERS: Array<{ username: string; displayName: string; role: Role; member: string; leads?: string[] }> = [
  { username: 'valmistelija', displayName: 'Veera Valmistelija', role: 'official', member: 'Sivistystoimi' },
  { username: 'esimies', displayName: 'Eero Esimies', role: 'manager', member: 'Sivistystoimi', leads: ['Sivistystoimi', 'Yleishallinto'] },
  { username: 'elinvoima', displayName: 'Elina Elinvoima', role: 'group', member: 'Yleishallinto' },
  { username: 'paakayttaja', displayName: 'Paavo Pääkäyttäjä', role: 'admin', member: 'Yleishallinto' },
];
/** A second manager, so that every department has someone who reviews its assessments. */
const OTHER_MANAGERS = [{ username: 'johtaja', displayName: 'Jaana Johtaja', member: 'Perusturva', leads: ['Perusturva', 'Tekninen toimi'] }];
const OTHER_OFFICIALS = [
  { username: 'tekninen', displayName: 'Toni Tekninen', member: 'Tekninen toimi' },
  { username: 'perusturva', displayName: 'Paula Perusturva', member: 'Perusturva' },
];
export const demoPassword = (username: string) => `${username}-demo`;

interface Matter {
  title: string;
  body: string;
  department: string;
  description: string;
  answers: AnswerValue[] | 'routine';
  projects?: string[];
  confidential?: boolean;
}

const MATTERS: Matter[] = [
  {
    title: 'Pöytäkirjan tarkastajien valinta',
    body: 'Kunnanhallitus',
    department: 'Yleishallinto',
    description: 'Valitaan kaksi pöytäkirjan tarkastajaa.',
    answers: 'routine',
  },
  {
    title: 'Koulun biotaloushankkeen omarahoitusosuus',
    body: 'Sivistyslautakunta',
    department: 'Sivistystoimi',
    description: 'Esitetään, että kunta osallistuu koulun biotaloushankkeeseen 8 000 euron omarahoitusosuudella.',
    answers: ['1', '2', '1', '2', '2', '1', '2'],
    projects: ['konseptointi'],
  },
  {
    title: 'Koulukuljetusten hankinta lukuvuosiksi 2025–2027',
    body: 'Sivistyslautakunta',
    department: 'Sivistystoimi',
    description: 'Hyväksytään koulukuljetusten kilpailutuksen tulos.',
    answers: ['0', '0', '1', 'not_relevant', '1', '0', '1'],
  },
  {
    title: 'Omatoimikirjaston käyttöönotto',
    body: 'Sivistyslautakunta',
    department: 'Sivistystoimi',
    description: 'Kirjasto avataan omatoimikirjastona myös iltaisin ja viikonloppuisin.',
    answers: ['2', '2', '1', '1', '1', '2', '0'],
    projects: ['viestinta'],
  },
  {
    title: 'Vesihuoltolaitoksen taksojen tarkistus',
    body: 'Tekninen lautakunta',
    department: 'Tekninen toimi',
    description: 'Vesi- ja jätevesimaksuja korotetaan 4 prosenttia investointien rahoittamiseksi.',
    answers: ['0', '-1', '-1', 'not_relevant', '1', '-1', '0'],
  },
  {
    title: 'Tonttien hinnoittelu ja markkinointi etätyöntekijöille',
    body: 'Kunnanhallitus',
    department: 'Yleishallinto',
    description: 'Omakotitonttien hinta alennetaan yhteen euroon ja niitä markkinoidaan etätyöntekijöille.',
    answers: ['1', '2', '2', '0', '2', '2', '1'],
    projects: ['markkinointi'],
  },
  {
    title: 'Liittyminen seudulliseen yrityspalveluun',
    body: 'Kunnanhallitus',
    department: 'Yleishallinto',
    description: 'Kunta liittyy seudulliseen yrityspalvelusopimukseen vuosiksi 2025–2027.',
    answers: ['0', '1', '0', '1', '1', '0', '2'],
  },
  {
    title: 'Kotihoidon palvelusetelin käyttöönotto',
    body: 'Perusturvalautakunta',
    department: 'Perusturva',
    description: 'Otetaan käyttöön palveluseteli kotihoidon tukipalveluihin.',
    answers: ['1', '1', '1', 'not_relevant', '1', '1', '1'],
  },
  {
    title: 'Kyläyhdistysten toiminta-avustukset',
    body: 'Kunnanhallitus',
    department: 'Yleishallinto',
    description: 'Jaetaan kyläyhdistyksille toiminta-avustuksia yhteensä 12 000 euroa.',
    answers: ['2', '0', '1', 'not_relevant', '0', '2', '1'],
    projects: ['tapahtumat'],
  },
  {
    title: 'Tiestön kunnossapitosopimus',
    body: 'Tekninen lautakunta',
    department: 'Tekninen toimi',
    description: 'Hyväksytään yksityisteiden talvikunnossapidon sopimus.',
    answers: ['0', '0', '1', 'not_relevant', '0', '0', '0'],
  },
  {
    title: 'Kesäkohtaamisen järjestelyvastuun siirto yhdistykselle',
    body: 'Kunnanhallitus',
    department: 'Yleishallinto',
    description: 'Kesäkohtaamisen toteutusvastuu siirretään paikalliselle yhdistykselle kunnan tuella.',
    answers: ['2', '1', '0', 'not_relevant', '1', '2', '2'],
    projects: ['tapahtumat'],
  },
  {
    title: 'Vuokra-asuntojen korjausohjelma',
    body: 'Tekninen lautakunta',
    department: 'Tekninen toimi',
    description: 'Hyväksytään kunnan vuokra-asuntojen korjausohjelma vuosille 2025–2029.',
    answers: ['0', '1', '2', 'knowledge_gap', '2', '0', '0'],
  },
  {
    title: 'Pöytäkirjan tarkastus ja nähtävilläpito',
    body: 'Kunnanvaltuusto',
    department: 'Yleishallinto',
    description: 'Päätetään pöytäkirjan tarkastuksesta ja nähtävilläpidosta.',
    answers: 'routine',
  },
  {
    title: 'Toimitilan vuokraaminen yritykselle',
    body: 'Kunnanhallitus',
    department: 'Yleishallinto',
    description: 'Teollisuushallin vuokraaminen yksittäiselle yritykselle.',
    answers: ['1', '2', '0', '2', '1', '1', '1'],
    projects: ['konseptointi'],
    confidential: true,
  },
  {
    title: 'Hyvinvointikertomus ja -suunnitelma',
    body: 'Kunnanvaltuusto',
    department: 'Perusturva',
    description: 'Hyväksytään laaja hyvinvointikertomus ja hyvinvointisuunnitelma.',
    answers: ['1', '1', '0', 'not_relevant', '2', '1', '1'],
    projects: ['jalkauttaminen'],
  },
  {
    title: 'Sivistystoimen palveluverkkoselvitys',
    body: 'Sivistyslautakunta',
    department: 'Sivistystoimi',
    description: 'Käynnistetään selvitys koulu- ja varhaiskasvatusverkon kehittämisestä.',
    answers: ['-1', '0', 'knowledge_gap', 'not_relevant', '2', '0', '1'],
  },
  {
    title: 'Kunnan viestintäsuunnitelma',
    body: 'Kunnanhallitus',
    department: 'Yleishallinto',
    description: 'Hyväksytään kunnan sisäisen ja ulkoisen viestinnän suunnitelma.',
    answers: ['1', '0', '0', 'not_relevant', '1', '2', '1'],
    projects: ['viestinta', 'jalkauttaminen'],
  },
  {
    title: 'Uimahallin aukioloaikojen supistaminen',
    body: 'Sivistyslautakunta',
    department: 'Sivistystoimi',
    description: 'Uimahallin aukioloa supistetaan kesäkuukausina säästösyistä.',
    answers: ['-1', '-1', '-2', 'not_relevant', '0', '-1', '0'],
  },
  {
    title: 'Aurinkovoimalan rakentaminen koulun katolle',
    body: 'Tekninen lautakunta',
    department: 'Tekninen toimi',
    description: 'Rakennetaan 50 kWp aurinkovoimala koulun katolle.',
    answers: ['0', '2', '1', '2', '2', '1', '1'],
    projects: ['konseptointi'],
  },
  {
    title: 'Perhepäivähoidon kehittämissuunnitelma',
    body: 'Perusturvalautakunta',
    department: 'Perusturva',
    description: 'Perhepäivähoitoa kehitetään kylissä ryhmäperhepäivähoidon mallilla.',
    answers: ['2', '1', '1', 'not_relevant', '1', '1', '0'],
  },
];

const RATIONALES: Record<string, string> = {
  '2': 'Esitys tukee periaatetta suoraan ja näkyvästi.',
  '1': 'Esityksellä on periaatetta tukevia vaikutuksia.',
  '0': 'Esityksellä ei arvioida olevan tähän merkittävää vaikutusta.',
  '-1': 'Esitys heikentää periaatetta jonkin verran.',
  '-2': 'Esitys heikentää periaatetta selvästi.',
  knowledge_gap: 'Vaikutusta ei voi arvioida ennen kuin selvityksen tulokset ovat käytössä (kevät).',
  not_relevant: '',
};

/** Adds the demo data once: accounts of every role, and decisions in every state over the last two periods. */
export async function loadDemoData(db: Knex, today = todayInHelsinki()) {
  if (await db('users').where({ username: DEMO_USERS[0]!.username }).first()) return false;
  const departments = new Map((await db('departments').select('id', 'name')).map((d) => [d.name, d.id]));
  const bodies = new Map((await db('bodies').select('id', 'name')).map((b) => [b.name, b.id]));
  const dep = (name: string) => {
    const id = departments.get(name);
    if (id === undefined) throw new Error(`Demo data needs the department ${name}: run npm run db:setup`);
    return id;
  };
  const ids = new Map<string, number>();
  for (const u of DEMO_USERS) {
    ids.set(
      u.username,
      await createUser(
        {
          username: u.username,
          displayName: u.displayName,
          password: demoPassword(u.username),
          roles: [u.role],
          memberOf: [dep(u.member)],
          leads: (u.leads ?? []).map(dep),
        },
        db,
      ),
    );
  }
  for (const u of OTHER_MANAGERS) {
    ids.set(
      u.username,
      await createUser(
        {
          username: u.username,
          displayName: u.displayName,
          password: demoPassword(u.username),
          roles: ['manager'],
          memberOf: [dep(u.member)],
          leads: u.leads.map(dep),
        },
        db,
      ),
    );
  }
  for (const u of OTHER_OFFICIALS) {
    ids.set(
      u.username,
      await createUser(
        { username: u.username, displayName: u.displayName, password: demoPassword(u.username), roles: ['official'], memberOf: [dep(u.member)] },
        db,
      ),
    );
  }
  const authorFor = (department: string) =>
    ids.get(department === 'Tekninen toimi' ? 'tekninen' : department === 'Perusturva' ? 'perusturva' : 'valmistelija')!;

  // Meetings every ~17 days back over two evaluation periods, and a few ahead.
  const statuses = ['decided', 'decided', 'approved', 'decided', 'returned', 'submitted', 'decided', 'approved'] as const;
  let n = 0;
  await db.transaction(async (trx) => {
    for (let round = 0; round < 3; round++) {
      for (const [index, matter] of MATTERS.entries()) {
        n++;
        const offset = 40 - n * 13; // three meetings ahead, the rest spread back over two evaluation periods
        const meetingDate = addDays(today, offset);
        const status = offset > -14 ? (n % 2 === 0 ? 'draft' : 'submitted') : statuses[(index + round) % statuses.length]!;
        // The same kinds of matter come back year after year, as they do in a municipality.
        const title = matter.title;
        const versionId = await versionIdInForce(meetingDate, trx);
        const author = authorFor(matter.department);
        const createdAt = new Date(Date.parse(`${addDays(meetingDate, -21)}T09:00:00Z`)).toISOString();
        const [decisionRow] = await trx('decisions')
          .insert({
            title,
            case_number: `VES/${100 + n}/${meetingDate.slice(0, 4)}`,
            body_id: bodies.get(matter.body)!,
            department_id: dep(matter.department),
            meeting_date: meetingDate,
            description: matter.description,
            confidential: matter.confidential ?? false,
            author_id: author,
            created_at: createdAt,
            updated_at: createdAt,
            search_text: searchTextOf({ title, caseNumber: `VES/${100 + n}/${meetingDate.slice(0, 4)}`, description: matter.description }),
            ...(status === 'decided'
              ? {
                  outcome: n % 9 === 0 ? 'amended' : 'approved',
                  minutes_section: String(10 + (n % 90)),
                  decided_at: `${meetingDate}T15:00:00.000Z`,
                  decided_by: author,
                }
              : {}),
          })
          .returning('id');
        const decisionId = idOf(decisionRow);
        const [assessmentRow] = await trx('assessments')
          .insert({
            decision_id: decisionId,
            framework_version_id: versionId!,
            is_proposal: true,
            status,
            version: 2,
            updated_by: author,
            created_at: createdAt,
            updated_at: createdAt,
            submitted_at: status === 'draft' ? null : createdAt,
          })
          .returning('id');
        const assessmentId = idOf(assessmentRow);
        const principles = await trx('principles as p')
          .join('dimensions as d', 'd.id', 'p.dimension_id')
          .where('p.version_id', versionId!)
          .orderBy([{ column: 'd.sort_order' }, { column: 'p.sort_order' }])
          .select('p.id', 'p.key', 'd.kind');
        const scored = principles.filter((p) => p.kind === 'scored');
        const answers: AnswerValue[] = matter.answers === 'routine' ? scored.map(() => 'not_relevant' as const) : matter.answers;
        // A draft ahead is half done, as drafts are.
        const answered = status === 'draft' ? Math.ceil(scored.length / 2) : scored.length;
        const rows = scored.slice(0, answered).map((p, i) => {
          const value = answers[i] ?? '0';
          const stored = toStored(value);
          return {
            assessment_id: assessmentId,
            principle_id: p.id,
            answer_kind: stored.kind,
            score: stored.score,
            rationale: matter.answers === 'routine' ? 'Rutiiniluonteinen asia, jolla ei ole strategiavaikutuksia.' : RATIONALES[value] || null,
            mitigation: stored.score !== null && stored.score < 0 ? 'Vaikutuksia seurataan ja palvelua tarjotaan korvaavasti lähikunnan kanssa.' : null,
          };
        });
        if (rows.length > 0) await trx('assessment_answers').insert(rows);
        const projects = principles.filter((p) => p.kind === 'linked' && (matter.projects ?? []).includes(p.key));
        if (projects.length > 0) {
          await trx('assessment_projects').insert(projects.map((p) => ({ assessment_id: assessmentId, principle_id: p.id })));
        }
        // Reviews as the workflow would have left them: a return with comments, or an approval.
        if (status === 'returned' || status === 'approved' || status === 'decided') {
          const reviewer = ['Tekninen toimi', 'Perusturva'].includes(matter.department) ? ids.get('johtaja')! : ids.get('esimies')!;
          const [reviewRow] = await trx('reviews')
            .insert({
              assessment_id: assessmentId,
              assessment_version: 2,
              reviewer_id: reviewer,
              outcome: status === 'returned' ? 'returned' : 'approved',
              comment: status === 'returned' ? 'Tarkenna perusteluja: mitä vaikutuksia asialla on kyliin ja asukkaisiin?' : null,
              created_at: new Date(Date.parse(`${addDays(meetingDate, -10)}T12:00:00Z`)).toISOString(),
            })
            .returning('id');
          if (status === 'returned' && scored[0]) {
            await trx('review_comments').insert({
              review_id: idOf(reviewRow),
              principle_key: scored[0].key,
              comment: 'Perustelu jää yleiselle tasolle. Kerro konkreettisesti, ketä asia koskee.',
            });
          }
        }
      }
    }
  });
  await setSetting('demo_users', JSON.stringify(DEMO_USERS.map((u) => ({ role: u.role, username: u.username, password: demoPassword(u.username) }))), db);
  return true;
}
