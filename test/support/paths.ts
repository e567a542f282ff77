import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TMP = path.join(ROOT, '.tmp');
/** A migrated database with the base data and the demo data, made once per run by global-setup.ts. */
export const BASE_DB = path.join(TMP, 'test-base.db');
