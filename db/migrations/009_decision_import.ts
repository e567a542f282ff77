import type { Knex } from 'knex';

// Import of earlier assessments: the preparer as free text, and the case number as the
// import's key (looked up, so indexed).
export async function up(db: Knex) {
  await db.schema.alterTable('decisions', (t) => {
    t.string('preparer', 200);
    t.index(['case_number']);
  });
}

export async function down(db: Knex) {
  await db.schema.alterTable('decisions', (t) => {
    t.dropIndex(['case_number']);
    t.dropColumn('preparer');
  });
}
