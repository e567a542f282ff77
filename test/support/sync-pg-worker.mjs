// The worker behind test/support/test-db.ts: one PostgreSQL connection, answering one query at a
// time while the test's thread waits (Atomics.wait), so that the tests' database helpers stay
// synchronous on both dialects. Values come back in SQLite's shapes: booleans as 1/0, dates as
// 'YYYY-MM-DD', timestamps as ISO strings, counts as numbers.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

const types = {
  getTypeParser(oid, format) {
    if (oid === 16) return (v) => (v === 't' ? 1 : 0);
    if (oid === 1082) return (v) => v;
    if (oid === 1114) return (v) => new Date(`${v.replace(' ', 'T')}Z`).toISOString();
    if (oid === 1184) return (v) => new Date(v).toISOString();
    if (oid === 20 || oid === 1700) return (v) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

const { url, signal, port } = workerData;
const flag = new Int32Array(signal);
const client = new pg.Client({ connectionString: url, types });
const connected = client.connect();

function answer(id, message) {
  port.postMessage({ ...message, id });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

port.on('message', async ({ id, sql, params, close }) => {
  try {
    await connected;
    if (close) {
      await client.end();
      answer(id, { ok: true });
      return;
    }
    const result = await client.query(sql, params);
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    answer(id, { rows: last.rows ?? [], changes: last.rowCount ?? 0 });
  } catch (error) {
    answer(id, { error: String(error?.message ?? error), code: error?.code });
  }
});
