import { z } from 'zod';

const key = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'invalidKey');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalidDate');

/** A strategy as JSON (the shape of the seed's vesanto-strategy-2018.json). */
export const strategyFileSchema = z.object({
  framework: z.object({
    key,
    name: z.string().trim().min(1),
    approvedBy: z.string().optional(),
    approvedOn: isoDate.optional(),
    validFrom: isoDate,
    validTo: isoDate.nullish(),
    visionName: z.string().optional(),
    visionHashtag: z.string().optional(),
    annualEvaluationRule: z.string().optional(),
  }),
  dimensions: z
    .array(
      z.object({
        key,
        name: z.string().trim().min(1),
        question: z.string().optional(),
        kind: z.enum(['scored', 'linked']),
        evaluationQuestions: z.array(z.string()).default([]),
        principles: z
          .array(
            z.object({
              key,
              order: z.number().int().optional(),
              title: z.string().trim().min(1),
              description: z.string().default(''),
              scope: z.string().optional(),
              guidingQuestions: z.array(z.string()).default([]),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

export type StrategyFile = z.output<typeof strategyFileSchema>;

/** A strategy version as the app uses it: its scored dimensions and its linked projects. */
export interface Principle {
  id: number;
  key: string;
  title: string;
  description: string;
  guidingQuestions: string[];
  scope: string | null;
}

export interface Dimension {
  id: number;
  key: string;
  name: string;
  question: string | null;
  kind: 'scored' | 'linked';
  principles: Principle[];
}

export interface StrategyVersion {
  id: number;
  key: string;
  name: string;
  approvedBy: string | null;
  approvedOn: string | null;
  validFrom: string;
  validTo: string | null;
  dimensions: Dimension[];
}

export function scoredPrinciples(version: StrategyVersion): Principle[] {
  return version.dimensions.filter((d) => d.kind === 'scored').flatMap((d) => d.principles);
}

export function linkedPrinciples(version: StrategyVersion): Principle[] {
  return version.dimensions.filter((d) => d.kind === 'linked').flatMap((d) => d.principles);
}
