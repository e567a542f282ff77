import { MaxPartSizeExceededError, data, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node';
import type { z } from 'zod';
import { type FieldErrors, fieldErrorsOf, text, typedText } from '~/domain/validation';

/**
 * The forms kit of every action (docs/decisions/008-forms-validation.md): read the body
 * (`readForm`, `readUpload`), check it against the form's zod schema (`parseForm`), and answer a
 * refused form with what was typed and the errors by field (`invalid`, always 400), a request no
 * page of ours sends with `badRequest()`, an unknown intent with `intentOf`'s 400.
 */

/**
 * The posted form of an action. A body that is not a form a browser sends (another Content-Type,
 * a multipart body cut short or without its boundary) is answered 400, never a 500: fetch's
 * formData() throws a TypeError for those (found by test/integration/fuzz.test.ts). A body that
 * passed its route's limit while it was read (server/limits.js stops it and has already answered
 * 413) ends the action with that status, as an expected refusal, not as an error for the log.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (error) {
    if (isBodyTooLarge(error)) throw new Response('Payload Too Large', { status: 413 });
    if (error instanceof TypeError) throw badRequest('not a form');
    throw error;
  }
}

/** Whether reading a request's body failed because server/limits.js stopped it at the route's limit. */
export function isBodyTooLarge(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'BodyTooLargeError') return true;
  }
  return false;
}

/** A request that no page of ours sends (a field outside its choices, a form without its parts): 400, to be thrown. */
export function badRequest(reason?: string): Response {
  return new Response(reason ? `Bad Request: ${reason}` : 'Bad Request', { status: 400 });
}

/**
 * The form's intent (the value of its pressed submit button), one of `known`; anything else is
 * answered 400. A form whose default button sends no intent (implicit submission by Enter in an old
 * browser) names that default as `absent`.
 */
export function intentOf<const I extends string>(form: FormData, known: readonly I[], absent?: I): I {
  const intent = text(form, 'intent');
  if (intent === '' && absent !== undefined) return absent;
  if ((known as readonly string[]).includes(intent)) return intent as I;
  throw badRequest('unknown intent');
}

/** Whether the request's body is multipart (a form with a file input). */
export function isMultipart(request: Request): boolean {
  return (request.headers.get('Content-Type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * A form with a file, kept in memory: `file` is the named field's file (null when none was chosen
 * or it is empty), `form` the other `fields` as text. `tooLarge` when the file passed `maxBytes`
 * (each route's own limit, under its body limit in server/limits.js: ADR 016), `invalid` when the
 * body is not a multipart form.
 */
export type Upload = { ok: true; form: FormData; file: File | null } | { ok: false; problem: 'tooLarge' | 'invalid' };

export async function readUpload(
  request: Request,
  { file: name, maxBytes, fields = [] }: { file: string; maxBytes: number; fields?: string[] },
): Promise<Upload> {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxBytes, filter: ({ name: part }) => part === name || fields.includes(part) }),
    );
  } catch (error) {
    if (isBodyTooLarge(error)) throw new Response('Payload Too Large', { status: 413 });
    if (error instanceof MaxPartSizeExceededError) return { ok: false, problem: 'tooLarge' };
    return { ok: false, problem: 'invalid' };
  }
  const file = form.get(name);
  return { ok: true, form, file: file && typeof file !== 'string' && file.size > 0 ? file : null };
}

/**
 * A form's fields as a plain object for its schema: each text field once (as `text()` reads it,
 * line breaks made LF), a field sent several times (checkboxes, a multiple select) as a list.
 * Files are left out: they come through `readUpload`.
 */
export function valuesOf(form: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const name of new Set(form.keys())) {
    const all = form.getAll(name).filter((v): v is string => typeof v === 'string');
    if (all.length === 0) continue;
    values[name] = all.length === 1 ? typedText(all[0]!) : all.map(typedText);
  }
  return values;
}

/**
 * A submission checked against its schema: the parsed data, or what was typed with the first
 * error of each field (codes, keyed by field name: `FieldErrors`). Like the Epic Stack's
 * `parseWithZod` and `submission.reply()`, the typed values travel with the errors so nothing a
 * person typed is lost; unlike it, nothing runs in the browser: the page shows both after a plain
 * POST.
 */
export type Submission<T, V> = { ok: true; data: T; values: V; form: FormData } | { ok: false; errors: FieldErrors; values: V; form: FormData };

/**
 * Reads the request's form and checks it against `schema`. `read` turns the form into the values
 * the schema takes (default `valuesOf`: the fields as they are); forms with typed or nested
 * values pass their own reader (`readDecisionForm`, `readChecklistForm`).
 */
export async function parseForm<S extends z.ZodType, V = Record<string, string | string[]>>(
  request: Request,
  schema: S,
  read: (form: FormData) => V = valuesOf as (form: FormData) => V,
): Promise<Submission<z.output<S>, V>> {
  const form = await readForm(request);
  return checkForm(form, schema, read);
}

/** `parseForm` for a form already read (an action that first picked the form by its intent). */
export function checkForm<S extends z.ZodType, V = Record<string, string | string[]>>(
  form: FormData,
  schema: S,
  read: (form: FormData) => V = valuesOf as (form: FormData) => V,
): Submission<z.output<S>, V> {
  const values = read(form);
  const parsed = schema.safeParse(values);
  return parsed.success ? { ok: true, data: parsed.data, values, form } : { ok: false, errors: fieldErrorsOf(parsed.error), values, form };
}

/**
 * The answer to a refused form (ADR 008): 400, with what was typed and the errors by field name,
 * plus whatever else the page needs to show it (`extra`, such as which of its forms was refused).
 */
export function invalid<V, E extends object = object>(values: V, errors: FieldErrors, extra?: E) {
  return data({ ...(extra as E), values, errors }, { status: 400 });
}
