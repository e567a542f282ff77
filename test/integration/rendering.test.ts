import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { Client, checklistForm, completeAnswers, createDecision, organisation, showServerLogsOnFailure } from './helpers';

let server: TestServer;
let official: Client;
let id: number;
let submittedId: number;

beforeAll(async () => {
  server = await startServer();
  official = await new Client(server.url).login('valmistelija');
  const { bodies, departments } = await organisation(official);
  const fields = (title: string) => ({
    title,
    caseNumber: '',
    bodyId: bodies.get('Sivistyslautakunta')!,
    departmentId: departments.get('Sivistystoimi')!,
    meetingDate: '11.12.2026',
    description: 'Esityksen kuvaus, jossa on ääkkösiä: Äänekoski – Vesanto – Pöytäkirja.',
  });
  id = await createDecision(official, fields('Merkistötesti'));
  submittedId = await createDecision(official, fields('Merkistötesti, lähetetty'));
  const res = await official.post(
    `/decisions/${submittedId}/checklist`,
    checklistForm(1, 'submit', completeAnswers(['2', '1', '0', '-1', 'not_relevant', 'knowledge_gap', '-2'])),
  );
  expect(res.status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

/** Problems with the bytes of an HTML response: NUL bytes (with their surroundings) or invalid UTF-8. */
async function byteProblems(response: Response): Promise<string[]> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const problems: string[] = [];
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    problems.push('not valid UTF-8');
  }
  const text = new TextDecoder().decode(bytes);
  for (let i = text.indexOf('\0'); i >= 0; i = text.indexOf('\0', i + 1)) {
    problems.push(`NUL at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 30), i + 10))}`);
  }
  return problems;
}

describe('the HTML the server sends', () => {
  it.each(['/', '/decisions', '/decisions?page=2', '/decisions/all', '/decisions/new', '/decisions/:id', '/decisions/:id/checklist', '/decisions/:submitted'])(
    'GET %s is clean UTF-8 without NUL bytes',
    async (path) => {
      const res = await official.get(path.replace(':id', String(id)).replace(':submitted', String(submittedId)));
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/html; charset=utf-8$/i);
      expect(await byteProblems(res)).toEqual([]);
    },
  );

  // The pages are full of Finnish text (ä, ö, –, ”, …). Wherever a multi-byte character falls on one of
  // the renderer's 2 KB buffer boundaries, the bytes must still be exactly the text: this sweeps the
  // boundaries across the checklist page by making one typed rationale a character longer each time.
  it('a checklist shown again after a failed submit is clean UTF-8 without NUL bytes, whatever its length', async () => {
    const found: string[] = [];
    for (let extra = 0; extra <= 40; extra++) {
      const form = checklistForm(1, 'submit', { pienuus: { answer: '2', rationale: `Perustelu ${'a'.repeat(extra)}` } });
      const res = await official.post(`/decisions/${id}/checklist`, form);
      expect(res.status).toBe(400);
      for (const problem of await byteProblems(res)) found.push(`rationale +${extra}: ${problem}`);
    }
    expect(found).toEqual([]);
  });

  it('the new-draft form shown again after an error is clean, whatever the length of the title', async () => {
    const found: string[] = [];
    for (let extra = 0; extra <= 20; extra++) {
      const res = await official.post('/decisions/new', {
        title: `Ääkkösiä ${'ö'.repeat(extra)}`,
        caseNumber: '',
        bodyId: '',
        departmentId: '',
        meetingDate: '31.2.2026',
        description: 'Ääkkösiä – ”lainaus” …',
      });
      expect(res.status).toBe(400);
      for (const problem of await byteProblems(res)) found.push(`title +${extra}: ${problem}`);
    }
    expect(found).toEqual([]);
  });
});
