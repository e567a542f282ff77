import type { Knex } from 'knex';
import { demoPassword } from '../../db/demo-data';
import { SCRYPT_PARAMS, hashPassword } from '../../app/utils/password.server';

/** The cost the test databases' demo accounts are hashed at: 2^10 (about 3 ms) instead of the app's 2^17 (about 0.4 s). */
export const QUICK_SCRYPT_N = 2 ** 10;

/**
 * Re-hashes the demo accounts' passwords in a test base database with scrypt at N=2^10 instead of
 * the app's 2^17. A login verifies with the parameters stored in the hash
 * (app/utils/password.server.ts), so every line of the login is the same; only the CPU differs:
 * the suites log in hundreds of times, and at 0.4 s of one core each that was minutes of CI on two
 * cores. What the app hashes itself (a changed password, a new or imported user, the unknown
 * user's dummy hash) is still at 2^17, and test/integration/security.test.ts checks that it is.
 */
export async function quickDemoHashes(db: Knex) {
  const users = await db('users').select('id', 'username');
  for (const { id, username } of users) {
    const hash = await hashPassword(demoPassword(username), { ...SCRYPT_PARAMS, N: QUICK_SCRYPT_N });
    await db('users').where({ id }).update({ password_hash: hash });
  }
}
