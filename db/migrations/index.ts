import type { Knex } from 'knex';
import * as m001 from './001_users_and_sessions';
import * as m002 from './002_organisation';
import * as m003 from './003_strategy';
import * as m004 from './004_decisions_and_assessments';
import * as m005 from './005_audit_log';
import * as m006 from './006_review_history_decision';
import * as m007 from './007_audit_append_only';
import * as m008 from './008_evaluation_rounds';
import * as m009 from './009_decision_import';
import * as m010 from './010_strategy_versions';
import * as m011 from './011_login_failures';
import * as m012 from './012_pending_posts';
import * as m013 from './013_scale';
import * as m014 from './014_login_attempts_in_flight';
import * as m015 from './015_import_provenance';

type Migration = { up: (db: Knex) => Promise<void>; down: (db: Knex) => Promise<void> };

// Listed here rather than read from the folder, so that the same migrations run from
// the command line (tsx) and from the bundled server. Append only; never edit one that has landed.
const migrations: Array<[string, Migration]> = [
  ['001_users_and_sessions', m001],
  ['002_organisation', m002],
  ['003_strategy', m003],
  ['004_decisions_and_assessments', m004],
  ['005_audit_log', m005],
  ['006_review_history_decision', m006],
  ['007_audit_append_only', m007],
  ['008_evaluation_rounds', m008],
  ['009_decision_import', m009],
  ['010_strategy_versions', m010],
  ['011_login_failures', m011],
  ['012_pending_posts', m012],
  ['013_scale', m013],
  ['014_login_attempts_in_flight', m014],
  ['015_import_provenance', m015],
];

export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => migrations,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
