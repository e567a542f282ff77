import { z } from 'zod';
import { LIMITS } from './limits';
import { ROLES, type Role } from './roles';
import { type FieldErrors, fieldErrorsOf, text } from './validation';

/** User administration: the forms' schemas, pure. */

export const USERNAME_PATTERN = /^[a-z0-9._-]{2,64}$/;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
export const DISPLAY_NAME_MAX = 200;
export const EMAIL_MAX = 254;

/** One address, no spaces, one @, a dot in the domain: what an official types, without trying to be RFC 5322. */
const EMAIL_PATTERN = /^[^\s@<>(),;:"\\]+@[^\s@<>(),;:"\\]+\.[^\s@<>(),;:"\\.]{2,}$/;

const departmentIds = z.array(
  z
    .string()
    .regex(/^\d{1,9}$/, 'unknownDepartment')
    .transform(Number),
);

const userFields = {
  displayName: z.string().trim().min(1, 'required').max(DISPLAY_NAME_MAX),
  email: z
    .string()
    .trim()
    .max(EMAIL_MAX)
    .refine((v) => v === '' || EMAIL_PATTERN.test(v), 'invalidEmail')
    .transform((v) => (v === '' ? null : v.toLowerCase())),
  roles: z
    .array(z.string())
    .refine((roles) => roles.every((r) => (ROLES as readonly string[]).includes(r)), 'invalidChoice')
    .transform((roles) => ROLES.filter((r) => roles.includes(r)) as Role[])
    .refine((roles) => roles.length > 0, 'roleRequired'),
  memberOf: departmentIds.transform((ids) => [...new Set(ids)].sort((a, b) => a - b)),
  leads: departmentIds.transform((ids) => [...new Set(ids)].sort((a, b) => a - b)),
};

/** The edit form: everything but the username, which does not change. */
export const userEditSchema = z.object(userFields);

/** The create form. */
export const userCreateSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1, 'required')
    .refine((v) => v === '' || USERNAME_PATTERN.test(v), 'invalidUsername'),
  ...userFields,
});

export type UserEditInput = z.output<typeof userEditSchema>;
export type UserCreateInput = z.output<typeof userCreateSchema>;

/** What the form holds as typed, to be shown again after an error. */
export interface UserFormValues {
  username: string;
  displayName: string;
  email: string;
  roles: string[];
  memberOf: string[];
  leads: string[];
}

const all = (formData: FormData, name: string) =>
  formData
    .getAll(name)
    .filter((v): v is string => typeof v === 'string')
    .slice(0, 200);

export function readUserForm(formData: FormData): UserFormValues {
  return {
    // A username is typed lower-case; a capital from a phone keyboard is no reason to refuse it.
    username: text(formData, 'username').trim().toLowerCase(),
    displayName: text(formData, 'displayName'),
    email: text(formData, 'email'),
    roles: all(formData, 'roles'),
    memberOf: all(formData, 'memberOf'),
    leads: all(formData, 'leads'),
  };
}

/** The password-change form (/password). */
export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, 'required').max(LIMITS.password),
    newPassword: z
      .string()
      .min(1, 'required')
      .refine((v) => v === '' || [...v].length >= PASSWORD_MIN, 'passwordTooShort')
      .refine((v) => [...v].length <= PASSWORD_MAX, 'passwordTooLong'),
    repeatPassword: z.string().min(1, 'required').max(LIMITS.password),
  })
  .superRefine((value, ctx) => {
    if (value.repeatPassword !== '' && value.newPassword !== value.repeatPassword) {
      ctx.addIssue({ code: 'custom', path: ['repeatPassword'], message: 'passwordMismatch' });
    }
    if (value.currentPassword !== '' && value.newPassword.normalize('NFKC') === value.currentPassword.normalize('NFKC')) {
      ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'samePassword' });
    }
  });

export type PasswordChangeInput = z.output<typeof passwordChangeSchema>;

export function readPasswordForm(formData: FormData) {
  // Passwords are taken as typed: no trimming, no control-character clean-up that would change them.
  const raw = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value : '';
  };
  return { currentPassword: raw('currentPassword'), newPassword: raw('newPassword'), repeatPassword: raw('repeatPassword') };
}

/**
 * Field errors of these forms: a list's problem belongs to the list (roles, not roles.2), and the
 * password-length codes carry the numbers their messages need.
 */
export function peopleErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const [name, value] of Object.entries(fieldErrorsOf(error))) {
    const field = name.split('.')[0]!;
    if (errors[field]) continue;
    if (value.code === 'passwordTooShort') errors[field] = { code: value.code, params: { min: PASSWORD_MIN } };
    else if (value.code === 'passwordTooLong') errors[field] = { code: value.code, params: { max: PASSWORD_MAX } };
    else errors[field] = value;
  }
  return errors;
}

/** The user list's filter. */
export const USER_STATUSES = ['active', 'inactive', 'all'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const parseUserStatus = (raw: string | null): UserStatus => ((USER_STATUSES as readonly string[]).includes(raw ?? '') ? (raw as UserStatus) : 'active');

/** The alphabet of temporary passwords: no 0/O, 1/l/I, so that one read aloud or copied by hand survives. */
export const TEMP_PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** 16 characters from the alphabet (80 bits) in four groups: abcd-efgh-ijkm-npqr. `randomIndex(n)` gives 0…n-1. */
export function temporaryPassword(randomIndex: (n: number) => number): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += TEMP_PASSWORD_ALPHABET[randomIndex(TEMP_PASSWORD_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** Added and removed members of a set, for the audit entry of a change. */
export function setDiff<T>(before: readonly T[], after: readonly T[]): { added: T[]; removed: T[] } {
  return { added: after.filter((x) => !before.includes(x)), removed: before.filter((x) => !after.includes(x)) };
}
