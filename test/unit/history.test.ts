import { describe, expect, it } from 'vitest';
import { type Change, diffSnapshots, type SnapshotContent } from '~/domain/history';

const KEYS = ['elinvoimainen', 'yhteisollinen', 'rohkea'];

function snapshot(overrides: Partial<SnapshotContent> = {}): SnapshotContent {
  return {
    status: 'draft',
    decision: {
      title: 'Kyläkoulun peruskorjaus',
      caseNumber: 'VES/123/2026',
      body: 'Kunnanhallitus',
      department: 'Sivistystoimi',
      meetingDate: '2026-03-15',
      description: 'Esitetään koulun peruskorjauksen aloittamista.',
      confidential: false,
      outcome: null,
      minutesSection: null,
    },
    answers: {
      elinvoimainen: { answer: '2', rationale: 'Koulu pitää perheet kylässä.', mitigation: '' },
      yhteisollinen: { answer: '-1', rationale: 'Kuljetukset pitenevät remontin ajan.', mitigation: 'Väistötilat kylätalolla.' },
      rohkea: { answer: 'not_relevant', rationale: '', mitigation: '' },
    },
    projects: ['koulu', 'kylat'],
    ...overrides,
  };
}

const withDecision = (fields: Partial<SnapshotContent['decision']>) => snapshot({ decision: { ...snapshot().decision, ...fields } });
type Answer = SnapshotContent['answers'][string];
const withAnswer = (key: string, answer: Partial<Answer>) => {
  const base = snapshot();
  const current: Answer = base.answers[key] ?? { answer: null, rationale: '', mitigation: '' };
  return snapshot({ answers: { ...base.answers, [key]: { ...current, ...answer } } });
};

/** The changes in a stable order, so that a test does not depend on the order they are listed in. */
const sorted = (changes: Change[]) => [...changes].sort((a, b) => JSON.stringify(a.field).localeCompare(JSON.stringify(b.field)));

