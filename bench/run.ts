// npm run bench [-- --quick] [--sizes 1000,10000,100000] [--seconds 10] [--connections 10,50]
//                [--no-build] [--out DIR] [--cpu-prof DIR] [--no-pg | --pg-only]
//
// The benchmark suite (ADR 013). For each size it generates a database (bench/generate.ts),
// measures the yearly numbers against hand-written SQL, starts the production server on
// loopback and measures pages under load next to the bare route (/bench), saving, the weight of
// each page, the start time and the memory, and checks the query plans of everything the pages
// ran. Every time is also given as a ratio to a baseline measured in the same run. The results
// go to RESULTS.md and results.json in --out (bench/ for a full run) and the table is printed.
//
// The PostgreSQL column (bench/postgres.ts): when PostgreSQL's binaries are found, each size is
// also generated on a throwaway PostgreSQL server with a production server's durability settings,
// and the yearly numbers and saving are measured on it. --no-pg leaves it out; --pg-only runs only
// it and merges its figures into the results.json and RESULTS.md already in --out.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '../db/connection';
import { type AggregationFigures, measureAggregation } from './aggregation';
import { BENCH_PASSWORD, BENCH_USERS, type Generated, generate } from './generate';
import { type PlanFinding, checkPlans, readQueryLog } from './plans';
import { type LoadFigures, ROOT, type Weight, load, login, startServer, weigh } from './server';
import { type Results, budgets, markdown } from './results';
import { type SavingFigures, createDraft, measureSaving, savingSetup } from './saving';
import { type PgResults, type PgSkipped, measurePostgres, pgUnavailable } from './postgres';

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
    // The PostgreSQL column: on by default when PostgreSQL's binaries are found.
    'no-pg': { type: 'boolean', default: false },
    'pg-only': { type: 'boolean', default: false },
  },
});
if (values['no-pg'] && values['pg-only']) throw new Error('--no-pg and --pg-only exclude each other');
const pgOnly = values['pg-only']!;
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
  /**
   * The minimal Remix app's route (bench/minimal) at each load, each with the run of the app's bare
   * route just after it (its `bare`): the cost every page pays, as the bare route's share of it.
   */
  minimal: { path: string; load: LoadFigures[] };
  saving: SavingFigures;
  plans: { statements: number; findings: PlanFinding[] };
}

/** The minimal Remix app the bare route is measured against, served by the same server.js. */
export const MINIMAL_APP = path.join('bench', 'minimal');

function remixBuild(dir: string) {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'build', dir], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

function build() {
  log('building the app (remix build)');
  remixBuild('.');
  buildMinimal();
}

