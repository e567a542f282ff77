/**
 * The PostgreSQL column of the benchmark: for each size, the same generated database on a
 * throwaway PostgreSQL server (scripts/pg-server.ts) with a production server's durability
 * (fsync, synchronous_commit and full_page_writes on; the test suite turns all three off), and on
 * it the yearly numbers against the hand-written SQL and saving against a bare POST, each ratio to
 * a baseline measured in the same run on the same database and app server.
 */
import type { Knex } from 'knex';
import { createDb } from '../db/connection';
import { createDatabase, dropDatabase, pgBinDir, startPgServer } from '../scripts/pg-server';
import { type AggregationFigures, measureAggregation } from './aggregation';
import { BENCH_PASSWORD, BENCH_USERS, type Generated, generate } from './generate';
import { type SavingFigures, measureSaving, savingSetup } from './saving';
import { login, startServer } from './server';

/** The settings the bench's PostgreSQL runs with: a production server's, not the test server's (scripts/pg-server.ts defaults all three to off). */
export const PG_SETTINGS = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' } as const;

export interface PgSizeResult {
  assessments: number;
  generated: Generated['counts'];
  generateSeconds: number;
  /** VACUUM ANALYZE after the bulk load, before anything is measured. */
  vacuumSeconds: number;
  databaseMiB: number;
  aggregation: AggregationFigures;
  startMs: number;
  rssMiB: number | null;
  saving: SavingFigures;
}

export interface PgResults {
  date: string;
  /** Run on its own (`--pg-only`) and merged into an earlier run's results. */
  pgOnly: boolean;
  server: {
    version: string;
    /** What the server reported for the settings that matter here (SHOW). */
    settings: Record<string, string>;
    /** The app server's connection pool (DATABASE_POOL_MAX; the app's default is 10). */
    poolMax: number;
  };
  options: { sizes: number[]; seconds: number; quick: boolean };
  sizes: PgSizeResult[];
  totalSeconds: number;
}

/** Why there is no PostgreSQL column. */
export interface PgSkipped {
  skipped: string;
}

export const isMeasured = (pg: PgResults | PgSkipped | undefined): pg is PgResults => !!pg && 'sizes' in pg;

/** Null when the PostgreSQL column can run here, otherwise why not. */
export function pgUnavailable(): string | null {
  return pgBinDir()
    ? null
    : 'PostgreSQL binaries not found (looked at $PG_BIN, `pg_config --bindir` and /usr/lib/postgresql/N/bin); install PostgreSQL or set PG_BIN';
}

const REPORTED_SETTINGS = [
  'fsync',
  'synchronous_commit',
  'full_page_writes',
  'wal_level',
  'shared_buffers',
  'effective_cache_size',
  'work_mem',
  'max_connections',
  'jit',
];

async function serverFacts(db: Knex) {
  const version = String(((await db.raw('SHOW server_version')) as { rows: Array<{ server_version: string }> }).rows[0]!.server_version);
  const settings: Record<string, string> = {};
  for (const name of REPORTED_SETTINGS) {
    const { rows } = (await db.raw(`SELECT current_setting(?) AS v`, [name])) as { rows: Array<{ v: string }> };
    settings[name] = String(rows[0]!.v);
  }
  return { version, settings };
}

export interface PgOptions {
  sizes: number[];
  seconds: number;
  quick: boolean;
  pgOnly: boolean;
  log: (text: string) => void;
}

