// npm run import -- FILE.csv [--user USERNAME] [--replace ID,ID,…]
// Imports earlier assessments from a CSV file into the database that DATABASE_URL names, all or
// nothing. The import is recorded as the active admin named by --user, or the first
// one; any other user is refused (the role check of /admin/import). At most 500 rows
// a file (split a longer history); at most 100 problems are printed, the rest counted.
// A row whose case number belongs to a decision made in the app (not by an import) is refused,
// unless --replace names that decision's id and its state allows it (ADR 011); only an
// admin may replace. Prints "Created N, updated M decisions." (and "Replaced K decisions made in
// the app."), or every problem of the file in Finnish as "rivi L, sarake C: syy" and exits with 1.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createDb } from '../db/connection';
import { type ImportError, parseReplaceChoices } from '../app/domain/import';
import { type MessageKey, translator } from '../app/i18n';
import { findImporter, importCsvFile } from '../app/models/import.server';

function fail(message: string): never {
  console.error(`import: ${message}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  options: { user: { type: 'string' }, replace: { type: 'string', multiple: true, default: [] } },
  allowPositionals: true,
});
if (positionals.length !== 1) fail('give one CSV file: npm run import -- FILE.csv [--user USERNAME] [--replace ID,ID,…]');
const replaceIds = (values.replace ?? [])
  .flatMap((v) => v.split(','))
  .map((v) => v.trim())
  .filter(Boolean);
for (const id of replaceIds) if (!/^\d{1,9}$/.test(id)) fail(`--replace takes decision ids separated by commas, not ${id}`);
const replace = parseReplaceChoices(replaceIds);
const file = positionals[0]!;
let bytes: Buffer;
try {
  bytes = fs.readFileSync(file);
} catch (error) {
  fail(`cannot read ${file}: ${(error as Error).message}`);
}

const fi = translator('fi');
const en = translator('en');
function describe(error: ImportError): string {
  const reason = fi(`dataImport.errors.${error.code}` as MessageKey, error.params);
  return error.column === null
    ? fi('dataImport.errorLineNoColumn', { line: error.line, reason })
    : fi('dataImport.errorLine', { line: error.line, column: error.column, reason });
}

const db = createDb();
let exitCode = 0;
try {
  await db.migrate.latest();
  const importer = await findImporter(values.user, db);
  if (!importer) {
    // The web's role check (ADR 017): only an active admin imports.
    fail(
      values.user
        ? `${values.user} is not an active admin: only an admin may import (as on /admin/import)`
        : 'no active admin: create one with npm run user:create -- --role admin',
    );
  }
  const result = await importCsvFile(bytes, importer, 'cli', db, { replace });
  if (result.ok) {
    console.log(en('dataImport.cliResult', { created: result.created, updated: result.updated }));
    if (result.replaced > 0) console.log(en('dataImport.cliReplaced', { replaced: result.replaced }));
  } else {
    for (const error of result.errors) console.error(describe(error));
    if (result.more) console.error(fi('dataImport.errorsMore', { count: result.more }));
    exitCode = 1;
  }
} finally {
  await db.destroy();
}
process.exit(exitCode);
