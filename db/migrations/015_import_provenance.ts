import type { Knex } from 'knex';

// An import changes only what imports made. A decision created by an import
// carries the time it was imported; one made in the app has none, and an import refuses its case
// number unless the admin chooses to replace it (ADR 011). Decisions imported before this
// migration are found by their audit rows ('decision.import' with created: true; the audit log
// cannot be changed, so it is a faithful record). And the file of an import that waits for the
// admin's confirmation is kept on the server for its admin, named by a token of which only the
// SHA-256 is stored, for an hour.
export async function up(db: Knex) {
  await db.schema.alterTable('decisions', (t) => {
    t.timestamp('imported_at', { useTz: true }).nullable();
  });
  await markImported(db);

  await db.schema.createTable('pending_imports', (t) => {
    t.increments('id');
    t.string('token_hash', 64).notNullable().unique();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('file_name', 255).notNullable().defaultTo('');
    t.text('content').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['created_at']);
  });
}

/** Marks the decisions that imports created before this migration, from their audit rows. */
export async function markImported(db: Knex) {
  const rows = await db('audit_log').where({ action: 'decision.import', entity_type: 'decision' }).select('entity_id', 'at', 'details');
  const firstImport = new Map<number, string>();
  for (const row of rows) {
    const details = typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : (row.details as Record<string, unknown>);
    if (details?.created !== true || row.entity_id === null) continue;
    const at = (row.at as unknown) instanceof Date ? (row.at as unknown as Date).toISOString() : String(row.at);
    const id = Number(row.entity_id);
    if (!firstImport.has(id) || at < firstImport.get(id)!) firstImport.set(id, at);
  }
  for (const [id, at] of firstImport) await db('decisions').where({ id }).update({ imported_at: at });
}

export async function down(db: Knex) {
  await db.schema.dropTable('pending_imports');
  await db.schema.alterTable('decisions', (t) => {
    t.dropColumn('imported_at');
  });
}
