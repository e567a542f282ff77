// The counts of a vitest run from its JSON report, for the "N passed, N failed" line of
// npm test and npm run test:pg. A run that failed without a failed test (a file that could not
// load, a hook that threw) counts as at least one failure; a missing report as one.
import fs from 'node:fs';

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
