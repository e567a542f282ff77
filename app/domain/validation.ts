import { z } from 'zod';
import { parseDateInput } from './dates';

/** An id as a form or an address carries it: digits only (the same rule as parseId in app/utils/params.ts). */
export const ID_PATTERN = /^\d{1,9}$/;

/** A form field that holds an id (a select's value, a hidden field); `message` is the error code when it does not. */
export const idField = (message?: ErrorCode) => z.string().regex(ID_PATTERN, message).transform(Number);

const asDate = (value: string, ctx: z.RefinementCtx) => {
  const date = parseDateInput(value);
  if (date) return date;
  ctx.addIssue({ code: 'custom', message: 'invalidDate' });
  return z.NEVER;
};

/** A date as a form or a file gives it (yyyy-mm-dd or d.m.yyyy, a real day), read as yyyy-mm-dd; empty is 'required'. */
export const dateField = z.string().trim().min(1, 'required').transform(asDate);

/** A date in a file the app writes and reads back (a strategy version): yyyy-mm-dd only, a real day. */
export const isoDateField = z.string().refine((value) => parseDateInput(value) === value, 'invalidDate');

/** As dateField, but empty is no date (null). */
export const optionalDateField = z
  .string()
  .trim()
  .transform((value, ctx) => (value === '' ? null : asDate(value, ctx)));

/**
 * What went wrong with one field, as a code that the message catalogs translate
 * (`errors.<code>`), with the numbers the message needs.
 */
export interface FieldError {
  code: ErrorCode;
  params?: Record<string, number>;
}
export type FieldErrors = Record<string, FieldError>;

export const ERROR_CODES = [
  'required',
  'tooLong',
  'invalidDate',
  'invalidChoice',
  'invalidCaseNumber',
  'answerRequired',
  'rationaleRequired',
  'knowledgeGapRequired',
  'mitigationRequired',
  'unknownBody',
  'unknownDepartment',
  'returnCommentRequired',
  'invalidSection',
  'invalidUsername',
  'usernameTaken',
  'passwordTooShort',
  'passwordTooLong',
  'passwordMismatch',
  'wrongPassword',
  'throttledAddress',
  'samePassword',
  'roleRequired',
  'invalidEmail',
  'lastAdmin',
  'nameTaken',
  'invalidKey',
  'keyTaken',
  'duplicateKey',
  'invalidFile',
  'fileTooLarge',
  'invalidImageType',
  'imageTooLarge',
  'dateOrder',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/** The first problem of each field, keyed by the field's form name (its path joined by dots). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.map(String).join('.');
    if (errors[name]) continue;
    // A schema's own code first (so that .max(n, 'someCode') can say more than "too long").
    if (isErrorCode(issue.message)) {
      errors[name] = { code: issue.message };
    } else if (issue.code === 'too_big') {
      errors[name] = { code: 'tooLong', params: { max: Number(issue.maximum) } };
    } else if (issue.code === 'invalid_value' || issue.code === 'invalid_format') {
      errors[name] = { code: 'invalidChoice' };
    } else {
      errors[name] = { code: 'required' };
    }
  }
  return errors;
}

/**
 * Reads a text field: a missing field and a file both count as empty. A browser sends a
 * textarea's line breaks as CR LF but counts them as one character against maxlength, so
 * they are made LF here before any length is checked.
 */
export function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? typedText(value) : '';
}

/** A text as a person typed it: line breaks as LF, and no control characters other than tab and newline. */
export function typedText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}
