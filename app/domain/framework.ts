import { z } from 'zod';
import { jsonErrorPosition, lineAndColumn } from './json-position';

/** Keys identify a principle across versions, imports and reports: lower-case, digits, hyphens. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const key = z.string().regex(KEY_PATTERN, 'invalidKey');
/** yyyy-mm-dd that is a real day (2025-13-45 is not). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalidDate')
  .refine((v) => {
    const d = new Date(`${v}T12:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'invalidDate');
const title = (max: number) => z.string().trim().min(1, 'required').max(max);
const texts = (max: number) => z.array(z.string().trim().min(1, 'required').max(max)).max(30).default([]);

export const FRAMEWORK_LIMITS = {
  name: 300,
  title: 300,
  description: 4000,
  question: 1000,
  listItem: 1000,
  dimensions: 20,
  principles: 60,
} as const;

const principleSchema = z.object({
  key,
  order: z.number().int().optional(),
  title: title(FRAMEWORK_LIMITS.title),
  description: z.string().trim().max(FRAMEWORK_LIMITS.description).default(''),
  scope: z.string().trim().max(64).optional(),
  guidingQuestions: texts(FRAMEWORK_LIMITS.listItem),
});

const dimensionSchema = z.object({
  key,
  name: title(FRAMEWORK_LIMITS.name),
  question: z.string().trim().max(FRAMEWORK_LIMITS.question).optional(),
  kind: z.enum(['scored', 'linked'], 'invalidChoice'),
  evaluationQuestions: texts(FRAMEWORK_LIMITS.listItem),
  principles: z.array(principleSchema).min(1, 'noPrinciples').max(FRAMEWORK_LIMITS.principles),
});

/**
 * A framework version as JSON (the shape of the seed's vesanto-strategy-2018.json). Keys must be unique:
 * a dimension's among the dimensions, a principle's among all principles of the version (the
 * reports match principles across versions by key).
 */
export const frameworkFileSchema = z
  .object({
    framework: z.object({
      key,
      name: title(FRAMEWORK_LIMITS.name),
      approvedBy: z.string().trim().max(200).optional(),
      approvedOn: isoDate.optional(),
      validFrom: isoDate,
      validTo: isoDate.nullish(),
      visionName: z.string().max(200).optional(),
      visionHashtag: z.string().max(200).optional(),
      annualEvaluationRule: z.string().max(FRAMEWORK_LIMITS.description).optional(),
    }),
    dimensions: z.array(dimensionSchema).min(1, 'noDimensions').max(FRAMEWORK_LIMITS.dimensions),
  })
  .superRefine((file, ctx) => {
    const dimensionKeys = new Set<string>();
    const principleKeys = new Set<string>();
    file.dimensions.forEach((d, i) => {
      if (dimensionKeys.has(d.key)) ctx.addIssue({ code: 'custom', message: 'duplicateKey', path: ['dimensions', i, 'key'] });
      dimensionKeys.add(d.key);
      d.principles.forEach((p, j) => {
        if (principleKeys.has(p.key)) {
          ctx.addIssue({ code: 'custom', message: 'duplicateKey', path: ['dimensions', i, 'principles', j, 'key'] });
        }
        principleKeys.add(p.key);
      });
    });
    if (file.framework.validTo && file.framework.validTo < file.framework.validFrom) {
      ctx.addIssue({ code: 'custom', message: 'dateOrder', path: ['framework', 'validTo'] });
    }
    if (!file.dimensions.some((d) => d.kind === 'scored')) {
      ctx.addIssue({ code: 'custom', message: 'noScored', path: ['dimensions'] });
    }
  });

/** What is wrong in a framework file or version, and where: the dimension and principle by number and name. */
export interface FrameworkProblem {
  code: string;
  dimension?: { n: number; label: string };
  principle?: { n: number; label: string };
  /** The field (framework.validFrom → 'validFrom'); the version itself when there is no dimension. */
  field?: string;
  /** The item of a list field (the 2nd guiding question → 2). */
  item?: number;
  /** For a JSON syntax error: where in the file. */
  line?: number;
  column?: number;
}

