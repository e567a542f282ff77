/** Maximum lengths of the texts users write; the same numbers bound the forms and the schemas. */
export const LIMITS = {
  title: 300,
  caseNumber: 64,
  description: 4000,
  rationale: 4000,
  mitigation: 4000,
  comment: 4000,
  search: 200,
  username: 64,
  password: 256,
} as const;

export const PAGE_SIZE = 20;
