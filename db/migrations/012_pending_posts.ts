import type { Knex } from 'knex';

// A form posted after its session expired: kept for its user until they have logged in
// again, so that nothing they wrote is lost. Only the SHA-256 of the token that names it is stored.
export async function up(db: Knex) {
  await db.schema.createTable('pending_posts', (t) => {
    t.increments('id');
    t.string('token_hash', 64).notNullable().unique();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('path', 2000).notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['created_at']);
  });
}

export async function down(db: Knex) {
  await db.schema.dropTable('pending_posts');
}
