// npm test: the type check, the lint, the build, then every vitest suite (unit, integration against a real
// server, end-to-end in Chromium); the last line sums them all as "N passed, N failed".
//   npm run check                 only the type check, the lint and the build
//   npm test -- --no-checks       only the tests (on the build there is): .ci/run runs the checks
//                                 first, while better-sqlite3 compiles, which the tests need
// Other arguments go to vitest.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countsOf, timesOf } from './vitest-summary';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

/** Runs a command with its output kept; resolves to its status, its output and its time. */
function runQuietly(cmd: string, args: string[], env: Record<string, string> = {}) {
  const started = Date.now();
  return new Promise<{ status: number; output: string; seconds: number }>((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ status: code ?? 1, output, seconds: Math.round((Date.now() - started) / 1000) }));
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;
const args = process.argv.slice(2);
const checksOnly = args.includes('--checks-only');
const noChecks = args.includes('--no-checks');
const extra = args.filter((a) => a !== '--checks-only' && a !== '--no-checks');

// The three checks before the tests are independent and mostly single-threaded: they run side by
// side, and each one's output is printed whole, in this order, when all three are done.
const checks = [
  { title: 'Type check (tsc --noEmit): a missing English message fails here', cmd: bin('tsc'), args: ['--noEmit'] },
  { title: 'Lint (eslint, prettier --check): npm run format fixes the formatting', cmd: 'npm', args: ['run', '--silent', 'lint'] },
  { title: 'Build (remix build)', cmd: bin('remix'), args: ['build'], env: { NODE_ENV: 'production' } },
];
if (!noChecks) {
  const results = await Promise.all(checks.map((c) => runQuietly(c.cmd, c.args, c.env)));
  for (const [i, c] of checks.entries()) {
    const r = results[i]!;
    console.log(`\n== ${c.title} (${r.seconds} s) ==`);
    if (r.output) process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
    if (r.status === 0) passed++;
    else failed++;
  }
  if (checksOnly || results[2]!.status !== 0) {
    console.log(`\n${passed} passed, ${failed} failed`);
    process.exit(failed > 0 ? 1 : 0);
  }
}

const report = path.join(root, '.tmp', 'vitest-report.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
console.log('\n== Tests (vitest: unit, integration, e2e) ==');
const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);
const counts = countsOf(report, status);
console.log(`\n${timesOf(report)}`);
passed += counts.passed;
failed += counts.failed;
skipped += counts.skipped;
const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
console.log(`\n${line}`);
process.exit(failed > 0 ? 1 : 0);
