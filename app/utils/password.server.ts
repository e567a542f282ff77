import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/**
 * scrypt with OWASP's parameters for it: N=2^17, r=8, p=1 (128 MiB, about 0.4 s here).
 * The parameters are stored with each hash, so that they can be raised later.
 */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1, keyLength: 32 } as const;
const MAXMEM = 256 * 1024 * 1024;

/** The stored form of a password: `scrypt$N$r$p$salt$key`, at the app's parameters unless others are given (the tests' fixtures). */
export async function hashPassword(password: string, params: { N: number; r: number; p: number; keyLength: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(16);
  const { N, r, p, keyLength } = params;
  const key = await scrypt(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem: MAXMEM });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return crypto.timingSafeEqual(key, expected);
}

/** A hash to compare against when the username is unknown, so that both cases take as long. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummyHash;
}
