import type { Knex } from 'knex';

// An attempt to give a password (a login, or the current password on /password) is
// counted before the password is checked, as a row here marked pending, so that attempts in
// flight count toward the limits. A wrong password leaves the row (no longer pending); a right
// one deletes it. A success clears the name's finished failures, never those still in flight.
export async function up(db: Knex) {
  await db.schema.alterTable('login_failures', (t) => {
    t.boolean('pending').notNullable().defaultTo(false);
  });
}

export async function down(db: Knex) {
  await db.schema.alterTable('login_failures', (t) => {
    t.dropColumn('pending');
  });
}
