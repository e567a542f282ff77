import type { Knex } from 'knex';

/** The tables the reports are computed from: a write to any of them is a change of the data. */
export const WATCHED_TABLES = [
  'decisions',
  'assessments',
  'assessment_answers',
  'assessment_projects',
  'bodies',
  'departments',
  'framework_versions',
  'dimensions',
  'principles',
  'evaluation_rounds',
  'round_answers',
] as const;

// For 100,000 assessments (ADR 013):
// - decisions by body: the organisation page counts each body's decisions (departments had an index).
// - covering indexes for the yearly numbers: a period's assessments and their answers are read from
//   the indexes alone, not from the rows (which hold the texts): 224 → 134 ms for the four passes.
// - data_generation: one number that every committed change of the watched tables raises, kept by
//   the database itself (triggers), so that a report computed from the data can be reused until
//   the data changes, by every app server on the database (app/utils/cache.server.ts). On
//   PostgreSQL the trigger is deferred to the commit and raises the number once per transaction:
//   the row is then locked only while a writer commits, not while it works.
export async function up(db: Knex) {
  await db.schema.alterTable('decisions', (t) => {
    t.index(['body_id', 'meeting_date']);
  });
  await db.schema.alterTable('assessments', (t) => {
    t.index(['decision_id', 'is_proposal', 'status']);
  });
  await db.schema.alterTable('assessment_answers', (t) => {
    t.index(['assessment_id', 'principle_id', 'answer_kind', 'score']);
  });
  await db.schema.createTable('data_generation', (t) => {
    t.integer('id').primary();
    t.bigInteger('n').notNullable();
  });
  await db('data_generation').insert({ id: 1, n: 0 });
  if (db.client.config.client === 'pg') {
    await db.raw(`
      CREATE FUNCTION data_generation_bump() RETURNS trigger AS $$
      BEGIN
        IF current_setting('linssi.generation_bumped', true) IS DISTINCT FROM txid_current()::text THEN
          PERFORM set_config('linssi.generation_bumped', txid_current()::text, true);
          UPDATE data_generation SET n = n + 1 WHERE id = 1;
        END IF;
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql`);
    for (const table of WATCHED_TABLES) {
      await db.raw(`
        CREATE CONSTRAINT TRIGGER data_generation_${table} AFTER INSERT OR UPDATE OR DELETE ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_generation_bump()`);
    }
  } else {
    for (const table of WATCHED_TABLES) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        await db.raw(`
          CREATE TRIGGER data_generation_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
          BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END`);
      }
    }
  }
}

export async function down(db: Knex) {
  if (db.client.config.client === 'pg') {
    for (const table of WATCHED_TABLES) await db.raw(`DROP TRIGGER data_generation_${table} ON ${table}`);
    await db.raw('DROP FUNCTION data_generation_bump()');
  } else {
    for (const table of WATCHED_TABLES) {
      for (const event of ['insert', 'update', 'delete']) await db.raw(`DROP TRIGGER data_generation_${table}_${event}`);
    }
  }
  await db.schema.dropTable('data_generation');
  await db.schema.alterTable('assessment_answers', (t) => {
    t.dropIndex(['assessment_id', 'principle_id', 'answer_kind', 'score']);
  });
  await db.schema.alterTable('assessments', (t) => {
    t.dropIndex(['decision_id', 'is_proposal', 'status']);
  });
  await db.schema.alterTable('decisions', (t) => {
    t.dropIndex(['body_id', 'meeting_date']);
  });
}
