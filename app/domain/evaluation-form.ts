import { z } from 'zod';
import { LIMITS } from './limits';

/**
 * The forms of the yearly evaluation round (`/evaluation/:id`) and of the managers' survey
 * (`/survey/:id`). Their questions come from the period's topics, so the question fields are named
 * by the question's key (`q.<key>`); a text over its limit is cut to it, as the textarea's maxLength
 * does in the browser.
 */

/** A text field as `text()` reads it: the first value when a field is sent twice, '' when missing. */
const field = z.preprocess((v) => (Array.isArray(v) ? v[0] : (v ?? '')), z.string());
const cut = (max: number) => field.transform((s) => s.trim().slice(0, max));
/** The version of the round the page was drawn from (optimistic locking, ADR 008). */
const version = field.pipe(z.coerce.number<string>().int().min(0));
const LONG_TEXT = 20_000;

/** The managers' survey: save a draft (also when no button was named) or send it. */
export function surveyFormSchema(questionKeys: string[]) {
  return z.object({
    intent: z.preprocess((v) => (v === '' || v === undefined ? 'save' : v), z.enum(['save', 'send'])),
    ...Object.fromEntries(questionKeys.map((key) => [`q.${key}`, cut(LIMITS.comment)])),
  });
}

/** The group's texts of a round: the text typed (`q.`), the one the page showed (`o.`) and its version (`v.`), per question. */
export function roundTextsSchema(questionKeys: string[]) {
  return z.object(
    Object.fromEntries(
      questionKeys.flatMap((key) => [
        [`q.${key}`, cut(LIMITS.comment)],
        [`o.${key}`, field.transform((s) => s.trim())],
        [`v.${key}`, field.transform((s) => Number(s) || 0)],
      ]),
    ),
  );
}

/** A step of a round: each button posts its intent with the round's version and its own fields. */
export const roundStepSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('texts'), version }),
  z.object({ intent: z.enum(['survey-open', 'survey-close']), version }),
  z.object({ intent: z.literal('summary'), version, summary: cut(LONG_TEXT), proposals: cut(LONG_TEXT) }),
  z.object({ intent: z.literal('send'), version, sentOn: field }),
  z.object({ intent: z.literal('board'), version, boardComments: cut(LONG_TEXT) }),
  z.object({ intent: z.literal('present'), version, presentedOn: field }),
]);
export const ROUND_INTENTS = ['texts', 'survey-open', 'survey-close', 'summary', 'send', 'board', 'present'] as const;

/** Opening a round: the period's first and last day as typed (the standard period when not a period). */
export const openRoundSchema = z.object({ from: field, to: field });