describe('diffSnapshots', () => {
  it('reports nothing for two identical versions', () => {
    expect(diffSnapshots(snapshot(), snapshot(), KEYS)).toEqual([]);
  });

  it('reports a change of status', () => {
    expect(diffSnapshots(snapshot(), snapshot({ status: 'submitted' }), KEYS)).toEqual([{ field: { kind: 'status' }, before: 'draft', after: 'submitted' }]);
  });

  it('reports a changed title', () => {
    expect(diffSnapshots(snapshot(), withDecision({ title: 'Kyläkoulun laajennus' }), KEYS)).toEqual([
      { field: { kind: 'decision', field: 'title' }, before: 'Kyläkoulun peruskorjaus', after: 'Kyläkoulun laajennus' },
    ]);
  });

  it('reports a change of confidentiality', () => {
    expect(diffSnapshots(snapshot(), withDecision({ confidential: true }), KEYS)).toEqual([
      { field: { kind: 'decision', field: 'confidential' }, before: false, after: true },
    ]);
  });

  it('reports every decision field that changed, and only those', () => {
    const after = withDecision({
      caseNumber: 'VES/124/2026',
      body: 'Kunnanvaltuusto',
      department: 'Tekninen toimi',
      meetingDate: '2026-04-01',
      description: 'Uusi kuvaus',
    });
    const fields = diffSnapshots(snapshot(), after, KEYS).map((c) => (c.field.kind === 'decision' ? c.field.field : c.field.kind));
    expect(fields.sort()).toEqual(['body', 'caseNumber', 'department', 'description', 'meetingDate']);
  });

  it('reports the recorded decision: status, outcome and §', () => {
    const before = snapshot({ status: 'approved' });
    const after = snapshot({ status: 'decided', decision: { ...snapshot().decision, outcome: 'amended', minutesSection: '45' } });
    expect(sorted(diffSnapshots(before, after, KEYS))).toEqual(
      sorted([
        { field: { kind: 'status' }, before: 'approved', after: 'decided' },
        { field: { kind: 'decision', field: 'outcome' }, before: null, after: 'amended' },
        { field: { kind: 'decision', field: 'minutesSection' }, before: null, after: '45' },
      ]),
    );
  });

  it('reports a changed answer of one principle, naming the principle', () => {
    expect(diffSnapshots(snapshot(), withAnswer('yhteisollinen', { answer: '-2' }), KEYS)).toEqual([
      { field: { kind: 'answer', principleKey: 'yhteisollinen' }, before: '-1', after: '-2' },
    ]);
  });

  it('reports a changed rationale', () => {
    expect(diffSnapshots(snapshot(), withAnswer('elinvoimainen', { rationale: 'Uusi perustelu.' }), KEYS)).toEqual([
      { field: { kind: 'rationale', principleKey: 'elinvoimainen' }, before: 'Koulu pitää perheet kylässä.', after: 'Uusi perustelu.' },
    ]);
  });

  it('reports a changed mitigation', () => {
    expect(diffSnapshots(snapshot(), withAnswer('yhteisollinen', { mitigation: 'Tilataksi.' }), KEYS)).toEqual([
      { field: { kind: 'mitigation', principleKey: 'yhteisollinen' }, before: 'Väistötilat kylätalolla.', after: 'Tilataksi.' },
    ]);
  });

  it('reports answer, rationale and mitigation of a principle separately, and other principles not at all', () => {
    const after = withAnswer('elinvoimainen', { answer: '-1', rationale: 'Toisin.', mitigation: 'Lievennys.' });
    expect(sorted(diffSnapshots(snapshot(), after, KEYS))).toEqual(
      sorted([
        { field: { kind: 'answer', principleKey: 'elinvoimainen' }, before: '2', after: '-1' },
        { field: { kind: 'rationale', principleKey: 'elinvoimainen' }, before: 'Koulu pitää perheet kylässä.', after: 'Toisin.' },
        { field: { kind: 'mitigation', principleKey: 'elinvoimainen' }, before: null, after: 'Lievennys.' },
      ]),
    );
  });

  it('reports a principle answered for the first time', () => {
    const before = snapshot({ answers: {} });
    const after = snapshot({ answers: { rohkea: { answer: '1', rationale: 'Kokeilu.', mitigation: '' } } });
    expect(sorted(diffSnapshots(before, after, KEYS))).toEqual(
      sorted([
        { field: { kind: 'answer', principleKey: 'rohkea' }, before: null, after: '1' },
        { field: { kind: 'rationale', principleKey: 'rohkea' }, before: null, after: 'Kokeilu.' },
      ]),
    );
  });

  it('reports an answer that was cleared', () => {
    expect(diffSnapshots(snapshot(), withAnswer('rohkea', { answer: null }), KEYS)).toEqual([
      { field: { kind: 'answer', principleKey: 'rohkea' }, before: 'not_relevant', after: null },
    ]);
  });

  it('treats a missing principle and one with empty texts and no answer as the same', () => {
    const before = snapshot({ answers: {} });
    const after = snapshot({
      answers: {
        elinvoimainen: { answer: null, rationale: '', mitigation: '' },
        rohkea: { answer: '', rationale: '', mitigation: '' },
      },
    });
    expect(diffSnapshots(before, after, KEYS)).toEqual([]);
    expect(diffSnapshots(after, before, KEYS)).toEqual([]);
  });

  it('treats an empty text and a missing one as the same in the decision fields', () => {
    const before = withDecision({ caseNumber: null, minutesSection: null, outcome: null });
    const after = withDecision({ caseNumber: '', minutesSection: '', outcome: '' });
    expect(diffSnapshots(before, after, KEYS)).toEqual([]);
  });

  it('does not care about the order of the projects', () => {
    const inOrder = snapshot({ projects: ['koulu', 'kylat'] });
    const reversed = snapshot({ projects: ['kylat', 'koulu'] });
    expect(diffSnapshots(inOrder, reversed, KEYS)).toEqual([]);
    expect(diffSnapshots(reversed, inOrder, KEYS)).toEqual([]);
  });

  it('reports a project added, with both lists', () => {
    const changes = diffSnapshots(snapshot({ projects: ['kylat'] }), snapshot({ projects: ['koulu', 'kylat'] }), KEYS);
    expect(changes).toHaveLength(1);
    const [change] = changes;
    expect(change?.field).toEqual({ kind: 'projects' });
    expect([...(change?.before as string[])].sort()).toEqual(['kylat']);
    expect([...(change?.after as string[])].sort()).toEqual(['koulu', 'kylat']);
  });

  it('reports a project removed down to none', () => {
    const changes = diffSnapshots(snapshot(), snapshot({ projects: [] }), KEYS);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.field).toEqual({ kind: 'projects' });
    expect(changes[0]?.after).toEqual([]);
  });

  it('does not change the snapshots it compares', () => {
    const before = snapshot({ projects: ['kylat', 'koulu'] });
    const after = snapshot({ projects: ['koulu'] });
    const copies = [structuredClone(before), structuredClone(after)];
    diffSnapshots(before, after, KEYS);
    expect([before, after]).toEqual(copies);
  });

  it('reports several kinds of change at once, each once', () => {
    const base = snapshot();
    const after = snapshot({
      status: 'submitted',
      decision: { ...base.decision, title: 'Uusi otsikko' },
      answers: { ...base.answers, rohkea: { answer: '1', rationale: 'Rohkea kokeilu.', mitigation: '' } },
      projects: ['koulu'],
    });
    const kinds = diffSnapshots(base, after, KEYS).map((c) => c.field.kind);
    expect(kinds.sort()).toEqual(['answer', 'decision', 'projects', 'rationale', 'status']);
  });
});
