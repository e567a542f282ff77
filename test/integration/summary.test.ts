import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  type Answer,
  Client,
  SCORED,
  checklistForm,
  completeAnswers,
  createDecision,
  htmlOf,
  organisation,
  showServerLogsOnFailure,
  textareaValue,
  visibleText,
  withoutScripts,
} from './helpers';

let server: TestServer;
let official: Client;
let bodies: Map<string, string>;
let departments: Map<string, string>;

beforeAll(async () => {
  server = await startServer();
  official = await new Client(server.url).login('valmistelija');
  ({ bodies, departments } = await organisation(official));
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

/** Creates a draft and submits the given answers (in the checklist's order); returns the decision page's HTML. */
async function submitted(values: Answer[], projects: string[] = [], answerOverrides: Record<string, { rationale?: string; mitigation?: string }> = {}) {
  const id = await createDecision(official, {
    title: `Yhteenvedon testi ${values.join(' ')}`,
    caseNumber: '',
    bodyId: bodies.get('Kunnanhallitus')!,
    departmentId: departments.get('Yleishallinto')!,
    meetingDate: '14.12.2026',
    description: 'Yhteenvedon testi.',
  });
  const answers = completeAnswers(values);
  for (const [key, extra] of Object.entries(answerOverrides)) answers[key] = { ...answers[key], ...extra };
  const res = await official.post(`/decisions/${id}/checklist`, checklistForm(1, 'submit', answers, projects));
  expect(res.status).toBe(302);
  const page = await official.get(`/decisions/${id}`);
  expect(page.status).toBe(200);
  return htmlOf(page);
}

/** The text of <dd data-testid="summary-…">. */
function stat(html: string, name: string): string | null {
  const match = new RegExp(`<dd data-testid="summary-${name}">([\\s\\S]*?)</dd>`).exec(withoutScripts(html));
  return match ? match[1]!.replace(/<[^>]+>/g, '').trim() : null;
}

/** A number as Finnish is written, with a sign: +0,80, −1,33 (U+2212 minus), 0,00. Written here by hand. */
function finnishSigned(value: number, decimals: number): string {
  const rounded = Number(value.toFixed(decimals));
  const body = Math.abs(rounded).toFixed(decimals).replace('.', ',');
  return rounded > 0 ? `+${body}` : rounded < 0 ? `\u2212${body}` : body;
}

describe('the summary of a submitted assessment', () => {
  it('shows the chart, the counts, the Finnish mean and the agenda paragraph', async () => {
    // pienuus +2, vastavirta +1, koti-maalla 0, luonto-luovuus-tekniikka −1, ennakointi not relevant,
    // positiivinen knowledge gap, verkostot +2.
    const values: Answer[] = ['2', '1', '0', '-1', 'not_relevant', 'knowledge_gap', '2'];
    const html = await submitted(values, ['viestinta'], {
      'luonto-luovuus-tekniikka': { mitigation: 'Haittaa seurataan vuosittain' },
      positiivinen: { rationale: 'Kyselyn tulokset tulevat keväällä' },
    });

    // By hand: the numeric answers are 2, 1, 0, −1 and 2: five of them, summing to 4, so the mean
    // is 4 / 5 = 0.8; three strengthen, one is neutral, one weakens; one "ei liity", one "tieto puuttuu".
    const numeric = [2, 1, 0, -1, 2];
    const mean = numeric.reduce((a, b) => a + b, 0) / numeric.length;
    expect(mean).toBe(0.8);
    expect(finnishSigned(mean, 2)).toBe('+0,80');
    expect(stat(html, 'mean')).toBe('+0,80');
    expect(stat(html, 'positive')).toBe('3');
    expect(stat(html, 'neutral')).toBe('1');
    expect(stat(html, 'negative')).toBe('1');
    expect(stat(html, 'not-relevant')).toBe('1');
    expect(stat(html, 'knowledge-gap')).toBe('1');
    expect(stat(html, 'unanswered')).toBeNull();

    // The chart: an accessible SVG image with one bar group per principle, in the checklist's order.
    const svg = /<svg\b[^>]*>[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(svg).toMatch(/^<svg\b[^>]*\brole="img"/);
    expect(svg).toMatch(/<title id="impact-chart-title">Vaikutusprofiili<\/title>/);
    expect([...svg.matchAll(/<g data-answer="([^"]*)">/g)].map((m) => m[1])).toEqual(values);
    for (const p of SCORED) expect(svg).toContain(p.title);

    // The paragraph for the agenda's "Strategiavaikutukset" section.
    const agenda = textareaValue(html, 'agenda-paragraph');
    expect(agenda).not.toBeNull();
    expect(visibleText(html)).toContain('Strategiavaikutukset');
    expect(agenda).toContain('Esitys vahvistaa selvästi periaatteita ”Pienuus on vahvuus!” ja ”Verkostot ja yhteistyö”.');
    expect(agenda).toContain('Esitys vahvistaa jonkin verran periaatetta ”Vastavirran edelläkävijä!”.');
    expect(agenda).toContain('Esityksellä ei ole merkittävää vaikutusta periaatteeseen ”Koti maalla, maailma lähellä!”.');
    expect(agenda).toContain(
      'Esitys heikentää jonkin verran periaatetta ”Luontoon, luovuuteen ja tekniikkaan me uskomme!”. Haittoja lievennetään seuraavasti: Haittaa seurataan vuosittain.',
    );
    expect(agenda).toContain('Vaikutusta periaatteeseen ”Positiivinen, kannustava, rohkea” ei voida vielä arvioida: Kyselyn tulokset tulevat keväällä.');
    expect(agenda).toContain('Periaate ”Reagoinnista ennakointiin” ei liity asiaan.');
    expect(agenda).toContain(`Vaikutusten keskiarvo asteikolla −2…+2 on ${finnishSigned(mean, 1)} (5 periaatetta).`);
    expect(agenda).toContain('Esitys edistää strategiaprojektia ”Viestintäjärjestelmän mallintaminen”.');
  });

  it('writes a negative mean with a Finnish minus and counts every answer kind', async () => {
    // pienuus −2, vastavirta −1, koti-maalla −1, luonto-luovuus-tekniikka 0, ennakointi +1, and
    // positiivinen and verkostot "ei liity": (−2 − 1 − 1 + 0 + 1) / 5 = −3 / 5 = −0.6.
    const values: Answer[] = ['-2', '-1', '-1', '0', '1', 'not_relevant', 'not_relevant'];
    const html = await submitted(values);
    const numeric = [-2, -1, -1, 0, 1];
    const mean = numeric.reduce((a, b) => a + b, 0) / numeric.length;
    expect(stat(html, 'mean')).toBe(finnishSigned(mean, 2));
    expect(stat(html, 'mean')).toBe('\u22120,60');
    expect(stat(html, 'positive')).toBe('1');
    expect(stat(html, 'neutral')).toBe('1');
    expect(stat(html, 'negative')).toBe('3');
    expect(stat(html, 'not-relevant')).toBe('2');
    expect(stat(html, 'knowledge-gap')).toBe('0');
    const agenda = textareaValue(html, 'agenda-paragraph')!;
    expect(agenda).toContain('Periaatteet ”Positiivinen, kannustava, rohkea” ja ”Verkostot ja yhteistyö” eivät liity asiaan.');
    expect(agenda).toContain('Esitys heikentää selvästi periaatetta ”Pienuus on vahvuus!”. Haittoja lievennetään seuraavasti: Lievennys pienuus.');
    expect(agenda).toContain(`on ${finnishSigned(mean, 1)} (5 periaatetta).`);
    expect(agenda).toContain('on −0,6 (5 periaatetta).');
  });

  it('rounds a mean of two thirds to +0,67', async () => {
    // 1 + 1 + 0 = 2 over three numeric answers: 0.666… → +0,67 (two decimals), +0,7 (one, in the agenda).
    const values: Answer[] = ['1', '1', '0', 'knowledge_gap', 'knowledge_gap', 'not_relevant', 'knowledge_gap'];
    const html = await submitted(values);
    expect(stat(html, 'mean')).toBe('+0,67');
    expect(textareaValue(html, 'agenda-paragraph')).toContain('on +0,7 (3 periaatetta).');
  });

  it('calls an all-"not relevant" assessment routine and shows no mean', async () => {
    const values: Answer[] = ['not_relevant', 'not_relevant', 'not_relevant', 'not_relevant', 'not_relevant', 'not_relevant', 'not_relevant'];
    const html = await submitted(values);
    expect(visibleText(html)).toContain('Rutiiniasia: mikään periaate ei liity asiaan.');
    expect(stat(html, 'mean')).toBe('ei numeerisia vastauksia');
    expect(stat(html, 'not-relevant')).toBe('7');
    expect(textareaValue(html, 'agenda-paragraph')).toMatch(/^Asia on rutiiniluonteinen/);
  });
});
