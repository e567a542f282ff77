/** The benchmark's results: the budgets (ADR 013) checked against them, and the Markdown table. */
import type { PageName, SizeResult } from './run';
import type { LoadFigures } from './server';
import { type PgResults, type PgSkipped, isMeasured } from './postgres';

export interface Results {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  options: { sizes: number[]; seconds: number; connections: number[]; quick: boolean };
  sizes: SizeResult[];
  /** The PostgreSQL column (bench/postgres.ts), or why there is none; absent in results written before it existed. */
  postgres?: PgResults | PgSkipped;
  budgets: Budget[];
  totalSeconds: number;
}

export interface Budget {
  name: string;
  measured: string;
  ok: boolean;
}

export const MEASURED_PAGES: Exclude<PageName, 'bare'>[] = ['assessment', 'checklist', 'list', 'queue', 'report'];
export const PAGE_NAMES: Record<PageName, string> = {
  bare: 'bare route',
  assessment: 'assessment page',
  checklist: 'checklist form',
  list: "official's list",
  queue: "manager's queue",
  report: 'yearly report page',
};

/** A page's figures at a load; for the bare route, the mean of its runs (one before each page). */
function at(size: SizeResult, page: PageName, connections: number): LoadFigures {
  const runs = size.pages[page].load.filter((l) => l.connections === connections);
  if (runs.length === 1) return runs[0]!;
  const mean = (f: (l: LoadFigures) => number) => runs.reduce((s, l) => s + f(l), 0) / runs.length;
  return {
    connections,
    seconds: mean((l) => l.seconds),
    requests: mean((l) => l.requests),
    rps: mean((l) => l.rps),
    meanMs: mean((l) => l.meanMs),
    p50Ms: mean((l) => l.p50Ms),
    p95Ms: mean((l) => l.p95Ms),
    p99Ms: mean((l) => l.p99Ms),
    unexpected: runs.reduce((s, l) => s + l.unexpected, 0),
  };
}

/** Requests per second of a page over its own bare-route run (the one just before it). */
export function rpsRatio(size: SizeResult, page: PageName, connections: number) {
  const l = at(size, page, connections);
  return page === 'bare' ? 1 : l.rps / l.bare!.rps;
}

/** Mean latency of a page over its bare-route run's: what is left when the machine's speed is divided out. */
export function relativeTime(size: SizeResult, page: PageName, connections: number) {
  const l = at(size, page, connections);
  return page === 'bare' ? 1 : l.meanMs / l.bare!.meanMs;
}

