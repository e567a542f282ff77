// npm run bench [-- --quick] [--sizes 1000,10000,100000] [--seconds 10] [--connections 10,50]
//                [--no-build] [--out DIR] [--cpu-prof DIR]
//
// The benchmark suite (issue 7). For each size it generates a database (bench/generate.ts),
// measures the yearly numbers against hand-written SQL, starts the production server on
// loopback and measures pages under load next to the bare route (/bench), saving, the weight of
// each page, the start time and the memory, and checks the query plans of everything the pages
// ran. Every time is also given as a ratio to a baseline measured in the same run. The results
// go to RESULTS.md and results.json in --out (bench/ for a full run) and the table is printed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '../db/connection';
import { fieldName } from '../app/domain/checklist';
import { type AggregationFigures, measureAggregation } from './aggregation';
import { BENCH_PASSWORD, BENCH_USERS, type Generated, generate } from './generate';
import { type PlanFinding, checkPlans, readQueryLog } from './plans';
import { type LoadFigures, ROOT, type Weight, load, login, startServer, weigh } from './server';
import { type Results, budgets, markdown } from './results';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string', default: '10,50' },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string' },
    // A V8 CPU profile of each measured server (open the .cpuprofile in Chrome's DevTools).
    'cpu-prof': { type: 'string' },
  },
});
const quick = values.quick!;
const sizes = (values.sizes ?? (quick ? '1000' : '1000,10000,100000')).split(',').map(Number);
const seconds = Number(values.seconds ?? (quick ? 1.5 : 10));
const connectionLevels = values.connections!.split(',').map(Number);
const out = path.resolve(values.out ?? (quick ? fs.mkdtempSync(path.join(os.tmpdir(), 'linssi-bench-out-')) : path.join(ROOT, 'bench')));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'linssi-bench-'));
const began = Date.now();
const log = (text: string) => console.log(`[bench ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${text}`);

export const PAGES = ['bare', 'assessment', 'checklist', 'list', 'queue', 'report'] as const;
export type PageName = (typeof PAGES)[number];

export interface SizeResult {
  assessments: number;
  generated: Generated['counts'];
  generateSeconds: number;
  databaseMiB: number;
  aggregation: AggregationFigures;
  startMs: number;
  rssMiB: number | null;
  pages: Record<PageName, { path: string; load: LoadFigures[]; weight: Weight }>;
  saving: { save: LoadFigures; bare: LoadFigures };
  plans: { statements: number; findings: PlanFinding[] };
}

