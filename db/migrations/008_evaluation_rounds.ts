import type { Knex } from 'knex';

// The group's yearly evaluation: a round for a period, its shared answers to the
// seed's questions, the management team's survey, and the summary sent to the board.
export async function up(db: Knex) {
  await db.schema.createTable('evaluation_rounds', (t) => {
    t.increments('id');
    t.date('period_from').notNullable();
    t.date('period_to').notNullable();
    // open → sent (to the municipal board; frozen) → presented (to the council)
    t.string('status', 16).notNullable().defaultTo('open');
    t.boolean('survey_open').notNullable().defaultTo(false);
    t.text('summary');
    t.text('proposals');
    t.date('sent_on');
    t.text('board_comments');
    t.date('presented_on');
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['period_from', 'period_to']);
  });
  await db.schema.createTable('round_answers', (t) => {
    t.integer('round_id').notNullable().references('evaluation_rounds.id').onDelete('CASCADE');
    // '<principle key>:<question number>'
    t.string('question_key', 80).notNullable();
    t.text('text').notNullable().defaultTo('');
    t.integer('version').notNullable().defaultTo(1);
    t.integer('updated_by').references('users.id');
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['round_id', 'question_key']);
  });
  await db.schema.createTable('survey_responses', (t) => {
    t.increments('id');
    t.integer('round_id').notNullable().references('evaluation_rounds.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id');
    t.string('status', 8).notNullable().defaultTo('draft');
    t.text('answers').notNullable().defaultTo('{}');
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true });
    t.unique(['round_id', 'user_id']);
  });
}

export async function down(db: Knex) {
  await db.schema.dropTable('survey_responses');
  await db.schema.dropTable('round_answers');
  await db.schema.dropTable('evaluation_rounds');
}
