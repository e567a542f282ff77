import type { Knex } from 'knex';

export async function up(db: Knex) {
  await db.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('username', 64).notNullable().unique();
    t.string('display_name', 200).notNullable();
    t.string('email', 254);
    t.string('password_hash', 255).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.string('language', 2).notNullable().defaultTo('fi');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await db.schema.createTable('user_roles', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('role', 16).notNullable();
    t.primary(['user_id', 'role']);
  });
  await db.schema.createTable('sessions', (t) => {
    // SHA-256 of the cookie's token: a copy of the table does not let anyone log in.
    t.string('id', 64).primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['user_id']);
  });
}

export async function down(db: Knex) {
  await db.schema.dropTable('sessions');
  await db.schema.dropTable('user_roles');
  await db.schema.dropTable('users');
}
