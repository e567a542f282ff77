import type { Knex } from 'knex';

export async function up(db: Knex) {
  await db.schema.createTable('frameworks', (t) => {
    t.increments('id');
    t.string('key', 64).notNullable().unique();
    t.string('name', 300).notNullable();
  });
  await db.schema.createTable('framework_versions', (t) => {
    t.increments('id');
    t.integer('framework_id').notNullable().references('frameworks.id');
    t.string('key', 64).notNullable().unique();
    t.string('name', 300).notNullable();
    t.string('approved_by', 200);
    t.date('approved_on');
    t.date('valid_from').notNullable();
    t.date('valid_to');
    t.string('status', 16).notNullable().defaultTo('draft');
    // Vision name, hashtag, the yearly evaluation rule: shown, never queried.
    t.text('metadata').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['status', 'valid_from']);
  });
  await db.schema.createTable('dimensions', (t) => {
    t.increments('id');
    t.integer('version_id').notNullable().references('framework_versions.id').onDelete('CASCADE');
    t.string('key', 64).notNullable();
    t.string('name', 300).notNullable();
    t.text('question');
    // 'scored': every assessment answers each principle; 'linked': projects a decision advances.
    t.string('kind', 8).notNullable();
    t.text('evaluation_questions').notNullable().defaultTo('[]');
    t.integer('sort_order').notNullable();
    t.unique(['version_id', 'key']);
  });
  await db.schema.createTable('principles', (t) => {
    t.increments('id');
    t.integer('version_id').notNullable().references('framework_versions.id').onDelete('CASCADE');
    t.integer('dimension_id').notNullable().references('dimensions.id').onDelete('CASCADE');
    t.string('key', 64).notNullable();
    t.string('title', 300).notNullable();
    t.text('description').notNullable();
    t.text('guiding_questions').notNullable().defaultTo('[]');
    t.string('scope', 64);
    t.integer('sort_order').notNullable();
    t.unique(['version_id', 'key']);
    t.index(['dimension_id']);
  });
}

export async function down(db: Knex) {
  await db.schema.dropTable('principles');
  await db.schema.dropTable('dimensions');
  await db.schema.dropTable('framework_versions');
  await db.schema.dropTable('frameworks');
}