const PROBLEM_CODES = new Set([
  'required',
  'invalidKey',
  'invalidDate',
  'invalidChoice',
  'duplicateKey',
  'noPrinciples',
  'noDimensions',
  'noScored',
  'dateOrder',
]);

function labelOf(value: unknown, ...fields: string[]): string {
  if (typeof value !== 'object' || value === null) return '';
  for (const f of fields) {
    const v = (value as Record<string, unknown>)[f];
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 80);
  }
  return '';
}

/** The problems of a parse, each named by its place in the file (as a person counts: from 1). */
export function frameworkProblems(raw: unknown, error: z.ZodError): FrameworkProblem[] {
  const problems: FrameworkProblem[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const id = path.join('.');
    if (seen.has(id)) continue;
    seen.add(id);
    const problem: FrameworkProblem = { code: 'invalid' };
    if (PROBLEM_CODES.has(issue.message)) problem.code = issue.message;
    else if (issue.code === 'too_big') problem.code = 'tooLong';
    else if (issue.code === 'invalid_type' && issue.input === undefined) problem.code = 'required';
    else if (issue.code === 'invalid_type') problem.code = 'wrongType';
    let at: unknown = raw;
    for (let i = 0; i < path.length; i++) {
      const part = path[i];
      const next = typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[part as string | number] : undefined;
      if (part === 'dimensions' && typeof path[i + 1] === 'number') {
        const index = path[i + 1] as number;
        const d = Array.isArray(next) ? next[index] : undefined;
        problem.dimension = { n: index + 1, label: labelOf(d, 'name', 'key') };
        at = d;
        i++;
        continue;
      }
      if (part === 'principles' && typeof path[i + 1] === 'number') {
        const index = path[i + 1] as number;
        const p = Array.isArray(next) ? next[index] : undefined;
        problem.principle = { n: index + 1, label: labelOf(p, 'title', 'key') };
        at = p;
        i++;
        continue;
      }
      if (typeof part === 'number') problem.item = part + 1;
      else if (part !== 'framework') problem.field = String(part);
      at = next;
    }
    problems.push(problem);
  }
  return problems;
}

/** Parses a framework file's text: the JSON's own syntax error with line and column, or the schema's problems. */
export function parseFrameworkText(text: string): { ok: true; file: FrameworkFile } | { ok: false; problems: FrameworkProblem[] } {
  const json = text.replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    const at = jsonErrorPosition(json);
    return { ok: false, problems: [at === null ? { code: 'jsonSyntax' } : { code: 'jsonSyntax', ...lineAndColumn(json, at) }] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problems: [{ code: 'notObject' }] };
  const parsed = frameworkFileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: frameworkProblems(raw, parsed.error) };
  return { ok: true, file: parsed.data };
}

/** A key suggested from a title: "Avoin!" → "avoin", "Koti maalla, maailma lähellä" → "koti-maalla-maailma-lahella". */
export function keyFromTitle(title: string): string {
  const key = title
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return key;
}

export type FrameworkFile = z.output<typeof frameworkFileSchema>;

/** A framework version as the app uses it: its scored dimensions and its linked projects. */
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

export interface FrameworkVersion {
  id: number;
  key: string;
  name: string;
  approvedBy: string | null;
  approvedOn: string | null;
  validFrom: string;
  validTo: string | null;
  dimensions: Dimension[];
}

export function scoredPrinciples(version: FrameworkVersion): Principle[] {
  return version.dimensions.filter((d) => d.kind === 'scored').flatMap((d) => d.principles);
}

export function linkedPrinciples(version: FrameworkVersion): Principle[] {
  return version.dimensions.filter((d) => d.kind === 'linked').flatMap((d) => d.principles);
}
