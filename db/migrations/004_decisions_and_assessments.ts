import type { Knex } from 'knex';

export async function up(db: Knex) {
  await db.schema.createTable('decisions', (t) => {
    t.increments('id');
    t.string('title', 300).notNullable();
    t.string('case_number', 64);
    t.integer('body_id').notNullable().references('bodies.id');
    t.integer('department_id').notNullable().references('departments.id');
    t.date('meeting_date').notNullable();
    t.text('description').notNullable();
    t.boolean('confidential').notNullable().defaultTo(false);
    t.integer('author_id').notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['author_id', 'meeting_date']);
    t.index(['department_id', 'meeting_date']);
    t.index(['meeting_date']);
  });
  await db.schema.createTable('assessments', (t) => {
    t.increments('id');
    t.integer('decision_id').notNullable().references('decisions.id').onDelete('CASCADE');
    t.integer('framework_version_id').notNullable().references('framework_versions.id');
    // A decision will carry alternatives (the proposal, a zero option…); the proposal counts in reports.
    t.boolean('is_proposal').notNullable().defaultTo(true);
    t.string('label', 200);
    t.string('status', 16).notNullable().defaultTo('draft');
    // Optimistic locking: every save names the version it started from.
    t.integer('version').notNullable().defaultTo(1);
    t.integer('updated_by').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('submitted_at', { useTz: true });
    t.index(['decision_id']);
    t.index(['status']);
  });
  await db.schema.createTable('assessment_answers', (t) => {
    t.integer('assessment_id').notNullable().references('assessments.id').onDelete('CASCADE');
    t.integer('principle_id').notNullable().references('principles.id');
    // 'scored' (with score −2…+2), 'not_relevant' or 'knowledge_gap'; NULL while unanswered.
    t.string('answer_kind', 16);
    t.integer('score');
    t.text('rationale');
    t.text('mitigation');
    t.primary(['assessment_id', 'principle_id']);
    t.index(['principle_id']);
  });
  await db.schema.createTable('assessment_projects', (t) => {
    t.integer('assessment_id').notNullable().references('assessments.id').onDelete('CASCADE');
    t.integer('principle_id').notNullable().references('principles.id');
    t.primary(['assessment_id', 'principle_id']);
    t.index(['principle_id']);
  });
}

export async function down(db: Knex) {
  await db.schema.dropTable('assessment_projects');
  await db.schema.dropTable('assessment_answers');
  await db.schema.dropTable('assessments');
  await db.schema.dropTable('decisions');
}
