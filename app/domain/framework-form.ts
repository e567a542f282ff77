import { z } from 'zod';
import { parseDateInput } from './dates';
import { KEY_PATTERN, FRAMEWORK_LIMITS } from './framework';
import { text } from './validation';

/** The admin's forms for a framework version: its details, a dimension, a principle. */

const key = z.string().regex(KEY_PATTERN, 'invalidKey');
const required = (max: number) => z.string().trim().min(1, 'required').max(max);
const optional = (max: number) => z.string().trim().max(max);
const date = z
  .string()
  .refine((v) => parseDateInput(v) !== null, 'invalidDate')
  .transform((v) => parseDateInput(v)!);
const optionalDate = z
  .string()
  .refine((v) => v.trim() === '' || parseDateInput(v) !== null, 'invalidDate')
  .transform((v) => (v.trim() === '' ? null : parseDateInput(v)));
/** One item per line; empty lines dropped. */
const lines = z
  .string()
  .transform((v) =>
    v
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().max(FRAMEWORK_LIMITS.listItem)).max(30));

export const versionMetaSchema = z
  .object({
    key,
    name: required(FRAMEWORK_LIMITS.name),
    approvedBy: optional(200),
    approvedOn: optionalDate,
    validFrom: date,
    validTo: optionalDate,
    visionName: optional(200),
  })
  .superRefine((v, ctx) => {
    if (v.validTo && v.validTo < v.validFrom) ctx.addIssue({ code: 'custom', message: 'dateOrder', path: ['validTo'] });
  });
export type VersionMetaInput = z.output<typeof versionMetaSchema>;

export const dimensionSchema = z.object({
  key,
  name: required(FRAMEWORK_LIMITS.name),
  question: optional(FRAMEWORK_LIMITS.question),
  kind: z.enum(['scored', 'linked'], 'invalidChoice'),
  evaluationQuestions: lines,
});
export type DimensionInput = z.output<typeof dimensionSchema>;

export const principleSchema = z.object({
  dimensionId: z.coerce.number().int().positive('invalidChoice'),
  key,
  title: required(FRAMEWORK_LIMITS.title),
  description: optional(FRAMEWORK_LIMITS.description),
  guidingQuestions: lines,
});
export type PrincipleInput = z.output<typeof principleSchema>;

export const VERSION_FIELDS = ['key', 'name', 'approvedBy', 'approvedOn', 'validFrom', 'validTo', 'visionName'] as const;
export const DIMENSION_FIELDS = ['key', 'name', 'question', 'kind', 'evaluationQuestions'] as const;
export const PRINCIPLE_FIELDS = ['dimensionId', 'key', 'title', 'description', 'guidingQuestions'] as const;

/** The form's fields as typed (to show again after an error), by name. */
export function formValues<const N extends readonly string[]>(formData: FormData, names: N): Record<N[number], string> {
  return Object.fromEntries(names.map((n) => [n, text(formData, n)])) as Record<N[number], string>;
}