/** The minimal app: built with the app, and with --no-build when it has never been built. */
function buildMinimal() {
  log('building the minimal Remix app (bench/minimal)');
  remixBuild(MINIMAL_APP);
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
    log(
      `${size}: yearly numbers ${aggregation.appMs.toFixed(1)} ms, raw SQL ${aggregation.rawMs.toFixed(1)} ms (${aggregation.assessments} counted; agree: ${aggregation.agree})`,
    );
    if (!aggregation.agree) throw new Error('The yearly numbers differ from the hand-written SQL');
    ({ scoredKeys, orgIds } = await savingSetup(db));
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
  // The minimal app: the same server.js, Remix and settings; one root, one route, no database.
  const minimalServer = await startServer(url, { LINSSI_BENCH_APP: MINIMAL_APP }, [], '/');
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
    // The minimal app as warm as the app's bare route before their runs side by side.
    if (!quick)
      await load({ url: minimalServer.url, connections: 10, seconds: 2, cookie: cookies.official, expect: 200, request: { method: 'GET', path: '/' } });
    // Each page right after a run of the bare route at the same load: its ratio is to that run, so
    // a machine that speeds up or slows down during the minutes of a size moves both alike.
    const measure = async (page: PageName, connections: number) => {
      const figures = await load({
        url: server.url,
        connections,
        seconds,
        cookie: cookies[userOf(page)],
        expect: 200,
        request: { method: 'GET', path: pages[page] },
      });
      if (figures.unexpected > 0) throw new Error(`${pages[page]}: ${figures.unexpected} unexpected responses under load`);
      return figures;
    };
    const minimal: SizeResult['minimal'] = { path: '/', load: [] };
    for (const connections of connectionLevels) {
      // The minimal app, then the bare route at the same load: the ratio is of those two runs.
      const lean = await load({ url: minimalServer.url, connections, seconds, cookie: cookies.official, expect: 200, request: { method: 'GET', path: '/' } });
      if (lean.unexpected > 0) throw new Error(`the minimal app: ${lean.unexpected} unexpected responses under load`);
      const bareAfter = await measure('bare', connections);
      minimal.load.push({ ...lean, bare: { rps: bareAfter.rps, meanMs: bareAfter.meanMs, p95Ms: bareAfter.p95Ms } });
      log(`${size}: minimal Remix app at ${connections}: ${lean.rps.toFixed(0)} req/s, bare route ${bareAfter.rps.toFixed(0)} req/s`);
      for (const page of PAGES) {
        if (page === 'bare') continue;
        const bare = await measure('bare', connections);
        const figures = { ...(await measure(page, connections)), bare: { rps: bare.rps, meanMs: bare.meanMs, p95Ms: bare.p95Ms } };
        results.bare.load.push(bare);
        results[page].load.push(figures);
        log(
          `${size}: ${page} at ${connections}: ${figures.rps.toFixed(0)} req/s (bare ${bare.rps.toFixed(0)}), p50 ${figures.p50Ms.toFixed(1)} ms, p95 ${figures.p95Ms.toFixed(1)} ms`,
        );
      }
    }
    const saving = await measureSaving(server.url, cookies.official, orgIds, scoredKeys, seconds);
    log(`${size}: saving ${saving.save.rps.toFixed(0)} saves/s (bare POST ${saving.bare.rps.toFixed(0)}/s)`);
    const rssMiB = server.rssMiB();
    return {
      assessments: size,
      generated: generated.counts,
      generateSeconds: generated.seconds,
      databaseMiB,
      aggregation,
      startMs: server.startMs,
      rssMiB,
      pages: results,
      minimal,
      saving,
      plans,
    };
  } finally {
    await minimalServer.stop();
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

/** The PostgreSQL column, or why there is none. */
async function postgres(): Promise<PgResults | PgSkipped> {
  if (values['no-pg']) {
    log('PostgreSQL column skipped: turned off with --no-pg');
    return { skipped: 'turned off with --no-pg' };
  }
  const missing = pgUnavailable();
  if (missing) {
    if (pgOnly) throw new Error(`--pg-only: ${missing}`);
    log(`PostgreSQL column skipped: ${missing}`);
    return { skipped: missing };
  }
  return measurePostgres({ sizes, seconds, quick, pgOnly, log });
}

function write(results: Results) {
  results.budgets = budgets(results);
  fs.mkdirSync(out, { recursive: true });
  const table = markdown(results);
  fs.writeFileSync(path.join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(out, 'RESULTS.md'), table);
  console.log(`\n${table}`);
  log(`written to ${path.join(out, 'RESULTS.md')} and results.json`);
}

/** --pg-only: the PostgreSQL column alone, merged into the results of an earlier run in --out. */
async function mainPgOnly() {
  const file = path.join(out, 'results.json');
  if (!fs.existsSync(file)) {
    throw new Error(`--pg-only merges into an earlier run's results, but ${file} does not exist: run \`npm run bench\` first, or give its --out`);
  }
  const results = JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
  if (!Array.isArray(results.sizes) || results.sizes.length === 0) throw new Error(`${file} holds no SQLite figures to merge into`);
  if (values['no-build']) log('using the existing build (--no-build)');
  else build();
  results.postgres = await postgres();
  write(results);
}

async function main() {
  if (values['no-build']) {
    log('using the existing build (--no-build)');
    if (!fs.existsSync(path.join(ROOT, MINIMAL_APP, 'build', 'index.js'))) buildMinimal();
  } else build();
  const measured: SizeResult[] = [];
  for (const size of sizes) measured.push(await measureSize(size));
  const date = new Date().toISOString();
  // A failure of the PostgreSQL part does not lose the SQLite figures: they are written, and then the run fails.
  let pgError: unknown;
  const pg = await postgres().catch((error: unknown): PgSkipped => {
    pgError = error;
    return { skipped: `the PostgreSQL part failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  });
  const results: Results = {
    date,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
    },
    options: { sizes, seconds, connections: connectionLevels, quick },
    sizes: measured,
    postgres: pg,
    budgets: [],
    totalSeconds: (Date.now() - began) / 1000,
  };
  write(results);
  if (pgError) throw pgError;
}

try {
  await (pgOnly ? mainPgOnly() : main());
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
