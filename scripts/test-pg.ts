// npm run test:pg [-- --no-build] [vitest arguments]: the whole integration suite against
// PostgreSQL. With TEST_DATABASE_URL (a superuser's URL: the suite creates and drops its own
// databases there) it uses that server; otherwise it starts a throwaway PostgreSQL from the
// machine's binaries in a temporary directory on a free loopback port (scripts/pg-server.ts) and
// stops it afterwards. The last line is "N passed, N failed", as for npm test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countsOf, timesOf } from './vitest-summary';
import { type PgServer, pgBinDir, startPgServer } from './pg-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const extra = args.filter((a) => a !== '--no-build');

function finish(passed: number, failed: number, skipped = 0): never {
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 ? 1 : 0);
}

let server: PgServer | undefined;
let url = process.env.TEST_DATABASE_URL;
if (!url) {
  if (!pgBinDir()) {
    console.error('PostgreSQL was not found: install it (apt-get install postgresql) or set PG_BIN, or give TEST_DATABASE_URL.');
    finish(0, 1);
  }
  server = await startPgServer();
  url = server.adminUrl;
  console.log(`A throwaway PostgreSQL on ${url} (${server.dir}); it is stopped and removed at the end.`);
}
const stop = () => server?.stop();
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});

/**
 * Files whose every test is the same on either dialect: npm test runs them, and running them again
 * here would prove nothing new and cost CI minutes. Each is named, with why, in every run.
 * (Only when no file is named on the command line: then the files asked for run, whatever they are.)
 */
const SAME_ON_EVERY_DIALECT: Array<[file: string, why: string]> = [
  [
    'test/integration/bench.test.ts',
    'the bench makes its own SQLite databases and, where the binaries are, its own PostgreSQL; TEST_DATABASE_URL changes nothing in it',
  ],
  ['test/integration/limits.test.ts', 'body, header and time limits are enforced by server.js before any route or database is reached'],
  ['test/integration/return-address.test.ts', 'the return-address check is a pure function on the request; no row is read or written'],
];
const namesFiles = extra.some((a) => a.endsWith('.test.ts'));
const excluded = namesFiles ? [] : SAME_ON_EVERY_DIALECT;

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  if (!noBuild) {
    console.log('\n== Build (remix build) ==');
    const built = spawnSync(bin('remix'), ['build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (built.status !== 0) {
      stop();
      finish(0, 1);
    }
  }
  const report = path.join(root, '.tmp', 'vitest-report-pg.json');
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.rmSync(report, { force: true });
  console.log('\n== Integration tests on PostgreSQL (vitest --project integration, TEST_DATABASE_URL) ==');
  for (const [file, why] of excluded) console.log(`Not run again on PostgreSQL (npm test runs it): ${file}: ${why}`);
  const exclude = excluded.flatMap(([file]) => ['--exclude', file]);
  const status =
    spawnSync(
      bin('vitest'),
      ['run', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...exclude, ...extra],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, TEST_DATABASE_URL: url },
      },
    ).status ?? 1;
  const counts = countsOf(report, status);
  console.log(`\n${timesOf(report)}`);
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
} finally {
  stop();
}
finish(passed, failed, skipped);
