// npm run report -- --from 2018-09-01 --to 2019-08-31 --format json
// The yearly numbers of a period from the database that DATABASE_URL names, printed to stdout.
// Without dates: the current evaluation period (1 September – 31 August).
import { parseArgs } from 'node:util';
import { createDb } from '../db/connection';
import { parseDateInput, todayInHelsinki } from '../app/domain/dates';
import { evaluationPeriodOf } from '../app/domain/period';
import { yearlyNumbers } from '../app/models/report.server';

function fail(message: string): never {
  console.error(`report: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', default: 'json' },
  },
});
if (values.format !== 'json') fail(`unknown --format ${values.format}: only json is available here (the app serves CSV, XLSX and DOCX)`);
const standard = evaluationPeriodOf(todayInHelsinki());
const from = values.from ? (parseDateInput(values.from) ?? fail(`--from ${values.from} is not a date (YYYY-MM-DD or D.M.YYYY)`)) : standard.from;
const to = values.to ? (parseDateInput(values.to) ?? fail(`--to ${values.to} is not a date (YYYY-MM-DD or D.M.YYYY)`)) : standard.to;
if (from > to) fail('--from is after --to');

const db = createDb();
try {
  await db.migrate.latest();
  const numbers = await yearlyNumbers({ period: { from, to, year: null } }, db);
  process.stdout.write(`${JSON.stringify(numbers, null, 2)}\n`);
} finally {
  await db.destroy();
}