export function growth(results: Results, page: PageName, connections: number): number | null {
  if (results.sizes.length < 2) return null;
  const first = results.sizes[0]!;
  const last = results.sizes[results.sizes.length - 1]!;
  return relativeTime(last, page, connections) / relativeTime(first, page, connections) - 1;
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const ms = (x: number) => `${x.toFixed(1)} ms`;

export function budgets(results: Results): Budget[] {
  const largest = results.sizes[results.sizes.length - 1]!;
  const low = Math.min(...results.options.connections);
  const out: Budget[] = [];
  const n = largest.assessments.toLocaleString('en');
  for (const page of MEASURED_PAGES) {
    for (const c of results.options.connections) {
      const ratio = rpsRatio(largest, page, c);
      out.push({ name: `${PAGE_NAMES[page]}: ≥ 50 % of the bare route's requests/s at ${c} connections (${n})`, measured: pct(ratio), ok: ratio >= 0.5 });
    }
    const p95 = at(largest, page, low).p95Ms;
    out.push({ name: `${PAGE_NAMES[page]}: p95 < 100 ms at ${low} connections (${n})`, measured: ms(p95), ok: p95 < 100 });
  }
  const a = largest.aggregation;
  out.push({ name: `yearly numbers ≤ 1.5 × the raw SQL (${n})`, measured: `${a.ratio.toFixed(2)} ×`, ok: a.ratio <= 1.5 });
  out.push({ name: `yearly numbers < 200 ms (${n})`, measured: ms(a.appMs), ok: a.appMs < 200 });
  if (results.sizes.length > 1) {
    for (const page of MEASURED_PAGES) {
      if (page === 'report') continue;
      const g = growth(results, page, low)!;
      out.push({
        name: `${PAGE_NAMES[page]}: time grows ≤ 20 % from ${results.sizes[0]!.assessments.toLocaleString('en')} to ${n} (relative to the bare route, ${low} connections)`,
        measured: `${g >= 0 ? '+' : ''}${pct(g)}`,
        ok: g <= 0.2,
      });
    }
  }
  for (const page of MEASURED_PAGES) {
    const ratio = largest.pages[page].weight.js / largest.pages.bare.weight.js;
    out.push({ name: `${PAGE_NAMES[page]}: JavaScript ≤ 1.5 × the bare route's`, measured: `${ratio.toFixed(2)} ×`, ok: ratio <= 1.5 });
  }
  const findings = results.sizes.reduce((s, x) => s + x.plans.findings.length, 0);
  const statements = results.sizes.reduce((s, x) => s + x.plans.statements, 0);
  out.push({
    name: 'every query of the pages and the report uses an index (EXPLAIN QUERY PLAN, every size)',
    measured: `${findings} full scans in ${statements} plans`,
    ok: findings === 0,
  });
  out.push(...pgBudgets(results));
  return out;
}

/** Saving on PostgreSQL: at least this share of a bare POST's requests/s on the same server (50 connections). */
export const PG_SAVING_BUDGET = 0.25;

/** The PostgreSQL column's budgets, at its largest size: the same ratio as SQLite's for the yearly numbers, and saving against a bare POST. */
function pgBudgets(results: Results): Budget[] {
  const pg = results.postgres;
  if (!isMeasured(pg) || pg.sizes.length === 0) return [];
  const largest = pg.sizes[pg.sizes.length - 1]!;
  const n = largest.assessments.toLocaleString('en');
  const a = largest.aggregation;
  const saving = largest.saving.save.rps / largest.saving.bare.rps;
  return [
    { name: `PostgreSQL: yearly numbers ≤ 1.5 × the raw SQL (${n})`, measured: `${a.ratio.toFixed(2)} ×`, ok: a.ratio <= 1.5 },
    {
      name: `PostgreSQL: saving ≥ ${PG_SAVING_BUDGET.toFixed(2)} × a bare POST's requests/s at 50 connections (${n})`,
      measured: `${saving.toFixed(2)} ×`,
      ok: saving >= PG_SAVING_BUDGET,
    },
  ];
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function markdown(results: Results): string {
  const m = results.machine;
  const lines: string[] = [];
  const row = (...cells: Array<string | number>) => lines.push(`| ${cells.join(' | ')} |`);
  const head = (...cells: string[]) => {
    row(...cells);
    row(...cells.map((c, i) => (i === 0 ? '---' : '---:')));
  };
  lines.push('# Linssi benchmark results', '');
  lines.push(`Run ${results.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}.`);
  lines.push(
    `Sizes ${results.options.sizes.map((s) => s.toLocaleString('en')).join(', ')} assessments; ${results.options.seconds} s per load figure at ${results.options.connections.join(' and ')} connections${results.options.quick ? ' (quick run)' : ''}; ${(results.totalSeconds / 60).toFixed(1)} min in all.`,
    '',
    'Produced by `npm run bench` (bench/run.ts). Times vary from machine to machine: the ratios to the baselines measured in the same run are what the budgets hold.',
    '',
  );
  lines.push('## Budgets', '');
  head('Budget', 'Measured', 'Verdict');
  for (const b of results.budgets) row(b.name, b.measured, b.ok ? 'met' : '**missed**');
  lines.push('');

  lines.push(
    '## Pages under load',
    '',
    'autocannon on loopback, logged in. Each page is measured right after a run of the bare route at the same load; × bare is its requests per second over that run’s. The bare route’s row is the mean of its runs.',
    '',
  );
  head('Assessments', 'Page', 'Connections', 'Requests/s', '× bare', 'p50', 'p95', 'p99');
  for (const size of results.sizes) {
    for (const c of results.options.connections) {
      for (const page of ['bare', ...MEASURED_PAGES] as PageName[]) {
        const l = at(size, page, c);
        row(
          size.assessments.toLocaleString('en'),
          PAGE_NAMES[page],
          c,
          l.rps.toFixed(0),
          rpsRatio(size, page, c).toFixed(2),
          ms(l.p50Ms),
          ms(l.p95Ms),
          ms(l.p99Ms),
        );
      }
    }
  }
  lines.push('');

  const low = Math.min(...results.options.connections);
  lines.push(
    '## Growth',
    '',
    `Mean time of each page over its bare-route run’s at ${low} connections, at each size, and its change from the smallest size to the largest.`,
    '',
  );
  head('Page', ...results.sizes.map((s) => s.assessments.toLocaleString('en')), 'Growth');
  for (const page of MEASURED_PAGES) {
    const g = growth(results, page, low);
    row(PAGE_NAMES[page], ...results.sizes.map((s) => `${relativeTime(s, page, low).toFixed(2)} ×`), g === null ? '–' : `${g >= 0 ? '+' : ''}${pct(g)}`);
  }
  lines.push('');

  lines.push(
    '## Yearly numbers',
    '',
    'The JSON report of the last complete evaluation period, against the same figures written by hand in raw SQL (bench/aggregation.ts), medians; both gave the same figures.',
    '',
  );
  head('Assessments', 'Period', 'Counted', 'App', 'Raw SQL', 'Ratio');
  for (const s of results.sizes) {
    const a = s.aggregation;
    row(
      s.assessments.toLocaleString('en'),
      `${a.period.from} – ${a.period.to}`,
      a.assessments.toLocaleString('en'),
      ms(a.appMs),
      ms(a.rawMs),
      `${a.ratio.toFixed(2)} ×`,
    );
  }
  lines.push('');

  lines.push(
    '## Saving',
    '',
    'Saving a checklist (all answers, rationales and mitigations; the history snapshot and the audit row) at 50 connections, each on its own draft, next to a bare POST of the same form.',
    '',
  );
  head('Assessments', 'Saves/s', '× bare POST', 'p50', 'p95', 'p99', 'Bare POST/s');
  for (const s of results.sizes) {
    const { save, bare } = s.saving;
    row(
      s.assessments.toLocaleString('en'),
      save.rps.toFixed(0),
      (save.rps / bare.rps).toFixed(2),
      ms(save.p50Ms),
      ms(save.p95Ms),
      ms(save.p99Ms),
      bare.rps.toFixed(0),
    );
  }
  lines.push('');

  const largest = results.sizes[results.sizes.length - 1]!;
  lines.push('## Weight', '', 'What the browser downloads for each page, each file gzip-compressed (level 6) as a reverse proxy sends it.', '');
  head('Page', 'JavaScript', '× bare', 'CSS', 'HTML', 'Files');
  for (const page of ['bare', ...MEASURED_PAGES] as PageName[]) {
    const w = largest.pages[page].weight;
    row(PAGE_NAMES[page], kib(w.js), (w.js / largest.pages.bare.weight.js).toFixed(2), kib(w.css), kib(w.html), w.files);
  }
  lines.push('');

  lines.push('## Start, memory and data', '');
  head('Assessments', 'Rows generated', 'Generated in', 'Database', 'Start to first 200', 'Resident memory after the load');
  for (const s of results.sizes) {
    const rows = Object.values(s.generated).reduce((x, y) => x + y, 0);
    row(
      s.assessments.toLocaleString('en'),
      rows.toLocaleString('en'),
      `${s.generateSeconds.toFixed(1)} s`,
      `${s.databaseMiB.toFixed(0)} MiB`,
      `${s.startMs.toFixed(0)} ms`,
      s.rssMiB === null ? '–' : `${s.rssMiB.toFixed(0)} MiB`,
    );
  }
  lines.push('');

  lines.push('## Query plans', '', 'Every statement the pages ran (logged by the server), explained with EXPLAIN QUERY PLAN on the same database.', '');
  head('Assessments', 'Statements', 'Full scans of a large table');
  for (const s of results.sizes)
    row(s.assessments.toLocaleString('en'), s.plans.statements, s.plans.findings.length === 0 ? 'none' : s.plans.findings.map((f) => `${f.detail}`).join('; '));
  lines.push('');
  lines.push(...pgMarkdown(results));
  return `${lines.join('\n')}\n`;
}

/** The PostgreSQL section: the yearly numbers and saving on PostgreSQL, the data, and both databases' ratios side by side. */
function pgMarkdown(results: Results): string[] {
  const pg = results.postgres;
  const lines: string[] = ['## PostgreSQL', ''];
  if (!pg) return [...lines, 'Not measured: these results were written before the bench had a PostgreSQL column (`npm run bench -- --pg-only` adds it).', ''];
  if (!isMeasured(pg)) return [...lines, `Not measured: ${pg.skipped}.`, ''];
  const row = (...cells: Array<string | number>) => lines.push(`| ${cells.join(' | ')} |`);
  const head = (...cells: string[]) => {
    row(...cells);
    row(...cells.map((c, i) => (i === 0 ? '---' : '---:')));
  };
  const set = pg.server.settings;
  const minutes = `${(pg.totalSeconds / 60).toFixed(1)} min`;
  lines.push(
    `PostgreSQL ${pg.server.version}, a throwaway server started for the run from the machine's binaries (scripts/pg-server.ts) on loopback, on the same machine as the app and the load. ` +
      `It runs with a production server's durability, not the test suite's: \`fsync=${set.fsync}\`, \`synchronous_commit=${set.synchronous_commit}\`, \`full_page_writes=${set.full_page_writes}\` ` +
      `(the test suite turns all three off); the rest at PostgreSQL's defaults (\`shared_buffers=${set.shared_buffers}\`, \`work_mem=${set.work_mem}\`, \`jit=${set.jit}\`). ` +
      `The app's pool holds ${pg.server.poolMax} connections (its default).`,
    '',
    `Each size is generated by the same generator with the same seed as for SQLite, on a database of its own, followed by \`VACUUM ANALYZE\` (what autovacuum would long since have done on a live database: planner statistics and the visibility map for index-only scans). ` +
      `Sizes ${pg.options.sizes.map((s) => s.toLocaleString('en')).join(', ')}; ${pg.options.seconds} s per load figure${pg.options.quick ? ' (quick run)' : ''}; ${minutes}` +
      (pg.pgOnly ? `, run ${pg.date.slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- --pg-only\` and merged into these results.` : ' of the run.'),
    '',
    'Every ratio is to a baseline measured in the same run on the same PostgreSQL database and app server.',
    '',
  );

  lines.push(
    '### Yearly numbers on PostgreSQL',
    '',
    'As for SQLite: the JSON report of the last complete evaluation period against the same four GROUP BYs written by hand, alternately, medians; both gave the same figures. The app runs its passes concurrently on its pool; the hand-written SQL one after another.',
    '',
  );
  head('Assessments', 'Period', 'Counted', 'App', 'Raw SQL', 'Ratio');
  for (const s of pg.sizes) {
    const a = s.aggregation;
    row(
      s.assessments.toLocaleString('en'),
      `${a.period.from} – ${a.period.to}`,
      a.assessments.toLocaleString('en'),
      ms(a.appMs),
      ms(a.rawMs),
      `${a.ratio.toFixed(2)} ×`,
    );
  }
  lines.push('');

  lines.push(
    '### Saving on PostgreSQL',
    '',
    'As for SQLite: 50 connections, each saving its own draft (the answers, the history snapshot, the audit row, one transaction, committed to disk), next to a bare POST of the same form to the same server.',
    '',
  );
  head('Assessments', 'Saves/s', '× bare POST', 'p50', 'p95', 'p99', 'Bare POST/s', 'Bare POST p95');
  for (const s of pg.sizes) {
    const { save, bare } = s.saving;
    row(
      s.assessments.toLocaleString('en'),
      save.rps.toFixed(0),
      (save.rps / bare.rps).toFixed(2),
      ms(save.p50Ms),
      ms(save.p95Ms),
      ms(save.p99Ms),
      bare.rps.toFixed(0),
      ms(bare.p95Ms),
    );
  }
  lines.push('');

  lines.push('### Data on PostgreSQL', '');
  head('Assessments', 'Rows generated', 'Generated in', 'VACUUM ANALYZE', 'Database', 'Start to first 200', 'Resident memory after saving');
  for (const s of pg.sizes) {
    const rows = Object.values(s.generated).reduce((x, y) => x + y, 0);
    row(
      s.assessments.toLocaleString('en'),
      rows.toLocaleString('en'),
      `${s.generateSeconds.toFixed(1)} s`,
      `${s.vacuumSeconds.toFixed(1)} s`,
      `${s.databaseMiB.toFixed(0)} MiB`,
      `${s.startMs.toFixed(0)} ms`,
      s.rssMiB === null ? '–' : `${s.rssMiB.toFixed(0)} MiB`,
    );
  }
  lines.push('');

  const both = pg.sizes.filter((p) => results.sizes.some((s) => s.assessments === p.assessments));
  if (both.length > 0) {
    lines.push(
      '### SQLite and PostgreSQL side by side',
      '',
      `Each database's ratios to its own baselines${pg.pgOnly ? ' (the two columns come from different runs)' : ''}; compare ratios, not times.`,
      '',
    );
    head('Assessments', 'Yearly numbers × raw SQL, SQLite', 'PostgreSQL', 'Saving × bare POST, SQLite', 'PostgreSQL');
    for (const p of both) {
      const s = results.sizes.find((x) => x.assessments === p.assessments)!;
      row(
        p.assessments.toLocaleString('en'),
        `${s.aggregation.ratio.toFixed(2)} ×`,
        `${p.aggregation.ratio.toFixed(2)} ×`,
        (s.saving.save.rps / s.saving.bare.rps).toFixed(2),
        (p.saving.save.rps / p.saving.bare.rps).toFixed(2),
      );
    }
    lines.push('');
  }
  return lines;
}
