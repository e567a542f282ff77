/** What an assessment looked like at one moment: the history keeps one per change. */
export interface SnapshotContent {
  status: string;
  decision: {
    title: string;
    caseNumber: string | null;
    body: string;
    department: string;
    meetingDate: string;
    description: string;
    confidential: boolean;
    outcome: string | null;
    minutesSection: string | null;
  };
  answers: Record<string, { answer: string | null; rationale: string; mitigation: string }>;
  projects: string[];
}

export type ChangeField =
  | { kind: 'status' }
  | { kind: 'decision'; field: keyof SnapshotContent['decision'] }
  | { kind: 'projects' }
  | { kind: 'answer' | 'rationale' | 'mitigation'; principleKey: string };

export interface Change {
  field: ChangeField;
  before: string | boolean | string[] | null;
  after: string | boolean | string[] | null;
}

const DECISION_FIELDS: Array<keyof SnapshotContent['decision']> = [
  'title',
  'caseNumber',
  'body',
  'department',
  'meetingDate',
  'description',
  'confidential',
  'outcome',
  'minutesSection',
];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What changed from one version to another: fields, answers, rationales, mitigations, projects, status. */
export function diffSnapshots(before: SnapshotContent, after: SnapshotContent, principleKeys: string[]): Change[] {
  const changes: Change[] = [];
  if (before.status !== after.status) changes.push({ field: { kind: 'status' }, before: before.status, after: after.status });
  for (const field of DECISION_FIELDS) {
    // An empty text and a missing one are the same (a case number cleared to '' or saved as null).
    if (!same(before.decision[field] || null, after.decision[field] || null)) {
      changes.push({ field: { kind: 'decision', field }, before: before.decision[field], after: after.decision[field] });
    }
  }
  const keys = [...principleKeys, ...Object.keys({ ...before.answers, ...after.answers }).filter((k) => !principleKeys.includes(k))];
  for (const key of keys) {
    const a = before.answers[key];
    const b = after.answers[key];
    for (const part of ['answer', 'rationale', 'mitigation'] as const) {
      const x = a?.[part] || null;
      const y = b?.[part] || null;
      if (!same(x, y)) changes.push({ field: { kind: part, principleKey: key }, before: x, after: y });
    }
  }
  const projectsBefore = [...before.projects].sort();
  const projectsAfter = [...after.projects].sort();
  if (!same(projectsBefore, projectsAfter)) changes.push({ field: { kind: 'projects' }, before: projectsBefore, after: projectsAfter });
  return changes;
}
