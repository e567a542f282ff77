import type { Knex } from 'knex';

export async function up(db: Knex) {
  await db.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.timestamp('at', { useTz: true }).notNullable();
    t.integer('user_id').references('users.id');
    t.string('action', 64).notNullable();
    t.string('entity_type', 32).notNullable();
    t.integer('entity_id');
    t.text('details').notNullable().defaultTo('{}');
    t.index(['entity_type', 'entity_id']);
  });
}

export async function down(db: Knex) {
  await db.schema.dropTable('audit_log');
}
