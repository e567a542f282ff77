import type { Knex } from 'knex';

export async function up(db: Knex) {
  await db.schema.createTable('settings', (t) => {
    t.string('key', 64).primary();
    t.text('value').notNullable();
  });
  await db.schema.createTable('bodies', (t) => {
    t.increments('id');
    t.string('name', 200).notNullable().unique();
    t.integer('sort_order').notNullable().defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
  });
  await db.schema.createTable('departments', (t) => {
    t.increments('id');
    t.string('name', 200).notNullable().unique();
    t.integer('sort_order').notNullable().defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
  });
  await db.schema.createTable('user_departments', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('department_id').notNullable().references('departments.id');
    // 'member': works in the department; 'lead': reviews its assessments (manager).
    t.string('relation', 8).notNullable();
    t.primary(['user_id', 'department_id', 'relation']);
    t.index(['department_id', 'relation']);
  });
}

export async function down(db: Knex) {
  await db.schema.dropTable('user_departments');
  await db.schema.dropTable('departments');
  await db.schema.dropTable('bodies');
  await db.schema.dropTable('settings');
}
