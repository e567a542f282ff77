// The counts of a vitest run from its JSON report, for the "N passed, N failed" line of
// npm test and npm run test:pg. A run that failed without a failed test (a file that could not
// load, a hook that threw) counts as at least one failure; a missing report as one.
import fs from 'node:fs';
import path from 'node:path';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export function countsOf(report: string, status: number): Counts {
  if (!fs.existsSync(report)) return { passed: 0, failed: 1, skipped: 0 };
  const result = JSON.parse(fs.readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  return {
    passed: result.numPassedTests,
    failed: result.numFailedTests + (result.numFailedTests === 0 && status !== 0 ? Math.max(1, result.numFailedTestSuites) : 0),
    skipped: result.numPendingTests + result.numTodoTests,
  };
}

/**
 * Each project's summed file time, its wall-clock span (first file's start to last file's end) and
 * the slowest files, from the same report: CI's time is the project's own limit, so every run shows
 * where it goes. (Files of a project run side by side, so a project's sum can be more than its span.)
 */
export function timesOf(report: string, slowest = 8): string {
  if (!fs.existsSync(report)) return '';
  const result = JSON.parse(fs.readFileSync(report, 'utf8')) as {
    testResults: Array<{ name: string; startTime: number; endTime: number }>;
  };
  const files = result.testResults.map((f) => ({
    name: path.relative(process.cwd(), f.name),
    start: f.startTime,
    end: f.endTime,
    seconds: Math.max(0, (f.endTime - f.startTime) / 1000),
  }));
  const projects = new Map<string, { seconds: number; start: number; end: number }>();
  for (const f of files) {
    const project = f.name.split(path.sep)[1] ?? '?';
    const p = projects.get(project) ?? { seconds: 0, start: f.start, end: f.end };
    projects.set(project, { seconds: p.seconds + f.seconds, start: Math.min(p.start, f.start), end: Math.max(p.end, f.end) });
  }
  const lines = ['Time per project (sum of its files; first start to last end):'];
  for (const [project, p] of projects) {
    lines.push(`  ${project.padEnd(12)} ${p.seconds.toFixed(0).padStart(5)} s; ${((p.end - p.start) / 1000).toFixed(0).padStart(5)} s`);
  }
  lines.push(`Slowest ${slowest} files:`);
  for (const f of files.sort((a, b) => b.seconds - a.seconds).slice(0, slowest)) {
    lines.push(`  ${f.seconds.toFixed(1).padStart(6)} s  ${f.name}`);
  }
  return lines.join('\n');
}
