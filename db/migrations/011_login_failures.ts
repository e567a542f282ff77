import type { Knex } from 'knex';

// Login throttling: failed attempts by user name and by network address, in the
// database so that the limits hold across app processes.
export async function up(db: Knex) {
  await db.schema.createTable('login_failures', (t) => {
    t.increments('id');
    t.string('username', 64).notNullable();
    t.string('address', 64).notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['username', 'at']);
    t.index(['address', 'at']);
    t.index(['at']);
  });
}

export async function down(db: Knex) {
  await db.schema.dropTable('login_failures');
}
