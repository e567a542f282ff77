/** What the check prints: `ok - …`, `FAIL - …` (with the last lines of the detail) and `not checked - …: why`, and the tally. */

export const tally = { passed: 0, failed: 0, started: Date.now() };

export function ok(name: string) {
  tally.passed++;
  console.log(`ok - ${name}`);
}

export function fail(name: string, detail?: string) {
  tally.failed++;
  console.log(`FAIL - ${name}`);
  if (detail) for (const line of detail.trimEnd().split('\n').slice(-25)) console.log(`#   ${line}`);
}

export function check(condition: unknown, name: string, detail?: string): boolean {
  if (condition) ok(name);
  else fail(name, detail);
  return Boolean(condition);
}

export function notChecked(what: string, why: string) {
  console.log(`not checked - ${what}: ${why}`);
}
