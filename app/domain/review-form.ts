import { z } from 'zod';
import { LIMITS } from './limits';
import { dateField, text } from './validation';
import { OUTCOMES } from './workflow';

/** A manager's review: approve or return; a return needs the overall comment that says why. */
export function reviewSchema(principleKeys: string[]) {
  return z
    .object({
      outcome: z.enum(['approve', 'return'], 'invalidChoice'),
      comment: z.string().trim().max(LIMITS.comment),
      principleComments: z.object(Object.fromEntries(principleKeys.map((key) => [key, z.string().trim().max(LIMITS.comment)]))),
    })
    .superRefine((value, ctx) => {
      if (value.outcome === 'return' && value.comment === '') {
        ctx.addIssue({ code: 'custom', path: ['comment'], message: 'returnCommentRequired' });
      }
    });
}

export interface ReviewInput {
  outcome: 'approve' | 'return';
  comment: string;
  principleComments: Record<string, string>;
}

export const commentField = (key: string) => `principleComments.${key}`;

export function readReviewForm(formData: FormData, principleKeys: string[]) {
  return {
    outcome: text(formData, 'intent'),
    comment: text(formData, 'comment'),
    principleComments: Object.fromEntries(principleKeys.map((key) => [key, text(formData, commentField(key))])),
  };
}

/** The body's decision: outcome, the minutes' § number, and the date the meeting was held. */
export const recordDecisionSchema = z.object({
  outcome: z.enum(OUTCOMES, 'invalidChoice'),
  minutesSection: z
    .string()
    .trim()
    .min(1, 'required')
    .max(16)
    .transform((v) => v.replace(/\s*§$/, '').trim())
    .refine((v) => /^\d{1,4}[a-zA-Z]?$/.test(v), 'invalidSection'),
  meetingDate: dateField,
});

export type RecordDecisionInput = z.output<typeof recordDecisionSchema>;

export function readRecordDecisionForm(formData: FormData) {
  return {
    outcome: text(formData, 'outcome'),
    minutesSection: text(formData, 'minutesSection'),
    meetingDate: text(formData, 'meetingDate'),
  };
}
