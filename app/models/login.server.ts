/**
 * The login: the throttle (app/models/login-throttle.server.ts), the password check, the audit
 * rows and the session. The route reads the form and shows the answer; everything between is here.
 */
import { type Language, isLanguage } from '~/i18n';
import { isRole } from '~/domain/roles';
import { writeAudit } from '~/utils/audit.server';
import { db } from '~/utils/db.server';
import { dummyPasswordHash, verifyPassword } from '~/utils/password.server';
import { createSession } from '~/utils/session.server';
import { type Throttle, judgePassword } from './login-throttle.server';
import { getSetting } from './organisation.server';
import { hasPendingPost } from './pending-post.server';
import { findLoginCandidate, setUserLanguage, usualPasswordHash } from './user.server';

export type LoginAttempt =
  | { outcome: 'throttled'; by: Throttle }
  | { outcome: 'failed' }
  /** `cookie`: the new session's; `language`: the account's; `resume`: the token of a kept form that is this user's, or null. */
  | { outcome: 'success'; cookie: string; language: Language; resume: string | null };

export interface LoginRequest {
  username: string;
  password: string;
  /** The client's address, as the throttle counts it. */
  address: string;
  /** The language chosen on the login page (its cookie), if any: kept for the account. */
  chosenLanguage: string | null;
  /** The token of a form kept when the session expired, if the login page carried one. */
  resume: string;
}

export async function logIn(attempt: LoginRequest): Promise<LoginAttempt> {
  // Too many failures for this name, or from this address: wait, whatever the password (no check
  // is run). The attempt is counted before its password is checked, so that attempts sent at once
  // cannot all be judged.
  const judged = await judgePassword(attempt.username, attempt.address, async () => {
    const candidate = await findLoginCandidate(attempt.username);
    // The same work whether or not the user exists, and one message for every failure.
    const valid = await verifyPassword(attempt.password, candidate?.password_hash ?? (await dummyPasswordHash(await usualPasswordHash())));
    return { valid: Boolean(candidate && valid && candidate.active), candidate };
  });
  if (judged.throttled) {
    await writeAudit(db(), {
      userId: null,
      action: 'auth.login_throttled',
      entityType: 'user',
      entityId: null,
      details: { username: attempt.username.slice(0, 64), by: judged.throttled },
      outcome: 'failure',
    });
    return { outcome: 'throttled', by: judged.throttled };
  }
  const { candidate } = judged;
  if (!judged.valid || !candidate) {
    // On record with the name typed, never the password.
    await writeAudit(db(), {
      userId: candidate?.id ?? null,
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: candidate?.id ?? null,
      details: { username: attempt.username.slice(0, 64) },
      outcome: 'failure',
    });
    return { outcome: 'failed' };
  }
  const cookie = await createSession(candidate.id);
  await writeAudit(db(), { userId: candidate.id, action: 'auth.login', entityType: 'user', entityId: candidate.id });
  // A language chosen on the login page is kept for the account.
  if (isLanguage(attempt.chosenLanguage) && attempt.chosenLanguage !== candidate.language) await setUserLanguage(candidate.id, attempt.chosenLanguage);
  // A form kept when the session expired goes back to its writer first, to be sent.
  const resume = attempt.resume && (await hasPendingPost(attempt.resume, candidate.id)) ? attempt.resume : null;
  return { outcome: 'success', cookie, language: candidate.language === 'en' ? 'en' : 'fi', resume };
}

/** The demo accounts the login page lists (the demo database's setting), or none. */
export async function demoUsers(): Promise<Array<{ role: string; username: string; password: string }>> {
  const demo = await getSetting('demo_users');
  try {
    const parsed: unknown = demo ? JSON.parse(demo) : [];
    return Array.isArray(parsed) ? parsed.filter((u) => u && isRole(u.role)) : [];
  } catch {
    return [];
  }
}
