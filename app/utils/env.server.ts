import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '../../db/connection';

const envSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Secure, `__Host-` cookies; on by default in production (see docs/decisions/004-sessions.md). */
  SECURE_COOKIES: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  // Failed logins from one network address in 15 minutes before it must wait (a whole office may share one).
  LOGIN_ADDRESS_LIMIT: z.coerce.number().int().min(1).max(100_000).default(100),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
});

export type Env = z.output<typeof envSchema> & { secureCookies: boolean };

let cached: Env | null = null;

/** The environment, checked once; a bad value stops the server at start with a clear message. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const value = parsed.data;
  cached = {
    ...value,
    secureCookies: value.SECURE_COOKIES ? value.SECURE_COOKIES === 'true' : value.NODE_ENV === 'production',
  };
  return cached;
}
