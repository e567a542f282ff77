import type { Knex } from 'knex';

// The audit log is append-only (Information Management Act 906/2019, 17 §): the database itself
// refuses to change or remove a row, whatever the application does.
export async function up(db: Knex) {
  await db.schema.alterTable('audit_log', (t) => {
    t.string('outcome', 16).notNullable().defaultTo('success');
    t.index(['at']);
    t.index(['user_id', 'at']);
    t.index(['action', 'at']);
  });
  if (db.client.config.client === 'pg') {
    await db.raw(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END;
      $$ LANGUAGE plpgsql`);
    await db.raw(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  } else {
    await db.raw(`
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    await db.raw(`
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
  }
}

export async function down(db: Knex) {
  if (db.client.config.client === 'pg') {
    await db.raw('DROP TRIGGER audit_log_append_only ON audit_log');
    await db.raw('DROP FUNCTION audit_log_append_only()');
  } else {
    await db.raw('DROP TRIGGER audit_log_no_update');
    await db.raw('DROP TRIGGER audit_log_no_delete');
  }
  await db.schema.alterTable('audit_log', (t) => {
    t.dropIndex(['action', 'at']);
    t.dropIndex(['user_id', 'at']);
    t.dropIndex(['at']);
    t.dropColumn('outcome');
  });
}
