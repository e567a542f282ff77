/**
 * Saving: 50 connections, each saving its own draft's checklist again and again, next
 * to a bare POST of the same form on the same server. Used for SQLite (bench/run.ts) and for
 * PostgreSQL (bench/postgres.ts) alike.
 */
import type { Knex } from 'knex';
import { fieldName } from '../app/domain/checklist';
import { BENCH_USERS } from './generate';
import { type LoadFigures, load } from './server';

export interface OrgIds {
  bodyId: number;
  departmentId: number;
}

export interface SavingFigures {
  save: LoadFigures;
  bare: LoadFigures;
}

/** What saving needs from a generated database: the scored principles' keys, and a body and the bench official's department for new drafts. */
export async function savingSetup(db: Knex): Promise<{ scoredKeys: string[]; orgIds: OrgIds }> {
  const scoredKeys = (await db('principles as p')
    .join('dimensions as d', 'd.id', 'p.dimension_id')
    .where('d.kind', 'scored')
    .distinct('p.key')
    .pluck('p.key')) as string[];
  const official = await db('users').where({ username: BENCH_USERS.official }).first('id');
  const member = await db('user_departments').where({ user_id: official!.id, relation: 'member' }).first('department_id');
  const body = await db('bodies').orderBy('sort_order').first('id');
  return { scoredKeys, orgIds: { bodyId: Number(body!.id), departmentId: Number(member!.department_id) } };
}

/** A new draft, made through the app as an official would; returns its decision id. */
export async function createDraft(url: string, cookie: string, org: OrgIds, title: string): Promise<number> {
  const meeting = new Date(Date.now() + 60 * 86_400_000);
  const response = await fetch(`${url}/decisions/new`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin },
    body: new URLSearchParams({
      title,
      caseNumber: '',
      bodyId: String(org.bodyId),
      departmentId: String(org.departmentId),
      meetingDate: `${meeting.getUTCDate()}.${meeting.getUTCMonth() + 1}.${meeting.getUTCFullYear()}`,
      description: 'Luonnos vertailua varten.',
    }),
    redirect: 'manual',
  });
  const id = /\/decisions\/(\d+)/.exec(response.headers.get('location') ?? '')?.[1];
  if (response.status !== 302 || !id) throw new Error(`Creating a draft failed: ${response.status} ${await response.text()}`);
  return Number(id);
}

/**
 * Saving: 50 connections, each saving its own draft's checklist again and again from the version
 * it last saved (as a browser would after each redirect), next to a bare POST of the same body.
 */
export async function measureSaving(url: string, cookie: string, org: OrgIds, scoredKeys: string[], seconds: number): Promise<SavingFigures> {
  const connections = 50;
  const drafts: number[] = [];
  for (let i = 0; i < connections + 10; i++) drafts.push(await createDraft(url, cookie, org, `Tallennuksen vertailu ${i + 1}`));
  const answers = ['2', '1', '0', '-1', 'not_relevant', 'knowledge_gap'];
  const bodyFor = (version: number, round: number) => {
    const form = new URLSearchParams({ intent: 'save', version: String(version) });
    scoredKeys.forEach((key, i) => {
      const answer = answers[(i + round) % answers.length]!;
      form.set(fieldName.answer(key), answer);
      form.set(fieldName.rationale(key), answer === 'not_relevant' ? '' : `Perustelu ${round}: vaikutus arvioitu valmistelussa.`);
      if (answer === '-1') form.set(fieldName.mitigation(key), 'Haittaa lievennetään korvaavalla palvelulla.');
    });
    return form.toString();
  };
  // Each draft is saved by one request at a time, from the version its last save left (autocannon
  // clears a connection's context after every request, so the drafts wait in a pool between saves).
  const pool = drafts.map((draft) => ({ draft, version: 1, round: 0 }));
  type Ctx = { item?: (typeof pool)[number] };
  const save = await load({
    url,
    connections,
    seconds,
    cookie,
    expect: 302,
    request: {
      method: 'POST',
      path: '/',
      setupRequest: (request, context) => {
        const item = pool.shift();
        if (!item) throw new Error('No free draft: more requests in flight than drafts');
        (context as Ctx).item = item;
        return { ...request, path: `/decisions/${item.draft}/checklist`, body: bodyFor(item.version, item.round) };
      },
      onResponse: (status, _body, context) => {
        const item = (context as Ctx).item!;
        if (status === 302) {
          item.version += 1;
          item.round += 1;
        }
        pool.push(item);
      },
    },
  });
  const bare = await load({ url, connections, seconds, cookie, expect: 302, request: { method: 'POST', path: '/bench', body: bodyFor(1, 0) } });
  // A run too short for a save to finish has no figure (at 50 connections a cold server's first round of saves can take over a second).
  if (save.requests === 0 || bare.requests === 0)
    throw new Error(`Saving: no ${save.requests === 0 ? 'save' : 'bare POST'} finished in ${seconds} s; measure for longer (--seconds)`);
  if (save.unexpected > 0) throw new Error(`Saving: ${save.unexpected} responses other than 302`);
  if (bare.unexpected > 0) throw new Error(`The bare POST: ${bare.unexpected} responses other than 302`);
  return { save, bare };
}