function build() {
  log('building the app (remix build)');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

async function measureSize(size: number): Promise<SizeResult> {
  const dbFile = path.join(work, `bench-${size}.db`);
  const url = `file:${dbFile}`;
  log(`${size}: generating`);
  const db = createDb(url);
  let generated: Generated;
  let aggregation: AggregationFigures;
  let scoredKeys: string[];
  let orgIds: { bodyId: number; departmentId: number };
  try {
    generated = await generate(db, { assessments: size });
    log(`${size}: generated in ${generated.seconds.toFixed(1)} s: ${JSON.stringify(generated.counts)}`);
    // The last complete evaluation period: the one the group reports on in August.
    const period = generated.periods[generated.periods.length - 2]!;
    aggregation = await measureAggregation(db, period, quick ? 5 : 11);
    log(`${size}: yearly numbers ${aggregation.appMs.toFixed(1)} ms, raw SQL ${aggregation.rawMs.toFixed(1)} ms (${aggregation.assessments} counted; agree: ${aggregation.agree})`);
    if (!aggregation.agree) throw new Error('The yearly numbers differ from the hand-written SQL');
    scoredKeys = (await db('principles as p').join('dimensions as d', 'd.id', 'p.dimension_id').where('d.kind', 'scored').distinct('p.key').pluck('p.key')) as string[];
    const official = await db('users').where({ username: BENCH_USERS.official }).first('id');
    const member = await db('user_departments').where({ user_id: official!.id, relation: 'member' }).first('department_id');
    const body = await db('bodies').orderBy('sort_order').first('id');
    orgIds = { bodyId: body!.id, departmentId: member!.department_id };
  } finally {
    await db.destroy();
  }
  const databaseMiB = fs.statSync(dbFile).size / 2 ** 20;

  // The query plans: one pass over the pages with the server logging its statements.
  const queryLog = path.join(work, `queries-${size}.jsonl`);
  const logged = await startServer(url, { LINSSI_QUERY_LOG: queryLog });
  let pages: Record<PageName, string>;
  try {
    const cookies = await logInAll(logged.url);
    // A fresh draft for the checklist form, made through the app as an official would.
    const draft = await createDraft(logged.url, cookies.official, orgIds, 'Vertailun luonnos');
    const period = generated.periods[generated.periods.length - 2]!;
    pages = {
      bare: '/bench',
      assessment: `/decisions/${generated.decidedId}`,
      checklist: `/decisions/${draft}/checklist`,
      list: '/decisions',
      queue: '/reviews',
      report: `/report?from=${period.from}&to=${period.to}`,
    };
    for (const page of PAGES) {
      const r = await fetch(logged.url + pages[page], { headers: { cookie: cookies[userOf(page)] } });
      if (r.status !== 200) throw new Error(`${pages[page]} answered ${r.status}`);
      await r.arrayBuffer();
    }
  } finally {
    await logged.stop();
  }
  const plans = checkPlans(dbFile, readQueryLog(queryLog));
  log(`${size}: ${plans.statements} statements explained, ${plans.findings.length} full scans of a large table`);

  // The measured server.
  const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof'])}`] : [];
  const server = await startServer(url, {}, profile);
  try {
    log(`${size}: server answered in ${server.startMs.toFixed(0)} ms`);
    const cookies = await logInAll(server.url);
    const results = {} as SizeResult['pages'];
    for (const page of PAGES) results[page] = { path: pages[page], load: [], weight: await weigh(server.url, pages[page], cookies[userOf(page)]) };
    // Every route once (JIT, SQLite's page cache), so that the first one measured is not the coldest;
    // a quick run, for development, goes without.
    for (const page of quick ? [] : PAGES) {
      await load({ url: server.url, connections: 10, seconds: 2, cookie: cookies[userOf(page)], expect: 200, request: { method: 'GET', path: pages[page] } });
    }
    // Each page right after a run of the bare route at the same load: its ratio is to that run, so
    // a machine that speeds up or slows down during the minutes of a size moves both alike.
    const measure = async (page: PageName, connections: number) => {
      const figures = await load({ url: server.url, connections, seconds, cookie: cookies[userOf(page)], expect: 200, request: { method: 'GET', path: pages[page] } });
      if (figures.unexpected > 0) throw new Error(`${pages[page]}: ${figures.unexpected} unexpected responses under load`);
      return figures;
    };
    for (const connections of connectionLevels) {
      for (const page of PAGES) {
        if (page === 'bare') continue;
        const bare = await measure('bare', connections);
        const figures = { ...(await measure(page, connections)), bare: { rps: bare.rps, meanMs: bare.meanMs, p95Ms: bare.p95Ms } };
        results.bare.load.push(bare);
        results[page].load.push(figures);
        log(`${size}: ${page} at ${connections}: ${figures.rps.toFixed(0)} req/s (bare ${bare.rps.toFixed(0)}), p50 ${figures.p50Ms.toFixed(1)} ms, p95 ${figures.p95Ms.toFixed(1)} ms`);
      }
    }
    const saving = await measureSaving(server.url, cookies.official, orgIds, scoredKeys);
    if (saving.save.unexpected > 0) throw new Error(`Saving: ${saving.save.unexpected} responses other than 302`);
    log(`${size}: saving ${saving.save.rps.toFixed(0)} saves/s (bare POST ${saving.bare.rps.toFixed(0)}/s)`);
    const rssMiB = server.rssMiB();
    return { assessments: size, generated: generated.counts, generateSeconds: generated.seconds, databaseMiB, aggregation, startMs: server.startMs, rssMiB, pages: results, saving, plans };
  } finally {
    await server.stop();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  }
}

/** The session cookies of the official, the manager and the group member the pages are measured as. */
async function logInAll(url: string) {
  return {
    official: await login(url, BENCH_USERS.official, BENCH_PASSWORD),
    manager: await login(url, BENCH_USERS.manager, BENCH_PASSWORD),
    group: await login(url, BENCH_USERS.group, BENCH_PASSWORD),
  };
}

const userOf = (page: PageName) => (page === 'queue' ? 'manager' : page === 'report' ? 'group' : 'official');

async function createDraft(url: string, cookie: string, org: { bodyId: number; departmentId: number }, title: string): Promise<number> {
  const meeting = new Date(Date.now() + 60 * 86_400_000);
  const response = await fetch(`${url}/decisions/new`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
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
async function measureSaving(url: string, cookie: string, org: { bodyId: number; departmentId: number }, scoredKeys: string[]) {
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
  return { save, bare };
}

async function main() {
  if (values['no-build']) log('using the existing build (--no-build)');
  else build();
  const measured: SizeResult[] = [];
  for (const size of sizes) measured.push(await measureSize(size));
  const results: Results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` },
    options: { sizes, seconds, connections: connectionLevels, quick },
    sizes: measured,
    budgets: [],
    totalSeconds: 0,
  };
  results.budgets = budgets(results);
  results.totalSeconds = (Date.now() - began) / 1000;
  fs.mkdirSync(out, { recursive: true });
  const table = markdown(results);
  fs.writeFileSync(path.join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(out, 'RESULTS.md'), table);
  console.log(`\n${table}`);
  log(`written to ${path.join(out, 'RESULTS.md')} and results.json`);
}

try {
  await main();
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
