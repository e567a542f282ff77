import { z } from 'zod';
import { LIMITS } from './limits';
import { ANSWER_VALUES, type AnswerValue, requiresMitigation, requiresRationale } from './scale';
import { text } from './validation';

/** One principle's answer as the checklist form holds it ('' = not answered yet). */
export interface AnswerFormValue {
  answer: AnswerValue | '' | string;
  rationale: string;
  mitigation: string;
}

export interface ChecklistFormValues {
  answers: Record<string, AnswerFormValue>;
  projects: string[];
}

export type ChecklistMode = 'draft' | 'submit';

/** Form names of a principle's fields: the schema's paths joined by dots. */
export const fieldName = {
  answer: (key: string) => `answers.${key}.answer`,
  rationale: (key: string) => `answers.${key}.rationale`,
  mitigation: (key: string) => `answers.${key}.mitigation`,
};

export function readChecklistForm(formData: FormData, scoredKeys: string[]): ChecklistFormValues {
  const answers: Record<string, AnswerFormValue> = {};
  for (const key of scoredKeys) {
    answers[key] = {
      answer: text(formData, fieldName.answer(key)),
      rationale: text(formData, fieldName.rationale(key)),
      mitigation: text(formData, fieldName.mitigation(key)),
    };
  }
  const projects = formData.getAll('projects').filter((v): v is string => typeof v === 'string');
  return { answers, projects };
}

const answerSchema = z.object({
  answer: z.enum([...ANSWER_VALUES, ''], 'invalidChoice'),
  rationale: z.string().trim().max(LIMITS.rationale),
  mitigation: z.string().trim().max(LIMITS.mitigation),
});

/**
 * The checklist's schema for one strategy version. A draft may be saved half-done (only
 * the values and the lengths are checked); a submit needs every principle answered, a
 * rationale for every answer but "ei liity", and a mitigation for every negative one.
 */
export function checklistSchema(scoredKeys: string[], projectKeys: string[], mode: ChecklistMode) {
  const answers = z.object(Object.fromEntries(scoredKeys.map((key) => [key, answerSchema])));
  return z
    .object({
      answers,
      projects: z.array(z.enum(projectKeys as [string, ...string[]], 'invalidChoice')).max(projectKeys.length),
    })
    .superRefine((value, ctx) => {
      if (mode !== 'submit') return;
      for (const key of scoredKeys) {
        const a = (value.answers as Record<string, z.output<typeof answerSchema>>)[key];
        if (!a || a.answer === '') {
          ctx.addIssue({ code: 'custom', path: ['answers', key, 'answer'], message: 'answerRequired' });
          continue;
        }
        if (requiresRationale(a.answer) && a.rationale === '') {
          ctx.addIssue({
            code: 'custom',
            path: ['answers', key, 'rationale'],
            message: a.answer === 'knowledge_gap' ? 'knowledgeGapRequired' : 'rationaleRequired',
          });
        }
        if (requiresMitigation(a.answer) && a.mitigation === '') {
          ctx.addIssue({ code: 'custom', path: ['answers', key, 'mitigation'], message: 'mitigationRequired' });
        }
      }
    });
}

export type ChecklistInput = {
  answers: Record<string, { answer: AnswerValue | ''; rationale: string; mitigation: string }>;
  projects: string[];
};

/** The routine form: one shared rationale makes every principle "ei liity". */
export const routineSchema = z.object({
  routineRationale: z.string().trim().min(1, 'required').max(LIMITS.rationale),
});
