import type { Knex } from 'knex';

export async function up(db: Knex) {
  await db.schema.alterTable('decisions', (t) => {
    // The body's decision, recorded after the meeting; the assessment is then frozen.
    t.string('outcome', 32);
    t.string('minutes_section', 16);
    t.timestamp('decided_at', { useTz: true });
    t.integer('decided_by').references('users.id');
    // Lower-cased title, case number and description, for the same case-insensitive search on
    // SQLite (whose lower() knows ASCII only) and PostgreSQL.
    t.text('search_text');
  });
  await db.schema.createTable('assessment_snapshots', (t) => {
    t.increments('id');
    t.integer('assessment_id').notNullable().references('assessments.id').onDelete('CASCADE');
    t.integer('version').notNullable();
    // saved, routine, submitted, returned, approved, decided, details
    t.string('event', 16).notNullable();
    t.integer('user_id').references('users.id');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('content').notNullable();
    t.index(['assessment_id', 'version']);
  });
  await db.schema.createTable('reviews', (t) => {
    t.increments('id');
    t.integer('assessment_id').notNullable().references('assessments.id').onDelete('CASCADE');
    t.integer('assessment_version').notNullable();
    t.integer('reviewer_id').notNullable().references('users.id');
    t.string('outcome', 16).notNullable();
    t.text('comment');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['assessment_id', 'created_at']);
  });
  await db.schema.createTable('review_comments', (t) => {
    t.integer('review_id').notNullable().references('reviews.id').onDelete('CASCADE');
    t.string('principle_key', 64).notNullable();
    t.text('comment').notNullable();
    t.primary(['review_id', 'principle_key']);
  });
  await db.schema.alterTable('assessments', (t) => {
    t.index(['status', 'decision_id']);
  });
  // Fill the search text of the decisions made before this migration, in batches.
  let lastId = 0;
  for (;;) {
    const rows = await db('decisions').where('id', '>', lastId).orderBy('id').limit(500).select('id', 'title', 'case_number', 'description');
    if (rows.length === 0) break;
    for (const row of rows) {
      const text = [row.title, row.case_number ?? '', row.description].join(' ').toLocaleLowerCase('fi');
      await db('decisions').where({ id: row.id }).update({ search_text: text });
    }
    lastId = rows[rows.length - 1]!.id;
  }
}

export async function down(db: Knex) {
  await db.schema.alterTable('assessments', (t) => t.dropIndex(['status', 'decision_id']));
  await db.schema.dropTable('review_comments');
  await db.schema.dropTable('reviews');
  await db.schema.dropTable('assessment_snapshots');
  await db.schema.alterTable('decisions', (t) => {
    t.dropColumn('search_text');
    t.dropForeign(['decided_by']);
    t.dropColumn('decided_by');
    t.dropColumn('decided_at');
    t.dropColumn('minutes_section');
    t.dropColumn('outcome');
  });
}
