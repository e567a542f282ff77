/**
 * The tests' own synchronous view of the database (test/support/test-db.ts) must give each query
 * its own answer, also when the machine is busy: on PostgreSQL the answer comes from a worker
 * thread, and under the full suite's load in CI an answer once reached the port a moment after the
 * worker's signal, so that the helper gave up and every later query got the answer of the one
 * before it (275 tests of one file failed). Requests and answers now carry a number. This test
 * checks that the answers stay matched; it did not make the old race happen on a quiet machine,
 * so it guards the matching rather than reproducing that run.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, copyOfBase, openTestDb, testDialect } from '../support/test-db';

let database: TestDatabase;
beforeAll(() => {
  database = copyOfBase(`testdb_${process.pid}`);
});
afterAll(() => database?.drop());

describe(`the tests' synchronous ${testDialect} connection`, () => {
  it('answers 3,000 queries each with its own answer while two threads keep the CPUs busy', async () => {
    const busy = [0, 1].map(() => new Worker('const end = Date.now() + 8000; while (Date.now() < end) Math.sqrt(Math.random());', { eval: true }));
    const db = openTestDb(database);
    try {
      const wrong: string[] = [];
      for (let i = 0; i < 3000; i++) {
        const row = db.get<{ n: number; s: string }>('SELECT ? AS n, ? AS s', i, `kysely ${i}`);
        if (Number(row?.n) !== i || row?.s !== `kysely ${i}`) wrong.push(`${i}: ${JSON.stringify(row)}`);
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      // Errors come back to their own query too, and the next query is answered normally.
      expect(() => db.get('SELECT * FROM no_such_table')).toThrow(/no_such_table/);
      expect(Number(db.get<{ n: number }>('SELECT ? AS n', 7)!.n)).toBe(7);
    } finally {
      db.close();
      await Promise.all(busy.map((w) => w.terminate()));
    }
  }, 60_000);
});
