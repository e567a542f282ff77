import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { demoPassword } from '../../db/demo-data';

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
    const salt = crypto.randomBytes(16);
    const key = crypto.scryptSync(demoPassword(username).normalize('NFKC'), salt, 32, { N: QUICK_SCRYPT_N, r: 8, p: 1 });
    await db('users')
      .where({ id })
      .update({ password_hash: `scrypt$${QUICK_SCRYPT_N}$8$1$${salt.toString('base64')}$${key.toString('base64')}` });
  }
}
