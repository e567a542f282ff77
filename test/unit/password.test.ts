import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCRYPT_PARAMS, dummyPasswordHash, hashPassword, paramsOfHash, verifyPassword } from '~/utils/password.server';

/** The parameters written in a stored hash, read here without the app's parser. */
function fields(stored: string) {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  return { scheme, N: Number(n), r: Number(r), p: Number(p), salt, keyBytes: Buffer.from(key!, 'base64').length };
}

describe('password hashes', () => {
  it('stores scrypt with the parameters it was made with, and verifies only the right password', async () => {
    const stored = await hashPassword('oikea salasana', { N: 2 ** 10, r: 8, p: 1, keyLength: 32 });
    expect(fields(stored)).toMatchObject({ scheme: 'scrypt', N: 1024, r: 8, p: 1, keyBytes: 32 });
    expect(await verifyPassword('oikea salasana', stored)).toBe(true);
    expect(await verifyPassword('väärä salasana', stored)).toBe(false);
  });

  it('makes the unknown name’s hash at the parameters of the accounts’ usual hash', async () => {
    const usual = await hashPassword('x', { N: 2 ** 11, r: 4, p: 2, keyLength: 24 });
    const dummy = await dummyPasswordHash(usual);
    expect(fields(dummy)).toMatchObject({ N: 2048, r: 4, p: 2, keyBytes: 24 });
    // The same parameters give the same (kept) hash; the random password it was made from never verifies.
    expect(await dummyPasswordHash(usual)).toBe(dummy);
    expect(await verifyPassword('x', dummy)).toBe(false);
  });

  it('falls back to the app’s own parameters with no account, or a hash that is not one of ours or is out of bounds', async () => {
    const own = { N: SCRYPT_PARAMS.N, r: SCRYPT_PARAMS.r, p: SCRYPT_PARAMS.p, keyBytes: SCRYPT_PARAMS.keyLength };
    const key = crypto.randomBytes(32).toString('base64');
    const salt = crypto.randomBytes(16).toString('base64');
    for (const like of [
      null,
      '',
      'bcrypt$2b$10$abc',
      `scrypt$1000$8$1$${salt}$${key}`,
      `scrypt$${2 ** 24}$8$1$${salt}$${key}`,
      `scrypt$1024$0$1$${salt}$${key}`,
    ]) {
      expect(paramsOfHash(like ?? '')).toBeNull();
      expect(fields(await dummyPasswordHash(like))).toMatchObject(own);
    }
  });
});