/** Starts a PostgreSQL server, measures every size on a database of its own, and stops the server (also on failure or Ctrl-C). */
export async function measurePostgres(options: PgOptions): Promise<PgResults> {
  const { log } = options;
  const began = Date.now();
  log(
    `PostgreSQL: starting a server (${Object.entries(PG_SETTINGS)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')})`,
  );
  const pg = await startPgServer({ ...PG_SETTINGS });
  // pg_ctl leaves the server running on its own: stop it if the bench is interrupted.
  const onSignal = (signal: NodeJS.Signals) => {
    pg.stop();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    log(`PostgreSQL: ${pg.adminUrl}`);
    const admin = createDb(pg.adminUrl);
    let facts: Awaited<ReturnType<typeof serverFacts>>;
    try {
      facts = await serverFacts(admin);
    } finally {
      await admin.destroy();
    }
    log(
      `PostgreSQL ${facts.version}: ${Object.entries(facts.settings)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
    const sizes: PgSizeResult[] = [];
    for (const size of options.sizes) sizes.push(await measureSize(pg.adminUrl, size, options));
    return {
      date: new Date().toISOString(),
      pgOnly: options.pgOnly,
      server: { ...facts, poolMax: Number(process.env.DATABASE_POOL_MAX ?? 10) },
      options: { sizes: options.sizes, seconds: options.seconds, quick: options.quick },
      sizes,
      totalSeconds: (Date.now() - began) / 1000,
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    pg.stop();
    log('PostgreSQL: server stopped');
  }
}

async function measureSize(adminUrl: string, size: number, options: PgOptions): Promise<PgSizeResult> {
  const { log } = options;
  const name = `linssi_bench_${size}`;
  await dropDatabase(adminUrl, name);
  const url = await createDatabase(adminUrl, name);
  try {
    log(`PostgreSQL ${size}: generating`);
    const db = createDb(url);
    let generated: Generated;
    let vacuumSeconds: number;
    let aggregation: AggregationFigures;
    let setup: Awaited<ReturnType<typeof savingSetup>>;
    let databaseMiB: number;
    try {
      generated = await generate(db, { assessments: size });
      log(`PostgreSQL ${size}: generated in ${generated.seconds.toFixed(1)} s: ${JSON.stringify(generated.counts)}`);
      // A bulk load leaves no planner statistics and no visibility map (no index-only scans) until
      // autovacuum gets to it, which it would do on a live database long before a yearly report,
      // and would otherwise do in the middle of the measurements.
      const t = Date.now();
      await db.raw('VACUUM ANALYZE');
      vacuumSeconds = (Date.now() - t) / 1000;
      databaseMiB = Number(((await db.raw('SELECT pg_database_size(current_database()) AS b')) as { rows: Array<{ b: number }> }).rows[0]!.b) / 2 ** 20;
      log(`PostgreSQL ${size}: VACUUM ANALYZE in ${vacuumSeconds.toFixed(1)} s; ${databaseMiB.toFixed(0)} MiB`);
      // The last complete evaluation period, as for SQLite.
      const period = generated.periods[generated.periods.length - 2]!;
      aggregation = await measureAggregation(db, period, options.quick ? 5 : 11);
      log(
        `PostgreSQL ${size}: yearly numbers ${aggregation.appMs.toFixed(1)} ms, raw SQL ${aggregation.rawMs.toFixed(1)} ms (${aggregation.assessments} counted; agree: ${aggregation.agree})`,
      );
      if (!aggregation.agree) throw new Error('PostgreSQL: the yearly numbers differ from the hand-written SQL');
      setup = await savingSetup(db);
    } finally {
      await db.destroy();
    }

    const server = await startServer(url);
    try {
      log(`PostgreSQL ${size}: server answered in ${server.startMs.toFixed(0)} ms`);
      const cookie = await login(server.url, BENCH_USERS.official, BENCH_PASSWORD);
      const saving = await measureSaving(server.url, cookie, setup.orgIds, setup.scoredKeys, options.seconds);
      log(
        `PostgreSQL ${size}: saving ${saving.save.rps.toFixed(0)} saves/s, p95 ${saving.save.p95Ms.toFixed(1)} ms (bare POST ${saving.bare.rps.toFixed(0)}/s: ${(saving.save.rps / saving.bare.rps).toFixed(2)} ×)`,
      );
      return {
        assessments: size,
        generated: generated.counts,
        generateSeconds: generated.seconds,
        vacuumSeconds,
        databaseMiB,
        aggregation,
        startMs: server.startMs,
        rssMiB: server.rssMiB(),
        saving,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await dropDatabase(adminUrl, name);
  }
}
