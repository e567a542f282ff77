// npm test: the type check, the lint, the build, then every vitest suite (unit, integration against a real
// server, end-to-end in Chromium); the last line sums them all as "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countsOf, timesOf } from './vitest-summary';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

let passed = 0;
let failed = 0;
let skipped = 0;

console.log('\n== Type check (tsc --noEmit): a missing English message fails here ==');
if (run(bin('tsc'), ['--noEmit']) === 0) passed++;
else failed++;

console.log('\n== Lint (eslint, prettier --check): npm run format fixes the formatting ==');
if (run('npm', ['run', '--silent', 'lint']) === 0) passed++;
else failed++;

console.log('\n== Build (remix build) ==');
if (run(bin('remix'), ['build'], { NODE_ENV: 'production' }) !== 0) {
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}
passed++;

const report = path.join(root, '.tmp', 'vitest-report.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
const extra = process.argv.slice(2);
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
