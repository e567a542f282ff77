import type { Knex } from 'knex';

// Strategy versions edited in the app (ADR 012): which version a draft was copied from, who
// activated it and when, and when it was last changed (the editor's optimistic check).
export async function up(db: Knex) {
  await db.schema.alterTable('framework_versions', (t) => {
    t.integer('based_on_id').references('framework_versions.id');
    t.timestamp('activated_at', { useTz: true });
    t.integer('activated_by').references('users.id');
    t.timestamp('updated_at', { useTz: true });
  });
}

export async function down(db: Knex) {
  await db.schema.alterTable('framework_versions', (t) => {
    t.dropColumn('updated_at');
    t.dropColumn('activated_by');
    t.dropColumn('activated_at');
    t.dropColumn('based_on_id');
  });
}
