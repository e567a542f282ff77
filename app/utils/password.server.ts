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

interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

/** The parameters a stored hash was made with, or null when it is not one of ours or out of bounds. */
export function paramsOfHash(stored: string): ScryptParams | null {
  const [scheme, n, r, p, , keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !keyB64) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p), keyLength: Buffer.from(keyB64, 'base64').length };
  const powerOfTwo = Number.isInteger(params.N) && params.N >= 2 && (params.N & (params.N - 1)) === 0;
  const fits = 128 * params.N * params.r * params.p <= MAXMEM / 2;
  return powerOfTwo && fits && params.r >= 1 && params.p >= 1 && params.keyLength >= 16 && params.keyLength <= 64 ? params : null;
}

/**
 * A hash to compare against when the username is unknown, so that both cases take as long: made
 * at the parameters of `like` (the accounts' usual hash; the app's own when there is none), since
 * a check costs what its hash's parameters say. One per set of parameters, made at first need.
 */
const dummyHashes = new Map<string, Promise<string>>();
export function dummyPasswordHash(like?: string | null): Promise<string> {
  const params = (like ? paramsOfHash(like) : null) ?? SCRYPT_PARAMS;
  const key = `${params.N}$${params.r}$${params.p}$${params.keyLength}`;
  let hash = dummyHashes.get(key);
  if (!hash) {
    hash = hashPassword(crypto.randomBytes(16).toString('hex'), params);
    dummyHashes.set(key, hash);
  }
  return hash;
}
