import { z } from 'zod';
import { LIMITS } from './limits';
import { dateField, idField, text } from './validation';

const id = idField('required');

/** The decision draft's own fields (päätösesitys), as the form sends them. */
export const decisionSchema = z.object({
  title: z.string().trim().min(1, 'required').max(LIMITS.title),
  caseNumber: z
    .string()
    .trim()
    .max(LIMITS.caseNumber)
    .refine((v) => v === '' || /^[\p{L}\p{N}][\p{L}\p{N} ./:_-]*$/u.test(v), 'invalidCaseNumber'),
  bodyId: id,
  departmentId: id,
  meetingDate: dateField,
  description: z.string().trim().min(1, 'required').max(LIMITS.description),
  confidential: z.boolean(),
});

export type DecisionInput = z.output<typeof decisionSchema>;
/** What the form holds as typed, so that it can be shown again after an error. */
export type DecisionFormValues = z.input<typeof decisionSchema>;

export function readDecisionForm(formData: FormData): DecisionFormValues {
  return {
    title: text(formData, 'title'),
    caseNumber: text(formData, 'caseNumber'),
    bodyId: text(formData, 'bodyId'),
    departmentId: text(formData, 'departmentId'),
    meetingDate: text(formData, 'meetingDate'),
    description: text(formData, 'description'),
    confidential: text(formData, 'confidential') === 'on',
  };
}
